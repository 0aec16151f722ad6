"""Findings, their observation in runs, rectification (整改) and the department scores.

A finding is one defect of one department, identified by a fingerprint (department, rule,
page, target).  Each run that sees it records an ``Observation``; the unique constraints make
a retried chunk harmless.  A finding closes only when a later check of its department (or a
re-check of the item) no longer sees it; marking it fixed is the department's claim, not the
closing.  The deadline counts Chinese working days from the day it was first seen.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .rules import RuleCode, Severity
from .runs import CheckRun


class FindingStatus(models.TextChoices):
    OPEN = "open", "待整改"
    ACKNOWLEDGED = "acknowledged", "整改中"
    FIXED = "fixed", "已整改待复查"
    CLOSED = "closed", "已销号"


OPEN_STATUSES = (FindingStatus.OPEN, FindingStatus.ACKNOWLEDGED, FindingStatus.FIXED)


class Finding(models.Model):
    """One defect found by the check, followed until a check no longer finds it."""

    fingerprint = models.CharField(max_length=40)
    department = models.ForeignKey(
        "departments.Department", verbose_name="部门", null=True, blank=True, on_delete=models.CASCADE,
        related_name="inspection_findings",
    )
    column = models.ForeignKey(
        "columns.ColumnPage", verbose_name="栏目", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="页面", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    page_title = models.CharField("页面标题", max_length=255, blank=True)
    url = models.CharField("页面地址", max_length=500, blank=True)
    rule = models.CharField("问题类型", max_length=40, choices=RuleCode.choices)
    severity = models.CharField("性质", max_length=10, choices=Severity.choices)
    target = models.TextField("问题对象", blank=True, help_text="链接地址、错敏词、缺失的要素等。")
    evidence = models.TextField("问题描述", blank=True)
    detail = models.JSONField("详细信息", default=dict, blank=True)
    status = models.CharField("整改状态", max_length=15, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    first_seen_run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="new_findings")
    last_seen_run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="+")
    first_seen = models.DateField("发现日期")
    last_seen = models.DateField("最近发现日期")
    deadline = models.DateField("整改期限")
    fix_note = models.TextField("整改说明", blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    closed_by_run = models.ForeignKey(
        CheckRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="closed_findings"
    )

    class Meta:
        verbose_name = "检查问题"
        verbose_name_plural = "检查问题"
        ordering = ["deadline", "pk"]
        constraints = [
            # One open finding per defect; a defect found again after closing is a new finding.
            models.UniqueConstraint(
                fields=["fingerprint"], condition=~Q(status="closed"), name="finding_one_open_per_defect"
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status"], name="finding_dept_status"),
            models.Index(fields=["status", "deadline"], name="finding_status_deadline"),
            models.Index(fields=["fingerprint"], name="finding_fingerprint"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()}：{self.page_title or self.target}"[:120]

    @property
    def is_open(self) -> bool:
        return self.status != FindingStatus.CLOSED

    def is_overdue(self, today) -> bool:
        """Overdue: still open after its deadline (shown red, listed in the next 通报)."""
        return self.is_open and today > self.deadline


class Observation(models.Model):
    """A run saw a finding (at most once per run, whatever chunk retries happen)."""

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="observations")
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="observations")
    department = models.ForeignKey(
        "departments.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rule = models.CharField(max_length=40, choices=RuleCode.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "finding"], name="observation_once_per_run")]
        indexes = [models.Index(fields=["run", "department", "rule"], name="observation_run_dept_rule")]


class FindingEvent(models.Model):
    """The audit trail of a finding: found, acknowledged, fixed, re-checked, closed, reopened."""

    class Action(models.TextChoices):
        FOUND = "found", "发现"
        ACKNOWLEDGED = "acknowledged", "确认整改"
        FIXED = "fixed", "标记已整改"
        RECHECK_FAILED = "recheck_failed", "复查未通过"
        CLOSED = "closed", "复查通过，销号"
        REOPENED = "reopened", "再次发现"

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    run = models.ForeignKey(CheckRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改记录"
        verbose_name_plural = "整改记录"
        ordering = ["at", "pk"]


class DepartmentScore(models.Model):
    """A department's result in a run: the counts of the 通报 table, its score and rank."""

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="scores")
    department = models.ForeignKey("departments.Department", on_delete=models.CASCADE, related_name="+")
    columns = models.PositiveIntegerField("栏目数", default=0)
    blank_columns = models.PositiveIntegerField("空白栏目", default=0)
    stale_columns = models.PositiveIntegerField("不更新栏目", default=0)
    broken_links = models.PositiveIntegerField("错误链接", default=0)
    word_errors = models.PositiveIntegerField("错敏信息", default=0)
    other_findings = models.PositiveIntegerField("其他问题", default=0)
    hints = models.PositiveIntegerField("提示", default=0)
    overdue = models.PositiveIntegerField("逾期未整改", default=0)
    deduction = models.DecimalField("扣分", max_digits=6, decimal_places=2, default=0)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, default=100)
    vetoed = models.BooleanField("单项否决", default=False)
    veto_reasons = models.JSONField("否决原因", default=list, blank=True)
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    previous_score = models.DecimalField("上期得分", max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "部门得分"
        verbose_name_plural = "部门得分"
        ordering = ["rank", "department__order"]
        constraints = [models.UniqueConstraint(fields=["run", "department"], name="score_once_per_run")]

    @property
    def change(self):
        """环比: the change of score against the previous monthly run (None for the first)."""
        return None if self.previous_score is None else self.score - self.previous_score


class Notice(models.Model):
    """An admin notification (站内通知) to one user, e.g. a department reviewer about new findings."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inspection_notices")
    message = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=300, blank=True)
    run = models.ForeignKey(CheckRun, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "run"], name="notice_once_per_run")]
