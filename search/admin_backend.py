"""Wagtail's database search backend, taught to find Chinese text by part of a word.

The admin's page search, the page explorer and the choosers all go through
``WAGTAILSEARCH_BACKENDS["default"]``.  Neither SQLite FTS5 (``unicode61``) nor PostgreSQL's
text-search parser splits Chinese into words: a whole run of characters such as
``办理营业执照变更登记需要提交的材料`` is one token, so ``执照`` or ``营业执照`` never matches.

This backend wraps the vendor backend Wagtail picks (SQLite FTS5 or PostgreSQL) and applies
the portal's Chinese analysis (``search.analysis``) on both sides, so the tokens meet:

- indexing: every run of CJK characters in an indexed value is replaced, in place, by its
  character bigrams plus its last character (``营业执照`` → ``营业 业执 执照 照``), and the
  value's jieba search-mode words (``营业 执照 营业执照`` …) are appended at its end.  Text in
  other scripts is left as it was, so the vendor's own tokenizer and stemmer still see it;
- querying: the Chinese part of a query is normalised (traditional → simplified, full-width
  → half-width) and cut into units by jieba; a unit of two or more characters must match as
  the phrase of its bigrams (any part of a word matches wherever the characters are
  adjacent), a one-character unit as the start of a token.  All units must match under the
  ``and`` operator, any of them under ``or``.  The rest of the query (Latin letters, digits)
  goes to the vendor backend unchanged, autocomplete prefix included.

Other vendors (MySQL, or SQLite without FTS5, whose fallback backend already matches
substrings) get Wagtail's backend unchanged.  Existing rows need ``manage.py update_index``
after switching to this backend.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from django.db import connection
from django.db.models import Model
from django.db.models.sql.subqueries import InsertQuery
from modelsearch.backends import database
from modelsearch.backends.base import BaseSearchBackend
from modelsearch.index import RelatedFields
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText, SearchQuery
from modelsearch.utils import get_content_type_pk

from search.analysis.normalize import CJK_CHAR, CJK_RUN, normalize, normalize_query
from search.analysis.segment import grams, index_words, query_units, word_grams

#: Characters of each indexed value that are segmented; CJK text beyond them is dropped from
#: the index (Latin text is kept).  Bigrams and words triple the token count, and a
#: PostgreSQL ``tsvector`` holds at most 1 MB and positions up to 16,383.
MAX_SEGMENTED_CHARS = 20000

_WORD_CHAR = re.compile(r"\w")


# --- analysis -------------------------------------------------------------------------------


def index_text(value: str, *, max_chars: int = MAX_SEGMENTED_CHARS) -> str:
    """The text stored in the search index for ``value``.

    Each CJK run (after NFKC and traditional → simplified folding) is replaced in place by its
    bigrams and last character, and the jieba search-mode words of all runs follow at the end;
    non-CJK text is kept as written.  A value without CJK characters is returned unchanged.
    Only the first ``max_chars`` characters are segmented; CJK runs after them are dropped.
    """
    if not value or CJK_CHAR.search(value) is None:
        return value
    text = unicodedata.normalize("NFKC", value)
    head, tail = text[:max_chars], text[max_chars:]
    words: list[str] = []

    def segmented(match: re.Match[str]) -> str:
        run = normalize(match.group())
        words.extend(index_words(run))
        return " " + " ".join(grams(run)) + " "

    parts = [CJK_RUN.sub(segmented, head), CJK_RUN.sub(" ", tail), *words]
    return " ".join(" ".join(parts).split())


class Prefix(PlainText):
    """One term that matches any indexed token starting with it.

    Used for a one-character CJK unit: every occurrence of a character is indexed as the start
    of a bigram or, at the end of a run, as the character itself.
    """

    def __init__(self, term: str) -> None:
        super().__init__(term, operator="and")

    def __repr__(self) -> str:
        return f"<Prefix {self.query_string!r}>"


def _unit_query(unit: str) -> SearchQuery:
    """A query unit as a term: the phrase of its bigrams, or a prefix for one character."""
    if len(unit) == 1:
        return Prefix(unit)
    return Phrase(" ".join(word_grams(unit)))


def _combine(terms: list[SearchQuery], operator: str) -> SearchQuery:
    if len(terms) == 1:
        return terms[0]
    return Or(terms) if operator == "or" else And(terms)


def segment_plain_text(query: PlainText) -> SearchQuery:
    """``query`` with its Chinese part turned into bigram phrases and prefixes.

    The Chinese units (jieba's precise cut of the normalised CJK runs, at most
    ``MAX_QUERY_CHARS`` characters) and the remaining words (kept as one ``PlainText`` with
    the query's operator and boost) are combined with the query's operator.  A query without
    CJK characters is returned unchanged.
    """
    text = unicodedata.normalize("NFKC", query.query_string)
    if CJK_CHAR.search(text) is None:
        return query
    cjk = normalize_query(" ".join(CJK_RUN.findall(text)))
    terms: list[SearchQuery] = []
    rest = [word for word in CJK_RUN.sub(" ", text).split() if _WORD_CHAR.search(word)]
    if rest:
        terms.append(PlainText(" ".join(rest), operator=query.operator, boost=query.boost))
    terms.extend(_unit_query(unit) for unit in query_units(cjk))
    if not terms:
        return query
    return _combine(terms, query.operator)


def segment_phrase(query: Phrase) -> SearchQuery:
    """``query`` with each CJK run replaced by the tokens it was indexed as, in order.

    A run followed by more of the phrase contributes its bigrams and last character, the last
    run its bigrams only; a phrase that is one CJK character becomes a prefix.  A phrase
    without CJK characters is returned unchanged.
    """
    text = unicodedata.normalize("NFKC", query.query_string)
    if CJK_CHAR.search(text) is None:
        return query
    pieces = [piece for piece in re.split(f"({CJK_RUN.pattern})", text) if piece.strip()]
    tokens: list[str] = []
    for position, piece in enumerate(pieces):
        if CJK_CHAR.match(piece) is None:
            tokens.append(piece.strip())
            continue
        run = normalize(piece)
        if position == len(pieces) - 1:
            if len(pieces) == 1 and len(run) == 1:
                return Prefix(run)
            tokens.extend(word_grams(run))
        else:
            tokens.extend(grams(run))
    return Phrase(" ".join(tokens))


def segment_query(query: SearchQuery) -> SearchQuery:
    """The query tree with every ``PlainText`` and ``Phrase`` segmented (see above); the very
    same object when nothing in it holds CJK characters."""
    if isinstance(query, Prefix):
        return query
    if isinstance(query, PlainText):
        return segment_plain_text(query)
    if isinstance(query, Phrase):
        return segment_phrase(query)
    if isinstance(query, And | Or):
        subqueries = [segment_query(subquery) for subquery in query.subqueries]
        changed = any(new is not old for new, old in zip(subqueries, query.subqueries, strict=True))
        return type(query)(subqueries) if changed else query
    if isinstance(query, Not):
        subquery = segment_query(query.subquery)
        return Not(subquery) if subquery is not query.subquery else query
    if isinstance(query, Boost):
        subquery = segment_query(query.subquery)
        return Boost(subquery, query.boost) if subquery is not query.subquery else query
    return query


# --- vendor-neutral pieces ------------------------------------------------------------------
#
# The vendor modules cannot all be imported on every database (the SQLite one loads the FTS5
# model, which exists only on SQLite), so the mixins below import nothing vendor-specific and
# the vendor classes are assembled on first use.


class ChineseIndexerMixin:
    """An object indexer whose field values are stored as ``index_text``.

    Each value is segmented once per indexer, however many of the indexer's columns (title,
    body, autocomplete, plain text) read it.
    """

    def __init__(self, obj: Model, backend: BaseSearchBackend) -> None:
        super().__init__(obj, backend)  # type: ignore[call-arg]
        self._index_text: dict[str, str] = {}

    def prepare_field(self, obj: Model, field: Any) -> Iterator[tuple]:
        if isinstance(field, RelatedFields):
            # The sub-fields come back through this method: segmented there, not twice.
            yield from super().prepare_field(obj, field)  # type: ignore[misc]
            return
        for *head, value in super().prepare_field(obj, field):  # type: ignore[misc]
            if value not in self._index_text:
                self._index_text[value] = index_text(value)
            yield (*head, self._index_text[value])


class ChineseQueryCompilerMixin:
    """A query compiler that searches with the segmented query (``segment_query``)."""

    query: SearchQuery

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        original = self.query
        self.query = segment_query(original)
        #: True when the query held CJK text, so it must be matched against the index entry.
        self.segmented = self.query is not original


class SQLiteIndexMixin:
    """``SQLiteIndex.add_items`` as upstream writes it, with ``indexer_class`` as the indexer."""

    indexer_class: type
    entries: Any
    backend: BaseSearchBackend

    def add_items(self, model: type[Model], objs: Any) -> None:
        if not model.get_search_fields():
            return
        indexers = [self.indexer_class(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        data = {indexer.id: (indexer.title, indexer.autocomplete, indexer.body) for indexer in indexers}
        entries = self.entries.filter(content_type_id=content_type_pk)
        indexed_ids = frozenset(entries.filter(object_id__in=data.keys()).values_list("object_id", flat=True))
        for object_id in indexed_ids:
            title, autocomplete, body = data[object_id]
            entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
        entry_model = self.entries.model
        self.entries.bulk_create(
            [
                entry_model(
                    content_type_id=content_type_pk,
                    object_id=object_id,
                    title=title,
                    autocomplete=autocomplete,
                    body=body,
                )
                for object_id, (title, autocomplete, body) in data.items()
                if object_id not in indexed_ids
            ]
        )
        self._refresh_title_norms()  # type: ignore[attr-defined]


class PostgresIndexMixin:
    """``PostgresIndex.add_items`` as upstream writes it, with ``indexer_class`` as the indexer."""

    indexer_class: type
    entries: Any
    backend: BaseSearchBackend
    write_connection: Any

    def add_items(self, model: type[Model], objs: Any) -> None:
        if not model.get_search_fields():
            return
        indexers = [self.indexer_class(obj, self.backend) for obj in objs]
        if not indexers:
            return
        entry_model = self.entries.model
        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(entry_model).get_compiler(connection=self.write_connection)
        rows: list[str] = []
        params: list[Any] = []
        for indexer in indexers:
            params.extend((content_type_pk, indexer.id))
            vectors = []
            for column in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(entry_model._meta.get_field(column), getattr(indexer, column))
                sql, value_params = value.as_sql(compiler, self.write_connection)
                vectors.append(sql)
                params.extend(value_params)
            params.extend((indexer.title_text, indexer.body_text))
            rows.append(f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, %s, %s)")
        table = entry_model._meta.db_table
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm,
                                     title_text, body_text)
                (VALUES {", ".join(rows)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title,
                              title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text,
                              body_text = EXCLUDED.body_text
                """,
                params,
            )
        self._refresh_title_norms()  # type: ignore[attr-defined]


class SQLiteQueryCompilerMixin(ChineseQueryCompilerMixin):
    """SQLite FTS5: a ``Prefix`` becomes ``"term"*``; named fields search the FTS columns that
    hold them."""

    fields: list[str] | None
    FTS_TABLE_FIELDS: list[str]

    def fts_columns(self) -> list[str] | None:
        """The FTS5 columns holding the named ``fields`` (None: all of the compiler's columns).

        The FTS table has only ``title``, ``body`` and ``autocomplete`` columns: an autocomplete
        search reads ``autocomplete``, a full-text search ``title`` for the field called title
        and ``body`` for every other field (upstream names the fields themselves as columns,
        which fails for any field but ``title``).
        """
        if not self.fields:
            return None
        if "autocomplete" in self.FTS_TABLE_FIELDS:
            return ["autocomplete"]
        return sorted({"title" if field == "title" else "body" for field in self.fields}, reverse=True)

    def search(self, config: Any, start: int | None, stop: int | None, score_field: str | None = None) -> Any:
        fields = self.fields
        # ``search`` reads ``self.fields`` only to name the columns of the MATCH expression.
        self.fields = self.fts_columns()
        try:
            return super().search(config, start, stop, score_field=score_field)  # type: ignore[misc]
        finally:
            self.fields = fields

    def build_search_query_content(self, query: SearchQuery, config: Any = None) -> Any:
        if isinstance(query, Prefix):
            from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression

            return SearchQueryExpression(Lexeme(query.query_string, prefix=True), config=config)
        return super().build_search_query_content(query, config=config)  # type: ignore[misc]


class PostgresQueryCompilerMixin(ChineseQueryCompilerMixin):
    """PostgreSQL: a ``Prefix`` becomes ``'term':*``; a negated phrase is negated."""

    def build_tsquery_content(self, query: SearchQuery, config: Any = None, invert: bool = False) -> Any:
        from django.contrib.postgres.search import SearchQuery as TsQuery
        from modelsearch.backends.database.postgres.query import Lexeme

        if isinstance(query, Prefix):
            lexeme = Lexeme(query.query_string, invert=invert, prefix=True)
            return TsQuery(lexeme, search_type="raw", config=config)
        if isinstance(query, Phrase) and invert:
            return TsQuery(query.query_string, search_type="phrase", config=config, invert=True)
        return super().build_tsquery_content(query, config=config, invert=invert)  # type: ignore[misc]

    def get_search_vectors(self, search_query: Any) -> list:
        """The index entry's vectors whenever the query held CJK text, even when ``fields``
        were named: a model column read in SQL is not segmented, the index entry is."""
        if self.segmented:
            return self.get_index_vectors(search_query)  # type: ignore[attr-defined]
        return super().get_search_vectors(search_query)  # type: ignore[misc]


# --- the vendor backends --------------------------------------------------------------------


@functools.cache
def sqlite_backend_class() -> type[BaseSearchBackend]:
    """Wagtail's SQLite FTS5 backend with Chinese segmentation on both sides."""
    from modelsearch.backends.database.sqlite import sqlite

    class ChineseSQLiteIndexer(ChineseIndexerMixin, sqlite.ObjectIndexer):
        pass

    class ChineseSQLiteIndex(SQLiteIndexMixin, sqlite.SQLiteIndex):
        indexer_class = ChineseSQLiteIndexer

    class ChineseSQLiteSearchQueryCompiler(SQLiteQueryCompilerMixin, sqlite.SQLiteSearchQueryCompiler):
        pass

    class ChineseSQLiteAutocompleteQueryCompiler(SQLiteQueryCompilerMixin, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    class ChineseSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
        query_compiler_class = ChineseSQLiteSearchQueryCompiler
        autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler
        index_class = ChineseSQLiteIndex

    return ChineseSQLiteSearchBackend


@functools.cache
def postgres_backend_class() -> type[BaseSearchBackend]:
    """Wagtail's PostgreSQL backend with Chinese segmentation on both sides."""
    from modelsearch.backends.database.postgres import postgres

    class ChinesePostgresIndexer(ChineseIndexerMixin, postgres.ObjectIndexer):
        pass

    class ChinesePostgresIndex(PostgresIndexMixin, postgres.PostgresIndex):
        indexer_class = ChinesePostgresIndexer

    class ChinesePostgresSearchQueryCompiler(PostgresQueryCompilerMixin, postgres.PostgresSearchQueryCompiler):
        pass

    class ChinesePostgresAutocompleteQueryCompiler(
        PostgresQueryCompilerMixin, postgres.PostgresAutocompleteQueryCompiler
    ):
        pass

    class ChinesePostgresSearchBackend(postgres.PostgresSearchBackend):
        query_compiler_class = ChinesePostgresSearchQueryCompiler
        autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
        index_class = ChinesePostgresIndex

    return ChinesePostgresSearchBackend


def ChineseDatabaseSearchBackend(params: dict[str, Any]) -> BaseSearchBackend:  # noqa: N802 - a backend factory
    """The backend for the default database: the one Wagtail picks for the vendor, with Chinese
    segmentation when that is SQLite FTS5 or PostgreSQL, unchanged otherwise."""
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if type(backend) is SQLiteSearchBackend:  # not the fallback used without FTS5
            return sqlite_backend_class()(params)
    elif connection.vendor == "postgresql":
        return postgres_backend_class()(params)
    return backend


#: What ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.admin_backend"}}`` loads.
SearchBackend = ChineseDatabaseSearchBackend
