"""Background tasks of the search service (django-q2, through django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def drain_search_outbox() -> int:
    """Apply pending index changes.  Idempotent (see ``search.outbox``)."""
    from .outbox import drain

    return drain()


def drain_scheduled() -> int:
    """The every-minute schedule: drains whatever a lost or failed task left behind."""
    from .outbox import drain

    return drain()
