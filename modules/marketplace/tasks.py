"""Background work of the marketplace, run by django-q2 schedules (no one presses a button at 09:00).

- 中介超市到期处理 (every minute): projects whose 报名截止 passed are closed (sign-ups qualified,
  quotes opened, 无效 when none qualified); projects whose 选取时间 passed are decided when the
  method decides by itself (随机抽取, 竞价选取).
- 中介服务评价提醒 (daily, 09:00 Asia/Shanghai): owners who have not evaluated a completed service
  are reminded, at most once every 30 days per project, until the 180 days are over.
"""

from __future__ import annotations

import datetime

DUE_PROJECTS = "中介超市到期处理"
EVALUATION_REMINDERS = "中介服务评价提醒"
REMINDER_HOUR = 9


def advance_due_projects() -> int:
    """Task entry point of the every-minute schedule; returns the number of projects moved."""
    from .services.projects import advance_due_projects as advance

    return advance()


def remind_evaluations() -> int:
    """Task entry point of the daily schedule; returns the number of reminders sent."""
    from .services.contracts import remind_evaluations as remind

    return remind()


def ensure_marketplace_schedules(schedule_model) -> None:
    """Create or repair the two schedules (idempotent; works with the historical model in migrations)."""
    schedule_model.objects.update_or_create(
        name=DUE_PROJECTS,
        defaults={"func": "modules.marketplace.tasks.advance_due_projects", "schedule_type": "I", "minutes": 1,
                  "repeats": -1},
    )
    schedule_model.objects.get_or_create(
        name=EVALUATION_REMINDERS,
        defaults={"func": "modules.marketplace.tasks.remind_evaluations", "schedule_type": "D", "repeats": -1,
                  "next_run": _next_local_time(REMINDER_HOUR, 0)},
    )


def _next_local_time(hour: int, minute: int) -> datetime.datetime:
    """The next ``hour:minute`` in the portal's time zone (Asia/Shanghai)."""
    from django.utils import timezone

    now = timezone.localtime()
    target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return target if target > now else target + datetime.timedelta(days=1)
