"""The inspection rules, editable in the admin, with defaults from 《政府网站与政务新媒体检查指标》
(国办秘函〔2019〕19号) and the 2015 rules it replaced.

- ``InspectionSettings``: the single-veto thresholds, the home-page interval, the interpretation
  delay and the rectification deadline (per site).
- ``KindInterval``: the required update interval of each column kind (栏目类型).
- ``ColumnOverride``: a column's own interval, or its exemption, always with a stated reason.
- ``Rule``: each kind of finding with its severity (单项否决 / 扣分 / 提示) and its deduction weight.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from cms.columns.kinds import ColumnKind


class Severity(models.TextChoices):
    VETO = "veto", "单项否决"
    DEDUCT = "deduct", "扣分"
    HINT = "hint", "提示"


class RuleCode(models.TextChoices):
    """Every kind of finding the monthly check can make."""

    HOME_STALE = "home_stale", "首页长期不更新"
    COLUMN_STALE = "column_stale", "栏目不更新"
    COLUMN_BLANK = "column_blank", "空白栏目"
    VETO_BLANK = "veto_blank", "空白栏目过多"
    VETO_STALE = "veto_stale", "应更新栏目长期不更新过多"
    VETO_COMBINED = "veto_combined", "动态、通知公告、政策文件栏目不更新过多"
    BROKEN_LINK = "broken_link", "错误链接"
    WRONG_WORD = "wrong_word", "错别字或错误表述"
    OUTDATED_NAME = "outdated_name", "过时机构名称"
    BANNED_WORD = "banned_word", "敏感词或严重表述错误"
    METADATA_MISSING = "metadata_missing", "公开要素缺失"
    FALSIFIED_DATE = "falsified_date", "发布日期异常"
    INTERPRETATION_MISSING = "interpretation_missing", "政策文件未解读"
    IMAGE_ALT = "image_alt", "图片缺少替代文本"
    GUIDE_INCOMPLETE = "guide_incomplete", "办事指南要素缺失"


#: Rule defaults: severity, points per finding, cap of the rule's total deduction.
RULE_DEFAULTS: dict[str, tuple[str, Decimal, Decimal]] = {
    RuleCode.HOME_STALE: (Severity.VETO, Decimal("0"), Decimal("0")),
    RuleCode.COLUMN_STALE: (Severity.DEDUCT, Decimal("2"), Decimal("20")),
    RuleCode.COLUMN_BLANK: (Severity.DEDUCT, Decimal("2"), Decimal("20")),
    RuleCode.VETO_BLANK: (Severity.VETO, Decimal("0"), Decimal("0")),
    RuleCode.VETO_STALE: (Severity.VETO, Decimal("0"), Decimal("0")),
    RuleCode.VETO_COMBINED: (Severity.VETO, Decimal("0"), Decimal("0")),
    RuleCode.BROKEN_LINK: (Severity.DEDUCT, Decimal("1"), Decimal("20")),
    RuleCode.WRONG_WORD: (Severity.DEDUCT, Decimal("1"), Decimal("10")),
    RuleCode.OUTDATED_NAME: (Severity.DEDUCT, Decimal("1"), Decimal("10")),
    RuleCode.BANNED_WORD: (Severity.VETO, Decimal("0"), Decimal("0")),
    RuleCode.METADATA_MISSING: (Severity.DEDUCT, Decimal("0.5"), Decimal("10")),
    RuleCode.FALSIFIED_DATE: (Severity.VETO, Decimal("0"), Decimal("0")),
    RuleCode.INTERPRETATION_MISSING: (Severity.HINT, Decimal("0"), Decimal("0")),
    RuleCode.IMAGE_ALT: (Severity.HINT, Decimal("0"), Decimal("0")),
    RuleCode.GUIDE_INCOMPLETE: (Severity.DEDUCT, Decimal("2"), Decimal("10")),
}

#: Required update intervals per column kind (days; None = no requirement).
KIND_INTERVAL_DEFAULTS: dict[str, int | None] = {
    ColumnKind.NEWS: 14,  # 动态/要闻: 2 weeks (single-veto rule)
    ColumnKind.NOTICE: 180,  # 通知公告: 6 months
    ColumnKind.POLICY: 180,  # 政策文件: 6 months
    ColumnKind.PERSONNEL: 365,  # 人事信息: 1 year (2015 rules)
    ColumnKind.PLANNING: 365,  # 规划计划: 1 year (2015 rules)
}

#: Kinds counted together by the combined single-veto rule (动态 2 weeks + 通知公告/政策文件 6 months).
COMBINED_VETO_KINDS = (ColumnKind.NEWS, ColumnKind.NOTICE, ColumnKind.POLICY)


@register_setting(icon="warning")
class InspectionSettings(BaseSiteSetting):
    """Thresholds of the monthly column check.

    Single-veto (单项否决) rules of 国办秘函〔2019〕19号: the home page not updated for 2 weeks;
    ≥ 5 blank columns; ≥ 10 columns that should be updated but are long stale; 动态 columns
    stale 2 weeks plus 通知公告/政策文件 columns stale 6 months, together ≥ 5.
    """

    home_interval_days = models.PositiveIntegerField("首页更新周期（天）", default=14)
    blank_veto_count = models.PositiveIntegerField("空白栏目否决数", default=5, validators=[MinValueValidator(1)])
    stale_veto_count = models.PositiveIntegerField("不更新栏目否决数", default=10, validators=[MinValueValidator(1)])
    combined_veto_count = models.PositiveIntegerField(
        "动态、通知公告、政策文件不更新合计否决数", default=5, validators=[MinValueValidator(1)]
    )
    interpretation_days = models.PositiveIntegerField(
        "政策文件解读期限（天）", default=30,
        help_text="有文号的政策文件发布超过该天数仍无解读的，作为提示列出。",
    )
    rectification_working_days = models.PositiveIntegerField(
        "整改期限（工作日）", default=5, validators=[MinValueValidator(1)],
        help_text="自发现之日起按工作日计算，法定节假日和调休按工作日历。",
    )
    external_timeout = models.PositiveIntegerField("外部链接超时（秒）", default=10, validators=[MinValueValidator(1)])
    external_per_host = models.PositiveIntegerField(
        "每个外部网站并发数", default=2, validators=[MinValueValidator(1)]
    )
    notify_by_email = models.BooleanField("发现问题时邮件通知审核员", default=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("home_interval_days"),
             FieldRowPanel([FieldPanel("blank_veto_count"), FieldPanel("stale_veto_count"),
                            FieldPanel("combined_veto_count")])],
            heading="单项否决",
        ),
        MultiFieldPanel([FieldPanel("interpretation_days"), FieldPanel("rectification_working_days")],
                        heading="解读和整改"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("external_timeout"), FieldPanel("external_per_host")]),
             FieldPanel("notify_by_email")],
            heading="链接检查和通知",
        ),
    ]

    class Meta:
        verbose_name = "栏目检查设置"

    @classmethod
    def current(cls) -> InspectionSettings:
        """The settings of the default site (one county per installation for now)."""
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        return cls.for_site(site) if site else cls()


class KindInterval(models.Model):
    """The update interval a column of ``kind`` must keep (None: no requirement)."""

    kind = models.CharField("栏目类型", max_length=30, choices=ColumnKind.choices, unique=True)
    days = models.PositiveIntegerField("更新周期（天）", null=True, blank=True, help_text="留空表示不要求定期更新。")
    note = models.CharField("依据", max_length=200, blank=True)

    panels = [FieldPanel("kind"), FieldPanel("days"), FieldPanel("note")]

    class Meta:
        verbose_name = "栏目更新周期"
        verbose_name_plural = "栏目更新周期"
        ordering = ["kind"]

    def __str__(self) -> str:
        label = ColumnKind(self.kind).label
        return f"{label}：{self.days} 天" if self.days else f"{label}：不要求"


class ColumnOverride(models.Model):
    """A column's own rule, replacing its kind's: a different interval, no update requirement,
    or an exemption from the blank-column rule.  Every override states its reason."""

    column = models.OneToOneField(
        "columns.ColumnPage", verbose_name="栏目", on_delete=models.CASCADE, related_name="inspection_override"
    )
    days = models.PositiveIntegerField("更新周期（天）", null=True, blank=True, help_text="留空则沿用栏目类型的周期。")
    no_update_required = models.BooleanField("不要求定期更新", default=False)
    blank_allowed = models.BooleanField("允许为空", default=False, help_text="例如本单位确无此类信息并已说明。")
    reason = models.TextField("理由")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    panels = [FieldPanel("column"), FieldRowPanel([FieldPanel("days"), FieldPanel("no_update_required")]),
              FieldPanel("blank_allowed"), FieldPanel("reason")]

    class Meta:
        verbose_name = "栏目例外"
        verbose_name_plural = "栏目例外"

    def __str__(self) -> str:
        return f"{self.column.title}：{self.reason[:20]}"

    def clean(self) -> None:
        if not (self.reason or "").strip():
            raise ValidationError({"reason": "请填写理由。"})
        if self.days and self.no_update_required:
            raise ValidationError({"days": "已设为不要求定期更新，不能再填写周期。"})
        if not (self.days or self.no_update_required or self.blank_allowed):
            raise ValidationError("请至少设置一项例外。")


class Rule(models.Model):
    """One kind of finding: severity and deduction weight (扣分) of the 100-point score.

    A department's score is 100 minus, per rule, ``points`` × findings, at most ``cap``.
    """

    code = models.CharField("规则", max_length=40, choices=RuleCode.choices, unique=True)
    severity = models.CharField("性质", max_length=10, choices=Severity.choices)
    points = models.DecimalField("每项扣分", max_digits=5, decimal_places=2, default=Decimal("0"),
                                 validators=[MinValueValidator(Decimal("0"))])
    cap = models.DecimalField("最多扣分", max_digits=5, decimal_places=2, default=Decimal("0"),
                              validators=[MinValueValidator(Decimal("0"))], help_text="0 表示不设上限。")
    enabled = models.BooleanField("启用", default=True)

    panels = [FieldPanel("code", read_only=True), FieldPanel("severity"),
              FieldRowPanel([FieldPanel("points"), FieldPanel("cap")]), FieldPanel("enabled")]

    class Meta:
        verbose_name = "检查规则"
        verbose_name_plural = "检查规则"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.get_code_display()}（{self.get_severity_display()}）"

    def deduction(self, count: int) -> Decimal:
        """Points deducted for ``count`` findings of this rule (only 扣分 rules deduct)."""
        if self.severity != Severity.DEDUCT or not count:
            return Decimal("0")
        total = self.points * count
        return min(total, self.cap) if self.cap else total


def ensure_rules(rule_model=None, interval_model=None) -> None:
    """Create missing rules and kind intervals with their defaults (edits are kept).

    Takes the models as arguments so the data migration can pass its historical models.
    """
    rule_model = rule_model or Rule
    interval_model = interval_model or KindInterval
    for code, (severity, points, cap) in RULE_DEFAULTS.items():
        rule_model.objects.get_or_create(code=code, defaults={"severity": severity, "points": points, "cap": cap})
    for kind in ColumnKind.values:
        interval_model.objects.get_or_create(kind=kind, defaults={"days": KIND_INTERVAL_DEFAULTS.get(kind)})
