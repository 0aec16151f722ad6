"""The django-q2 schedules of the portal (no crontab): created by a migration and by setup."""

from __future__ import annotations

SCHEDULED_PUBLISHING = "定时发布"


def ensure_schedules(schedule_model) -> None:
    """Create or repair the schedules (idempotent): scheduled publishing every minute."""
    schedule_model.objects.update_or_create(
        name=SCHEDULED_PUBLISHING,
        defaults={"func": "cms.core.tasks.publish_scheduled", "schedule_type": "I", "minutes": 1, "repeats": -1},
    )
