"""Fixtures of the column-check admin tests: runs and findings written as model rows, or made by
the real check of the test portal (every column of a new department is blank: a finding each)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from cms.inspection.models import (
    CheckRun,
    DepartmentScore,
    Finding,
    FindingStatus,
    RuleCode,
    RunStatus,
    Severity,
    Trigger,
)
from cms.inspection.runner import execute_inline, start_run

_serial = itertools.count(1)


def make_run(*, department=None, status=RunStatus.FINISHED, period=None, trigger=Trigger.MONTHLY,
             **fields) -> CheckRun:
    today = timezone.localdate()
    period = period or today.replace(day=1)
    now = timezone.now()
    return CheckRun.objects.create(
        department=department, trigger=trigger, period=period, status=status,
        checked_on=fields.pop("checked_on", period), started_at=now,
        finished_at=now if status == RunStatus.FINISHED else None, **fields,
    )


def make_finding(run: CheckRun, department, *, rule=RuleCode.COLUMN_BLANK, severity=Severity.DEDUCT,
                 deadline: datetime.date | None = None, first_seen: datetime.date | None = None,
                 status=FindingStatus.OPEN, title: str = "", **fields) -> Finding:
    today = timezone.localdate()
    number = next(_serial)
    return Finding.objects.create(
        fingerprint=f"test-{number:08d}", department=department, rule=rule, severity=severity,
        page_title=title or f"测试页面{number}", url=f"/test/{number}/", evidence=f"测试问题描述{number}",
        status=status, first_seen_run=run, last_seen_run=run, first_seen=first_seen or today,
        last_seen=first_seen or today, deadline=deadline or today + datetime.timedelta(days=7), **fields,
    )


def make_score(run: CheckRun, department, score: str, *, rank: int | None = None, vetoed: bool = False,
               previous: str | None = None, **counts) -> DepartmentScore:
    return DepartmentScore.objects.create(
        run=run, department=department, score=Decimal(score), rank=rank, vetoed=vetoed,
        veto_reasons=["空白栏目过多"] if vetoed else [], previous_score=Decimal(previous) if previous else None,
        **counts,
    )


@pytest.fixture
def checked_site(dept_a, dept_b, django_capture_on_commit_callbacks) -> CheckRun:
    """A finished site-wide run of the real check (notices sent as after a real commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        run = execute_inline(start_run(enqueue=False))
    assert run.status == RunStatus.FINISHED, run.error
    return run


@pytest.fixture
def site_run(db) -> CheckRun:
    return make_run()
