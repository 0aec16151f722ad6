"""Segmentation with jieba (rjieba, the Rust port) in search mode, plus character bigrams.

Indexed text and queries go through the same functions, so the tokens meet:

- ``index_words``: jieba ``cut_for_search`` (``营业执照`` → ``营业 执照 营业执照``), dropping
  one-character CJK words (particles such as 的 and 和) and punctuation;
- ``query_units``: jieba's precise ``cut`` of a query, one unit per meaningful word;
- ``grams``: the overlapping character bigrams of each CJK run plus its last character, so any
  part of a word, however jieba cut it, is a phrase of bigrams (``承诺制`` → ``承诺 诺制``).

Words from the editors' user dictionary and synonym lists are added to jieba's dictionary
(``add_words``), so ``跨省通办`` stays one word on both sides.  The dictionary loads once per
process, lazily (about 1 s).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from .normalize import TOKEN_RUN, is_cjk, normalize

_lock = threading.Lock()
_added: set[str] = set()


def _jieba():
    import rjieba

    return rjieba


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter words it must keep whole (user dictionary, synonym terms)."""
    jieba = _jieba()
    with _lock:
        for word in words:
            word = normalize(word).replace(" ", "")
            if len(word) >= 2 and word not in _added:
                jieba.add_word(word, 20000, None)
                _added.add(word)


def index_words(text: str) -> list[str]:
    """Search-mode words of already normalised ``text``: CJK words of two or more characters
    and ASCII letter or digit runs, in text order."""
    words: list[str] = []
    for run in TOKEN_RUN.findall(text):
        if is_cjk(run):
            if len(run) == 1:
                continue
            words.extend(w for w in _jieba().cut_for_search(run) if len(w) >= 2 and is_cjk(w))
        else:
            words.append(run)
    return words


def query_units(text: str) -> list[str]:
    """The units of an already normalised query: jieba's precise cut of each CJK run (one
    character words kept, they still narrow the search) and each ASCII run."""
    units: list[str] = []
    for run in TOKEN_RUN.findall(text):
        if is_cjk(run):
            units.extend(w for w in _jieba().cut(run) if w.strip() and is_cjk(w))
        else:
            units.append(run)
    return units


def grams(text: str) -> list[str]:
    """Character bigrams of each CJK run of already normalised ``text``, then the run's last
    character; ASCII runs are kept whole.  ``营业执照`` → ``营业 业执 执照 照``."""
    out: list[str] = []
    for run in TOKEN_RUN.findall(text):
        if is_cjk(run):
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
            out.append(run[-1])
        else:
            out.append(run)
    return out


def word_grams(word: str) -> list[str]:
    """The bigrams a query word must match as a phrase (one character: the character itself)."""
    if len(word) == 1 or not is_cjk(word):
        return [word]
    return [word[i:i + 2] for i in range(len(word) - 1)]


def field_tokens(text: str, *, max_chars: int | None = None) -> str:
    """Normalised words then bigrams of ``text``, space separated: what an engine indexes."""
    text = normalize(text)
    if max_chars is not None:
        text = text[:max_chars]
    return " ".join(index_words(text) + grams(text))
