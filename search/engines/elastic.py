"""The Elasticsearch engine: a stock Elasticsearch 8 cluster, no plugins.

Text arrives already analysed (``search.analysis``: space-separated jieba words and CJK
bigrams), so the text fields use a custom analyzer that is only the built-in ``whitespace``
tokenizer; positions are indexed so phrases of bigrams match with ``match_phrase``.

Indices are versioned behind an alias: searches and incremental writes go to the live alias
``<prefix>-search``; each full rebuild fills a new concrete index
``<prefix>-search-<YYYYmmddHHMMSS>-<random>`` and swaps the alias to it in one atomic
``update_aliases`` call, so searches keep answering throughout.  While a rebuild runs, its index
also carries the alias ``<prefix>-search-building`` and incremental writes go to it as well, so
nothing published or withdrawn during the rebuild is lost when the alias swaps.

Everything that decides what is sent (mapping, query body, alias actions, names) is a pure
function of this module; the engine methods only send it.  The cluster is contacted lazily, on
first use, so the engine is constructed without one.
"""

from __future__ import annotations

import datetime
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from elasticsearch import BadRequestError, Elasticsearch, NotFoundError, helpers
from elasticsearch_dsl import Date, Document, Index, Integer, Keyword, MetaField, Text, analyzer

from .ast import All, Node, Phrase, Prefix, Term
from .ast import Any as AnyNode
from .base import EngineQuery, EngineResult, Hit, IndexEntry, Rebuild, SearchEngine

#: Boost of a match in each text field (the embedded engines weigh them the same way).
FIELD_BOOSTS: dict[str, float] = {"title": 10.0, "body": 1.0, "pinyin": 5.0}
#: Stored fields a hit is built from (the analysed token fields are never sent back).
DISPLAY_FIELDS = ("key", "type", "group", "title_text", "body_text", "url", "department", "date", "doc_number")
FACET_FIELDS = ("type", "department", "year")
FACET_SIZE = 100
#: Elasticsearch's ``index.max_result_window``: from + size beyond it is refused.
MAX_RESULT_WINDOW = 10_000
#: One shard: a county portal's documents fit easily, and BM25 statistics stay exact.
SHARDS = 1
BULK_CHUNK = 500

#: Pre-segmented tokens: split on spaces, nothing else (built-in tokenizer, no plugin).
TOKENS = analyzer("gongkai_tokens", tokenizer="whitespace")
_PREFIX_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _token_field() -> Text:
    return Text(analyzer=TOKENS, index_options="positions")


class SearchDocument(Document):
    """One ``IndexEntry`` as stored: token fields for matching, keyword fields for filters
    and facets, and the display text (not indexed) the hit is built from."""

    key = Keyword()
    type = Keyword()
    group = Keyword()
    department = Keyword()
    doc_number = Keyword()
    url = Keyword(index=False)
    date = Date()
    year = Integer()
    title = _token_field()
    body = _token_field()
    pinyin = _token_field()
    title_text = Text(index=False)
    body_text = Text(index=False)

    class Meta:
        dynamic = MetaField("strict")


# --- mapping and index names ---------------------------------------------------------------------

def index_mapping() -> dict[str, Any]:
    """The ``mappings`` of every index: those of ``SearchDocument``, unknown fields refused."""
    return SearchDocument._doc_type.mapping.to_dict()


def index_body(*, replicas: int | None = None, building: bool = False,
               aliases: Mapping[str, dict] | None = None) -> dict[str, Any]:
    """The create-index body (settings with the analyzer, mappings, aliases).  A rebuild's index
    (``building``) has no replicas and no periodic refresh until ``finish``; otherwise replicas
    are ``replicas``, or the cluster default when ``None``."""
    index = Index("unused")
    settings: dict[str, Any] = {"number_of_shards": SHARDS}
    if building:
        settings.update(number_of_replicas=0, refresh_interval="-1")
    elif replicas is not None:
        settings["number_of_replicas"] = replicas
    index.settings(**settings)
    index.mapping(SearchDocument._doc_type.mapping)
    if aliases:
        index.aliases(**aliases)
    return index.to_dict()


def restored_settings(replicas: int | None) -> dict[str, Any]:
    """Settings a finished rebuild's index gets back: default refresh, its replicas (``None``
    resets to the cluster default)."""
    return {"index": {"refresh_interval": None, "number_of_replicas": replicas}}


def check_prefix(prefix: str) -> str:
    """A prefix is lowercase letters, digits, ``-`` and ``_`` (a valid start of an index name)."""
    if not _PREFIX_RE.match(prefix):
        raise ValueError(f"invalid Elasticsearch index prefix {prefix!r}")
    return prefix


def alias_name(prefix: str) -> str:
    """The live alias every search and incremental write goes to."""
    return f"{prefix}-search"


def building_alias_name(prefix: str) -> str:
    """The alias marking indices a rebuild is filling (incremental writes go there too)."""
    return f"{prefix}-search-building"


def versioned_index_name(prefix: str, now: datetime.datetime | None = None, suffix: str | None = None) -> str:
    """A new concrete index: ``<prefix>-search-<UTC YYYYmmddHHMMSS>-<6 random hex>``."""
    now = now or datetime.datetime.now(datetime.UTC)
    return f"{prefix}-search-{now:%Y%m%d%H%M%S}-{suffix or secrets.token_hex(3)}"


def bootstrap_index_name(prefix: str) -> str:
    """The index created on first use when the alias is missing.  Its name is fixed (all-zero
    time), so processes starting together create it once instead of each pointing the alias at
    an index of its own; the first rebuild replaces it."""
    return f"{prefix}-search-{'0' * 14}-init"


def is_versioned_index(prefix: str, name: str) -> bool:
    """Whether ``name`` is one of this prefix's concrete indices (never another prefix's)."""
    return re.fullmatch(rf"{re.escape(prefix)}-search-\d{{14}}-[a-z0-9]+", name) is not None


def alias_swap_actions(alias: str, new_index: str, old_indices: Iterable[str], building_alias: str) -> list[dict]:
    """The one ``update_aliases`` request that makes ``new_index`` live: the alias leaves every
    old index and joins the new one, which stops being marked as building, atomically."""
    actions: list[dict] = [{"remove": {"index": old, "alias": alias}} for old in sorted(set(old_indices) - {new_index})]
    actions.append({"add": {"index": new_index, "alias": alias}})
    actions.append({"remove": {"index": new_index, "alias": building_alias}})
    return actions


def stale_indices(prefix: str, existing: Iterable[str], keep: str) -> list[str]:
    """Versioned indices of ``prefix`` to delete once ``keep`` is live: every other one (the
    replaced index, and any left by an aborted or crashed rebuild)."""
    return sorted(name for name in set(existing) if name != keep and is_versioned_index(prefix, name))


# --- documents -----------------------------------------------------------------------------------

def document_source(entry: IndexEntry) -> dict[str, Any]:
    """The ``_source`` stored for an entry: every field present (empty values kept)."""
    doc = SearchDocument(
        key=entry.key, type=entry.type, group=entry.group, department=entry.department,
        doc_number=entry.doc_number, url=entry.url, date=entry.date, year=entry.year,
        title=entry.title_tokens, body=entry.body_tokens, pinyin=entry.pinyin_tokens,
        title_text=entry.title, body_text=entry.body,
    )
    return doc.to_dict(skip_empty=False)


def index_actions(entries: Iterable[IndexEntry], index: str) -> list[dict[str, Any]]:
    """Bulk ``index`` actions (insert or replace by key, ``_id`` = key); the last entry of a
    repeated key wins."""
    unique = {entry.key: entry for entry in entries}
    return [{"_op_type": "index", "_index": index, "_id": key, "_source": document_source(entry)}
            for key, entry in unique.items()]


def delete_actions(keys: Iterable[str], index: str) -> list[dict[str, Any]]:
    """Bulk ``delete`` actions, one per distinct key."""
    return [{"_op_type": "delete", "_index": index, "_id": key} for key in dict.fromkeys(keys)]


# --- queries -------------------------------------------------------------------------------------

def _per_field(fields: tuple[str, ...], clause: Callable[[str, float], dict[str, Any]]) -> dict[str, Any]:
    clauses = [clause(f, FIELD_BOOSTS[f]) for f in fields]
    if not clauses:
        return {"match_none": {}}
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}


def _compile_leaf(node: Term | Prefix | Phrase, fields: tuple[str, ...]) -> dict[str, Any]:
    """A leaf in each of ``fields`` (one clause, or any of several), every field boosted."""
    unknown = [f for f in fields if f not in FIELD_BOOSTS]
    if unknown:
        raise ValueError(f"unknown text field {unknown[0]!r}")
    if isinstance(node, Term):
        return _per_field(fields, lambda f, b: {"term": {f: {"value": node.token, "boost": b}}})
    if isinstance(node, Prefix):
        return _per_field(fields, lambda f, b: {"prefix": {f: {"value": node.token, "boost": b}}})
    if not node.tokens:
        return {"match_none": {}}
    text = " ".join(node.tokens)
    return _per_field(fields, lambda f, b: {"match_phrase": {f: {"query": text, "analyzer": "whitespace", "boost": b}}})


def compile_node(node: Node, text_fields: tuple[str, ...]) -> dict[str, Any]:
    """The query for a tree: a leaf matches in its field, or (``field=None``) in any of
    ``text_fields``, each field with its boost; ``All`` is ``bool.must``, ``Any`` is
    ``bool.should`` with at least one match.  Empty ``All`` matches everything, empty ``Any``
    or ``Phrase`` nothing."""
    if isinstance(node, Term | Prefix | Phrase):
        return _compile_leaf(node, (node.field,) if node.field else tuple(text_fields))
    if isinstance(node, All):
        if not node.children:
            return {"match_all": {}}
        return {"bool": {"must": [compile_node(c, text_fields) for c in node.children]}}
    if isinstance(node, AnyNode):
        if not node.children:
            return {"match_none": {}}
        return {"bool": {"should": [compile_node(c, text_fields) for c in node.children], "minimum_should_match": 1}}
    raise TypeError(f"unknown query node {node!r}")


def compile_filters(query: EngineQuery) -> list[dict[str, Any]]:
    """Filters (no effect on scores): any of ``types``, the department, the date range
    (both ends inclusive), the exact 文号."""
    filters: list[dict[str, Any]] = []
    if query.types:
        filters.append({"terms": {"type": list(query.types)}})
    if query.department:
        filters.append({"term": {"department": query.department}})
    if query.date_from or query.date_to:
        bounds: dict[str, str] = {}
        if query.date_from:
            bounds["gte"] = query.date_from.isoformat()
        if query.date_to:
            bounds["lte"] = query.date_to.isoformat()
        filters.append({"range": {"date": bounds}})
    if query.doc_number:
        filters.append({"term": {"doc_number": query.doc_number}})
    return filters


def compile_sort(query: EngineQuery) -> list[dict[str, Any]]:
    """Relevance: score, then newest; ``date`` (and every query without a text match): newest,
    then score.  Undated documents come last; the key breaks ties so pages never overlap."""
    newest = {"date": {"order": "desc", "missing": "_last"}}
    score = {"_score": {"order": "desc"}}
    first = [newest, score] if query.sort == "date" or query.match is None else [score, newest]
    return [*first, {"key": {"order": "asc"}}]


def compile_query(query: EngineQuery) -> dict[str, Any]:
    """The whole search request body: match (``None`` = all) and filters, sort, the page (kept
    inside ``max_result_window``: a page beyond it is empty, the total still exact), only the
    display fields, and the facet aggregations when ``query.facets``."""
    match = {"match_all": {}} if query.match is None else compile_node(query.match, query.text_fields)
    start = min(max(query.offset, 0), MAX_RESULT_WINDOW)
    body: dict[str, Any] = {
        "query": {"bool": {"must": [match], "filter": compile_filters(query)}},
        "sort": compile_sort(query),
        "from": start,
        "size": max(0, min(query.limit, MAX_RESULT_WINDOW - start)),
        "track_total_hits": True,
        "track_scores": True,
        "_source": list(DISPLAY_FIELDS),
    }
    if query.facets:
        body["aggs"] = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in FACET_FIELDS}
    return body


# --- responses -----------------------------------------------------------------------------------

def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(str(value)[:10]) if value else None


def hit_from(raw: Mapping[str, Any]) -> Hit:
    """A ``Hit`` from one search hit: stored display fields, the score (0 when none)."""
    src = raw.get("_source") or {}
    return Hit(
        key=src.get("key") or raw["_id"], type=src.get("type") or "", group=src.get("group") or "",
        title=src.get("title_text") or "", body=src.get("body_text") or "", url=src.get("url") or "",
        department=src.get("department") or "", date=_date(src.get("date")),
        doc_number=src.get("doc_number") or "", score=float(raw.get("_score") or 0.0),
    )


def facets_from(aggregations: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """Facet counts as the embedded engines give them: keys as strings, no empty department;
    type and department by count then name, years newest first."""
    facets: dict[str, dict[str, int]] = {name: {} for name in FACET_FIELDS}
    for name in FACET_FIELDS:
        for bucket in (aggregations.get(name) or {}).get("buckets", []):
            key = str(bucket["key"])
            if key:
                facets[name][key] = int(bucket["doc_count"])
    for name, counts in facets.items():
        ordered = sorted(counts.items(), reverse=True) if name == "year" else \
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        facets[name] = dict(ordered)
    return facets


def result_from(response: Mapping[str, Any]) -> EngineResult:
    """An ``EngineResult`` from a search response body."""
    hits = response.get("hits") or {}
    total = hits.get("total") or 0
    return EngineResult(
        total=int(total["value"] if isinstance(total, Mapping) else total),
        hits=[hit_from(raw) for raw in hits.get("hits", [])],
        facets=facets_from(response.get("aggregations") or {}),
    )


# --- the engine ----------------------------------------------------------------------------------

class ElasticsearchEngine(SearchEngine):
    """Searches and writes through the live alias; see the module docstring for the layout.

    ``refresh`` is passed to incremental bulk writes (``"wait_for"`` makes them visible before
    returning); ``replicas`` is the live index's replica count (``None``: cluster default).
    """

    name = "elasticsearch"

    def __init__(self, url: str, prefix: str = "gongkai", *, refresh: bool | str = False,
                 replicas: int | None = None) -> None:
        self.url = url
        self.prefix = check_prefix(prefix)
        self.alias = alias_name(prefix)
        self.building_alias = building_alias_name(prefix)
        self.refresh = refresh
        self.replicas = replicas
        self._client: Elasticsearch | None = None
        self._ready = False
        self._lock = threading.RLock()

    @property
    def client(self) -> Elasticsearch:
        """The client, created on first use (creating it does not connect)."""
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = Elasticsearch(self.url, request_timeout=10, retry_on_timeout=True, max_retries=2)
        return self._client

    def _ready_client(self, recheck: bool = False) -> Elasticsearch:
        """The client, once the live alias exists (created with a fresh index if missing).
        Reads trust the first check; writes (``recheck``) look again, so a write never goes to
        a missing alias after another process cleared the index."""
        client = self.client
        if recheck or not self._ready:
            with self._lock:
                if recheck or not self._ready:
                    self._ensure_alias(client)
                    self._ready = True
        return client

    def _ensure_alias(self, client: Elasticsearch) -> None:
        if client.indices.exists_alias(name=self.alias):
            return
        try:
            client.indices.create(index=bootstrap_index_name(self.prefix),
                                  **index_body(replicas=self.replicas, aliases={self.alias: {}}))
        except BadRequestError as exc:  # another process created it first
            if _error_type(exc) != "resource_already_exists_exception":
                raise

    def _indices_with_alias(self, alias: str) -> list[str]:
        """Concrete indices behind ``alias`` (none when it does not exist)."""
        response = self.client.options(ignore_status=404).indices.get_alias(name=alias)
        return sorted(response.body) if response.meta.status == 200 else []

    # -- writing ------------------------------------------------------------------------------
    def index(self, entries: list[IndexEntry]) -> None:
        """Insert or replace by key through the live alias (never creating an index by that
        name), and into any index a rebuild is filling."""
        if not entries:
            return
        client = self._ready_client(recheck=True)
        helpers.bulk(client, index_actions(entries, self.alias), chunk_size=BULK_CHUNK, refresh=self.refresh,
                     require_alias=True)
        for building in self._indices_with_alias(self.building_alias):
            helpers.bulk(client, index_actions(entries, building), chunk_size=BULK_CHUNK)

    def delete(self, keys: Iterable[str]) -> None:
        """Delete by key from the live alias and any rebuild's index; unknown keys are ignored."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return
        client = self._ready_client(recheck=True)
        helpers.bulk(client, delete_actions(keys, self.alias), chunk_size=BULK_CHUNK, refresh=self.refresh,
                     ignore_status=(404,))
        for building in self._indices_with_alias(self.building_alias):
            helpers.bulk(client, delete_actions(keys, building), chunk_size=BULK_CHUNK, ignore_status=(404,))

    def begin_rebuild(self) -> Rebuild:
        """A new versioned index marked as building; the live alias is untouched until ``finish``."""
        name = versioned_index_name(self.prefix)
        self.client.indices.create(index=name, **index_body(building=True, aliases={self.building_alias: {}}))
        return _ElasticRebuild(self, name)

    def clear(self) -> None:
        """Delete every index of this prefix, by name (clusters refuse wildcard deletes); the
        next use creates a fresh index behind the alias."""
        client = self.client
        response = client.indices.get_alias(index=f"{self.prefix}-search*", expand_wildcards="all")
        names = [n for n in response.body if n == self.alias or is_versioned_index(self.prefix, n)]
        with self._lock:
            if names:
                client.options(ignore_status=404).indices.delete(index=names)
            self._ready = False

    # -- reading ------------------------------------------------------------------------------
    def search(self, query: EngineQuery) -> EngineResult:
        """One request (``compile_query``): the page, the exact total and the facets."""
        client = self._ready_client()
        try:
            response = client.search(index=self.alias, body=compile_query(query))
        except NotFoundError:  # the alias was removed by another process: recreate, nothing to find
            self._ready = False
            self._ready_client()
            return EngineResult(total=0, hits=[])
        return result_from(response.body)

    def count_by_type(self) -> dict[str, int]:
        """Documents per type, by type name, from a terms aggregation."""
        response = self._ready_client().search(
            index=self.alias, size=0, track_total_hits=False,
            aggs={"type": {"terms": {"field": "type", "size": 1000}}},
        )
        buckets = response.body.get("aggregations", {}).get("type", {}).get("buckets", [])
        return dict(sorted((b["key"], b["doc_count"]) for b in buckets))

    def stored_text(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Stored ``(title, body)`` by key, with one ``mget`` through the live alias."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return {}
        response = self._ready_client().mget(index=self.alias, ids=keys, source_includes=["title_text", "body_text"])
        return {doc["_id"]: (doc["_source"].get("title_text", ""), doc["_source"].get("body_text", ""))
                for doc in response.body.get("docs", []) if doc.get("found")}

    def keys(self) -> Iterator[str]:
        """Every key behind the live alias, by scroll (no sources fetched)."""
        client = self._ready_client()
        for raw in helpers.scan(client, index=self.alias, query={"_source": False}, size=1000):
            yield raw["_id"]


def _error_type(exc: BadRequestError) -> str:
    """Elasticsearch's error type (``resource_already_exists_exception`` …) of a failed request."""
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    return error.get("type", "") if isinstance(error, dict) else str(exc.message)


class _ElasticRebuild(Rebuild):
    """Fills one new versioned index; ``finish`` makes it live, ``abort`` drops it."""

    def __init__(self, engine: ElasticsearchEngine, index: str) -> None:
        self.engine = engine
        self.index = index
        self.done = False

    def add(self, entries: list[IndexEntry]) -> None:
        """Bulk-index into the new index only; nothing is visible until ``finish``."""
        if self.done:
            raise RuntimeError("rebuild already finished")
        if entries:
            helpers.bulk(self.engine.client, index_actions(entries, self.index), chunk_size=BULK_CHUNK)

    def finish(self) -> None:
        """Restore refresh and replicas, refresh, swap the alias in one request, then delete
        every other versioned index of the prefix."""
        engine, client = self.engine, self.engine.client
        if self.index not in engine._indices_with_alias(engine.building_alias):
            # Deleted meanwhile (a concurrent rebuild or clear): whatever has this name now was
            # auto-created by a write, without our mapping; never make it live.
            raise RuntimeError(f"index {self.index} vanished during the rebuild; the live index is unchanged")
        client.indices.put_settings(index=self.index, settings=restored_settings(engine.replicas))
        client.indices.refresh(index=self.index)
        old = engine._indices_with_alias(engine.alias)
        client.indices.update_aliases(actions=alias_swap_actions(engine.alias, self.index, old,
                                                                 engine.building_alias))
        self.done = True
        engine._ready = True
        existing = client.indices.get_alias(index=f"{engine.prefix}-search-*", expand_wildcards="all").body
        stale = stale_indices(engine.prefix, existing, keep=self.index)
        if stale:
            client.options(ignore_status=404).indices.delete(index=stale)

    def abort(self) -> None:
        """Drop the new index; the live alias never moved."""
        self.done = True
        self.engine.client.options(ignore_status=404).indices.delete(index=self.index)
