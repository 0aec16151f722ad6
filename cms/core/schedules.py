"""The django-q2 schedules of the portal (no crontab): created by a migration and by setup."""

from __future__ import annotations

SCHEDULED_PUBLISHING = "定时发布"
SEARCH_INDEX_SYNC = "搜索索引同步"
AGREEMENT_EXPIRY_SYNC = "跨省通办协议到期同步"
MONTHLY_COLUMN_CHECK = "月度栏目检查"
MONTHLY_CRON = "0 2 1 * *"
COLUMN_CHECK_WATCHDOG = "栏目检查续跑"


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
    # Items of a 跨省通办 agreement that expired overnight leave the public pages at once but
    # the search index only when re-queued: once a day, shortly after midnight.
    schedule_model.objects.get_or_create(
        name=AGREEMENT_EXPIRY_SYNC,
        defaults={"func": "django.core.management.call_command", "args": "'sync_crossprovince_search'",
                  "schedule_type": "D", "repeats": -1, "next_run": _next_local_time(0, 30)},
    )

    # The monthly column check: the 1st of each month at 02:00 Asia/Shanghai (django-q2 evaluates
    # cron expressions in TIME_ZONE), reporting on the month just ended.
    # get_or_create keeps a pending next_run: a cluster that was down at 02:00 catches up on start.
    schedule_model.objects.get_or_create(
        name=MONTHLY_COLUMN_CHECK,
        defaults={"func": "cms.inspection.tasks.start_monthly_run", "schedule_type": "C", "cron": MONTHLY_CRON,
                  "repeats": -1, "next_run": _next_cron_time(MONTHLY_CRON)},
    )
    # Chunks whose task was lost (a killed worker, a broker restart) are queued again.
    schedule_model.objects.update_or_create(
        name=COLUMN_CHECK_WATCHDOG,
        defaults={"func": "cms.inspection.tasks.resume_stalled_runs", "schedule_type": "I", "minutes": 2,
                  "repeats": -1},
    )


def _next_local_time(hour: int, minute: int):
    """The next ``hour:minute`` in the portal's time zone (Asia/Shanghai)."""
    import datetime

    from django.utils import timezone

    now = timezone.localtime()
    target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return target if target > now else target + datetime.timedelta(days=1)


def _next_cron_time(expression: str):
    """The next time ``expression`` fires, in the portal's time zone (as django-q2 evaluates it)."""
    import datetime

    from croniter import croniter
    from django.utils import timezone

    return croniter(expression, timezone.localtime()).get_next(datetime.datetime)
