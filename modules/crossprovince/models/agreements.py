"""Partner regions, the agreements signed with them and the batches of items they add.

Rule (国办发〔2020〕35号): county-to-county agreements list their items, added batch by
batch, a dedicated window and contact person on each side, and who answers for overdue, lost
or irregular cases.  An agreement is 有效 from its start date until its end date (no end date:
长期有效) and 已到期 after it; the end date cannot be before the start date.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from cms.core.models import local_today

from ..validators import PROVINCE_CODES, validate_phone, validate_region_code


class PartnerRegion(index.Indexed, models.Model):
    """A county (or district) in another province that we signed a 跨省通办 agreement with."""

    province = models.CharField("省（自治区、直辖市）", max_length=30)
    city = models.CharField("市（州、盟）", max_length=30)
    county = models.CharField("县（市、区）", max_length=30)
    region_code = models.CharField(
        "行政区划代码", max_length=6, unique=True, validators=[validate_region_code],
        help_text="6 位县级行政区划代码，例如 331127。",
    )
    slug = models.SlugField(
        "网址标识", max_length=50, unique=True, allow_unicode=False,
        help_text="用于公开页面网址，只能使用小写字母、数字和连字符，例如 zj-jingning。",
    )
    order = models.PositiveSmallIntegerField("排序", default=100, help_text="数字小的排在前面。")

    panels = [
        FieldRowPanel([FieldPanel("province"), FieldPanel("city"), FieldPanel("county")]),
        FieldRowPanel([FieldPanel("region_code"), FieldPanel("slug"), FieldPanel("order")]),
    ]
    search_fields = [index.SearchField("county"), index.SearchField("city"), index.SearchField("province"),
                     index.AutocompleteField("county")]

    class Meta:
        verbose_name = "合作地区"
        verbose_name_plural = "合作地区"
        ordering = ["order", "region_code"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """省市县 joined, without repeating a municipality's name (重庆市重庆市 → 重庆市)."""
        parts = [self.province, self.city, self.county]
        return "".join(p for i, p in enumerate(parts) if p and (i == 0 or p != parts[i - 1]))

    def clean(self) -> None:
        self.region_code = (self.region_code or "").strip()
        self.province, self.city, self.county = (
            (self.province or "").strip(), (self.city or "").strip(), (self.county or "").strip(),
        )
        province = PROVINCE_CODES.get(self.region_code[:2])
        if province and self.province and not province.startswith(self.province.rstrip("省市")):
            raise ValidationError({"region_code": f"行政区划代码前两位对应“{province}”，与所填省份“{self.province}”不符。"})

    def get_absolute_url(self) -> str:
        return reverse("crossprovince:partner", args=[self.slug])


class AgreementStatus(models.TextChoices):
    PENDING = "pending", "未生效"
    VALID = "valid", "有效"
    EXPIRED = "expired", "已到期"


class Agreement(models.Model):
    """A 跨省通办 agreement: dates, the signed document, both windows, liability, step time limits."""

    partner = models.ForeignKey(PartnerRegion, verbose_name="合作地区", on_delete=models.PROTECT,
                                related_name="agreements")
    title = models.CharField("协议名称", max_length=200)
    signed_on = models.DateField("签订日期")
    valid_from = models.DateField("生效日期")
    valid_until = models.DateField("有效期至", null=True, blank=True, help_text="留空表示长期有效。")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="协议文本（签署件）", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    our_window = models.CharField("我方专窗", max_length=200)
    our_contact = models.CharField("我方联系人", max_length=50)
    our_phone = models.CharField("我方联系电话", max_length=30, validators=[validate_phone])
    their_window = models.CharField("对方专窗", max_length=200)
    their_contact = models.CharField("对方联系人", max_length=50)
    their_phone = models.CharField("对方联系电话", max_length=30, validators=[validate_phone])
    review_points = models.TextField("共享审核要点", blank=True,
                                     help_text="双方约定的收件审核标准、材料核验方式等。")
    liability = models.TextField(
        "责任条款", help_text="超期、遗失、不规范办件由哪一方负责及处理方式。",
    )
    check_days = models.PositiveSmallIntegerField("初审时限（工作日）", default=1)
    post_days = models.PositiveSmallIntegerField("寄递时限（工作日）", default=1)
    deliver_days = models.PositiveSmallIntegerField("送达时限（工作日）", default=2)

    panels = [
        MultiFieldPanel(
            [FieldPanel("partner"), FieldPanel("title"),
             FieldRowPanel([FieldPanel("signed_on"), FieldPanel("valid_from"), FieldPanel("valid_until")]),
             FieldPanel("document")],
            heading="协议信息",
        ),
        MultiFieldPanel(
            [FieldPanel("our_window"), FieldRowPanel([FieldPanel("our_contact"), FieldPanel("our_phone")]),
             FieldPanel("their_window"), FieldRowPanel([FieldPanel("their_contact"), FieldPanel("their_phone")])],
            heading="双方专窗和联系人",
        ),
        MultiFieldPanel([FieldPanel("review_points"), FieldPanel("liability")], heading="审核要点和责任"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("check_days"), FieldPanel("post_days"), FieldPanel("deliver_days")])],
            heading="代收代办各环节默认时限",
        ),
    ]

    class Meta:
        verbose_name = "合作协议"
        verbose_name_plural = "合作协议"
        ordering = ["partner__order", "-signed_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = "有效期截止日期不能早于生效日期。"
        if self.signed_on and self.valid_from and self.valid_from < self.signed_on:
            errors["valid_from"] = "生效日期不能早于签订日期。"
        if errors:
            raise ValidationError(errors)

    def status_on(self, day: datetime.date) -> str:
        """未生效 before the start date, 已到期 after the end date, otherwise 有效."""
        if self.valid_from and day < self.valid_from:
            return AgreementStatus.PENDING
        if self.valid_until and day > self.valid_until:
            return AgreementStatus.EXPIRED
        return AgreementStatus.VALID

    @property
    def status(self) -> str:
        return self.status_on(local_today())

    def get_status_display(self) -> str:
        return AgreementStatus(self.status).label

    get_status_display.short_description = "状态"  # type: ignore[attr-defined]

    @property
    def validity_text(self) -> str:
        until = self.valid_until.strftime("%Y-%m-%d") if self.valid_until else "长期"
        return f"{self.valid_from:%Y-%m-%d} 至 {until}"


def current_agreements(day: datetime.date | None = None) -> models.Q:
    """Agreements not yet expired on ``day`` (有效 or 未生效): their items are public."""
    day = day or local_today()
    return models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)


class ItemBatch(models.Model):
    """One batch of items added to an agreement on a date (第N批)."""

    agreement = models.ForeignKey(Agreement, verbose_name="合作协议", on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveSmallIntegerField("批次")
    added_on = models.DateField("新增日期")
    note = models.CharField("说明", max_length=300, blank=True)

    panels = [FieldPanel("agreement"), FieldRowPanel([FieldPanel("number"), FieldPanel("added_on")]), FieldPanel("note")]

    class Meta:
        verbose_name = "事项批次"
        verbose_name_plural = "事项批次"
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="crossprovince_batch_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.partner.county}第{self.number}批（{self.added_on:%Y-%m-%d}）"

    def clean(self) -> None:
        if self.number is not None and self.number < 1:
            raise ValidationError({"number": "批次从 1 开始编号。"})
        if self.agreement_id and self.number:
            clash = ItemBatch.objects.filter(agreement_id=self.agreement_id, number=self.number).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"number": f"该协议已有第{self.number}批。"})
        if self.agreement_id and self.added_on and self.added_on < self.agreement.signed_on:
            raise ValidationError({"added_on": "新增日期不能早于协议签订日期。"})


def next_batch_number(agreement: Agreement) -> int:
    top = agreement.batches.aggregate(top=models.Max("number"))["top"]
    return (top or 0) + 1
