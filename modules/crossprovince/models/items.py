"""The items an agreement covers, with their mode, competent department and time limits.

Rule (国办发〔2020〕35号): an item is handled 全程网办 (fully online), 异地代收代办 (accepted at
a window here, posted to the competent authority there, the result posted back) or 多地联办
(one place accepts, several authorities cooperate).  Each item has our competent department:
department staff see and edit only their own department's items.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from .agreements import Agreement, ItemBatch


class Mode(models.TextChoices):
    ONLINE = "online", "全程网办"
    PROXY = "proxy", "异地代收代办"
    JOINT = "joint", "多地联办"


def mode_from_label(text: str) -> str | None:
    """The mode for its label or key as typed in a sheet (全程网办, 代收代办, online …)."""
    text = (text or "").strip()
    for value, label in Mode.choices:
        if text in (value, label) or (len(text) >= 4 and text in label):
            return value
    return None


class CrossItem(models.Model):
    """An item (事项) of an agreement, added in a batch."""

    batch = models.ForeignKey(ItemBatch, verbose_name="批次", on_delete=models.PROTECT, related_name="items")
    name = models.CharField("事项名称", max_length=200)
    mode = models.CharField("办理模式", max_length=10, choices=Mode.choices)
    department = models.ForeignKey(
        "departments.Department", verbose_name="本地主管部门", on_delete=models.PROTECT,
        related_name="crossprovince_items",
    )
    guide = models.ForeignKey(
        "guides.ServiceGuidePage", verbose_name="办事指南", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="crossprovince_items",
    )
    partner_authority = models.CharField("对方受理部门", max_length=200, blank=True)
    time_limit = models.PositiveSmallIntegerField(
        "办理时限（工作日）", help_text="对方（或我方）办理机关的承诺办理时限；代收代办件“收到办理结果”环节按此计算。",
    )
    check_days = models.PositiveSmallIntegerField("初审时限（工作日）", null=True, blank=True,
                                                  help_text="留空则使用协议约定的时限。")
    post_days = models.PositiveSmallIntegerField("寄递时限（工作日）", null=True, blank=True,
                                                 help_text="留空则使用协议约定的时限。")
    deliver_days = models.PositiveSmallIntegerField("送达时限（工作日）", null=True, blank=True,
                                                    help_text="留空则使用协议约定的时限。")
    note = models.CharField("备注", max_length=300, blank=True)

    panels = [
        FieldPanel("batch"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("mode"), FieldPanel("department")]),
        FieldPanel("guide"),
        FieldPanel("partner_authority"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("time_limit"), FieldPanel("check_days"), FieldPanel("post_days"),
                            FieldPanel("deliver_days")])],
            heading="时限",
        ),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = "跨省通办事项"
        verbose_name_plural = "跨省通办事项"
        ordering = ["batch__agreement", "batch__number", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def agreement(self) -> Agreement:
        return self.batch.agreement

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.name = (self.name or "").strip()
        if self.time_limit is not None and self.time_limit < 1:
            errors["time_limit"] = "办理时限至少为 1 个工作日。"
        if self.guide_id and self.department_id and self.guide.department_id not in (None, self.department_id):
            errors["guide"] = "所选办事指南不属于该主管部门，请选择本部门的办事指南。"
        if self.batch_id and self.name:
            same = CrossItem.objects.filter(batch__agreement_id=self.batch.agreement_id, name=self.name)
            if same.exclude(pk=self.pk).exists():
                errors["name"] = f"该协议已包含事项“{self.name}”。"
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("crossprovince:item", args=[self.batch.agreement.partner.slug, self.pk])

    def stage_limits(self) -> dict[str, int]:
        """Working days allowed for each step of a proxy case, from the previous step.

        The item's own limits win; otherwise the agreement's; the result step takes the
        item's 办理时限.
        """
        agreement = self.batch.agreement
        return {
            "checked": self.check_days if self.check_days is not None else agreement.check_days,
            "posted": self.post_days if self.post_days is not None else agreement.post_days,
            "result": self.time_limit,
            "delivered": self.deliver_days if self.deliver_days is not None else agreement.deliver_days,
        }
