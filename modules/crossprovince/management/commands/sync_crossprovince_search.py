"""Re-queue the items of agreements that expired in the last ``--days`` days (default 7), so they
leave the site search; meant to run daily (an agreement expires by date, with no save)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand

from cms.core.models import local_today
from modules.crossprovince.models import CrossItem
from modules.crossprovince.signals import requeue_items


class Command(BaseCommand):
    help = "把近期到期协议的跨省通办事项重新排入搜索索引同步，使其从站内搜索中移除。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=7, help="检查最近多少天内到期的协议（默认 7）。")

    def handle(self, *args, days: int, **options) -> None:
        today = local_today()
        items = CrossItem.objects.filter(batch__agreement__valid_until__lt=today,
                                         batch__agreement__valid_until__gte=today - datetime.timedelta(days=days))
        count = requeue_items(items)
        self.stdout.write(f"已排入 {count} 个到期协议的事项。")
