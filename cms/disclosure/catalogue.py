"""The 政府信息公开目录 browse: filters and facet counts over all live disclosure items.

Each facet (department, topic, kind, year) is counted with the other active filters applied,
so a visitor sees how many items each choice would leave.  The number of queries is fixed
(one per facet, one count, one page of results) whatever the number of items.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.http import HttpRequest

from cms.departments.models import Department
from cms.taxonomy.models import Topic

from .models import Genre, PolicyDocumentPage

PER_PAGE = 20
VERSION_KEY = "catalogue:version"
COUNTS_TIMEOUT = 600


class CountedPaginator(Paginator):
    """A paginator told its count, so it does not run another COUNT over the catalogue."""

    def __init__(self, object_list, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


@dataclass(frozen=True)
class Facet:
    """One choice of a filter with its item count and whether it is selected."""

    value: str
    label: str
    count: int
    selected: bool


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> dict[str, object]:
    genre = request.GET.get("genre") or None
    return {
        "department": _int_or_none(request.GET.get("department")),
        "topic": _int_or_none(request.GET.get("topic")),
        "genre": genre if genre in Genre.values else None,
        "year": _int_or_none(request.GET.get("year")),
    }


def _apply(qs: QuerySet, filters: dict[str, object], skip: str | None = None) -> QuerySet:
    if filters["department"] and skip != "department":
        qs = qs.filter(department_id=filters["department"])
    if filters["topic"] and skip != "topic":
        qs = qs.filter(topic_id=filters["topic"])
    if filters["genre"] and skip != "genre":
        qs = qs.filter(genre=filters["genre"])
    if filters["year"] and skip != "year":
        qs = qs.filter(publish_date__year=filters["year"])
    return qs


def catalogue_version() -> int:
    """The version of the catalogue's cached counts; bumped whenever a disclosure item changes."""
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def bump_catalogue_version() -> None:
    """Invalidate the cached counts (publish, unpublish, move, delete, bulk import)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _counts(filters: dict[str, object]) -> dict[str, dict]:
    """Facet counts for ``filters``: four GROUP BY queries, cached until the catalogue changes.

    Counting 100,000 items takes seconds on SQLite, so the counts are kept in the shared
    cache (database or Redis, never per process) under the catalogue version.
    """
    digest = hashlib.sha1(json.dumps(filters, sort_keys=True).encode()).hexdigest()
    key = f"catalogue:counts:{catalogue_version()}:{digest}"
    counts = cache.get(key)
    if counts is not None:
        return counts
    base = PolicyDocumentPage.objects.live()
    counts = {
        "department": dict(
            _apply(base, filters, "department").order_by().values_list("department_id").annotate(n=Count("pk"))
        ),
        "topic": dict(_apply(base, filters, "topic").order_by().values_list("topic_id").annotate(n=Count("pk"))),
        "genre": dict(_apply(base, filters, "genre").order_by().values_list("genre").annotate(n=Count("pk"))),
        "year": dict(
            _apply(base, filters, "year").order_by().annotate(y=ExtractYear("publish_date"))
            .values_list("y").annotate(n=Count("pk"))
        ),
    }
    cache.set(key, counts, COUNTS_TIMEOUT)
    return counts


def browse(request: HttpRequest) -> dict[str, object]:
    """Context of the catalogue page: filters, facets, paginated items."""
    filters = _filters(request)
    base = PolicyDocumentPage.objects.live()
    counts = _counts(filters)
    dept_counts, topic_counts = counts["department"], counts["topic"]
    genre_counts, year_counts = counts["genre"], counts["year"]

    departments = [
        Facet(str(d.pk), d.name, dept_counts.get(d.pk, 0), filters["department"] == d.pk)
        for d in Department.objects.all() if d.pk in dept_counts
    ]
    topics = [
        Facet(str(t.pk), t.name, topic_counts.get(t.pk, 0), filters["topic"] == t.pk)
        for t in Topic.objects.all() if t.pk in topic_counts
    ]
    genres = [
        Facet(value, label, genre_counts[value], filters["genre"] == value)
        for value, label in Genre.choices if value in genre_counts
    ]
    years = [
        Facet(str(y), f"{y}年", year_counts[y], filters["year"] == y)
        for y in sorted((y for y in year_counts if y), reverse=True)
    ]

    results = (
        _apply(base, filters)
        .select_related("department", "topic")
        .defer("body", "attachments")
        .order_by("-publish_date", "-pk")
    )
    # Every item has exactly one year, so the year counts add up to the number of results.
    total = year_counts.get(filters["year"], 0) if filters["year"] else sum(year_counts.values())
    page_obj = CountedPaginator(results, PER_PAGE, total).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filters": filters,
        "department_facets": departments,
        "topic_facets": topics,
        "genre_facets": genres,
        "year_facets": years,
        "page_obj": page_obj,
        "querystring": query.urlencode(),
        "total": total,
    }
