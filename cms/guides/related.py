"""Links from a guide to the services that refer to it (commitment letter, 跨省通办 partners).

Each service module offers a provider ``links_for_guide(guide) -> list[RelatedLink]``, named
in the ``GUIDE_RELATED_PROVIDERS`` setting; the guide page shows what they return.  The
guides app never imports the modules' models (DESIGN.md: apps talk through small explicit
interfaces).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class RelatedLink:
    title: str
    url: str


@cache
def _providers() -> tuple[Callable, ...]:
    return tuple(import_string(name) for name in getattr(settings, "GUIDE_RELATED_PROVIDERS", ()))


def related_services(guide) -> list[RelatedLink]:
    links: list[RelatedLink] = []
    for provider in _providers():
        links.extend(provider(guide))
    return links
