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

    def clauses(self, text: str) -> tuple[list[Node], list[str]]:
        clauses: list[Node] = []
        units_seen: list[str] = []
        for run in TOKEN_RUN.findall(text):
            if is_cjk(run):
                units = query_units(run)
                meaningful = [u for u in units if u not in lexicon.QUERY_STOPWORDS]
                units = meaningful or units
                units_seen.extend(units)
                clauses.extend(self.unit(u) for u in units)
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
    if correct and rest:
        corrections = lexicon.correct(rest, units, thorough=thorough)
        if corrections:
            suggestion = rest
            for wrong, right in sorted(corrections.items(), key=lambda kv: -len(kv[0])):
                suggestion = suggestion.replace(wrong, right)
            if suggestion != rest:
                fixed, _ = builder.clauses(suggestion)
                tree = any_of([tree, all_of([*clauses[: len(clauses) - len(more)], *fixed])])
            else:
                suggestion = ""
    highlight = sorted(dict.fromkeys(h for h in builder.highlight if h), key=len, reverse=True)
    return BuiltQuery(text=text, tree=tree, clauses=clauses, highlight=highlight, suggestion=suggestion)
