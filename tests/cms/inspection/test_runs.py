"""Runs: scope, refusal of a second run, schedules, the terminal command, scores and notices."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django_q.models import Schedule

from cms.inspection.models import (
    CheckRun,
    ColumnOverride,
    DepartmentScore,
    LinkTarget,
    Notice,
    Observation,
    Rule,
    RuleCode,
    RunStatus,
    Trigger,
)
from cms.inspection.runner import RunRefused, execute_inline, start_run
from cms.inspection.tasks import start_monthly_run
from tests.conftest import column_of

from .planted import TODAY, _article

pytestmark = pytest.mark.django_db


def test_monthly_schedule_runs_on_the_first_at_two_in_shanghai():
    schedule = Schedule.objects.get(name="月度栏目检查")
    assert schedule.func == "cms.inspection.tasks.start_monthly_run"
    assert schedule.schedule_type == Schedule.CRON and schedule.cron == "0 2 1 * *"
    local = schedule.next_run.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    assert (local.day, local.hour, local.minute) == (1, 2, 0)
    assert Schedule.objects.get(name="栏目检查续跑").func == "cms.inspection.tasks.resume_stalled_runs"


def test_monthly_run_reports_the_previous_month_once(dept_a, django_capture_on_commit_callbacks):
    first = start_monthly_run()
    assert first is not None
    run = CheckRun.objects.get(pk=first)
    assert run.trigger == Trigger.MONTHLY and run.department is None
    today = run.checked_on
    assert run.period == (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    CheckRun.objects.filter(pk=first).update(status=RunStatus.FINISHED)
    assert start_monthly_run() is None, "a re-delivered schedule task starts nothing"


def test_a_second_run_of_the_same_scope_is_refused(dept_a):
    start_run(department=dept_a, today=TODAY, enqueue=False)
    with pytest.raises(RunRefused):
        start_run(department=dept_a, today=TODAY, enqueue=False)
    with pytest.raises(RunRefused):
        start_run(today=TODAY, enqueue=False)


def test_command_runs_inline_with_a_summary(dept_a):
    out, err = StringIO(), StringIO()
    call_command("run_column_check", department="jyj", inline=True, stdout=out, stderr=err)
    run = CheckRun.objects.get()
    assert run.status == RunStatus.FINISHED and run.department == dept_a
    text = out.getvalue()
    assert "已完成" in text and "发现问题" in text and "云溪县教育局" in text
    with pytest.raises(CommandError, match="找不到部门"):
        call_command("run_column_check", department="nope", inline=True, stdout=out, stderr=err)


def test_scores_vetoes_ranking_and_month_on_month(dept_a, dept_b):
    # dept B: every column filled and fresh; dept A: all 11 columns blank (≥ 5: single veto)
    from cms.columns.kinds import STANDARD_COLUMNS

    for standard in STANDARD_COLUMNS:
        _article(column_of(dept_b, standard.slug), f"交通{standard.title}", 1)
    first = execute_inline(start_run(today=TODAY, enqueue=False))
    a = DepartmentScore.objects.get(run=first, department=dept_a)
    b = DepartmentScore.objects.get(run=first, department=dept_b)
    assert a.blank_columns == 11 and a.columns == 11
    assert a.deduction == Decimal("20") and a.score == Decimal("80"), "2 points each, capped at 20"
    assert a.vetoed and "空白栏目过多" in a.veto_reasons
    assert (b.score, b.vetoed, b.rank) == (Decimal("100"), False, 1)
    assert a.rank == 2 and a.previous_score is None

    rule = Rule.objects.get(code=RuleCode.COLUMN_BLANK)
    rule.cap = Decimal("10")
    rule.save()
    ColumnOverride.objects.create(column=column_of(dept_a, "qt"), blank_allowed=True, reason="本单位无其他信息。")
    second = execute_inline(start_run(today=TODAY, enqueue=False))
    a2 = DepartmentScore.objects.get(run=second, department=dept_a)
    assert a2.blank_columns == 10 and a2.score == Decimal("90")
    assert a2.previous_score == Decimal("80") and a2.change == Decimal("10")


def test_stale_interval_from_override(dept_a):
    _article(column_of(dept_a, "gzdt"), "教育局工作动态", 20)
    run = execute_inline(start_run(department=dept_a, today=TODAY, enqueue=False))
    assert Observation.objects.filter(run=run, rule=RuleCode.COLUMN_STALE).count() == 1
    ColumnOverride.objects.create(column=column_of(dept_a, "gzdt"), days=30, reason="寒暑假期间更新较少。")
    run = execute_inline(start_run(department=dept_a, today=TODAY, enqueue=False))
    assert not Observation.objects.filter(run=run, rule=RuleCode.COLUMN_STALE).exists()


def test_each_external_url_is_fetched_once_per_run(dept_a, outside_web):
    shared, missing = outside_web.url("/ok/shared"), outside_web.url("/status/404")
    for number in range(3):
        _article(column_of(dept_a, "gzdt"), f"动态{number}", 1,
                 body=f'<p><a href="{shared}">共享链接</a><a href="{missing}">失效链接</a></p>')
    run = execute_inline(start_run(department=dept_a, today=TODAY, enqueue=False))
    counts = outside_web.counts
    assert outside_web.requests_to("/ok/shared") == 1
    # one check of the URL: a HEAD, and a GET only to confirm what the HEAD refused
    assert counts[("HEAD", "/status/404")] == 1 and counts[("GET", "/status/404")] <= 1
    assert LinkTarget.objects.filter(run=run).count() == 2
    broken = Observation.objects.filter(run=run, rule=RuleCode.BROKEN_LINK)
    assert broken.count() == 3, "one finding per page linking to the broken URL"


def test_reviewers_get_one_notice_and_mail_per_run(dept_a, reviewer_a, contributor_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = execute_inline(start_run(department=dept_a, today=TODAY, enqueue=False))
    notice = Notice.objects.get(user=reviewer_a)
    assert notice.run == run and "新问题" in notice.message
    assert not Notice.objects.filter(user=contributor_a).exists()
    assert [m.to for m in mail.outbox] == [[reviewer_a.email]]
    from cms.inspection.notify import notify_departments

    assert notify_departments(run) == 0, "never twice for the same run"


def test_command_if_none_queues_only_the_first_run(dept_a):
    out = StringIO()
    call_command("run_column_check", monthly=True, if_none=True, stdout=out)
    assert CheckRun.objects.filter(trigger=Trigger.MONTHLY).count() == 1
    call_command("run_column_check", monthly=True, if_none=True, stdout=out)
    assert CheckRun.objects.count() == 1 and "跳过" in out.getvalue()


def test_a_column_counts_from_its_newest_item_not_its_last_in_tree_order(dept_a):
    column = column_of(dept_a, "gzdt")
    _article(column, "新动态", 1)
    _article(column, "旧动态", 40)  # later in the tree, older by date
    run = execute_inline(start_run(department=dept_a, today=TODAY, enqueue=False))
    assert not Observation.objects.filter(run=run, rule=RuleCode.COLUMN_STALE).exists()
