"""The search API: search, autocomplete and click reports, all JSON in UTF-8.

- ``GET /api/search`` answers ``SearchResponse.as_json()`` (the page number included).  Its
  parameters follow ``params.parse``; a value that breaks those rules answers **400** with
  ``{"error": "…"}`` (the page would ignore it and say so).  ``q`` itself is never an error.
  An empty ``q`` with filters lists the filtered items (the service's browsing mode); with
  neither, the answer is empty.  A first-page search with a query is logged; the log id is
  sent in the ``X-Search-Log`` header.
- ``GET /api/search/suggest?q=`` answers ``{"query": q, "suggestions": [...]}``; with
  ``format=opensearch`` it answers the OpenSearch suggestions format ``[q, [...]]``.
- ``POST /api/search/click`` (JSON or form fields ``log``, ``url``, ``pos``) records a result
  opened from a logged search; CSRF-exempt because it can only add a click to a recent search
  (see ``querylog.record_click``).  204 when accepted, 400 with ``{"error": …}`` otherwise.

Every endpoint is rate-limited per visitor (``search.ratelimit``): 429 with a JSON ``error``.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from .. import querylog, registry
from ..ratelimit import Decision, client_ip, rate_limited
from ..service import search
from .params import MAX_Q_CHARS, clean_text, parse
from .suggest import suggestions

JSON_TYPE = "application/json; charset=utf-8"
SUGGESTIONS_TYPE = "application/x-suggestions+json; charset=utf-8"
MAX_CLICK_BODY = 4096


def json_response(data: object, status: int = 200, content_type: str = JSON_TYPE) -> JsonResponse:
    """JSON with Chinese kept as is (``ensure_ascii=False``), declared as UTF-8."""
    return JsonResponse(data, status=status, safe=False, content_type=content_type,
                        json_dumps_params={"ensure_ascii": False})


def error(message: str, status: int = 400) -> JsonResponse:
    return json_response({"error": message}, status=status)


def too_many(request: HttpRequest, decision: Decision) -> HttpResponse:
    """The 429 answer of the API (``Retry-After`` is added by the rate limiter)."""
    return error(f"请求过于频繁，每分钟最多 {decision.limit} 次，请 {decision.retry_after} 秒后再试。", status=429)


@require_safe
@never_cache
@rate_limited("search", "SEARCH_RATE_LIMIT", too_many)
def api_search(request: HttpRequest) -> HttpResponse:
    """``GET /api/search``: the service's answer as JSON, 400 on invalid parameters."""
    params = parse(request.GET)
    if params.problems:
        return error("".join(params.problems))
    search_request = params.search_request()
    response = search(search_request)
    log_id = None
    if request.method == "GET":  # a HEAD request is no search
        log_id = querylog.log_search(search_request, response.total, ip=client_ip(request), source="api",
                                     labels=registry.labels())
    answer = json_response(response.as_json())
    if log_id:
        answer["X-Search-Log"] = str(log_id)
    return answer


@require_safe
@rate_limited("suggest", "SEARCH_SUGGEST_RATE_LIMIT", too_many)
def api_suggest(request: HttpRequest) -> HttpResponse:
    """``GET /api/search/suggest?q=``: completions for a search box (``format=opensearch``:
    the OpenSearch suggestions format)."""
    q = clean_text(request.GET.get("q", ""), MAX_Q_CHARS, strip=False)  # echoed as typed
    found = suggestions(q)
    if request.GET.get("format") == "opensearch":
        answer = json_response([q, found], content_type=SUGGESTIONS_TYPE)
    else:
        answer = json_response({"query": q, "suggestions": found})
    answer["Cache-Control"] = "public, max-age=60"
    return answer


def _click_fields(request: HttpRequest) -> dict[str, object] | None:
    if len(request.body) > MAX_CLICK_BODY:
        return None
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
        return data if isinstance(data, dict) else None
    return request.POST.dict()


@csrf_exempt
@require_POST
@rate_limited("click", "SEARCH_SUGGEST_RATE_LIMIT", too_many)
def api_click(request: HttpRequest) -> HttpResponse:
    """``POST /api/search/click``: record one opened result of a logged search."""
    fields = _click_fields(request)
    if fields is None:
        return error("请求内容无法解析，应为 JSON 对象或表单。")
    try:
        querylog.record_click(fields.get("log", fields.get("log_id")), fields.get("url"),
                              fields.get("pos", fields.get("position")))
    except querylog.ClickRejected as rejected:
        return error(str(rejected))
    return HttpResponse(status=204)
