"""Plain text out of stored HTML and StreamField data, cheaply (no template rendering)."""

from __future__ import annotations

import html
import re
from typing import Any

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def html_to_text(value: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed."""
    if not value:
        return ""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", str(value)))).strip()


def stream_text(value: Any) -> str:
    """All strings inside StreamField raw data (rich text blocks included), as plain text."""
    raw = getattr(value, "raw_data", value)
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            parts.append(html_to_text(node))
        elif isinstance(node, dict):
            for key, item in node.items():
                if key not in ("type", "id"):
                    walk(item)
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item)

    walk(list(raw) if raw is not None else [])
    return " ".join(p for p in parts if p)
