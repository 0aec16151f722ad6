"""Articles: news (要闻动态, 工作动态) and notices (通知公告)."""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from cms.core.models import ContentItemPage


class ArticlePage(ContentItemPage):
    """A news item or notice, with its source (来源), author and optional cover image."""

    source = models.CharField("来源", max_length=100, blank=True)
    author = models.CharField("作者", max_length=50, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="封面图片", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    content_panels = ContentItemPage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("publish_date"), FieldPanel("source"), FieldPanel("author")], heading="发布信息"
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    search_fields = ContentItemPage.search_fields + [index.SearchField("source")]
    parent_page_types = ["columns.ColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
