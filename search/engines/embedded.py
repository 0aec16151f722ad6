"""The embedded engine: full text on the database in use, no other service.

Documents live in ``search_indexeddocument``; the analysed tokens live in an FTS5 table
(``search_fts``, rowid = document id) on SQLite and in a weighted ``tsv`` column with a GIN
index on PostgreSQL.  Both engines rank (FTS5 ``bm25``, PostgreSQL ``ts_rank``) with the title
ten times the body; highlighting is done by the service, the same for every engine.

A full rebuild rewrites documents in place, batch by batch, and finally deletes the ones it
did not write (by ``indexed_at``), so searches keep answering during a rebuild.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction

from .ast import All, Node, Phrase, Prefix, Term
from .ast import Any as AnyNode
from .base import EngineQuery, EngineResult, Hit, IndexEntry, Rebuild, SearchEngine

TABLE = "search_indexeddocument"
DOC_COLUMNS = ("key", "type", "group", "title", "body", "url", "department", "date", "year", "doc_number",
               "indexed_at")
_SELECT = "d.key, d.type, d.\"group\", d.title, d.body, d.url, d.department, d.date, d.doc_number"


def _doc_row(entry: IndexEntry, stamp: float) -> tuple:
    return (entry.key, entry.type, entry.group, entry.title[:500], entry.body, entry.url[:500],
            entry.department[:100], entry.date, entry.year, entry.doc_number[:100], stamp)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class EmbeddedEngine(SearchEngine):
    """What both embedded variants share: the document table, filters, facets, rebuilds."""

    def _write(self, entries: list[IndexEntry], stamp: float) -> None:
        raise NotImplementedError

    def _delete_ids(self, cursor, ids: list[int]) -> None:
        """Remove the full-text rows of these documents (the document rows go separately)."""

    def _match_sql(self, query: EngineQuery) -> tuple[str, str, list[Any], str]:
        """``(from_clause, where_clause, params, score_expression)`` for a query tree."""
        raise NotImplementedError

    # -- writing -------------------------------------------------------------------------------
    def index(self, entries: list[IndexEntry]) -> None:
        if not entries:
            return
        unique = list({entry.key: entry for entry in entries}.values())
        with transaction.atomic():
            for chunk in _chunks(unique, 500):
                self._write(chunk, time.time())

    def delete(self, keys: Iterable[str]) -> None:
        keys = list(dict.fromkeys(keys))
        if not keys:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for chunk in _chunks(keys, 500):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT id FROM {TABLE} WHERE key IN ({marks})", chunk)
                ids = [row[0] for row in cursor.fetchall()]
                if ids:
                    self._delete_ids(cursor, ids)
                    cursor.execute(f"DELETE FROM {TABLE} WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            self._clear_fulltext(cursor)
            cursor.execute(f"DELETE FROM {TABLE}")

    def _clear_fulltext(self, cursor) -> None:
        """Empty the full-text structure."""

    def begin_rebuild(self) -> Rebuild:
        return _EmbeddedRebuild(self, time.time())

    def _delete_older_than(self, stamp: float) -> int:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {TABLE} WHERE indexed_at < %s", [stamp])
            ids = [row[0] for row in cursor.fetchall()]
            for chunk in _chunks(ids, 500):
                self._delete_ids(cursor, chunk)
                cursor.execute(f"DELETE FROM {TABLE} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)
        return len(ids)

    # -- reading -------------------------------------------------------------------------------
    def count_by_type(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT type, COUNT(*) FROM {TABLE} GROUP BY type ORDER BY type")
            return {row[0]: row[1] for row in cursor.fetchall()}

    def stored_text(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        keys = list(dict.fromkeys(keys))
        found: dict[str, tuple[str, str]] = {}
        with connection.cursor() as cursor:
            for chunk in _chunks(keys, 500):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT key, title, body FROM {TABLE} WHERE key IN ({marks})", chunk)
                found.update((key, (title, body)) for key, title, body in cursor.fetchall())
        return found

    def keys(self) -> Iterator[str]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT key FROM {TABLE} ORDER BY id")
            for (key,) in cursor.fetchall():
                yield key

    @staticmethod
    def _filters(query: EngineQuery) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if query.types:
            clauses.append(f"d.type IN ({', '.join(['%s'] * len(query.types))})")
            params.extend(query.types)
        if query.department:
            clauses.append("d.department = %s")
            params.append(query.department)
        if query.date_from:
            clauses.append("d.date >= %s")
            params.append(query.date_from)
        if query.date_to:
            clauses.append("d.date <= %s")
            params.append(query.date_to)
        if query.doc_number:
            clauses.append("d.doc_number = %s")
            params.append(query.doc_number)
        return clauses, params

    @staticmethod
    def _order(query: EngineQuery, prefix: str) -> str:
        """Newest first for a date sort or a browse; best score first otherwise; undated last."""
        date, ident = f"{prefix}date", f"{prefix}id"
        undated = f"{date} DESC NULLS LAST" if connection.vendor == "postgresql" else f"{date} IS NULL, {date} DESC"
        if query.sort == "date" or query.match is None:
            return f"{undated}, score DESC, {ident} DESC"
        return f"score DESC, {undated}, {ident} DESC"

    def search(self, query: EngineQuery) -> EngineResult:
        filters, filter_params = self._filters(query)
        if query.match is not None:
            source, match_where, match_params, score = self._match_sql(query)
        else:
            source, match_where, match_params, score = f"{TABLE} d", "", [], "0.0"
        where = [w for w in [match_where, *filters] if w]
        where_sql = ("WHERE " + " AND ".join(where)) if where else ""
        params = match_params + filter_params
        facets: dict[str, dict[str, int]] = {"type": {}, "department": {}, "year": {}}
        hits: list[Hit] = []
        with connection.cursor() as cursor:
            if query.facets:
                # One pass over the matches (materialised once) gives the facets, the total
                # (the sum of the type counts) and the ids of the page, in one statement.
                cursor.execute(
                    f"WITH m AS MATERIALIZED (SELECT d.id AS id, d.type AS type, d.department AS department, "
                    f"d.year AS year, d.date AS date, {score} AS score FROM {source} {where_sql}), "
                    f"p AS (SELECT id, score FROM m ORDER BY {self._order(query, '')} LIMIT %s OFFSET %s) "
                    "SELECT 'type', type, COUNT(*), CAST(NULL AS REAL) FROM m GROUP BY type "
                    "UNION ALL SELECT 'department', department, COUNT(*), CAST(NULL AS REAL) FROM m "
                    "WHERE department <> '' GROUP BY department "
                    "UNION ALL SELECT 'year', CAST(year AS TEXT), COUNT(*), CAST(NULL AS REAL) FROM m "
                    "WHERE year IS NOT NULL GROUP BY year "
                    "UNION ALL SELECT 'hit', CAST(id AS TEXT), 0, CAST(score AS REAL) FROM p",
                    [*params, query.limit, query.offset],
                )
                page: list[tuple[int, float]] = []
                for facet, value, count, rank in cursor.fetchall():
                    if facet == "hit":
                        page.append((int(value), float(rank or 0)))
                    else:
                        facets[facet][str(value)] = count
                total = sum(facets["type"].values())
                if page:
                    ids = [pk for pk, _ in page]
                    cursor.execute(f"SELECT d.id, {_SELECT} FROM {TABLE} d WHERE d.id IN "
                                   f"({', '.join(['%s'] * len(ids))})", ids)
                    rows = {row[0]: row[1:] for row in cursor.fetchall()}
                    ranks = dict(page)
                    hits = [self._hit((*rows[pk], ranks[pk])) for pk in ids if pk in rows]
            else:
                cursor.execute(f"SELECT COUNT(*) FROM {source} {where_sql}", params)
                total = cursor.fetchone()[0]
                if total > query.offset:
                    cursor.execute(
                        f"SELECT {_SELECT}, {score} AS score FROM {source} {where_sql} "
                        f"ORDER BY {self._order(query, 'd.')} LIMIT %s OFFSET %s",
                        [*params, query.limit, query.offset],
                    )
                    hits = [self._hit(row) for row in cursor.fetchall()]
        for name in facets:
            facets[name] = dict(sorted(facets[name].items(), key=lambda kv: (-kv[1], kv[0]))) \
                if name != "year" else dict(sorted(facets[name].items(), reverse=True))
        return EngineResult(total=total, hits=hits, facets=facets)

    @staticmethod
    def _hit(row: tuple) -> Hit:
        import datetime

        key, type_, group, title, body, url, department, date, doc_number, score = row[:10]
        if isinstance(date, str):
            date = datetime.date.fromisoformat(date)
        return Hit(key=key, type=type_, group=group, title=title, body=body, url=url, department=department,
                   date=date, doc_number=doc_number, score=float(score or 0))


class _EmbeddedRebuild(Rebuild):
    def __init__(self, engine: EmbeddedEngine, started: float) -> None:
        self.engine = engine
        self.started = started

    def add(self, entries: list[IndexEntry]) -> None:
        self.engine.index(entries)

    def finish(self) -> None:
        self.engine._delete_older_than(self.started)


# --- SQLite FTS5 ---------------------------------------------------------------------------

def _fts_quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts_columns(field: str | None, text_fields: tuple[str, ...]) -> str:
    if field:
        return field
    return text_fields[0] if len(text_fields) == 1 else "{" + " ".join(text_fields) + "}"


def compile_fts5(node: Node, text_fields: tuple[str, ...]) -> str:
    """An FTS5 MATCH expression for a query tree; every leaf carries its column filter and
    every token is quoted, so no user character is ever read as FTS5 syntax."""
    if isinstance(node, Term):
        return f"({_fts_columns(node.field, text_fields)} : {_fts_quote(node.token)})"
    if isinstance(node, Prefix):
        return f"({_fts_columns(node.field, text_fields)} : {_fts_quote(node.token)}*)"
    if isinstance(node, Phrase):
        return f"({_fts_columns(node.field, text_fields)} : {_fts_quote(' '.join(node.tokens))})"
    if isinstance(node, All):
        return "(" + " AND ".join(compile_fts5(c, text_fields) for c in node.children) + ")"
    if isinstance(node, AnyNode):
        return "(" + " OR ".join(compile_fts5(c, text_fields) for c in node.children) + ")"
    raise TypeError(f"unknown query node {node!r}")


class SQLiteEngine(EmbeddedEngine):
    """SQLite FTS5 over pre-segmented tokens (``unicode61`` only splits on the spaces)."""

    name = "sqlite-fts5"
    #: bm25 column weights: title, body, pinyin.
    WEIGHTS = (10.0, 1.0, 5.0)

    def _write(self, entries: list[IndexEntry], stamp: float) -> None:
        rows = [_doc_row(e, stamp) for e in entries]
        columns = ", ".join(f'"{c}"' for c in DOC_COLUMNS)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in DOC_COLUMNS if c != "key")
        marks = ", ".join(["%s"] * len(DOC_COLUMNS))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} ({columns}) VALUES ({marks}) ON CONFLICT(key) DO UPDATE SET {updates}", rows
            )
            keys = [e.key for e in entries]
            cursor.execute(f"SELECT key, id FROM {TABLE} WHERE key IN ({', '.join(['%s'] * len(keys))})", keys)
            ids = dict(cursor.fetchall())
            id_list = list(ids.values())
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(id_list))})", id_list)
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body, pinyin) VALUES (%s, %s, %s, %s)",
                [(ids[e.key], e.title_tokens, e.body_tokens, e.pinyin_tokens) for e in entries],
            )

    def _delete_ids(self, cursor, ids: list[int]) -> None:
        cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids)

    def _clear_fulltext(self, cursor) -> None:
        cursor.execute("DELETE FROM search_fts")

    def _match_sql(self, query: EngineQuery) -> tuple[str, str, list[Any], str]:
        assert query.match is not None
        weights = ", ".join(str(w) for w in self.WEIGHTS)
        return (
            f"search_fts JOIN {TABLE} d ON d.id = search_fts.rowid",
            "search_fts MATCH %s",
            [compile_fts5(query.match, query.text_fields)],
            f"-bm25(search_fts, {weights})",
        )


# --- PostgreSQL full text --------------------------------------------------------------------

#: tsvector weights: title A, pinyin B, body D (ts_rank's weight array is {D, C, B, A}).
FIELD_WEIGHTS = {"title": "A", "pinyin": "B", "body": "D"}
RANK_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"
_MAX_POSITION = 16383


def tsvector_literal(title: str, pinyin: str, body: str) -> str:
    """A ``tsvector`` in its input syntax, with positions and weights, built directly from the
    analysed tokens (PostgreSQL's own parser is never used: it does not split Chinese)."""
    lexemes: dict[str, list[str]] = {}
    position = 1
    for text, weight in ((title, "A"), (pinyin, "B"), (body, "D")):
        for token in text.split():
            lexemes.setdefault(token, []).append(f"{min(position, _MAX_POSITION)}{weight}")
            position += 1
        position += 10  # no phrase crosses from one field into the next
    parts = []
    for token, positions in lexemes.items():
        escaped = token.replace("\\", "\\\\").replace("'", "''")
        parts.append(f"'{escaped}':{','.join(positions[:256])}")
    return " ".join(parts)


def _ts_lexeme(token: str, weights: str, prefix: bool = False) -> str:
    escaped = token.replace("\\", "\\\\").replace("'", "''")
    suffix = ("*" if prefix else "") + weights
    return f"'{escaped}'" + (f":{suffix}" if suffix else "")


def _ts_weights(field: str | None, text_fields: tuple[str, ...]) -> str:
    fields = (field,) if field else text_fields
    return "".join(sorted(FIELD_WEIGHTS[f] for f in fields))


def compile_tsquery(node: Node, text_fields: tuple[str, ...]) -> str:
    """A ``tsquery`` in its input syntax, each lexeme quoted and restricted to its fields'
    weights; phrases use the ``<->`` (followed by) operator."""
    if isinstance(node, Term):
        return _ts_lexeme(node.token, _ts_weights(node.field, text_fields))
    if isinstance(node, Prefix):
        return _ts_lexeme(node.token, _ts_weights(node.field, text_fields), prefix=True)
    if isinstance(node, Phrase):
        weights = _ts_weights(node.field, text_fields)
        return "(" + " <-> ".join(_ts_lexeme(t, weights) for t in node.tokens) + ")"
    if isinstance(node, All):
        return "(" + " & ".join(compile_tsquery(c, text_fields) for c in node.children) + ")"
    if isinstance(node, AnyNode):
        return "(" + " | ".join(compile_tsquery(c, text_fields) for c in node.children) + ")"
    raise TypeError(f"unknown query node {node!r}")


class PostgresEngine(EmbeddedEngine):
    """PostgreSQL full text over pre-segmented tokens: a weighted tsvector per document."""

    name = "postgresql-fts"

    def _write(self, entries: list[IndexEntry], stamp: float) -> None:
        columns = ", ".join(f'"{c}"' for c in DOC_COLUMNS) + ", tsv"
        updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in DOC_COLUMNS if c != "key") + ", tsv = EXCLUDED.tsv"
        marks = ", ".join(["%s"] * len(DOC_COLUMNS)) + ", %s::tsvector"
        rows = [
            (*_doc_row(e, stamp), tsvector_literal(e.title_tokens, e.pinyin_tokens, e.body_tokens))
            for e in entries
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} ({columns}) VALUES ({marks}) ON CONFLICT (key) DO UPDATE SET {updates}", rows
            )

    def _match_sql(self, query: EngineQuery) -> tuple[str, str, list[Any], str]:
        assert query.match is not None
        return (
            f"{TABLE} d, CAST(%s AS tsquery) q",
            "d.tsv @@ q",
            [compile_tsquery(query.match, query.text_fields)],
            f"ts_rank('{RANK_WEIGHTS}', d.tsv, q)",
        )



def embedded_engine(vendor: str) -> EmbeddedEngine:
    """The embedded engine for a database vendor."""
    if vendor == "postgresql":
        return PostgresEngine()
    if vendor == "sqlite":
        return SQLiteEngine()
    raise RuntimeError(f"内置搜索引擎不支持数据库 {vendor}；请设置 ELASTICSEARCH_URL。")
