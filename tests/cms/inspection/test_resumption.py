"""A worker killed in the middle of a run: the restarted worker finishes it, nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_q.conf import Conf

from cms.inspection.models import CheckRun, Finding, Observation, RunChunk, RunStatus
from cms.inspection.runner import start_run

from .planted import TODAY, plant

ROOT = Path(__file__).resolve().parents[3]


def _worker(retry: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test_worker",
           "WORKER_DATABASE_NAME": str(connection.settings_dict["NAME"]), "WORKER_RETRY": str(retry),
           "INSPECTION_PAGES_PER_CHUNK": "2"}
    return subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _kill(worker: subprocess.Popen) -> None:
    """SIGKILL the whole cluster (as the OS kills a worker): no clean-up runs."""
    try:
        os.killpg(worker.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    worker.wait(timeout=20)


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_killed_worker_resumes_and_run_finishes_without_loss_or_duplicates(dept_a, dept_b, outside_web, monkeypatch):
    planted = plant(dept_a, dept_b, outside_web)
    monkeypatch.setattr(Conf, "SYNC", False)
    run = start_run(department=dept_a, today=TODAY)

    worker = _worker(retry=6)
    try:
        in_pages = _wait(lambda: RunChunk.objects.filter(run=run, stage="pages", status="done").exists(), 90)
        assert in_pages, "the worker never got into the pages stage"
        _kill(worker)
        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING and run.chunks_done < run.chunks_total, "killed too late"
        done_at_kill = run.chunks_done

        worker = _worker(retry=6)
        finished = _wait(lambda: CheckRun.objects.filter(pk=run.pk, status__in=("finished", "failed")).exists(), 150)
        assert finished, "the run did not finish after the worker restarted"
    finally:
        _kill(worker)

    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    assert done_at_kill < run.chunks_done == run.chunks_total
    found = set(Observation.objects.filter(run=run).values_list(
        "rule", "department_id", "finding__page_id", "finding__target"))
    assert found == {row for row in planted.expected if row[1] == dept_a.pk}
    # one finding per defect, one observation per finding
    assert Finding.objects.count() == len(set(Finding.objects.values_list("fingerprint", flat=True)))
    assert Observation.objects.filter(run=run).count() == Finding.objects.filter(observations__run=run).count()
