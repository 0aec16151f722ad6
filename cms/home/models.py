"""The portal home page and its top-level sections (政务公开, 政务服务, 互动交流, ...)."""

from __future__ import annotations

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.core.queries import children_of

HOME_LIST_LENGTH = 8


class EntryBlock(blocks.StructBlock):
    """A quick entry on the home page (a tile linking to a section or a service)."""

    title = blocks.CharBlock(label="名称", max_length=20)
    description = blocks.CharBlock(label="说明", max_length=60, required=False)
    page = blocks.PageChooserBlock(label="链接页面", required=False)
    url = blocks.URLBlock(label="外部链接", required=False)
    path = blocks.RegexBlock(
        label="站内路径", required=False, regex=r"^/[A-Za-z0-9/_-]*$",
        error_messages={"invalid": "站内路径以 / 开头，只能包含字母、数字、/、_ 和 -。"},
        help_text="本站非页面功能的地址，例如 /zwfw/gzcn/（告知承诺制）。",
    )

    class Meta:
        label = "入口"
        icon = "link"


class HomePage(Page):
    """The county portal's home: 要闻, 通知公告, entries and the search box."""

    tagline = models.CharField("网站副标题", max_length=100, blank=True)
    news_column = models.ForeignKey(
        "columns.ColumnPage", verbose_name="要闻栏目", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    notice_column = models.ForeignKey(
        "columns.ColumnPage", verbose_name="通知公告栏目", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    entries = StreamField([("entry", EntryBlock())], verbose_name="快捷入口", blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        FieldPanel("tagline"),
        MultiFieldPanel([FieldPanel("news_column"), FieldPanel("notice_column")], heading="首页栏目"),
        FieldPanel("entries"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.SectionPage", "columns.ColumnPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "门户首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = self._latest(self.news_column)
        context["notice_items"] = self._latest(self.notice_column)
        context["sections"] = children_of(SectionPage.objects, self).live().in_menu()
        return context

    @staticmethod
    def _latest(column) -> list:
        if column is None:
            return []
        return list(column.items()[:HOME_LIST_LENGTH])


class SectionPage(Page):
    """A top-level section; shows its columns with their newest items."""

    intro = models.TextField("栏目说明", blank=True)
    entries = StreamField([("entry", EntryBlock())], verbose_name="专题入口", blank=True, use_json_field=True,
                          help_text="显示在频道页的入口，例如告知承诺制、跨省通办。")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("entries")]
    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "home.SectionPage",
        "columns.ColumnPage",
        "disclosure.DepartmentIndexPage",
        "disclosure.CatalogueIndexPage",
        "disclosure.DisclosureGuidePage",
        "guides.ServiceGuideIndexPage",
    ]

    class Meta:
        verbose_name = "频道"
        verbose_name_plural = "频道"

    def get_context(self, request, *args, **kwargs):
        from cms.columns.models import ColumnPage

        context = super().get_context(request, *args, **kwargs)
        children = children_of(Page.objects, self).live().specific()
        context["children"] = children
        context["column_blocks"] = [
            (child, list(child.items()[:6])) for child in children if isinstance(child, ColumnPage)
        ]
        return context
