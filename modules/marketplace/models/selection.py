"""Selection results (中选结果) and merit scoring (择优选取).

Rules: a project has at most one selection (unique): a lottery can never be silently repeated;
a result is public with its inputs (the candidates, the published commitment and revealed value,
the seed and the algorithm version) and its publicity period (公示期).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from .agencies import Agency
from .projects import Project, SelectionMethod, SignUp


class Selection(models.Model):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="selection")
    agency = models.ForeignKey(Agency, verbose_name="中选机构", on_delete=models.PROTECT, related_name="selections")
    method = models.CharField("选取方式", max_length=10, choices=SelectionMethod.choices)
    amount = models.DecimalField("中选价格（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    rate = models.DecimalField("中选下浮率（%）", max_digits=6, decimal_places=2, null=True, blank=True)
    reason = models.TextField("选取理由", blank=True)
    inputs = models.JSONField("选取依据", default=dict, blank=True,
                              help_text="候选机构、随机种子、报价或得分等，公开以便核验。")
    decided_at = models.DateTimeField("选取时间")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    publicity_until = models.DateField("公示截止日期")

    class Meta:
        verbose_name = "中选结果"
        verbose_name_plural = "中选结果"

    def __str__(self) -> str:
        return f"{self.project.number} 中选：{self.agency}"


class MeritCriterion(models.Model):
    """A published scoring criterion of a 择优选取 project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("评分项", max_length=60)
    description = models.CharField("评分标准", max_length=300, blank=True)
    max_points = models.DecimalField("分值", max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "评分项"
        verbose_name_plural = "评分项"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.max_points} 分）"


class MeritScore(models.Model):
    """One named scorer's points for one sign-up on one criterion."""

    criterion = models.ForeignKey(MeritCriterion, on_delete=models.CASCADE, related_name="scores")
    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="merit_scores")
    scorer = models.CharField("评分人", max_length=50)
    points = models.DecimalField("得分", max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        constraints = [models.UniqueConstraint(fields=["criterion", "signup", "scorer"], name="merit_score_once")]
