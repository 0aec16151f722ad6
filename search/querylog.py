"""The query log of the public search: what citizens look for, without knowing who they are.

Rules enforced here:

- A raw IP address is never stored, in the database or the cache.  ``client_hash`` turns it into
  a keyed hash (HMAC-SHA256 keyed with ``SECRET_KEY``, over the current local date and the
  address) cut to 16 hex characters: the same visitor is one ``client`` for one day, and the
  value cannot be turned back into an address nor linked across days
  (个人信息保护法 第五十一条, data minimisation).
- Only a first-page search with something searchable in it is logged (``log_search``), so paging
  through results is one search, and an empty or symbols-only query is no search at all.
- The logged text is the normalised query (``normalize_query``, at most 100 characters); a 文号
  is kept in its canonical form (``云政发〔2024〕3号``).
- Hot searches and popular completions only show queries that found something and that at least
  ``SEARCH_POPULAR_MIN_CLIENTS`` (default 2) different visitors typed, so one person's query
  (a name, an ID number) is never shown to others.
- A click is recorded once per (search, URL), only for a search logged in the last 24 hours and
  only for a relative URL on this site (``record_click``).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from .analysis.normalize import looks_like_doc_number, normalize_doc_number, normalize_query
from .models import QueryClick, QueryLog
from .service import SearchRequest

#: Hot searches: the window they are counted over, how long they are cached, how many are shown.
HOT_DAYS = 30
HOT_CACHE_SECONDS = 600
HOT_LIMIT = 10
HOT_CACHE_KEY = "search:hot:v1:{limit}"
#: A click is accepted for a search logged at most this long ago.
CLICK_WINDOW = datetime.timedelta(hours=24)
#: Pages after the first reuse the first page's log entry when it is this recent.
FOLLOW_UP_WINDOW = datetime.timedelta(hours=1)
MAX_URL_CHARS = 500
MAX_POSITION = 1000

SORT_LABELS = {"relevance": "相关度", "date": "时间"}
FIELD_LABELS = {"all": "全文", "title": "仅标题", "docnum": "文号"}


def client_hash(ip: str, day: datetime.date | None = None) -> str:
    """The day's pseudonym of an IP address: HMAC-SHA256 (key ``SECRET_KEY``) of
    ``"<date>|<ip>"``, first 16 hex characters.  ``""`` when there is no address."""
    if not ip:
        return ""
    day = day or timezone.localdate()
    key = settings.SECRET_KEY.encode("utf-8")
    message = f"{day.isoformat()}|{ip}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:16]


def logged_query(q: str, field: str = "all") -> str:
    """The text a search is logged under: the normalised query (≤100 characters), or the
    canonical 文号 for a 文号 search."""
    if field == "docnum" or (field == "all" and looks_like_doc_number(q)):
        return normalize_doc_number(q)[:100]
    return normalize_query(q)[:100]


def filters_summary(request: SearchRequest, labels: dict[str, str] | None = None) -> str:
    """The filters of a search in a short readable form for the editors' report (≤200
    characters), e.g. ``类型=政策文件; 日期=2026-01-01至2026-12-31; 排序=时间``."""
    parts: list[str] = []
    if request.types:
        parts.append("类型=" + ",".join((labels or {}).get(t, t) for t in request.types))
    if request.department:
        parts.append(f"部门={request.department}")
    if request.date_from or request.date_to:
        start = request.date_from.isoformat() if request.date_from else ""
        end = request.date_to.isoformat() if request.date_to else ""
        parts.append(f"日期={start}至{end}")
    if request.sort != "relevance":
        parts.append(f"排序={SORT_LABELS.get(request.sort, request.sort)}")
    if request.field != "all":
        parts.append(f"范围={FIELD_LABELS.get(request.field, request.field)}")
    return "; ".join(parts)[:200]


def log_search(
    request: SearchRequest,
    result_count: int,
    *,
    ip: str,
    source: str,
    labels: dict[str, str] | None = None,
) -> int | None:
    """Log a search and return the entry's id, or find the first page's entry for a later page.

    Only page 1 writes (rule: every first-page search is one entry); for later pages the most
    recent entry of the same visitor, query and filters within ``FOLLOW_UP_WINDOW`` is returned,
    so clicks on page 2 count for the same search.  Nothing is logged (``None``) when the query
    has nothing searchable in it.
    """
    text = logged_query(request.q, request.field)
    if not text:
        return None
    client = client_hash(ip)
    filters = filters_summary(request, labels)
    if request.page > 1:
        since = timezone.now() - FOLLOW_UP_WINDOW
        return (
            QueryLog.objects.filter(query=text, filters=filters, client=client, created_at__gte=since)
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
        )
    entry = QueryLog.objects.create(
        query=text, filters=filters, result_count=result_count, client=client, source=source[:10]
    )
    return entry.id


def _popular(since: datetime.datetime, prefix: str = "", limit: int = HOT_LIMIT) -> list[str]:
    """Queries with results since ``since`` (optionally starting with ``prefix``), by the number
    of different visitors, at least ``SEARCH_POPULAR_MIN_CLIENTS`` of them."""
    minimum = max(1, int(getattr(settings, "SEARCH_POPULAR_MIN_CLIENTS", 2)))
    logs = QueryLog.objects.filter(created_at__gte=since, result_count__gt=0).exclude(query="").exclude(client="")
    if prefix:
        logs = logs.filter(query__startswith=prefix)
    rows = (
        logs.values("query")
        .annotate(visitors=Count("client", distinct=True))
        .filter(visitors__gte=minimum)
        .order_by("-visitors", "query")[:limit]
    )
    return [row["query"] for row in rows]


def hot_searches(limit: int = HOT_LIMIT) -> list[str]:
    """热门搜索: the queries of the last 30 days that found something, most visitors first;
    cached for 10 minutes."""
    key = HOT_CACHE_KEY.format(limit=limit)
    cached = cache.get(key)
    if cached is not None:
        return cached
    queries = _popular(timezone.now() - datetime.timedelta(days=HOT_DAYS), limit=limit)
    cache.set(key, queries, HOT_CACHE_SECONDS)
    return queries


def popular_completions(prefix: str, limit: int = 8) -> list[str]:
    """Logged queries of the last 30 days starting with ``prefix`` (normalised), for
    autocomplete; same rules as the hot searches."""
    if not prefix:
        return []
    return _popular(timezone.now() - datetime.timedelta(days=HOT_DAYS), prefix=prefix, limit=limit)


class ClickRejected(ValueError):
    """A click report that is not accepted; the message says why, in Chinese."""


def valid_result_url(url: str) -> bool:
    """A URL a result click may report: a path on this site (``/…``), never ``//host`` or
    ``/\\host`` (which browsers read as another host), no control characters, ≤500 characters."""
    if not url or len(url) > MAX_URL_CHARS or not url.startswith("/") or url.startswith(("//", "/\\")):
        return False
    return not any(ord(ch) < 32 or ord(ch) == 127 for ch in url)


def record_click(log_id: object, url: object, position: object) -> bool:
    """Record that a result of a logged search was opened.

    Accepts only a search logged in the last 24 hours, a URL of this site (``valid_result_url``)
    and a position from 1 to 1000; raises ``ClickRejected`` otherwise.  The same URL of the same
    search is recorded once: returns ``True`` when this call created the record.
    """
    try:
        log_pk = int(str(log_id))
        pos = int(str(position))
    except (TypeError, ValueError):
        raise ClickRejected("搜索编号和位置必须是整数。") from None
    if log_pk <= 0 or not 1 <= pos <= MAX_POSITION:
        raise ClickRejected("搜索编号或位置超出范围。")
    if not isinstance(url, str) or not valid_result_url(url):
        raise ClickRejected("网址必须是本站以“/”开头的相对路径。")
    log = QueryLog.objects.filter(pk=log_pk, created_at__gte=timezone.now() - CLICK_WINDOW).first()
    if log is None:
        raise ClickRejected("搜索记录不存在或已超过 24 小时。")
    if QueryClick.objects.filter(log=log, url=url).exists():
        return False
    try:
        with transaction.atomic():
            QueryClick.objects.create(log=log, url=url, position=pos)
    except IntegrityError:  # the same click reported twice at once
        return False
    return True
