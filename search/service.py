"""The search service: one entry point for the page, the API and the benchmark.

``search(request)`` builds the query, asks the configured engine, retries leniently when an
exact reading found nothing (any unit instead of all; a word one character off), highlights
the page of hits and adds the editors' best bets.  Only what the index holds is returned, and
the index holds only published, live, public content (see ``search.registry``).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from . import querying, registry
from .analysis.normalize import looks_like_doc_number, normalize, normalize_doc_number, strip_control
from .engines import get_engine
from .engines.ast import TEXT_FIELDS, TITLE_ONLY, any_of
from .engines.base import EngineQuery, EngineResult, Hit
from .highlight import mark, snippet

PER_PAGE = 10
#: Below this many results as typed, a corrected reading is searched as well.
FEW_RESULTS = 3
MAX_PAGE = 100
SORTS = ("relevance", "date")
FIELDS = ("all", "title", "docnum")


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    types: tuple[str, ...] = ()
    department: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = "relevance"
    field: str = "all"
    page: int = 1
    per_page: int = PER_PAGE


@dataclass
class Result:
    title: str
    title_html: SafeString
    url: str
    type: str
    type_label: str
    group: str
    department: str
    date: datetime.date | None
    doc_number: str
    snippet: SafeString

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "title_html": str(self.title_html),
            "url": self.url,
            "type": self.type,
            "type_label": self.type_label,
            "group": self.group,
            "department": self.department,
            "date": self.date.isoformat() if self.date else None,
            "doc_number": self.doc_number,
            "snippet": str(self.snippet),
        }


@dataclass
class BestBetResult:
    title: str
    url: str
    description: str


@dataclass
class SearchResponse:
    request: SearchRequest
    query: str
    total: int
    page: int
    pages: int
    results: list[Result]
    facets: dict[str, dict[str, int]]
    suggestion: str = ""
    corrected: bool = False  # results are for the suggestion
    relaxed: bool = False  # no result matched every word; results match some
    best_bets: list[BestBetResult] = field(default_factory=list)

    def groups(self) -> list[tuple[str, list[Result]]]:
        """Results grouped by kind (政府信息 / 办事服务 / …), in the registry's group order."""
        grouped: dict[str, list[Result]] = {}
        for result in self.results:
            grouped.setdefault(result.group, []).append(result)
        order = {g: i for i, g in enumerate(registry.GROUPS)}
        return sorted(grouped.items(), key=lambda kv: order.get(kv[0], 99))

    def as_json(self) -> dict:
        labels = registry.labels()
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "results": [r.as_json() for r in self.results],
            "facets": {
                "type": {k: {"label": labels.get(k, k), "count": v} for k, v in self.facets.get("type", {}).items()},
                "department": self.facets.get("department", {}),
                "year": self.facets.get("year", {}),
            },
            "suggestion": self.suggestion or None,
            "corrected": self.corrected,
            "relaxed": self.relaxed,
            "best_bets": [{"title": b.title, "url": b.url, "description": b.description} for b in self.best_bets],
        }


def _engine_query(request: SearchRequest, tree, text_fields=TEXT_FIELDS, doc_number: str = "") -> EngineQuery:
    page = min(max(request.page, 1), MAX_PAGE)
    return EngineQuery(
        match=tree,
        text_fields=text_fields,
        types=tuple(strip_control(t) for t in request.types),
        department=strip_control(request.department),
        date_from=request.date_from,
        date_to=request.date_to,
        doc_number=doc_number,
        sort=request.sort if request.sort in SORTS else "relevance",
        offset=(page - 1) * request.per_page,
        limit=request.per_page,
    )


def _result(hit: Hit, terms: list[str], labels: dict[str, str]) -> Result:
    return Result(
        title=hit.title,
        title_html=mark(hit.title, terms),
        url=hit.url,
        type=hit.type,
        type_label=labels.get(hit.type, hit.type),
        group=hit.group,
        department=hit.department,
        date=hit.date,
        doc_number=hit.doc_number,
        snippet=snippet(hit.body, terms),
    )


def search(request: SearchRequest) -> SearchResponse:
    """Run a search; never raises on user input (an unusable query finds nothing)."""
    engine = get_engine()
    page = min(max(request.page, 1), MAX_PAGE)
    text_fields = TITLE_ONLY if request.field == "title" else TEXT_FIELDS
    built = querying.build(request.q)
    result: EngineResult | None = None
    corrected = relaxed = False
    terms = built.highlight

    doc_number = ""
    if request.field == "docnum" or (request.field == "all" and looks_like_doc_number(request.q)):
        doc_number = normalize_doc_number(request.q)
        result = engine.search(_engine_query(request, None, doc_number=doc_number))
        terms = [request.q.strip()]
        if not result.total and request.field == "docnum":
            return _response(request, built.text, result, [], page)
        if not result.total:
            result = None

    if result is None:
        if built.tree is None:
            if not (request.types or request.department or request.date_from or request.date_to):
                return _response(request, built.text, EngineResult(total=0, hits=[]), [], page)
            result = engine.search(_engine_query(request, None))
        else:
            result = engine.search(_engine_query(request, built.tree, text_fields))
            if built.corrected_tree is not None and result.total < FEW_RESULTS:
                # Few results as typed: search the corrected reading too.
                corrected = result.total == 0
                result = engine.search(_engine_query(request, built.corrected_tree, text_fields))
            elif built.corrected_tree is not None:
                built.suggestion = ""  # the query as typed finds enough: nothing to correct
            if result.total == 0 and not built.suggestion:
                thorough = querying.build(request.q, thorough=True)
                if thorough.suggestion and thorough.corrected_tree is not None:
                    built, corrected = thorough, True
                    terms = built.highlight
                    result = engine.search(_engine_query(request, built.corrected_tree, text_fields))
            if result.total == 0 and len(built.clauses) > 1:
                result = engine.search(_engine_query(request, any_of(built.clauses), text_fields))
                relaxed = result.total > 0

    response = _response(request, built.text, result, terms, page)
    response.suggestion = built.suggestion
    response.corrected = corrected
    response.relaxed = relaxed
    if page == 1:
        response.best_bets = best_bets(built.text)
    return response


def _response(request: SearchRequest, text: str, result: EngineResult, terms: list[str], page: int) -> SearchResponse:
    labels = registry.labels()
    pages = max(1, min(MAX_PAGE, math.ceil(result.total / request.per_page))) if result.total else 0
    return SearchResponse(
        request=request,
        query=text,
        total=result.total,
        page=page,
        pages=pages,
        results=[_result(hit, terms, labels) for hit in result.hits],
        facets=result.facets,
    )


def best_bets(text: str) -> list[BestBetResult]:
    """The editors' pinned results for exactly this query (compared after normalisation)."""
    from .models import BestBet

    if not text:
        return []
    key = normalize(text).replace(" ", "")
    bets = BestBet.objects.filter(active=True, query_key=key).select_related("page").order_by("sort_order", "id")
    return [BestBetResult(title=b.display_title, url=b.target_url, description=b.description)
            for b in bets if b.target_url]
