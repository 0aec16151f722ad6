"""The contract every search engine keeps, so the service and its tests do not care which
engine answers.

An engine stores ``IndexEntry`` rows (text already analysed into space-separated tokens by
``search.analysis``), deletes them by key, and answers an ``EngineQuery`` (a query tree from
``engines.ast`` plus filters, sort and page) with an ``EngineResult``: the total, one page of
``Hit`` rows with their stored fields, and facet counts over the whole match.
"""

from __future__ import annotations

import abc
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .ast import TEXT_FIELDS, Node

#: Characters of body text an engine stores for snippets.
STORED_BODY_CHARS = 3000
#: Characters of body text analysed into tokens.
INDEXED_BODY_CHARS = 20000


@dataclass(frozen=True)
class IndexEntry:
    """One searchable object, analysed and ready to store."""

    key: str  # "<type>:<pk>", unique across types
    type: str
    group: str
    title: str
    body: str  # plain text, at most STORED_BODY_CHARS
    url: str
    department: str
    date: datetime.date | None
    doc_number: str  # normalised 文号, "" when none
    title_tokens: str
    body_tokens: str
    pinyin_tokens: str

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


@dataclass(frozen=True)
class EngineQuery:
    """What to find: a query tree (``None`` = everything) and filters, sort and page."""

    match: Node | None
    text_fields: tuple[str, ...] = TEXT_FIELDS
    types: tuple[str, ...] = ()
    department: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    doc_number: str = ""  # exact, normalised 文号
    sort: str = "relevance"  # or "date"
    offset: int = 0
    limit: int = 10
    facets: bool = True


@dataclass(frozen=True)
class Hit:
    key: str
    type: str
    group: str
    title: str
    body: str
    url: str
    department: str
    date: datetime.date | None
    doc_number: str
    score: float = 0.0


@dataclass
class EngineResult:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=lambda: {"type": {}, "department": {}, "year": {}})


class Rebuild(abc.ABC):
    """A full rebuild in progress: entries go in, ``finish`` makes them the live index and
    drops whatever the rebuild did not write.  Searches keep answering throughout."""

    @abc.abstractmethod
    def add(self, entries: list[IndexEntry]) -> None: ...

    @abc.abstractmethod
    def finish(self) -> None: ...

    def abort(self) -> None:  # noqa: B027 - optional: the embedded rebuild writes in place
        """Leave the live index as it was."""


class SearchEngine(abc.ABC):
    """One engine; instances are shared by a process and must be thread-safe."""

    name: str = ""

    @abc.abstractmethod
    def index(self, entries: list[IndexEntry]) -> None:
        """Insert or replace entries by key (idempotent)."""

    @abc.abstractmethod
    def delete(self, keys: Iterable[str]) -> None:
        """Remove entries by key; unknown keys are ignored (idempotent)."""

    @abc.abstractmethod
    def search(self, query: EngineQuery) -> EngineResult: ...

    @abc.abstractmethod
    def count_by_type(self) -> dict[str, int]:
        """Documents per type."""

    @abc.abstractmethod
    def stored_text(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """The stored ``(title, body)`` of these keys (missing keys are left out): what the
        vocabulary loses when a document is replaced or removed."""

    @abc.abstractmethod
    def keys(self) -> Iterator[str]:
        """Every stored key (for consistency checks)."""

    @abc.abstractmethod
    def begin_rebuild(self) -> Rebuild: ...

    @abc.abstractmethod
    def clear(self) -> None:
        """Remove everything (tests, and ``rebuild_search_index --clear``)."""
