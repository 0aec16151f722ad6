"""The engine-neutral query tree the service builds and every engine compiles.

Leaves carry normalised tokens; ``field=None`` means "the query's text fields" (title and body,
or the title alone for a title-only search); ``field="pinyin"`` targets the pinyin tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    """One token, whole."""

    token: str
    field: str | None = None


@dataclass(frozen=True)
class Prefix:
    """Any token starting with ``token`` (autocomplete, one-character units)."""

    token: str
    field: str | None = None


@dataclass(frozen=True)
class Phrase:
    """Tokens adjacent and in order: bigrams of a part of a word, or a quoted phrase."""

    tokens: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True)
class All:
    """Every child matches."""

    children: tuple[Node, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Any:
    """At least one child matches."""

    children: tuple[Node, ...] = field(default_factory=tuple)


Node = Term | Prefix | Phrase | All | Any

TEXT_FIELDS = ("title", "body")
TITLE_ONLY = ("title",)


def any_of(nodes: list[Node]) -> Node:
    """``Any`` of distinct nodes, or the node itself when there is one."""
    unique = list(dict.fromkeys(nodes))
    return unique[0] if len(unique) == 1 else Any(tuple(unique))


def all_of(nodes: list[Node]) -> Node:
    """``All`` of distinct nodes, or the node itself when there is one."""
    unique = list(dict.fromkeys(nodes))
    return unique[0] if len(unique) == 1 else All(tuple(unique))

