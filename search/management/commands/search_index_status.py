"""``python manage.py search_index_status``: pending outbox rows, the oldest pending row's
age, and documents per type in the index against public objects in the database."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Min
from django.utils import timezone

from search import registry
from search.engines import get_engine
from search.models import OutboxEntry


def index_status() -> dict:
    """The figures, as a dict (also used by the admin)."""
    pending = OutboxEntry.objects.aggregate(oldest=Min("created_at"))
    count = OutboxEntry.objects.count()
    oldest = pending["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    engine = get_engine()
    indexed = engine.count_by_type()
    types = {}
    for key, searchable in registry.types().items():
        types[key] = {"label": searchable.label, "indexed": indexed.get(key, 0),
                      "public": searchable.public_queryset().count()}
    return {"engine": engine.name, "pending": count, "oldest_pending_seconds": round(age, 1), "types": types}


class Command(BaseCommand):
    help = "显示站内搜索索引状态：待同步数、最早待同步时长、各类型文档数。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="以 JSON 输出。")

    def handle(self, *args, json: bool = False, **options) -> None:  # noqa: A002 - option name
        status = index_status()
        if json:
            import json as json_module

            self.stdout.write(json_module.dumps(status, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"搜索引擎：{status['engine']}")
        self.stdout.write(f"待同步：{status['pending']} 条；最早一条已等待 {status['oldest_pending_seconds']:.0f} 秒")
        self.stdout.write(f"{'类型':<12}{'已索引':>8}{'公开对象':>10}")
        for key, row in status["types"].items():
            flag = "" if row["indexed"] == row["public"] else "  ← 不一致，请等待同步或重建索引"
            self.stdout.write(f"{row['label'] + '（' + key + '）':<12}{row['indexed']:>8}{row['public']:>10}{flag}")
