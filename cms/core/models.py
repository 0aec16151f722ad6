"""Site settings and the shared base of every content item (article, disclosure item).

``ContentItemPage`` is a concrete, non-creatable page so that a column can list all its items
(of any type) in one query, ordered by 发布日期, with the owning department on the same row.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .sanitize import sanitize_html, with_block_keys


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Footer and identity of a portal (one row per Wagtail ``Site``).

    The 网站标识码 and the ICP / 公安 filing numbers are required on every government site by
    the 政府网站发展指引 (国办发〔2017〕47号) and appear in the footer and the ``SiteIDCode`` tag.
    """

    site_title = models.CharField("网站名称", max_length=100, default="云溪县人民政府")
    sponsor = models.CharField("主办单位", max_length=100, default="云溪县人民政府办公室")
    organizer = models.CharField("承办单位", max_length=100, blank=True)
    site_code = models.CharField("网站标识码", max_length=20, blank=True)
    icp_number = models.CharField("ICP备案号", max_length=50, blank=True)
    police_number = models.CharField("公安备案号", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=50, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    address = models.CharField("地址", max_length=200, blank=True)

    panels = [
        FieldPanel("site_title"),
        MultiFieldPanel(
            [FieldPanel("sponsor"), FieldPanel("organizer"), FieldPanel("site_code"),
             FieldPanel("icp_number"), FieldPanel("police_number")],
            heading="网站标识",
        ),
        MultiFieldPanel(
            [FieldPanel("contact_phone"), FieldPanel("contact_email"), FieldPanel("address")],
            heading="联系方式",
        ),
    ]

    class Meta:
        verbose_name = "门户设置"


def local_today() -> datetime.date:
    """Today in the portal's time zone (Asia/Shanghai)."""
    return timezone.localdate()


class ContentItemPage(Page):
    """Shared base of articles and disclosure items: 发布日期, department, summary, body.

    Not creatable by itself.  The owning department is copied from the parent column on
    save, so lists and the catalogue filter by department without walking the tree.
    """

    publish_date = models.DateField(
        "发布日期", null=True, blank=True, db_index=True, help_text="留空则在首次发布时取发布当天。"
    )
    department = models.ForeignKey(
        "departments.Department",
        verbose_name="所属部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    summary = models.TextField("内容概述", blank=True)
    body = RichTextField("正文", blank=True)
    attachments = StreamField(
        [("document", DocumentChooserBlock(label="附件"))],
        verbose_name="附件",
        blank=True,
        use_json_field=True,
    )

    is_creatable = False
    parent_page_types = ["columns.ColumnPage"]
    subpage_types: list[str] = []

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publish_date"),
        index.FilterField("department"),
    ]

    class Meta:
        verbose_name = "内容条目"
        indexes = [models.Index(fields=["department", "publish_date"], name="contentitem_dept_date")]

    def full_clean(self, *args, **kwargs):
        # Runs before a revision is stored: revisions hold sanitized, editor-shaped text.
        self.body = with_block_keys(sanitize_html(self.body))
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        if self.live and self.publish_date is None:
            self.publish_date = local_today()
        self.body = sanitize_html(self.body)
        if self.department_id is None and self.depth and self.depth > 1:
            column_model = apps.get_model("columns", "ColumnPage")
            parent_path = self.path[: -self.steplen]
            self.department_id = (
                column_model.objects.filter(path=parent_path).values_list("department_id", flat=True).first()
            )
        if self.live:
            self.on_live_save()
        super().save(*args, **kwargs)

    def on_live_save(self) -> None:
        """Called before a live item is saved (first publication included); subclasses assign identifiers."""

    @property
    def content_source(self) -> str:
        """The ``ContentSource`` meta tag: where the item came from."""
        source = getattr(self, "source", "") or getattr(self, "issuing_agency", "")
        if source:
            return source
        return self.department.name if self.department_id else ""
