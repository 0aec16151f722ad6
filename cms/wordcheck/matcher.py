"""Find the dictionary's wrong and sensitive words in a text with one Aho-Corasick pass.

Rules of ``WordMatcher.find``:

1. Every occurrence of every enabled word is found, overlapping ones included (one pass of
   ``ahocorasick.Automaton.iter`` over the text, the exception phrases searched in the same pass).
2. Longest match: an occurrence lying inside a longer occurrence of another word is not
   reported (国家卫生和计划生育委员会 is reported once, not also as 卫生和计划生育委员会).
   Occurrences that only partly overlap are both reported; one span found as a word of two
   kinds (a word both 错别字 and 敏感词) is reported once for each entry.
3. Exceptions: an occurrence that lies inside an occurrence of one of its own entry's
   exception phrases is not reported (防犯 in 预防犯罪 with the exception 防犯罪).  Rule 2 is
   applied first, so a word inside an excepted longer word is not reported either
   (原国家卫生和计划生育委员会 yields nothing when 原国家卫生和计划生育委员会 is an exception of
   国家卫生和计划生育委员会).
4. The text is matched as it is: no case folding or full-width conversion.  Hits are in text
   order; ``start``/``end`` are offsets into the text (``text[start:end] == word``).

``current_matcher()`` keeps one matcher per process and rebuilds it only when the dictionary
changed.  Rule: saving or deleting a ``WordEntry`` replaces the version token in the Django cache
(``VERSION_KEY``) once the transaction commits; each ``current_matcher()`` call reads that token
once (a second read only in the rare race where the token was missing and another process set
it first) and rebuilds when it differs from the one the matcher was built under.  A missing
token (a cleared cache, a bulk change that called ``bump_version()``) counts as a change.
Callers checking many texts call ``current_matcher()`` once per batch and reuse the matcher.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
from django.core.cache import cache

VERSION_KEY = "wordcheck:dictionary-version"

#: Characters of context on each side of a hit.
CONTEXT_CHARS = 15

_CONTEXT_SPACE = str.maketrans({"\r": " ", "\n": " ", "\t": " ", "\u3000": " "})


@dataclass(frozen=True)
class WordHit:
    """One occurrence of a dictionary word in a text."""

    entry_id: int
    kind: str
    word: str
    correction: str
    start: int
    end: int
    context: str
    note: str = ""


@dataclass(frozen=True)
class _Entry:
    id: int
    kind: str
    word: str
    correction: str
    note: str
    exceptions: tuple[str, ...]


class WordMatcher:
    """An Aho-Corasick automaton over the words and exception phrases of some entries.

    ``entries`` are ``WordEntry`` objects (or anything with ``pk``/``id``, ``kind``, ``word``,
    ``correction``, ``note`` and ``exception_list()``); disabled ones are skipped.
    """

    def __init__(self, entries: Iterable, version: object = None) -> None:
        self.version = version
        self._entries: list[_Entry] = []
        keys: dict[str, tuple[list[int], list[int]]] = {}
        for source in entries:
            if not getattr(source, "enabled", True) or not source.word:
                continue
            entry = _Entry(
                id=source.pk, kind=str(source.kind), word=source.word, correction=source.correction or "",
                note=source.note or "", exceptions=tuple(p for p in source.exception_list() if source.word in p),
            )
            index = len(self._entries)
            self._entries.append(entry)
            keys.setdefault(entry.word, ([], []))[0].append(index)
            for phrase in entry.exceptions:
                keys.setdefault(phrase, ([], []))[1].append(index)
        self._automaton = ahocorasick.Automaton()
        for key, (word_of, exception_of) in keys.items():
            self._automaton.add_word(key, (len(key), tuple(word_of), tuple(exception_of)))
        if keys:
            self._automaton.make_automaton()

    @classmethod
    def from_database(cls, version: object = None) -> WordMatcher:
        """A matcher over the enabled entries of the dictionary."""
        from .models import WordEntry

        return cls(WordEntry.objects.filter(enabled=True).order_by("pk"), version=version)

    def __len__(self) -> int:
        """The number of entries searched for."""
        return len(self._entries)

    def find(self, text: str) -> list[WordHit]:
        """The hits in ``text``, in text order (rules in the module docstring)."""
        if not self._entries or not text:
            return []
        spans: dict[tuple[int, int], list[int]] = {}
        excepted: dict[int, list[tuple[int, int]]] | None = None
        for last, (length, word_of, exception_of) in self._automaton.iter(text):
            end = last + 1
            start = end - length
            if word_of:
                spans.setdefault((start, end), []).extend(word_of)
            if exception_of:
                if excepted is None:
                    excepted = {}
                for index in exception_of:
                    excepted.setdefault(index, []).append((start, end))
        if not spans:
            return []
        hits: list[WordHit] = []
        covered_to = -1
        for start, end in sorted(spans, key=lambda span: (span[0], span[0] - span[1])):
            if end <= covered_to:
                continue  # inside a longer occurrence that started at or before this one
            covered_to = end
            for index in spans[(start, end)]:
                if excepted and _inside(start, end, excepted.get(index)):
                    continue
                hits.append(self._hit(index, text, start, end))
        return hits

    def _hit(self, index: int, text: str, start: int, end: int) -> WordHit:
        entry = self._entries[index]
        context = text[max(0, start - CONTEXT_CHARS):end + CONTEXT_CHARS].translate(_CONTEXT_SPACE)
        return WordHit(entry_id=entry.id, kind=entry.kind, word=entry.word, correction=entry.correction,
                       start=start, end=end, context=context, note=entry.note)


def _inside(start: int, end: int, phrases: list[tuple[int, int]] | None) -> bool:
    return bool(phrases) and any(p_start <= start and end <= p_end for p_start, p_end in phrases)


# --- one matcher per process --------------------------------------------------------------------

_current: WordMatcher | None = None
_lock = threading.Lock()


def bump_version() -> None:
    """Tell every process that the dictionary changed (each rebuilds on its next call)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def dictionary_version() -> str:
    """The shared version token of the dictionary; a missing one is created (a change)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return version


def current_matcher() -> WordMatcher:
    """This process's matcher over the enabled entries, rebuilt when the dictionary changed.

    The version is read before the entries, so an edit committed while the matcher is being
    built leaves a matcher labelled with the older version: the next call rebuilds it.
    """
    global _current
    version = dictionary_version()
    matcher = _current
    if matcher is not None and matcher.version == version:
        return matcher
    with _lock:
        if _current is None or _current.version != version:
            _current = WordMatcher.from_database(version=version)
        return _current
