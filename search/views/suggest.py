"""Autocomplete for the search boxes.

Rules enforced here:

- The typed text is normalised like a query (full-width → half-width, traditional →
  simplified, lower case) and its spaces removed before matching.
- Suggestions are, at most ``MAX_SUGGESTIONS`` (8), without duplicates:
  popular logged queries starting with the text (``querylog.popular_completions``: queries with
  results typed by several visitors), then indexed vocabulary terms (``VocabularyTerm``) whose
  term starts with the text, or — for Latin letters — whose full pinyin or initials start with
  it (``yyzz`` → 营业执照), most documents first.
- Answers are cached for ``CACHE_SECONDS`` under a key made from the normalised text.
"""

from __future__ import annotations

import hashlib
import re

from django.core.cache import cache
from django.db.models import Q

from ..analysis.normalize import normalize_query
from ..models import VocabularyTerm
from ..querylog import popular_completions

MAX_SUGGESTIONS = 8
CACHE_SECONDS = 60
MAX_PREFIX_CHARS = 40
_LATIN = re.compile(r"[a-z]+")


def suggest_key(text: str) -> str:
    """The cache key of a normalised prefix."""
    return "search:suggest:v1:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def normalised_prefix(q: str) -> str:
    """What suggestions are matched against: the normalised text without spaces."""
    return normalize_query(q or "").replace(" ", "")[:MAX_PREFIX_CHARS]


def _vocabulary(prefix: str, limit: int) -> list[str]:
    condition = Q(term__startswith=prefix)
    if _LATIN.fullmatch(prefix):
        condition |= Q(pinyin__startswith=prefix) | Q(initials__startswith=prefix)
    return list(
        VocabularyTerm.objects.filter(condition).order_by("-doc_count", "term").values_list("term", flat=True)[:limit]
    )


def suggestions(q: str) -> list[str]:
    """Up to eight completions for what was typed in a search box (see the module rules)."""
    prefix = normalised_prefix(q)
    if not prefix:
        return []
    key = suggest_key(prefix)
    cached = cache.get(key)
    if cached is not None:
        return cached
    found: list[str] = []
    for candidate in popular_completions(prefix, MAX_SUGGESTIONS) + _vocabulary(prefix, MAX_SUGGESTIONS):
        if candidate and candidate not in found:
            found.append(candidate)
    found = found[:MAX_SUGGESTIONS]
    cache.set(key, found, CACHE_SECONDS)
    return found
