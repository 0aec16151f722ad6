"""Links from a guide to the services that refer to it (commitment letter, 跨省通办 partners).

Modules declare a provider with ``register_related``; a guide page shows what they return.
This keeps the guides app ignorant of the modules' models (DESIGN.md: apps talk through small
explicit interfaces).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RelatedLink:
    title: str
    url: str


_providers: list[Callable] = []


def register_related(provider: Callable) -> Callable:
    """Register ``provider(guide) -> list[RelatedLink]``; usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def related_services(guide) -> list[RelatedLink]:
    links: list[RelatedLink] = []
    for provider in _providers:
        links.extend(provider(guide))
    return links
