"""The django-q2 schedules of the portal (no crontab): created by a migration and by setup."""

from __future__ import annotations

SCHEDULED_PUBLISHING = "定时发布"
SEARCH_INDEX_SYNC = "搜索索引同步"


def ensure_schedules(schedule_model) -> None:
    """Create or repair the schedules (idempotent): scheduled publishing every minute, and the
    search index outbox drained every minute (whatever a lost task left behind)."""
    schedule_model.objects.update_or_create(
        name=SCHEDULED_PUBLISHING,
        defaults={"func": "cms.core.tasks.publish_scheduled", "schedule_type": "I", "minutes": 1, "repeats": -1},
    )
    schedule_model.objects.update_or_create(
        name=SEARCH_INDEX_SYNC,
        defaults={"func": "search.tasks.drain_scheduled", "schedule_type": "I", "minutes": 1, "repeats": -1},
    )
