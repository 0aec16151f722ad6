"""The public search page ``/search/`` (站内搜索).

Rules enforced here:

- An empty query shows only the search form and the hot searches (热门搜索), never an error.
- Results come from ``search.service.search`` and are shown grouped by kind
  (``SearchResponse.groups()``: 政府信息 / 办事服务 / …); each result link carries the search's
  log id and its overall position (``data-log`` / ``data-pos``) for click reporting.
- Invalid parameters are ignored with a notice (``params.parse``), never an error page.
- Facet links (类型 / 部门 / 年份) add or remove one filter and keep every other parameter; the
  type facet is counted without the type filter, so more types can be added to a selection.
- Pagination shows at most ``MAX_PAGE`` (100) pages.
- Hot searches are shown when the query is empty or found nothing.
- A first-page search is logged (``querylog.log_search``); the page is never cached.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import querylog, registry
from ..ratelimit import Decision, client_ip, rate_limited
from ..service import MAX_PAGE, Result, SearchResponse, search
from .params import SearchParams, parse

PAGE_WINDOW = 2  # page numbers shown on each side of the current one


@dataclass(frozen=True)
class FacetLink:
    """One value of a facet: its label, count, whether it is selected, and the URL that
    toggles it."""

    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class Chip:
    """One active filter and the URL without it."""

    label: str
    url: str


@dataclass(frozen=True)
class ShownResult:
    """A result with its overall position (1 = first result of page 1) and its URL as shown."""

    result: Result
    position: int
    display_url: str


class Links:
    """URLs of the search page built from the canonical parameters (see ``SearchParams``)."""

    def __init__(self, params: SearchParams) -> None:
        self.params = params
        self.path = reverse("search:page")

    def url(self, page: int = 1, **changes) -> str:
        items = self.params.query_items(**changes)
        if page > 1:
            items.append(("page", str(page)))
        return f"{self.path}?{urlencode(items)}" if items else self.path


def _type_facets(params: SearchParams, counts: dict[str, int], links: Links) -> list[FacetLink]:
    labels = registry.labels()
    keys = list(counts)
    keys.extend(t for t in params.types if t not in counts)
    facets = []
    for key in keys:
        selected = key in params.types
        types = [t for t in params.types if t != key] if selected else [*params.types, key]
        facets.append(FacetLink(labels.get(key, key), counts.get(key, 0), selected, links.url(type=types)))
    return facets


def _department_facets(params: SearchParams, counts: dict[str, int], links: Links) -> list[FacetLink]:
    names = list(counts)
    if params.department and params.department not in counts:
        names.append(params.department)
    return [
        FacetLink(name, counts.get(name, 0), name == params.department,
                  links.url(department="" if name == params.department else name))
        for name in names
    ]


def _selected_year(params: SearchParams) -> str:
    if (params.date_from and params.date_to and params.date_from.year == params.date_to.year
            and (params.date_from.month, params.date_from.day) == (1, 1)
            and (params.date_to.month, params.date_to.day) == (12, 31)):
        return str(params.date_from.year)
    return ""


def _year_facets(params: SearchParams, counts: dict[str, int], links: Links) -> list[FacetLink]:
    selected = _selected_year(params)
    years = sorted(set(counts) | ({selected} if selected else set()), reverse=True)
    facets = []
    for year in years:
        if year == selected:
            url = links.url(**{"from": "", "to": ""})
        else:
            url = links.url(**{"from": f"{year}-01-01", "to": f"{year}-12-31"})
        facets.append(FacetLink(f"{year}年", counts.get(year, 0), year == selected, url))
    return facets


def _chips(params: SearchParams, links: Links) -> list[Chip]:
    labels = registry.labels()
    chips = [Chip(f"类型：{labels.get(t, t)}", links.url(type=[x for x in params.types if x != t]))
             for t in params.types]
    if params.department:
        chips.append(Chip(f"部门：{params.department}", links.url(department="")))
    if params.date_from or params.date_to:
        start = params.date_from.isoformat() if params.date_from else "不限"
        end = params.date_to.isoformat() if params.date_to else "不限"
        chips.append(Chip(f"日期：{start} 至 {end}", links.url(**{"from": "", "to": ""})))
    if params.field != "all":
        chips.append(Chip(f"范围：{querylog.FIELD_LABELS[params.field]}", links.url(field="")))
    return chips


def _pagination(params: SearchParams, response: SearchResponse, links: Links) -> dict | None:
    """上一页 / page numbers (with the first and last, gaps as …) / 下一页, at most 100 pages."""
    last = min(response.pages, MAX_PAGE)
    if last <= 1:
        return None
    number = params.page
    centre = min(number, last)
    window = range(max(1, centre - PAGE_WINDOW), min(last, centre + PAGE_WINDOW) + 1)
    numbers: list[tuple[int | None, str]] = []
    if window[0] > 1:
        numbers.append((1, links.url(page=1)))
        if window[0] > 2:
            numbers.append((None, ""))
    numbers.extend((n, links.url(page=n)) for n in window)
    if window[-1] < last:
        if window[-1] < last - 1:
            numbers.append((None, ""))
        numbers.append((last, links.url(page=last)))
    return {
        "number": number,
        "last": last,
        "previous_url": links.url(page=min(number - 1, last)) if number > 1 else "",
        "next_url": links.url(page=number + 1) if number < last else "",
        "numbers": numbers,
        "truncated": response.total > last * response.request.per_page,
    }


def _grouped(request: HttpRequest, response: SearchResponse) -> list[tuple[str, int, list[ShownResult]]]:
    """``response.groups()`` as ``(group, results of the group in the whole search, results of
    this page)``, each result with its overall position in the service's order."""
    offset = (response.page - 1) * response.request.per_page
    positions = {id(result): offset + i + 1 for i, result in enumerate(response.results)}
    origin = f"{request.scheme}://{request.get_host()}"
    group_totals: dict[str, int] = {}
    for key, count in response.facets.get("type", {}).items():
        searchable = registry.get_type(key)
        if searchable is not None:
            group_totals[searchable.group] = group_totals.get(searchable.group, 0) + count

    def shown(result: Result) -> ShownResult:
        url = result.url
        display = origin + url if url.startswith("/") and not url.startswith("//") else url
        return ShownResult(result, positions[id(result)], display)

    return [(group, max(group_totals.get(group, 0), len(results)), [shown(r) for r in results])
            for group, results in response.groups()]


def page_context(request: HttpRequest, params: SearchParams, response: SearchResponse | None,
                 type_counts: dict[str, int] | None, log_id: int | None) -> dict:
    """Everything the template shows for one search."""
    links = Links(params)
    context: dict = {
        "params": params,
        "q": params.q,
        "response": response,
        "log_id": log_id or "",
        "notices": [*params.problems, *params.notices],
        "field_choices": [("all", "全文"), ("title", "仅搜索标题"), ("docnum", "文号精确搜索")],
        "hidden_filters": [(k, v) for k, v in params.query_items(q="", **{"from": "", "to": ""}, field="")],
        "clear_url": links.url(type=[], department="", **{"from": "", "to": ""}, field=""),
    }
    if response is not None:
        facets = response.facets
        context.update({
            "groups": _grouped(request, response),
            "type_facets": _type_facets(params, type_counts if type_counts is not None else facets.get("type", {}),
                                        links),
            "department_facets": _department_facets(params, facets.get("department", {}), links),
            "year_facets": _year_facets(params, facets.get("year", {}), links),
            "chips": _chips(params, links),
            "sort_links": [("relevance", "相关度", links.url(sort="")), ("date", "时间", links.url(sort="date"))],
            "pagination": _pagination(params, response, links),
            "suggestion_url": links.url(q=response.suggestion) if response.suggestion else "",
            "beyond_last": bool(response.total) and params.page > response.pages,
            "first_url": links.url(),
        })
    if response is None or response.total == 0:
        context["hot_searches"] = [(text, Links(SearchParams(q=text)).url()) for text in querylog.hot_searches()]
    return context


def too_many(request: HttpRequest, decision: Decision) -> HttpResponse:
    """The 429 page (``Retry-After`` is added by the rate limiter)."""
    return render(request, "search/rate_limited.html", {"decision": decision}, status=429)


@require_safe
@never_cache
@rate_limited("search", "SEARCH_RATE_LIMIT", too_many)
def search_page(request: HttpRequest) -> HttpResponse:
    """``GET /search/``: the search page (see the module rules)."""
    params = parse(request.GET)
    response = type_counts = log_id = None
    if not params.blank:
        search_request = params.search_request()
        response = search(search_request)
        if params.types:
            # The type facet as if no type were chosen, so another type can be added.
            broader = search(dataclasses.replace(search_request, types=(), page=1, per_page=1))
            type_counts = broader.facets.get("type", {})
        if request.method == "GET":  # a HEAD request is no search
            log_id = querylog.log_search(search_request, response.total, ip=client_ip(request), source="page",
                                         labels=registry.labels())
    return render(request, "search/search_page.html", page_context(request, params, response, type_counts, log_id))
