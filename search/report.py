"""Figures of the editors' search report (搜索统计), from the query log.

Every figure is one aggregate SQL query over the period's ``QueryLog`` rows (clicks are
counted by correlated subqueries inside the aggregate, never per row in Python), so the
report costs the same number of queries whatever the number of logged searches.

Definitions:

- 搜索次数: logged searches in the period;
- 访客数: distinct ``client`` values.  ``client`` is a keyed hash of the visitor's address that
  changes every day, so a visitor who searches on three days counts three times (访客·天); no
  raw address is stored or shown;
- 无结果: searches whose ``result_count`` is 0;
- 点击率: searches with at least one click on a result ÷ searches.

The period is a range of calendar days in the portal's time zone (Asia/Shanghai), both ends
included.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from . import registry
from .models import OutboxEntry, QueryClick, QueryLog

#: Default length of the report period, in days (today included).
DEFAULT_DAYS = 30
#: Longest period the report accepts, in days (the daily table has one row per day).
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    """Calendar days ``start`` … ``end`` (both included) in the portal's time zone."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def last_days(cls, days: int = DEFAULT_DAYS, today: datetime.date | None = None) -> Period:
        """The ``days`` days ending today (the default period: the last 30 days)."""
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=days - 1), today)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware datetimes: the first instant of ``start`` and the first instant after ``end``."""
        zone = timezone.get_current_timezone()
        first = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        after = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        return first, after

    def dates(self) -> Iterator[datetime.date]:
        day = self.start
        while day <= self.end:
            yield day
            day += datetime.timedelta(days=1)


def logs(period: Period) -> QuerySet[QueryLog]:
    """The period's searches."""
    first, after = period.bounds()
    return QueryLog.objects.filter(created_at__gte=first, created_at__lt=after)


def _has_click() -> Exists:
    return Exists(QueryClick.objects.filter(log=OuterRef("pk")))


def _click_count() -> Subquery:
    """Clicks of the outer log row, as a correlated scalar subquery (``NULL`` without clicks)."""
    return Subquery(
        QueryClick.objects.filter(log=OuterRef("pk")).order_by().values("log").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, or ``None`` when there is nothing to divide (shown as “—”)."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Totals:
    searches: int
    visitors: int
    no_results: int
    clicked: int
    clicks: int

    @property
    def no_result_share(self) -> float | None:
        return ratio(self.no_results, self.searches)

    @property
    def click_through(self) -> float | None:
        """Searches with at least one click ÷ searches."""
        return ratio(self.clicked, self.searches)


def totals(period: Period) -> Totals:
    """The period's totals, in one query."""
    row = logs(period).aggregate(
        searches=Count("pk"),
        visitors=Count("client", distinct=True, filter=~Q(client="")),
        no_results=Count("pk", filter=Q(result_count=0)),
        clicked=Count("pk", filter=Q(_has_click())),
        clicks=Coalesce(Sum(_click_count()), 0),
    )
    return Totals(**{key: int(value or 0) for key, value in row.items()})


def top_queries(period: Period) -> QuerySet:
    """Queries by number of searches (most first), as dicts: ``query``, ``searches``,
    ``avg_results``, ``clicked`` (searches with a click), ``clicks``.  Lazy: slice or paginate it."""
    return (
        logs(period)
        .exclude(query="")
        .values("query")
        .annotate(
            searches=Count("pk"),
            avg_results=Avg("result_count"),
            clicked=Count("pk", filter=Q(_has_click())),
            clicks=Coalesce(Sum(_click_count()), 0),
        )
        .order_by("-searches", "query")
    )


def no_result_queries(period: Period) -> QuerySet:
    """Queries that found nothing, by number of such searches (most first), as dicts:
    ``query``, ``searches``, ``visitors``, ``last_searched``.  These show editors which
    synonyms, user words or best bets to add.  Lazy: slice or paginate it."""
    return (
        logs(period)
        .filter(result_count=0)
        .exclude(query="")
        .values("query")
        .annotate(
            searches=Count("pk"),
            visitors=Count("client", distinct=True, filter=~Q(client="")),
            last_searched=Max("created_at"),
        )
        .order_by("-searches", "query")
    )


def with_rates(rows: list[dict]) -> list[dict]:
    """Add ``click_through`` (clicked ÷ searches) to rows of :func:`top_queries`."""
    for row in rows:
        row["click_through"] = ratio(row["clicked"], row["searches"])
    return rows


@dataclass(frozen=True)
class Day:
    date: datetime.date
    searches: int
    no_results: int


def daily_counts(period: Period) -> list[Day]:
    """Searches and no-result searches for every day of the period (days without searches
    included with zeros), in one query."""
    rows = (
        logs(period)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(searches=Count("pk"), no_results=Count("pk", filter=Q(result_count=0)))
        .order_by("day")
    )
    by_day = {row["day"]: row for row in rows}
    return [
        Day(day, by_day.get(day, {}).get("searches", 0), by_day.get(day, {}).get("no_results", 0))
        for day in period.dates()
    ]


@dataclass(frozen=True)
class TypeCount:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class IndexStatus:
    """Documents per type in the configured engine, and the outbox backlog."""

    types: list[TypeCount]
    pending: int
    oldest_pending: datetime.datetime | None
    error: str = ""

    @property
    def documents(self) -> int:
        return sum(t.count for t in self.types)

    @property
    def oldest_age(self) -> datetime.timedelta | None:
        return timezone.now() - self.oldest_pending if self.oldest_pending else None


def index_status() -> IndexStatus:
    """Documents per registered type (types without documents included) and the pending
    outbox rows with the time of the oldest.  An engine that cannot be reached gives an
    error message instead of counts; the outbox figures come from the database anyway."""
    from .engines import get_engine

    labels = registry.labels()
    error = ""
    try:
        counts = get_engine().count_by_type()
    except Exception as exc:  # an unreachable Elasticsearch must not break the report
        counts, error = {}, f"无法读取索引：{type(exc).__name__}"
    types = [TypeCount(key, label, counts.get(key, 0)) for key, label in labels.items()]
    types += [TypeCount(key, f"{key}（未登记的类型）", n) for key, n in sorted(counts.items()) if key not in labels]
    backlog = OutboxEntry.objects.aggregate(pending=Count("pk"), oldest=Min("created_at"))
    return IndexStatus(types=types, pending=backlog["pending"], oldest_pending=backlog["oldest"], error=error)
