"""After selection: contract record (合同备案), service results, the owner's evaluation.

Rules: the agency uploads the signed contract and the owner confirms it; the owner evaluates the
service on 服务质量, 时效, 态度, 收费, 规范 (1–5 each, with a comment) within 180 days of the
service's completion, and is reminded until it does.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ..storage import private_storage

from .projects import Project

EVALUATION_DAYS = 180
STARS = [MinValueValidator(1), MaxValueValidator(5)]


class Contract(models.Model):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="contract")
    number = models.CharField("合同编号", max_length=60)
    amount = models.DecimalField("合同金额（元）", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    starts_on = models.DateField("服务开始日期")
    ends_on = models.DateField("服务结束日期")
    signed_file = models.FileField("合同扫描件", upload_to="marketplace/contracts/%Y/", storage=private_storage)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    confirmed_at = models.DateTimeField("业主确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = "合同备案"
        verbose_name_plural = "合同备案"


class ServiceResult(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    title = models.CharField("成果名称", max_length=150)
    file = models.FileField("成果文件", upload_to="marketplace/results/%Y/", storage=private_storage)
    note = models.TextField("说明", blank=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "服务成果"
        verbose_name_plural = "服务成果"
        ordering = ["uploaded_at"]


class Evaluation(models.Model):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="evaluation")
    quality = models.PositiveSmallIntegerField("服务质量", validators=STARS)
    timeliness = models.PositiveSmallIntegerField("时效", validators=STARS)
    attitude = models.PositiveSmallIntegerField("态度", validators=STARS)
    fees = models.PositiveSmallIntegerField("收费", validators=STARS)
    conduct = models.PositiveSmallIntegerField("规范", validators=STARS)
    comment = models.TextField("评价意见")
    evaluated_at = models.DateTimeField("评价时间", auto_now_add=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = "服务评价"
        verbose_name_plural = "服务评价"

    @property
    def average(self) -> float:
        return (self.quality + self.timeliness + self.attitude + self.fees + self.conduct) / 5
