"""``python manage.py rebuild_search_index``: rebuild the site search index from scratch.

Every public object of every registered type is read again, analysed and written to the
engine; searches keep answering while it runs (the embedded engine rewrites documents in
place, Elasticsearch builds a new index and swaps the alias).  The vocabulary is recounted.
Outbox rows written before the start are applied by the rebuild and removed.
"""

from __future__ import annotations

import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from django.utils import timezone
from tqdm import tqdm

from search import registry
from search.engines import get_engine
from search.indexing import entries_for, iter_public, replace_vocabulary
from search.models import OutboxEntry


class Command(BaseCommand):
    help = "重建站内搜索索引（重建期间搜索照常可用）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--type", action="append", dest="types", default=[],
                            help="只重建这些类型（可重复；默认全部）。只重建部分类型时不会删除其他类型的文档。")
        parser.add_argument("--batch-size", type=int, default=500, help="每批写入的文档数（默认 500）。")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条。")
        parser.add_argument("--if-empty", action="store_true", help="索引中已有文档时什么也不做（首次启动时使用）。")

    def handle(self, *args, types: list[str], batch_size: int, no_progress: bool, if_empty: bool = False,
               **options) -> None:
        if if_empty and sum(get_engine().count_by_type().values()):
            self.stdout.write("搜索索引已有文档，跳过重建。")
            return
        known = registry.types()
        unknown = [t for t in types if t not in known]
        if unknown:
            raise CommandError(f"未知的搜索类型：{'、'.join(unknown)}（可选：{'、'.join(known)}）")
        if batch_size < 1:
            raise CommandError("--batch-size 必须大于 0。")
        selected = [known[t] for t in (types or known)]
        started = time.monotonic()
        cutoff = timezone.now()
        # Rows written before the start are covered by the rebuild; later ones stay for the drain.
        pending_before = OutboxEntry.objects.filter(created_at__lte=cutoff).aggregate(last=Max("id"))["last"] or 0
        engine = get_engine()
        totals = {t.key: t.public_queryset().count() for t in selected}
        vocabulary: Counter = Counter()
        counts: dict[str, int] = {}
        if types:
            # A partial rebuild re-indexes in place and leaves other types alone.
            from search.indexing import sync_objects

            for searchable in selected:
                stored = [k.split(":", 1)[1] for k in engine.keys() if k.startswith(f"{searchable.key}:")]
                with self._bar(totals[searchable.key], searchable.label, no_progress) as bar:
                    for chunk in iter_public(searchable, batch_size):
                        entries, words = entries_for(searchable, chunk)
                        engine.index(entries)
                        bar.update(len(entries))
                        counts[searchable.key] = counts.get(searchable.key, 0) + len(entries)
                public = {str(pk) for pk in searchable.public_queryset().values_list("pk", flat=True)}
                stale = [pk for pk in stored if pk not in public]
                for start in range(0, len(stale), batch_size):
                    sync_objects(searchable, stale[start:start + batch_size])
        else:
            rebuild = engine.begin_rebuild()
            try:
                for searchable in selected:
                    with self._bar(totals[searchable.key], searchable.label, no_progress) as bar:
                        for chunk in iter_public(searchable, batch_size):
                            entries, words = entries_for(searchable, chunk)
                            rebuild.add(entries)
                            vocabulary.update(words)
                            bar.update(len(entries))
                            counts[searchable.key] = counts.get(searchable.key, 0) + len(entries)
                rebuild.finish()
            except BaseException:
                rebuild.abort()
                raise
            replace_vocabulary(vocabulary)
        OutboxEntry.objects.filter(id__lte=pending_before, type_key__in=[t.key for t in selected]).delete()
        seconds = time.monotonic() - started
        total = sum(counts.values())
        for searchable in selected:
            self.stdout.write(f"  {searchable.label}（{searchable.key}）：{counts.get(searchable.key, 0)} 篇")
        rate = total / seconds if seconds else total
        self.stdout.write(self.style.SUCCESS(f"索引重建完成：{total} 篇，用时 {seconds:.1f} 秒（{rate:.0f} 篇/秒）。"))

    def _bar(self, total: int, label: str, disabled: bool):
        return tqdm(total=total, desc=label, unit="篇", disable=disabled, file=self.stderr._out, leave=True)
