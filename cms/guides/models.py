"""Page types of the service guides: the 办事指南 index, one folder per department, the guide.

Tree: 政务服务 → 办事指南 (``ServiceGuideIndexPage``) → <department> (``GuideFolderPage``) →
guides.  The folder carries the department: its people get page permissions on their own
folder only, and every guide inside takes the folder's department as its 实施主体.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from pypinyin import Style, lazy_pinyin
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.core.sanitize import sanitize_html

from .choices import VISIT_CHOICES, Audience, MaterialForm, MaterialSource, MatterType, Necessity
from .elements import consistency_errors, missing_elements
from .forms import ServiceGuideForm
from .related import related_services


class ServiceTheme(models.Model):
    """A theme of the 个人办事 / 法人办事 listings (生育收养, 设立变更 …)."""

    name = models.CharField("主题名称", max_length=30)
    audience = models.CharField("服务对象", max_length=10, choices=[(Audience.PERSON, "个人"), (Audience.LEGAL, "法人")])
    order = models.PositiveSmallIntegerField("排序", default=100)

    panels = [FieldPanel("name"), FieldPanel("audience"), FieldPanel("order")]

    class Meta:
        verbose_name = "办事主题"
        verbose_name_plural = "办事主题"
        ordering = ["audience", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["audience", "name"], name="guides_theme_unique_name")]

    def __str__(self) -> str:
        prefix = "个人" if self.audience == Audience.PERSON else "法人"
        return f"{prefix}·{self.name}"


class ServiceGuideIndexPage(Page):
    """办事指南: lists guides by department, by theme (个人/法人) and A–Z; see ``views``."""

    intro = models.TextField("说明", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.SectionPage"]
    subpage_types = ["guides.GuideFolderPage"]
    max_count = 1

    class Meta:
        verbose_name = "办事指南首页"

    def serve(self, request, *args, **kwargs):
        from .views import guide_index

        return guide_index(request, self)


class GuideFolderPage(Page):
    """One department's guides (部门办事指南); its people edit only guides in here."""

    department = models.OneToOneField(
        "departments.Department", verbose_name="实施主体", on_delete=models.PROTECT, related_name="guide_folder",
    )

    content_panels = Page.content_panels + [FieldPanel("department")]
    parent_page_types = ["guides.ServiceGuideIndexPage"]
    subpage_types = ["guides.ServiceGuidePage"]

    class Meta:
        verbose_name = "部门办事指南"

    def serve(self, request, *args, **kwargs):
        from .views import guide_folder

        return guide_folder(request, self)


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="问题", max_length=200)
    answer = blocks.TextBlock(label="解答")

    class Meta:
        label = "常见问题"
        icon = "help"


class ServiceGuidePage(Page):
    """A 办事指南 with the national elements (DESIGN.md, “Service guides”).

    Rule: a guide missing a required element cannot be published.  Required fields are
    ``blank=False`` (Wagtail defers them for drafts and enforces them on publish and submit);
    the conditional rules (收费标准 when charged, 网办地址 when online, 承诺时限 ≤ 法定时限,
    at least one 申请材料) are in ``clean`` and hold on every publication path, because
    Wagtail validates a live page in full whenever it is saved.
    """

    department = models.ForeignKey(
        "departments.Department", verbose_name="实施主体", null=True, on_delete=models.PROTECT,
        related_name="service_guides", editable=False,
    )
    basic_code = models.CharField("基本编码", max_length=40)
    implementation_code = models.CharField("实施编码", max_length=60, db_index=True)
    matter_type = models.CharField("事项类型", max_length=20, choices=MatterType.choices)
    audience = models.CharField("服务对象", max_length=10, choices=Audience.choices, default=Audience.PERSON)
    themes = ParentalManyToManyField(ServiceTheme, verbose_name="办事主题", blank=True, related_name="guides")
    legal_basis = models.TextField("设定依据")
    conditions = RichTextField("受理条件")
    process = RichTextField("办理流程")
    legal_time_limit = models.PositiveSmallIntegerField("法定办结时限（工作日）", null=True)
    promised_time_limit = models.PositiveSmallIntegerField("承诺办结时限（工作日）", null=True)
    is_charged = models.BooleanField("是否收费", default=False)
    fee_standard = models.TextField("收费标准及依据", blank=True, help_text="收费事项必须填写。")
    location = models.CharField("办理地点", max_length=300)
    office_hours = models.CharField("办理时间", max_length=200)
    consultation = models.CharField("咨询方式", max_length=300)
    complaint = models.CharField("监督投诉方式", max_length=300)
    visits = models.PositiveSmallIntegerField("到办事现场次数", null=True, choices=VISIT_CHOICES)
    is_online = models.BooleanField("是否网办", default=False)
    online_url = models.URLField("网办地址", max_length=500, blank=True, help_text="可网上办理的事项必须填写。")
    faq = StreamField([("faq", FaqBlock())], verbose_name="常见问题", use_json_field=True)
    initial = models.CharField("拼音首字母", max_length=1, blank=True, editable=False, db_index=True)

    content_panels = [
        FieldPanel("title", heading="事项名称"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("basic_code"), FieldPanel("implementation_code")]),
             FieldRowPanel([FieldPanel("matter_type"), FieldPanel("audience")]),
             FieldPanel("themes"), FieldPanel("legal_basis")],
            heading="事项信息",
        ),
        FieldPanel("conditions"),
        InlinePanel("materials", heading="申请材料", label="材料", min_num=1),
        FieldPanel("process"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("legal_time_limit"), FieldPanel("promised_time_limit")]),
             FieldRowPanel([FieldPanel("is_charged"), FieldPanel("visits")]), FieldPanel("fee_standard")],
            heading="时限与收费",
        ),
        MultiFieldPanel(
            [FieldPanel("location"), FieldPanel("office_hours"), FieldPanel("consultation"),
             FieldPanel("complaint"), FieldRowPanel([FieldPanel("is_online"), FieldPanel("online_url")])],
            heading="办理渠道",
        ),
        FieldPanel("faq"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("implementation_code"),
        index.SearchField("legal_basis"),
        index.FilterField("department"),
    ]
    base_form_class = ServiceGuideForm
    parent_page_types = ["guides.GuideFolderPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "办事指南"
        verbose_name_plural = "办事指南"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["materials"] = self.materials.select_related("blank_form", "sample")
        context["related"] = related_services(self)
        return context

    def clean(self) -> None:
        super().clean()
        if getattr(self, "_deferred_validation", False):
            return  # a draft: the required elements are checked on publish and submit
        errors = consistency_errors(self)
        if self.live and not getattr(self, "_form_validation", False):
            missing = missing_elements(self)
            if missing:
                errors.setdefault("__all__", []).append("缺少必备要素：" + "、".join(missing) + "，不能发布。")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.conditions = sanitize_html(self.conditions)
        self.process = sanitize_html(self.process)
        self.initial = title_initial(self.title)
        if self.department_id is None and self.depth and self.depth > 1:
            parent_path = self.path[: -self.steplen]
            self.department_id = (
                GuideFolderPage.objects.filter(path=parent_path).values_list("department_id", flat=True).first()
            )
        super().save(*args, **kwargs)


class GuideMaterial(Orderable):
    """申请材料: 名称, 必要性, 形式, 份数, 来源, 空白表格, 示例样表."""

    guide = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField("材料名称", max_length=200)
    necessity = models.CharField("必要性", max_length=12, choices=Necessity.choices, default=Necessity.REQUIRED)
    form = models.CharField("材料形式", max_length=12, choices=MaterialForm.choices, default=MaterialForm.EITHER)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    source = models.CharField("来源渠道", max_length=12, choices=MaterialSource.choices, default=MaterialSource.APPLICANT)
    source_note = models.CharField("来源说明", max_length=200, blank=True)
    blank_form = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="空白表格", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    sample = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="示例样表", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("填报须知", max_length=300, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("necessity"), FieldPanel("form"), FieldPanel("copies")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("source_note")]),
        FieldRowPanel([FieldPanel("blank_form"), FieldPanel("sample")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"


def title_initial(title: str) -> str:
    """The A–Z letter of a guide: the pinyin initial of its first character (“#” for none)."""
    title = unicodedata.normalize("NFKC", title or "").strip()
    if not title:
        return "#"
    letter = lazy_pinyin(title[0], style=Style.FIRST_LETTER, errors="default")[0][:1].upper()
    return letter if "A" <= letter <= "Z" else "#"
