"""Objects into index entries: read through the registry, analyse, write to the engine.

The same analysis runs for every engine (``search.analysis``): title and key terms into the
title field, body text (the first ``INDEXED_BODY_CHARS`` characters) into the body field,
pinyin of title words and key terms into the pinyin field.  Title words and key terms also feed
the vocabulary that corrections, pinyin conversion and autocomplete draw on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction

from . import registry
from .analysis.normalize import normalize, normalize_doc_number
from .analysis.pinyin import pinyin_tokens, word_pinyin
from .analysis.segment import grams, index_words
from .engines import get_engine
from .engines.base import INDEXED_BODY_CHARS, STORED_BODY_CHARS, IndexEntry


def analyse(key: str, type_key: str, group: str, fields: dict[str, Any]) -> tuple[IndexEntry, list[str]]:
    """An ``IndexEntry`` for raw fields, and the words it adds to the vocabulary (those of its
    title and of its stored body, so that removing it can take them back exactly)."""
    from .lexicon import ensure_dictionary

    ensure_dictionary()
    title = fields.get("title", "")
    keywords = fields.get("keywords", "")
    head = normalize(f"{title} {keywords}")
    head_words = index_words(head)
    body_text = fields.get("body", "") or ""
    body = normalize(body_text[:INDEXED_BODY_CHARS])
    body_words = index_words(body)
    entry = IndexEntry(
        key=key,
        type=type_key,
        group=group,
        title=title,
        body=body_text[:STORED_BODY_CHARS],
        url=fields.get("url", ""),
        department=fields.get("department", "") or "",
        date=fields.get("date"),
        doc_number=normalize_doc_number(fields.get("doc_number", "") or ""),
        title_tokens=" ".join(head_words + grams(head)),
        body_tokens=" ".join(body_words + grams(body)),
        pinyin_tokens=" ".join(pinyin_tokens(head_words)),
    )
    if len(body_text) <= INDEXED_BODY_CHARS and len(body_text) <= STORED_BODY_CHARS:
        stored_body_words = body_words
    else:
        stored_body_words = index_words(normalize(entry.body))
    return entry, list(dict.fromkeys(index_words(normalize(title)) + stored_body_words))


def vocabulary_words(title: str, body: str) -> list[str]:
    """The vocabulary words of a stored document: distinct search-mode words of two or more
    characters of its title and stored body (what ``analyse`` counted for it)."""
    return list(dict.fromkeys(index_words(normalize(title)) + index_words(normalize(body))))


def entry_key(type_key: str, pk: Any) -> str:
    return f"{type_key}:{pk}"


def entries_for(searchable: registry.SearchableType, objects: Iterable[Any]) -> tuple[list[IndexEntry], Counter]:
    """Entries for objects of one type, and the vocabulary counts (one per document)."""
    entries: list[IndexEntry] = []
    vocabulary: Counter = Counter()
    for obj in objects:
        entry, words = analyse(entry_key(searchable.key, obj.pk), searchable.key, searchable.group,
                               searchable.read(obj))
        entries.append(entry)
        vocabulary.update(set(words))
    return entries, vocabulary


def sync_objects(searchable: registry.SearchableType, object_ids: Iterable[str]) -> tuple[int, int]:
    """Bring these objects' index entries up to date: index the public ones, delete the rest.

    Returns ``(indexed, deleted)``.
    """
    ids = list(object_ids)
    pk_field = searchable.model._meta.pk
    pks = [pk_field.to_python(i) for i in ids]
    public = list(searchable.public_queryset().filter(pk__in=pks))
    entries, vocabulary = entries_for(searchable, public)
    found = {str(obj.pk) for obj in public}
    gone = [entry_key(searchable.key, i) for i in ids if i not in found]
    engine = get_engine()
    # The vocabulary follows the index: words of replaced or removed titles are taken back,
    # so an unpublished title is never offered by autocomplete or corrections.
    for old_title, old_body in engine.stored_text([entry_key(searchable.key, i) for i in ids]).values():
        vocabulary.subtract(vocabulary_words(old_title, old_body))
    if entries:
        engine.index(entries)
    if gone:
        engine.delete(gone)
    add_vocabulary(vocabulary)
    return len(entries), len(gone)


def iter_public(searchable: registry.SearchableType, chunk_size: int = 1000) -> Iterator[list[Any]]:
    """Every public object of a type, in primary-key chunks (constant memory)."""
    queryset = searchable.public_queryset().order_by("pk")
    last = None
    while True:
        chunk_qs = queryset if last is None else queryset.filter(pk__gt=last)
        chunk = list(chunk_qs[:chunk_size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def add_vocabulary(counts: Counter) -> None:
    """Add document counts (negative ones take back) to the vocabulary, one statement per
    batch; words no document uses any more are removed."""
    rows = []
    for term, count in counts.items():
        if 2 <= len(term) <= 40 and count:
            full, initials = word_pinyin(term)
            rows.append((term, full[:160], initials[:40], count))
    if not rows:
        return
    sql = (
        "INSERT INTO search_vocabularyterm (term, pinyin, initials, doc_count) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (term) DO UPDATE SET doc_count = search_vocabularyterm.doc_count + excluded.doc_count"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[start:start + 1000])
        if any(row[3] < 0 for row in rows):
            cursor.execute("DELETE FROM search_vocabularyterm WHERE doc_count <= 0")


def replace_vocabulary(counts: Counter) -> None:
    """Make the vocabulary exactly these counts (after a full rebuild)."""
    from .models import VocabularyTerm

    with transaction.atomic():
        VocabularyTerm.objects.all().delete()
        add_vocabulary(counts)
