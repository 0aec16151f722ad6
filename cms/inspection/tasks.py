"""django-q2 entry points of the column check (each is safe to run twice)."""

from __future__ import annotations

import logging

from django.utils import timezone

from .models import CheckRun, RunStatus, Trigger
from .runner import RunRefused, previous_month, resume_stalled_runs, run_chunk, start_run

logger = logging.getLogger("gongkai.inspection")

__all__ = ["resume_stalled_runs", "run_chunk", "start_monthly_run"]


def start_monthly_run() -> int | None:
    """The schedule of the 1st of each month: a site-wide run reporting on the month just ended.

    Once per month: a second call (a re-delivered task) finds the month's run and does nothing.
    """
    today = timezone.localdate()
    exists = CheckRun.objects.filter(trigger=Trigger.MONTHLY, period=previous_month(today)).exclude(
        status=RunStatus.FAILED).exists()
    if exists:
        return None
    try:
        return start_run(trigger=Trigger.MONTHLY, today=today).pk
    except RunRefused:
        logger.warning("月度栏目检查未能开始：已有检查正在进行。")
        return None
