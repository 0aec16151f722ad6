"""Credit (信用): ratings from three sources, sanctions, objections and complaints.

Rules (DESIGN): an agency's star rating weights owner : regulator : centre = 5 : 3 : 2; a
blacklist or suspension, with reason, level and period, stops sign-ups and (blacklist) delists the
agency; objections (异议) and complaints (投诉) are recorded and answered.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .agencies import Agency
from .projects import Project


class RatingSource(models.TextChoices):
    OWNER = "owner", "业主评价"
    REGULATOR = "regulator", "监管部门评价"
    CENTRE = "centre", "服务中心评价"


RATING_WEIGHTS = {RatingSource.OWNER: 5, RatingSource.REGULATOR: 3, RatingSource.CENTRE: 2}


class CreditRating(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="credit_ratings")
    source = models.CharField("评价来源", max_length=10, choices=RatingSource.choices)
    stars = models.DecimalField("星级", max_digits=3, decimal_places=2,
                                validators=[MinValueValidator(1), MaxValueValidator(5)])
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField("说明", max_length=300, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    rated_at = models.DateTimeField("评价时间", auto_now_add=True)

    class Meta:
        verbose_name = "信用评价"
        verbose_name_plural = "信用评价"
        ordering = ["-rated_at"]


class SanctionKind(models.TextChoices):
    SUSPENSION = "suspension", "暂停入驻"
    BLACKLIST = "blacklist", "列入黑名单"


class Sanction(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField("处理类型", max_length=12, choices=SanctionKind.choices)
    level = models.CharField("情节等级", max_length=20, choices=[("一般", "一般"), ("较重", "较重"), ("严重", "严重")])
    reason = models.TextField("理由")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    lifted_at = models.DateTimeField("提前解除时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "信用惩戒"
        verbose_name_plural = "信用惩戒"
        ordering = ["-starts_on"]

    def active_on(self, day) -> bool:
        return self.lifted_at is None and self.starts_on <= day <= self.ends_on


class Grievance(models.Model):
    """An objection (异议, by an agency about a result) or a complaint (投诉, by anyone)."""

    class Kind(models.TextChoices):
        OBJECTION = "objection", "异议"
        COMPLAINT = "complaint", "投诉"

    class Status(models.TextChoices):
        OPEN = "open", "待答复"
        ANSWERED = "answered", "已答复"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="grievances")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="grievances",
                               help_text="提出异议的机构，或被投诉的机构。")
    submitter = models.CharField("提出人", max_length=100)
    contact = models.CharField("联系方式", max_length=100)
    content = models.TextField("内容")
    submitted_at = models.DateTimeField("提出时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField("答复", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = "异议和投诉"
        verbose_name_plural = "异议和投诉"
        ordering = ["-submitted_at"]
