"""The index outbox: changes recorded in the changing transaction, drained in batches.

``record`` writes outbox rows inside the caller's transaction and asks, once the transaction
commits, for a drain task.  ``drain`` takes the oldest rows, re-reads each object's current
state (public → index it, anything else → delete it from the index) and deletes exactly the
rows it read.  Re-running a drain, or two drains at once, gives the same index: nothing is
lost when the worker is down (rows wait), nothing is applied twice in a harmful way.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from . import registry
from .models import OutboxEntry

logger = logging.getLogger("gongkai")

DRAIN_BATCH = 500


def record(items: Iterable[tuple[str, object]], reason: str) -> int:
    """Record ``(type_key, object_id)`` pairs as changed; returns the rows written."""
    rows = [OutboxEntry(type_key=key, object_id=str(pk), reason=reason) for key, pk in dict.fromkeys(items)]
    if not rows:
        return 0
    OutboxEntry.objects.bulk_create(rows)
    transaction.on_commit(request_drain)
    return len(rows)


def request_drain() -> None:
    """Queue one drain task (the task backend de-duplicates within a transaction)."""
    from .tasks import drain_search_outbox

    try:
        drain_search_outbox.enqueue()
    except Exception:  # the schedule drains every minute anyway
        logger.exception("无法排入搜索索引同步任务，将由定时任务处理")


def drain(batch_size: int = DRAIN_BATCH, max_batches: int | None = None) -> int:
    """Apply pending outbox rows to the index, oldest first; returns how many rows were applied."""
    from .indexing import sync_objects

    applied = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        rows = list(OutboxEntry.objects.order_by("id").values_list("id", "type_key", "object_id")[:batch_size])
        if not rows:
            break
        by_type: dict[str, set[str]] = defaultdict(set)
        for _, type_key, object_id in rows:
            by_type[type_key].add(object_id)
        for type_key, object_ids in by_type.items():
            searchable = registry.get_type(type_key)
            if searchable is None:
                logger.warning("搜索类型 %s 已不存在，跳过 %s 条待办", type_key, len(object_ids))
                continue
            sync_objects(searchable, object_ids)
        OutboxEntry.objects.filter(id__in=[row[0] for row in rows]).delete()
        applied += len(rows)
        batches += 1
    return applied
