"""Check runs and their durable progress.

A run is split into small chunks (``RunChunk``), each a django-q2 task.  A chunk writes its
findings and marks itself done in one transaction, so a worker killed mid-chunk leaves
nothing half-written: the chunk is simply run again.  ``LinkTarget`` holds each external URL
once per run, so each is fetched once per run however many pages link to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Trigger(models.TextChoices):
    MONTHLY = "monthly", "月度检查"
    MANUAL = "manual", "手动检查"


class RunStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "检查中"
    FINISHED = "finished", "已完成"
    FAILED = "failed", "失败"


class Stage(models.TextChoices):
    COLUMNS = "columns", "栏目和元数据"
    PAGES = "pages", "页面内容和站内链接"
    EXTERNAL = "external", "外部链接"
    FINISH = "finish", "汇总评分"


STAGE_ORDER = (Stage.COLUMNS, Stage.PAGES, Stage.EXTERNAL, Stage.FINISH)


class CheckRun(models.Model):
    """One check of the whole site or of one department."""

    department = models.ForeignKey(
        "departments.Department", verbose_name="检查部门", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", help_text="留空表示全站检查。",
    )
    trigger = models.CharField("方式", max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    period = models.DateField("通报月份", help_text="所通报月份的第一天。")
    status = models.CharField("状态", max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING)
    stage = models.CharField("阶段", max_length=10, choices=Stage.choices, blank=True)
    checked_on = models.DateField("检查基准日")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    chunks_total = models.PositiveIntegerField("任务数", default=0)
    chunks_done = models.PositiveIntegerField("已完成任务数", default=0)
    error = models.TextField("错误", blank=True)
    summary = models.JSONField("摘要", default=dict, blank=True)

    class Meta:
        verbose_name = "检查批次"
        verbose_name_plural = "检查批次"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "trigger", "period"], name="checkrun_status_period")]

    def __str__(self) -> str:
        scope = self.department.name if self.department_id else "全站"
        return f"{self.period:%Y年%m月} {scope}{self.get_trigger_display()}"

    @property
    def is_site_wide(self) -> bool:
        return self.department_id is None

    @property
    def progress_percent(self) -> int:
        if self.status == RunStatus.FINISHED:
            return 100
        return int(100 * self.chunks_done / self.chunks_total) if self.chunks_total else 0


class ChunkStatus(models.TextChoices):
    PENDING = "pending", "待执行"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class RunChunk(models.Model):
    """A small piece of a run (one department's columns, a batch of pages, a batch of URLs)."""

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="chunks")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    key = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=ChunkStatus.choices, default=ChunkStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = "检查任务"
        verbose_name_plural = "检查任务"
        constraints = [models.UniqueConstraint(fields=["run", "stage", "key"], name="runchunk_unique_key")]
        indexes = [models.Index(fields=["run", "stage", "status"], name="runchunk_progress")]


class LinkTarget(models.Model):
    """An external URL found in a run, fetched once for the whole run."""

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="link_targets")
    url = models.TextField()
    url_hash = models.CharField(max_length=40)
    host = models.CharField(max_length=255, db_index=True)
    checked = models.BooleanField(default=False)
    ok = models.BooleanField(null=True)
    status = models.PositiveSmallIntegerField(null=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "url_hash"], name="linktarget_once_per_run")]


class LinkUse(models.Model):
    """A page that links to an external URL (the finding goes to the page's department)."""

    target = models.ForeignKey(LinkTarget, on_delete=models.CASCADE, related_name="uses")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "departments.Department", null=True, on_delete=models.CASCADE, related_name="+",
        help_text="空表示网站公共部分（导航、页脚）。",
    )
    column = models.ForeignKey("columns.ColumnPage", null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["target", "page"], name="linkuse_once_per_page")]


class PageSnapshot(models.Model):
    """What a content item showed a citizen at its last check, reused while nothing it depends on changed.

    ``key`` digests everything the item's ``<main>`` is rendered from (its published revision, its
    path, its attachments' files, its cover image, its interpretations, the snapshot format); see
    ``cms.inspection.snapshots``.
    """

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+")
    key = models.CharField(max_length=40)
    url = models.CharField(max_length=500)
    links = models.JSONField(default=list)
    ids = models.JSONField(default=list)
    images_without_alt = models.JSONField(default=list)
    text = models.TextField(blank=True)
    scanned_at = models.DateTimeField(auto_now=True)
