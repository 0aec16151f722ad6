"""Columns (栏目): paginated lists of content items, each with a kind and an owner."""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.core.pagination import page_or_404

from .kinds import ColumnKind

ITEMS_PER_PAGE = 20


class ColumnPage(RoutablePageMixin, Page):
    """A column of the portal or of a department's disclosure subtree.

    Its ``kind`` drives the monthly inspection rules; its ``department`` owns the items
    (copied onto every item) and decides whose reviewers approve them.
    """

    kind = models.CharField("栏目类型", max_length=30, choices=ColumnKind.choices, default=ColumnKind.OTHER)
    department = models.ForeignKey(
        "departments.Department", verbose_name="所属部门", null=True, blank=True,
        on_delete=models.PROTECT, related_name="columns",
        help_text="部门信息公开栏目自动归属其部门；县级栏目请选择负责维护的部门。",
    )
    intro = models.TextField("栏目说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("kind"), FieldPanel("department"), FieldPanel("intro")]
    parent_page_types = ["home.HomePage", "home.SectionPage", "disclosure.DepartmentDisclosurePage"]
    subpage_types = ["articles.ArticlePage", "disclosure.PolicyDocumentPage", "disclosure.InterpretationPage"]

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    def save(self, *args, **kwargs):
        if self.department_id is None and self.depth and self.depth > 1:
            from cms.disclosure.models import DepartmentDisclosurePage

            parent_path = self.path[: -self.steplen]
            self.department_id = (
                DepartmentDisclosurePage.objects.filter(path=parent_path)
                .values_list("department_id", flat=True)
                .first()
            )
        super().save(*args, **kwargs)

    def items(self):
        """Live items of this column, newest 发布日期 first (one query, any item type)."""
        from cms.core.models import ContentItemPage
        from cms.core.queries import children_of

        return (
            children_of(ContentItemPage.objects, self)
            .live()
            .defer("body", "attachments", "summary")
            .order_by("-publish_date", "-path")
        )

    def paginate(self, request):
        return page_or_404(request, self.items(), ITEMS_PER_PAGE)

    @path("")
    def listing(self, request):
        return self.render(request, context_overrides={"page_obj": self.paginate(request)})

    @path("rss/", name="feed")
    def feed(self, request):
        from .feeds import ColumnFeed

        return ColumnFeed(self)(request)
