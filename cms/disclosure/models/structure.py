"""The pages that frame the disclosure columns: department index and roots, catalogue, guide."""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.core.queries import children_of


class DepartmentIndexPage(Page):
    """部门和乡镇信息公开: lists every department's and township's disclosure page."""

    intro = models.TextField("说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.SectionPage"]
    subpage_types = ["disclosure.DepartmentDisclosurePage"]
    max_count = 1

    class Meta:
        verbose_name = "部门信息公开导航"

    def get_context(self, request, *args, **kwargs):
        from cms.departments.models import DepartmentKind

        context = super().get_context(request, *args, **kwargs)
        pages = list(
            children_of(DepartmentDisclosurePage.objects, self).live().select_related("department")
            .order_by("department__order", "department__name")
        )
        context["groups"] = [
            (label, [p for p in pages if p.department.kind == kind]) for kind, label in DepartmentKind.choices
        ]
        return context


class DepartmentDisclosurePage(Page):
    """The root of one department's disclosure subtree; its columns are the children.

    Its department's groups hold page permissions on this page only, so the department's
    people reach nothing outside it.
    """

    department = models.OneToOneField(
        "departments.Department", verbose_name="部门", on_delete=models.PROTECT, related_name="disclosure_page"
    )
    intro = RichTextField("机构简介", blank=True)

    content_panels = Page.content_panels + [FieldPanel("department"), FieldPanel("intro")]
    parent_page_types = ["disclosure.DepartmentIndexPage"]
    subpage_types = ["columns.ColumnPage"]

    class Meta:
        verbose_name = "部门信息公开"

    def get_context(self, request, *args, **kwargs):
        from cms.columns.models import ColumnPage

        context = super().get_context(request, *args, **kwargs)
        context["columns"] = children_of(ColumnPage.objects, self).live()
        return context


class CatalogueIndexPage(Page):
    """政府信息公开目录: all disclosure items, filterable by department, topic, kind and year."""

    intro = models.TextField("说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.SectionPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "政府信息公开目录"

    def get_context(self, request, *args, **kwargs):
        from cms.disclosure.catalogue import browse

        context = super().get_context(request, *args, **kwargs)
        context.update(browse(request))
        return context


class DisclosureGuidePage(Page):
    """政府信息公开指南 (《政府信息公开条例》第十二条): how to obtain information from the county."""

    body = RichTextField("指南正文")
    office_name = models.CharField("受理机构", max_length=100, blank=True)
    office_address = models.CharField("受理地址", max_length=200, blank=True)
    office_phone = models.CharField("咨询电话", max_length=50, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    updated_on = models.DateField("更新日期", null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("office_name"), FieldPanel("office_address"), FieldPanel("office_phone"),
             FieldPanel("office_hours"), FieldPanel("postcode"), FieldPanel("updated_on")],
            heading="依申请公开受理机构",
        ),
    ]
    parent_page_types = ["home.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "政府信息公开指南"
