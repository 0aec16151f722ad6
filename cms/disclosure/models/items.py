"""Disclosure items (政府信息) with the catalogue metadata of the 政府信息公开目录."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.search import index

from cms.core.models import ContentItemPage

from .index_numbers import allocate_index_numbers


class Genre(models.TextChoices):
    """体裁分类: the document types of 《党政机关公文处理工作条例》第八条, plus 其他."""

    RESOLUTION = "resolution", "决议"
    DECISION = "decision", "决定"
    ORDER = "order", "命令（令）"
    COMMUNIQUE = "communique", "公报"
    ANNOUNCEMENT = "announcement", "公告"
    PUBLIC_NOTICE = "public_notice", "通告"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    BULLETIN = "bulletin", "通报"
    REPORT = "report", "报告"
    REQUEST = "request", "请示"
    REPLY = "reply", "批复"
    MOTION = "motion", "议案"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"
    OTHER = "other", "其他"


class Validity(models.TextChoices):
    """有效性 of a policy document; 失效 and 废止 carry the date they took effect."""

    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class PolicyDocumentPage(ContentItemPage):
    """A disclosure item (policy document, plan, budget, notice...) with catalogue metadata.

    The 索引号 is assigned on first publication and then never changes: it is kept out of
    revisions (``with_content_json``) and out of copies (``exclude_fields_in_copy``).
    """

    index_number = models.CharField("索引号", max_length=60, unique=True, null=True, blank=True, editable=False)
    issuing_agency = models.CharField("发布机构", max_length=100, blank=True, help_text="留空则使用所属部门名称。")
    written_date = models.DateField("成文日期", null=True, blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    topic = models.ForeignKey(
        "taxonomy.Topic", verbose_name="主题分类", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    genre = models.CharField("体裁分类", max_length=20, choices=Genre.choices, default=Genre.OTHER)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.VALID)
    validity_changed_on = models.DateField("失效/废止日期", null=True, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="多个关键词用空格或逗号分隔。")

    exclude_fields_in_copy = ["index_number"]

    content_panels = ContentItemPage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("issuing_agency"), FieldPanel("document_number")]),
                FieldRowPanel([FieldPanel("written_date"), FieldPanel("publish_date")]),
                FieldRowPanel([FieldPanel("topic"), FieldPanel("genre")]),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("validity_changed_on")]),
                FieldPanel("keywords"),
            ],
            heading="目录信息",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    search_fields = ContentItemPage.search_fields + [
        index.SearchField("document_number"),
        index.SearchField("keywords"),
        index.SearchField("issuing_agency"),
        index.FilterField("index_number"),
        index.FilterField("topic"),
        index.FilterField("genre"),
        index.FilterField("validity"),
    ]
    parent_page_types = ["columns.ColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "信息公开条目"
        verbose_name_plural = "信息公开条目"
        indexes = [
            models.Index(fields=["topic"], name="policydoc_topic"),
            models.Index(fields=["genre"], name="policydoc_genre"),
        ]

    def clean(self) -> None:
        super().clean()
        if self.validity == Validity.VALID and self.validity_changed_on:
            raise ValidationError({"validity_changed_on": "有效的文件不填写失效/废止日期。"})
        if self.validity != Validity.VALID and not self.validity_changed_on:
            raise ValidationError({"validity_changed_on": "失效或废止的文件须填写失效/废止日期。"})
        if self.written_date and self.publish_date and self.written_date > self.publish_date:
            raise ValidationError({"written_date": "成文日期不能晚于发布日期。"})

    def on_live_save(self) -> None:
        """Assign the 索引号 on first publication (the stored one, if any, always wins)."""
        if not self.index_number:
            self.index_number = self._stored_index_number() or self._new_index_number()

    def _stored_index_number(self) -> str | None:
        if not self.pk:
            return None
        return PolicyDocumentPage.objects.filter(pk=self.pk).values_list("index_number", flat=True).first()

    def _new_index_number(self) -> str:
        from cms.departments.models import Department

        department = Department.objects.filter(pk=self.department_id).first()
        if department is None:
            raise ValidationError("所在栏目没有所属部门，无法生成索引号。")
        return allocate_index_numbers(department.index_prefix, self.publish_date.year)[0]

    def with_content_json(self, content):
        """Keep the 索引号 when a revision is restored or published: it never changes."""
        obj = super().with_content_json(content)
        obj.index_number = self.index_number
        return obj

    @property
    def agency(self) -> str:
        """发布机构 as shown: the field, or the owning department's name."""
        if self.issuing_agency:
            return self.issuing_agency
        return self.department.name if self.department_id else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["interpretations"] = InterpretationPage.objects.live().filter(policy=self).order_by("-publish_date")
        return context


class InterpretationPage(PolicyDocumentPage):
    """A 政策解读 linked to the policy document it explains; each page shows the other."""

    policy = models.ForeignKey(
        PolicyDocumentPage, verbose_name="解读的政策文件", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="interpretations",
    )

    content_panels = [
        *PolicyDocumentPage.content_panels[:1],
        PageChooserPanel("policy", "disclosure.PolicyDocumentPage"),
        *PolicyDocumentPage.content_panels[1:],
    ]
    parent_page_types = ["columns.ColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"

    @classmethod
    def can_create_at(cls, parent) -> bool:
        """A 政策解读 is created only in a 政策解读 column."""
        from cms.columns.kinds import ColumnKind

        return super().can_create_at(parent) and getattr(parent.specific, "kind", None) == ColumnKind.INTERPRETATION

    def clean(self) -> None:
        super().clean()
        if self.policy_id and self.policy_id == self.pk:
            raise ValidationError({"policy": "解读不能关联自身。"})

