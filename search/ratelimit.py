"""Rate limits of the public search: a fixed window per minute and per visitor.

Rules enforced here:

- The visitor is the client IP address: ``REMOTE_ADDR``, or the first ``X-Forwarded-For`` entry
  only when ``SEARCH_TRUST_X_FORWARDED_FOR`` is ``True`` (set it only behind a proxy that
  overwrites the header; otherwise anyone could pick their own address).
- The counter lives in the Django cache (shared by every process) under a key built from the
  keyed hash of the address (``querylog.client_hash``), never the address itself.
- A window is one clock minute; the limit per window comes from a setting read with a default
  (``SEARCH_RATE_LIMIT``: 60 for the page and the search API together,
  ``SEARCH_SUGGEST_RATE_LIMIT``: 240 for autocomplete and click reports).  A limit of 0 or less
  switches the check off.
- Over the limit the view is not run: the caller answers 429 with ``Retry-After`` (the seconds
  left in the window).
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from .querylog import client_hash

WINDOW_SECONDS = 60
DEFAULT_LIMITS = {"SEARCH_RATE_LIMIT": 60, "SEARCH_SUGGEST_RATE_LIMIT": 240}


def client_ip(request: HttpRequest) -> str:
    """The visitor's IP address: ``REMOTE_ADDR``, or the first ``X-Forwarded-For`` entry when
    ``SEARCH_TRUST_X_FORWARDED_FOR`` is set; ``""`` when neither is a valid address."""
    candidate = ""
    if getattr(settings, "SEARCH_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        candidate = forwarded.split(",")[0].strip()
    if not candidate:
        candidate = request.META.get("REMOTE_ADDR", "") or ""
    try:
        return str(ipaddress.ip_address(candidate.strip()))
    except ValueError:
        return ""


@dataclass(frozen=True)
class Decision:
    """The outcome of one check: allowed or not, and the seconds until the window resets."""

    allowed: bool
    retry_after: int
    limit: int
    count: int


def limit_for(setting: str) -> int:
    """The per-minute limit of a setting (``getattr`` with the documented default)."""
    try:
        return int(getattr(settings, setting, DEFAULT_LIMITS.get(setting, 60)))
    except (TypeError, ValueError):
        return DEFAULT_LIMITS.get(setting, 60)


def check(scope: str, ip: str, limit: int, now: float | None = None) -> Decision:
    """Count one request of ``ip`` in ``scope`` in the current minute and say whether it is
    within ``limit`` (fixed window; the counter expires with its window)."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
    if limit <= 0:
        return Decision(True, retry_after, limit, 0)
    visitor = client_hash(ip) or "anonymous"
    digest = hashlib.sha256(f"{scope}|{visitor}".encode()).hexdigest()[:24]
    key = f"search:rate:{digest}:{window}"
    cache.add(key, 0, WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS + 5)
        count = 1
    return Decision(count <= limit, retry_after, limit, count)


def rate_limited(
    scope: str, setting: str, reject: Callable[[HttpRequest, Decision], HttpResponse]
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view with the per-minute limit of ``setting``, counted in ``scope``; over the
    limit, ``reject(request, decision)`` answers instead (with ``Retry-After`` added here)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            decision = check(scope, client_ip(request), limit_for(setting))
            if not decision.allowed:
                response = reject(request, decision)
                response.status_code = 429
                response["Retry-After"] = str(decision.retry_after)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
