"""Pinyin of titles and key terms: full spelling (``yingyezhizhao``) and initials (``yyzz``).

Citizens on a phone often type pinyin without switching the input method to Chinese.  Each
indexed word of two or more characters gets two pinyin tokens; a query typed in Latin letters
is matched against them and turned back into Chinese words through the indexed vocabulary.
"""

from __future__ import annotations

import functools
import re

from .normalize import is_cjk

_PINYIN_QUERY = re.compile(r"^[a-z]{2,40}$")


@functools.lru_cache(maxsize=200_000)
def word_pinyin(word: str) -> tuple[str, str]:
    """``(full, initials)`` of a CJK word: ``营业执照`` → ``("yingyezhizhao", "yyzz")``.

    Polyphonic characters take pypinyin's phrase-aware reading.  Non-CJK words give ``("", "")``.
    """
    if not word or not is_cjk(word):
        return "", ""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(word, style=Style.NORMAL, errors="ignore")
    full = "".join(syllables)
    initials = "".join(s[0] for s in syllables if s)
    return full, initials


def pinyin_tokens(words: list[str]) -> list[str]:
    """Full spelling and initials of each word of two or more CJK characters, deduplicated."""
    seen: dict[str, None] = {}
    for word in words:
        if len(word) >= 2 and is_cjk(word):
            full, initials = word_pinyin(word)
            if full:
                seen.setdefault(full)
                seen.setdefault(initials)
    return list(seen)


def looks_like_pinyin(token: str) -> bool:
    """True for an all-letter query token that could be pinyin (full or initials)."""
    return _PINYIN_QUERY.match(token) is not None
