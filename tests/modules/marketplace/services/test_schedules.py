"""The django-q2 schedules and the every-minute deadline processing."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.utils import timezone
from django_q.models import Schedule

from modules.marketplace import tasks
from modules.marketplace.models import AuditEntry, Project, ProjectState, SelectionMethod, SignUp
from modules.marketplace.services.projects import advance_due_projects, sign_up, submit_quote
from tests.modules.marketplace.conftest import DEADLINE, SELECTION_AT, T0

pytestmark = pytest.mark.django_db


def test_the_schedules_are_created_by_the_migration():
    due = Schedule.objects.get(name="中介超市到期处理")
    assert (due.func, due.schedule_type, due.minutes, due.repeats) == (
        "modules.marketplace.tasks.advance_due_projects", "I", 1, -1)
    reminders = Schedule.objects.get(name="中介服务评价提醒")
    assert (reminders.func, reminders.schedule_type, reminders.repeats) == (
        "modules.marketplace.tasks.remind_evaluations", Schedule.DAILY, -1)
    assert timezone.localtime(reminders.next_run).hour == 9


def test_ensuring_the_schedules_again_repairs_and_does_not_duplicate():
    Schedule.objects.filter(name="中介超市到期处理").update(minutes=30, func="wrong.path")
    tasks.ensure_marketplace_schedules(Schedule)
    tasks.ensure_marketplace_schedules(Schedule)
    assert Schedule.objects.filter(name__in=["中介超市到期处理", "中介服务评价提醒"]).count() == 2
    due = Schedule.objects.get(name="中介超市到期处理")
    assert (due.minutes, due.func) == (1, "modules.marketplace.tasks.advance_due_projects")


def test_the_task_entry_points_use_the_real_clock(project_factory, agency):
    past = timezone.now() - datetime.timedelta(days=5)
    project = project_factory(SelectionMethod.LOTTERY, now=past)
    sign_up(project, agency, now=past)
    assert tasks.advance_due_projects() == 2  # closed and drawn: both times have passed
    assert Project.objects.get(pk=project.pk).state == ProjectState.SELECTED
    assert tasks.advance_due_projects() == 0
    assert tasks.remind_evaluations() == 0


def test_advance_is_idempotent_and_moves_every_due_project(project_factory, agencies):
    projects = [project_factory(m) for m in SelectionMethod.values]
    for project in projects:
        for agency in agencies:
            signup = sign_up(project, agency, now=T0)
            submit_quote(signup, "80000", now=T0)
    assert advance_due_projects(now=DEADLINE) == 4
    assert advance_due_projects(now=DEADLINE) == 0
    assert advance_due_projects(now=SELECTION_AT) == 2  # lottery and bidding decide themselves
    assert advance_due_projects(now=SELECTION_AT + datetime.timedelta(hours=1)) == 0
    states = dict(Project.objects.filter(pk__in=[p.pk for p in projects]).values_list("method", "state"))
    assert states == {"direct": "selecting", "lottery": "selected", "bidding": "selected", "merit": "selecting"}
    assert AuditEntry.objects.filter(action="state_selecting").count() == 4
    assert AuditEntry.objects.filter(action="state_selected").count() == 2


def test_a_broken_project_is_logged_and_the_others_go_on(project_factory, agency, caplog):
    broken = project_factory(SelectionMethod.BIDDING)
    fine = project_factory(SelectionMethod.BIDDING)
    for project in (broken, fine):
        submit_quote(sign_up(project, agency, now=T0), "80000", now=T0)
    SignUp.objects.filter(project=broken).update(sealed_quote="gAAAA-damaged")
    with caplog.at_level(logging.ERROR, logger="modules.marketplace"):
        assert advance_due_projects(now=DEADLINE) == 1
    assert Project.objects.get(pk=broken.pk).state == ProjectState.SIGNUP  # rolled back, retried next minute
    assert Project.objects.get(pk=fine.pk).state == ProjectState.SELECTING
    assert f"项目 {broken.number} 报名截止处理失败" in caplog.text
