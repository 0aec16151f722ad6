"""From what a citizen typed to a query tree every engine understands.

- ``"quoted text"`` must appear exactly (a phrase of bigrams);
- each CJK run is cut into units (jieba precise mode, question words such as 怎么 dropped); a
  unit matches as a whole word, as a part of a longer word (its bigrams as a phrase), or as
  any of its synonyms; all units must match;
- a Latin run matches as a word, as pinyin (full or initials) of title words, and through the
  vocabulary as the Chinese words it spells (``yyzz`` → 营业执照);
- wrong characters are corrected from the vocabulary (告之承诺 → 告知承诺): the corrected form
  is searched too and offered as "您是不是要找".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import lexicon
from .analysis.normalize import TOKEN_RUN, is_cjk, normalize, normalize_query
from .analysis.pinyin import looks_like_pinyin
from .analysis.segment import query_units, word_grams
from .engines.ast import Node, Phrase, Prefix, Term, all_of, any_of

_QUOTED = re.compile(r"[\"“”「」『』]([^\"“”「」『』]{1,60})[\"“”「」『』]")


@dataclass
class BuiltQuery:
    """A query tree with what the page needs around it."""

    text: str  # the normalised query
    tree: Node | None
    clauses: list[Node] = field(default_factory=list)
    highlight: list[str] = field(default_factory=list)
    suggestion: str = ""  # the corrected query, "" when nothing was corrected
    corrected_tree: Node | None = None  # the query with the corrected reading as an alternative


def _cjk_options(word: str) -> list[Node]:
    """A CJK word as a whole token, or as a part of a longer word (its bigrams in a row)."""
    if len(word) == 1:
        return [Prefix(word)]
    options: list[Node] = [Term(word)]
    if len(word) > 2:
        options.append(Phrase(tuple(word_grams(word))))
    return options


def _word_options(word: str) -> list[Node]:
    return _cjk_options(word) if is_cjk(word) else [Term(word)]


def merged_units(run: str) -> list[tuple[int, int, str]]:
    """``(start, end, unit)`` of a CJK run: jieba's precise cut without question words, each
    one-character unit joined to the unit next to it (``文化关`` is searched as one part of a
    word, not as 文化 plus anything starting with 关)."""
    spans: list[tuple[int, int, str]] = []
    position = 0
    for unit in query_units(run):
        spans.append((position, position + len(unit), unit))
        position += len(unit)
    kept = [span for span in spans if span[2] not in lexicon.QUERY_STOPWORDS] or spans
    merged: list[list[int]] = []
    for start, end, _ in kept:
        if merged and merged[-1][1] == start and (end - start == 1 or merged[-1][1] - merged[-1][0] == 1):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return [(start, end, run[start:end]) for start, end in merged]


class _Builder:
    def __init__(self) -> None:
        self.highlight: list[str] = []

    def unit(self, unit: str) -> Node:
        options = _word_options(unit)
        if len(unit) >= 2 or not is_cjk(unit):
            self.highlight.append(unit)
        for synonym in lexicon.synonyms_of(unit):
            options.extend(_word_options(synonym))
            self.highlight.append(synonym)
        return any_of(options)

    def latin(self, run: str) -> Node:
        options: list[Node] = [Term(run)]
        if len(run) >= 3:
            options.append(Prefix(run))
        self.highlight.append(run)
        for synonym in lexicon.synonyms_of(run):
            options.extend(_word_options(synonym))
            self.highlight.append(synonym)
        if looks_like_pinyin(run):
            options.append(Term(run, field="pinyin"))
            if len(run) >= 4:
                options.append(Prefix(run, field="pinyin"))
            for word in lexicon.pinyin_words(run):
                options.extend(_cjk_options(word))
                self.highlight.append(word)
        return any_of(options)

    def cjk_run(self, run: str) -> tuple[Node, list[str]]:
        """One CJK run: all its units must match; the run itself, as a phrase, ranks higher."""
        spans = merged_units(run)
        units = [unit for _, _, unit in spans]
        clause = all_of([self.unit(u) for u in units])
        contiguous = all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))
        if len(spans) > 1 and contiguous:
            whole = run[spans[0][0]:spans[-1][1]]
            clause = any_of([clause, Phrase(tuple(word_grams(whole)))])
        return clause, units

    def clauses(self, text: str) -> tuple[list[Node], list[str]]:
        clauses: list[Node] = []
        units_seen: list[str] = []
        for run in TOKEN_RUN.findall(text):
            if is_cjk(run):
                clause, units = self.cjk_run(run)
                units_seen.extend(units)
                clauses.append(clause)
            else:
                units_seen.append(run)
                clauses.append(self.latin(run))
        return clauses, units_seen


def build(raw: str, *, correct: bool = True, thorough: bool = False) -> BuiltQuery:
    """The query tree for a raw query (``tree`` is ``None`` when nothing searchable is left)."""
    lexicon.ensure_dictionary()
    raw = (raw or "")[:400]
    phrases = [normalize(p).replace(" ", "") for p in _QUOTED.findall(raw)]
    rest = normalize_query(_QUOTED.sub(" ", raw))
    builder = _Builder()
    clauses: list[Node] = []
    for phrase in phrases:
        if phrase:
            clauses.append(Phrase(tuple(word_grams(phrase))) if is_cjk(phrase) else Term(phrase))
            builder.highlight.append(phrase)
    more, units = builder.clauses(rest)
    clauses.extend(more)
    text = " ".join([*phrases, rest]).strip()
    if not clauses:
        return BuiltQuery(text=text, tree=None)
    tree = all_of(clauses)
    suggestion = ""
    corrected_tree = None
    if correct and rest:
        corrections = lexicon.correct(rest, units, thorough=thorough)
        if corrections:
            suggestion = rest
            for wrong, right in sorted(corrections.items(), key=lambda kv: -len(kv[0])):
                suggestion = suggestion.replace(wrong, right)
            if suggestion != rest:
                fixed, _ = builder.clauses(suggestion)
                corrected_tree = any_of([tree, all_of([*clauses[: len(clauses) - len(more)], *fixed])])
            else:
                suggestion = ""
    highlight = sorted(dict.fromkeys(h for h in builder.highlight if h), key=len, reverse=True)
    return BuiltQuery(text=text, tree=tree, clauses=clauses, highlight=highlight, suggestion=suggestion,
                      corrected_tree=corrected_tree)
