"""The one queue: a django-tasks backend that hands every task to django-q2.

Wagtail 8 runs its own background work (reference index updates, image renditions, frontend
cache purges) through django-tasks.  This backend sends those tasks, and any task the
project declares with ``@task``, to the django-q2 cluster, so a single set of workers runs
all background work, on the ORM broker (embedded) or on Redis (scale-out).
"""

from __future__ import annotations

from functools import partial
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


class DjangoQ2TaskBackend(BaseTaskBackend):
    """Enqueue django-tasks tasks on the django-q2 broker configured in ``Q_CLUSTER``."""

    supports_get_result = True

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        args, kwargs = normalize_json(list(args)), normalize_json(dict(kwargs))

        # django-q2 names its own id; ours travels as the task name so results can be found.
        result_id = get_random_id()
        # Pushed when the surrounding transaction commits: a worker must see the rows the
        # task is about (with a Redis broker it could otherwise run before the commit), and a
        # task never runs inside the caller's transaction holding its locks.
        transaction.on_commit(
            partial(
                async_task, RUNNER, task.module_path, args, kwargs, result_id, self.alias,
                task_name=result_id, group=task.queue_name,
            ),
            robust=True,
        )
        return _pending_result(task, result_id, args, kwargs, self.alias)

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
