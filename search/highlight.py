"""Highlighted titles and snippets, the same for every engine.

Matching runs on a simplified, lower-cased copy of the text (character for character, so
positions carry over to the original); matches are wrapped in ``<em>`` and everything else is
escaped, so stored text can never inject markup.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis.normalize import to_simplified

SNIPPET_CHARS = 140


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    folded = to_simplified(text).lower()
    taken = [False] * len(text)
    spans: list[tuple[int, int]] = []
    for term in sorted({t.lower() for t in terms if t}, key=len, reverse=True):
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            if not any(taken[start:end]):
                spans.append((start, end))
                for i in range(start, end):
                    taken[i] = True
            start = folded.find(term, end)
    return sorted(spans)


def _render(text: str, spans: list[tuple[int, int]], offset: int = 0) -> str:
    out: list[str] = []
    cursor = 0
    for start, end in spans:
        start, end = start - offset, end - offset
        if start < 0 or end > len(text):
            continue
        out.append(escape(text[cursor:start]))
        out.append(f"<em>{escape(text[start:end])}</em>")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def mark(text: str, terms: list[str]) -> SafeString:
    """The whole text with every term wrapped in ``<em>``."""
    return mark_safe(_render(text, _spans(text, terms)))  # noqa: S308 - every piece is escaped


def snippet(text: str, terms: list[str], length: int = SNIPPET_CHARS) -> SafeString:
    """About ``length`` characters of ``text`` around its first match, matches in ``<em>``."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    spans = _spans(text, terms)
    start = 0
    if spans:
        start = max(0, spans[0][0] - length // 5)
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    window = text[start:end]
    inside = [(s, e) for s, e in spans if s >= start and e <= end]
    body = _render(window, inside, offset=start)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + body + suffix)  # noqa: S308 - every piece is escaped
