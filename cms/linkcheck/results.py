"""The answer for one link, shared by the internal resolver and the external checker."""

from __future__ import annotations

from typing import NamedTuple


class LinkResult(NamedTuple):
    """Whether a link works: ``ok``; the HTTP status when one is known; a Chinese reason when broken.

    ``status`` is ``None`` when no HTTP answer exists (a page resolved in the page tree without a
    request, a timeout, an unknown host).  ``reason`` is empty for a working link.
    """

    ok: bool
    status: int | None
    reason: str = ""
