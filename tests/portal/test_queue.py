"""The one queue: django-tasks tasks (Wagtail's and ours) run on django-q2."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.models import Schedule
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus

from tests.portal.tasks_for_tests import add_numbers, fail_always

ROOT = Path(__file__).resolve().parents[2]
Q2_BACKEND = {"default": {"BACKEND": "portal.queue.DjangoQ2TaskBackend"}}


@pytest.fixture
def q2_backend(settings):
    """Switch django-tasks to the django-q2 backend (django-tasks resets its handler itself)."""
    settings.TASKS = Q2_BACKEND
    assert type(task_backends["default"]).__name__ == "DjangoQ2TaskBackend"


@pytest.mark.django_db
def test_wagtail_uses_the_django_q2_backend_in_production_settings():
    from portal.settings import base

    assert base.TASKS["default"]["BACKEND"] == "portal.queue.DjangoQ2TaskBackend"


@pytest.mark.django_db
def test_scheduled_publishing_schedule_exists():
    schedule = Schedule.objects.get(name="定时发布")
    assert schedule.func == "cms.core.tasks.publish_scheduled"
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 1
    assert schedule.repeats == -1


@pytest.mark.django_db
def test_sync_mode_runs_through_django_q2_and_stores_result(q2_backend, monkeypatch, django_capture_on_commit_callbacks):
    """The test profile runs django-q2 in sync mode: same code path, same result rows."""
    monkeypatch.setattr(Conf, "SYNC", True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = add_numbers.enqueue(2, 3)
    assert len(callbacks) == 1, "the task is pushed only when the transaction commits"
    with pytest.raises(Exception):  # noqa: B017 - nothing is stored before the commit
        add_numbers.get_backend().get_result(result.id)
    callbacks[0]()
    stored = add_numbers.get_backend().get_result(result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL
    assert stored.return_value == 5


@pytest.mark.django_db(transaction=True)
def test_real_cluster_runs_enqueued_tasks(q2_backend, monkeypatch):
    """Enqueue on the ORM broker, start a real ``qcluster`` process, and wait for the results."""
    monkeypatch.setattr(Conf, "SYNC", False)
    result = add_numbers.enqueue(20, 22)
    failing = fail_always.enqueue()
    assert get_broker().queue_size() == 2

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test_worker",
           "WORKER_DATABASE_NAME": str(connection.settings_dict["NAME"])}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline:
            try:
                stored = add_numbers.get_backend().get_result(result.id)
                status = stored.status
                if status == TaskResultStatus.SUCCESSFUL:
                    break
            except Exception:  # noqa: BLE001 - not finished yet
                pass
            time.sleep(0.5)
        assert status == TaskResultStatus.SUCCESSFUL, worker.stderr.read1().decode(errors="replace") if worker.poll() is not None else "timeout"
        assert stored.return_value == 42
        while time.monotonic() < deadline:
            try:
                failed = fail_always.get_backend().get_result(failing.id)
                break
            except Exception:  # noqa: BLE001 - not finished yet
                time.sleep(0.5)
        assert failed.status == TaskResultStatus.FAILED
        assert "故意失败" in failed.errors[0].traceback
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_run_task_calls_the_task_function():
    from portal.queue import run_task

    assert run_task("tests.portal.tasks_for_tests.add_numbers", [1, 2], {}, "x", "default") == 3


@override_settings(TASKS=Q2_BACKEND)
def test_backend_rejects_non_module_level_functions():
    from django_tasks.exceptions import InvalidTaskError

    from portal.queue import DjangoQ2TaskBackend

    backend = DjangoQ2TaskBackend("default", {})

    def local():  # pragma: no cover - never runs
        return None

    from django_tasks.base import Task

    with pytest.raises(InvalidTaskError):
        backend.validate_task(Task(func=local, backend="default"))


@pytest.mark.django_db
def test_tasks_of_a_transaction_are_pushed_once_together_after_commit(
    q2_backend, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(Conf, "SYNC", False)
    broker = get_broker()
    before = broker.queue_size()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = add_numbers.enqueue(1, 1)
        again = add_numbers.enqueue(1, 1)
        other = add_numbers.enqueue(2, 2)
        assert broker.queue_size() == before, "nothing reaches the broker before the commit"
    assert len(callbacks) == 1
    assert first.id == again.id != other.id
    assert broker.queue_size() == before + 2


@pytest.mark.django_db
def test_a_rolled_back_transaction_does_not_swallow_later_tasks(
    q2_backend, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(Conf, "SYNC", False)
    broker = get_broker()
    before = broker.queue_size()
    with pytest.raises(RuntimeError), transaction.atomic():
        add_numbers.enqueue(5, 5)
        raise RuntimeError("回滚")
    with django_capture_on_commit_callbacks(execute=True):
        add_numbers.enqueue(6, 6)
    assert broker.queue_size() == before + 1, "only the committed transaction's task is pushed"


@pytest.mark.django_db
def test_agreement_expiry_schedule_runs_the_sync_command_daily():
    from django.core.management import call_command
    from django.utils.module_loading import import_string

    schedule = Schedule.objects.get(name="跨省通办协议到期同步")
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1
    assert import_string(schedule.func) is call_command
    assert schedule.args == "'sync_crossprovince_search'"
    call_command("sync_crossprovince_search")  # the command it names exists and runs
