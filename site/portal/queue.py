"""The one queue: a django-tasks backend that hands every task to django-q2.

Wagtail 8 runs its own background work (reference index updates, image renditions, frontend
cache purges) through django-tasks.  This backend sends those tasks, and any task the
project declares with ``@task``, to the django-q2 cluster, so a single set of workers runs
all background work, on the ORM broker (embedded) or on Redis (scale-out).
"""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Task as QTask
from django_q.tasks import async_task
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskContext, TaskError, TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.utils import get_random_id, normalize_json

RUNNER = "portal.queue.run_task"


def run_task(module_path: str, args: list, kwargs: dict, result_id: str, backend: str) -> Any:
    """Run a django-tasks task inside a django-q2 worker (the worker calls this)."""
    task: Task = import_string(module_path)
    if task.takes_context:
        result = _pending_result(task, result_id, args, kwargs, backend)
        return normalize_json(task.call(TaskContext(task_result=result), *args, **kwargs))
    return normalize_json(task.call(*args, **kwargs))


def _pending_result(task: Task, result_id: str, args: list, kwargs: dict, backend: str) -> TaskResult:
    return TaskResult(
        task=task,
        id=result_id,
        status=TaskResultStatus.READY,
        enqueued_at=timezone.now(),
        started_at=None,
        last_attempted_at=None,
        finished_at=None,
        args=args,
        kwargs=kwargs,
        backend=backend,
        errors=[],
        worker_ids=[],
    )


def _commit_batch(alias: str) -> dict[str, tuple]:
    """The tasks waiting for the current transaction to commit, pushed together then.

    Rules: a task is pushed only after the transaction that enqueued it commits (a worker
    must see the rows it is about, and never runs inside the caller's transaction holding its
    locks); the same task with the same arguments is pushed once per transaction (tasks are
    idempotent and read the committed state); all pushes of a transaction go to the broker
    in one write.  A rolled-back transaction drops its batch with its commit hook; tasks
    enqueued in an inner savepoint that is rolled back are still pushed and find nothing to do.
    """
    connection = transaction.get_connection()
    pending = getattr(connection, "_queued_tasks", None)
    if pending is not None and any(hook is pending[0] for _, hook, _ in connection.run_on_commit):
        return pending[1]
    batch: dict[str, tuple] = {}

    def hook() -> None:
        entries = list(batch.values())
        batch.clear()
        _push(entries, alias)

    connection._queued_tasks = (hook, batch)
    transaction.on_commit(hook, robust=True)
    return batch


def _push(entries: list[tuple], alias: str) -> None:
    with transaction.atomic():  # the ORM broker writes every package in one commit
        for result_id, module_path, queue_name, args, kwargs in entries:
            async_task(
                RUNNER, module_path, args, kwargs, result_id, alias, task_name=result_id, group=queue_name
            )


class DjangoQ2TaskBackend(BaseTaskBackend):
    """Enqueue django-tasks tasks on the django-q2 broker configured in ``Q_CLUSTER``."""

    supports_get_result = True

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        args, kwargs = normalize_json(list(args)), normalize_json(dict(kwargs))

        # django-q2 names its own id; ours travels as the task name so results can be found.
        entry = (get_random_id(), task.module_path, task.queue_name, args, kwargs)
        if not transaction.get_connection().in_atomic_block:
            _push([entry], self.alias)
            return _pending_result(task, entry[0], args, kwargs, self.alias)
        batch = _commit_batch(self.alias)
        key = json.dumps([task.module_path, task.queue_name, args, kwargs], sort_keys=True, default=str)
        batch.setdefault(key, entry)
        return _pending_result(task, batch[key][0], args, kwargs, self.alias)

    def get_result(self, result_id: str) -> TaskResult:
        row = QTask.objects.filter(name=result_id).first()
        if row is None:
            raise TaskResultDoesNotExist(result_id)
        module_path, args, kwargs = row.args[0], row.args[1], row.args[2]
        result = _pending_result(import_string(module_path), result_id, args, kwargs, self.alias)
        object.__setattr__(result, "started_at", row.started)
        object.__setattr__(result, "last_attempted_at", row.started)
        object.__setattr__(result, "finished_at", row.stopped)
        if row.success:
            object.__setattr__(result, "status", TaskResultStatus.SUCCESSFUL)
            object.__setattr__(result, "_return_value", row.result)
        else:
            object.__setattr__(result, "status", TaskResultStatus.FAILED)
            result.errors.append(TaskError(exception_class_path="builtins.Exception", traceback=str(row.result)))
        return result
