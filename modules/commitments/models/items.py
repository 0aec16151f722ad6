"""Notice-and-commitment items (告知承诺事项): what the authority tells and what the applicant commits.

Rules (国办发〔2020〕42号):
- each item states in writing the requirement (告知内容: 条件, 材料, 核查方式), the certificate or
  licensing condition that the commitment replaces, the commitment text, how and within how many
  working days the authority verifies it, and the liability for a false commitment;
- matters in the excluded areas cannot be handled by commitment: ``clean()`` refuses them and so
  does ``save()`` (no code path may store one);
- a linked service guide belongs to the item's department.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from ..choices import Area, ItemStatus
from ..rules import exclusion_errors

#: The longest verification period an item may set (one working year).
MAX_VERIFICATION_DAYS = 250


class CommitmentItemQuerySet(models.QuerySet):
    def published(self) -> CommitmentItemQuerySet:
        return self.filter(status=ItemStatus.PUBLISHED)


class CommitmentItem(models.Model):
    """One matter handled by notice and commitment, with its commitment-letter template."""

    name = models.CharField("事项名称", max_length=200)
    department = models.ForeignKey(
        "departments.Department", verbose_name="实施部门", on_delete=models.PROTECT, related_name="commitment_items",
    )
    guide = models.ForeignKey(
        "guides.ServiceGuidePage", verbose_name="关联办事指南", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="commitment_items",
    )
    area = models.CharField("所属领域", max_length=30, choices=Area.choices, default=Area.OTHER)
    involved_areas = models.JSONField(
        "涉及领域声明", default=list, blank=True,
        help_text="事项涉及下列任一领域的，依据国办发〔2020〕42号不适用告知承诺制。",
    )
    legal_basis = models.TextField("设定依据")
    replaced = models.TextField("以承诺替代的证明事项或许可条件")
    notice_conditions = models.TextField("告知内容：应当具备的条件")
    notice_materials = models.TextField("告知内容：应当提交的材料", blank=True)
    commitment_text = models.TextField("承诺内容")
    verification_method = models.TextField("核查方式")
    verification_days = models.PositiveSmallIntegerField(
        "核查时限（工作日）", default=20,
        validators=[MinValueValidator(1, "核查时限至少为 1 个工作日。"),
                    MaxValueValidator(MAX_VERIFICATION_DAYS, f"核查时限不能超过 {MAX_VERIFICATION_DAYS} 个工作日。")],
        help_text="自受理之日起计算的工作日数，节假日和调休按国家安排扣除。",
    )
    liability = models.TextField("虚假承诺责任")
    status = models.CharField("状态", max_length=12, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = CommitmentItemQuerySet.as_manager()

    class Meta:
        verbose_name = "告知承诺事项"
        verbose_name_plural = "告知承诺事项"
        ordering = ["department__order", "department__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="commitments_item_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("commitments:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == ItemStatus.PUBLISHED

    def exclusion_errors(self) -> dict[str, list[str]]:
        return exclusion_errors(self.name, self.area, self.involved_areas or [])

    def clean(self) -> None:
        super().clean()
        self.name = (self.name or "").strip()
        errors = self.exclusion_errors()
        if not isinstance(self.involved_areas, list):
            errors["involved_areas"] = ["涉及领域声明格式不正确。"]
        if self.guide_id and self.department_id:
            guide_department = type(self).guide.field.related_model.objects.filter(
                pk=self.guide_id).values_list("department_id", flat=True).first()
            if guide_department != self.department_id:
                errors.setdefault("guide", []).append("关联的办事指南须为本部门的办事指南。")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        errors = self.exclusion_errors()
        if errors:
            raise ValidationError(errors)
        super().save(*args, **kwargs)
