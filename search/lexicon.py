"""The editors' dictionaries and the indexed vocabulary, as the analyser and the query
builder use them: user words, synonym groups, pinyin → words, and spelling corrections.

Each process keeps the dictionaries in memory and reloads them when the shared version in
the cache changes (editors' changes in the admin bump it), so every web and worker process
segments the same way.  Words removed from the user dictionary stay known to the segmenter
until the process restarts, which only makes it keep a word whole.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.core.cache import cache

from .analysis.normalize import CJK_RUN, normalize
from .analysis.pinyin import word_pinyin
from .analysis.segment import add_words

VERSION_KEY = "search:lexicon-version"

#: Built-in words of government services, kept whole before any editor adds more.
BUILTIN_WORDS = (
    "跨省通办", "告知承诺制", "告知承诺", "一网通办", "好差评", "一件事一次办", "最多跑一次", "一窗受理",
    "政务服务", "政务服务大厅", "政务服务中心", "便民服务中心", "政府信息公开", "依申请公开", "营商环境",
    "不动产登记", "营业执照", "社会保障卡", "医保", "公积金", "中介服务超市", "12345",
)

#: Words that carry no meaning in a plain-language question (怎么办理营业执照 → 办理 营业执照).
QUERY_STOPWORDS = frozenset(
    "怎么 怎样 如何 哪里 哪儿 在哪 在哪里 什么 哪些 请问 我要 我想 想要 需要 可以 能否 是否 吗 呢 啊 的 了 和 与 及 "
    "我 你 他 要 去 办 在 是 有 吧".split()
)


@dataclass
class Lexicon:
    version: object = None
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    words: frozenset[str] = frozenset()


_state = Lexicon()
_lock = threading.Lock()
_checked_at = 0.0


def _check_interval() -> float:
    """Seconds between two looks at the shared version (another process's change shows within
    this); ``SEARCH_LEXICON_CHECK_SECONDS``, 2 by default."""
    from django.conf import settings

    return getattr(settings, "SEARCH_LEXICON_CHECK_SECONDS", 2.0)


def bump_version() -> None:
    """Tell every process to reload the dictionaries (this one at once)."""
    global _checked_at
    cache.set(VERSION_KEY, time.time(), None)
    _checked_at = 0.0


def _load(version: object) -> Lexicon:
    from .models import Synonym, UserWord

    words = list(BUILTIN_WORDS) + list(UserWord.objects.values_list("word", flat=True))
    synonyms: dict[str, tuple[str, ...]] = {}
    for group in Synonym.objects.all():
        terms = tuple(dict.fromkeys(normalize(t).replace(" ", "") for t in group.term_list()))
        terms = tuple(t for t in terms if t)
        words.extend(terms)
        for term in terms:
            synonyms[term] = tuple(dict.fromkeys(synonyms.get(term, ()) + tuple(t for t in terms if t != term)))
    add_words(words)
    return Lexicon(version=version, synonyms=synonyms, words=frozenset(normalize(w).replace(" ", "") for w in words))


def current() -> Lexicon:
    """The dictionaries, reloaded when an editor changed them."""
    global _state, _checked_at
    now = time.monotonic()
    if _state.version is not None and now - _checked_at < _check_interval():
        return _state
    _checked_at = now
    version = cache.get(VERSION_KEY, 0)
    if _state.version != version:
        with _lock:
            if _state.version != version:
                _state = _load(version)
    return _state


def ensure_dictionary() -> None:
    """Make sure the segmenter knows the user words (cheap after the first call)."""
    current()


def synonyms_of(unit: str) -> tuple[str, ...]:
    return current().synonyms.get(unit, ())


def pinyin_words(token: str, limit: int = 5) -> list[str]:
    """Indexed words whose full pinyin or initials are ``token``, most frequent first."""
    from django.db.models import Q

    from .models import VocabularyTerm

    if len(token) < 2:
        return []
    condition = Q(pinyin=token)
    if len(token) <= 6:
        condition |= Q(initials=token)
    return list(
        VocabularyTerm.objects.filter(condition).order_by("-doc_count", "term").values_list("term", flat=True)[:limit]
    )


def _counts(terms: list[str]) -> dict[str, int]:
    from .models import VocabularyTerm

    return dict(VocabularyTerm.objects.filter(term__in=terms).values_list("term", "doc_count"))


def _homophone(term: str, minimum: int) -> str | None:
    """The most frequent indexed word that sounds like ``term`` and has its length."""
    from .models import VocabularyTerm

    full, _ = word_pinyin(term)
    if not full:
        return None
    candidate = (
        VocabularyTerm.objects.filter(pinyin=full, doc_count__gte=minimum)
        .exclude(term=term)
        .order_by("-doc_count", "term")
        .values_list("term", "doc_count")
        .first()
    )
    if candidate and len(candidate[0]) == len(term):
        return candidate[0]
    return None


def _one_char_off(term: str, minimum: int) -> str | None:
    """The most frequent indexed word differing from ``term`` by one character."""
    from django.db.models import Q

    from .models import VocabularyTerm

    if len(term) < 3:
        return None
    condition = Q()
    for i in range(len(term)):
        condition |= Q(term__startswith=term[:i], term__endswith=term[i + 1:]) if i else Q(term__endswith=term[1:])
    candidates = (
        VocabularyTerm.objects.filter(condition, doc_count__gte=minimum)
        .exclude(term=term)
        .order_by("-doc_count", "term")
        .values_list("term", flat=True)[:20]
    )
    for candidate in candidates:
        if len(candidate) == len(term) and sum(a != b for a, b in zip(candidate, term, strict=True)) == 1:
            return candidate
    return None


def correct(query: str, units: list[str], *, thorough: bool = False) -> dict[str, str]:
    """Corrections for wrong characters in a normalised query: ``{wrong: right}``.

    A CJK run or unit is corrected when the index hardly knows it and knows a homophone (most
    typing errors come from the pinyin input method: 告之 for 告知) far better; with
    ``thorough`` (the query found nothing) a word one character off is tried too.
    """
    runs = [r for r in CJK_RUN.findall(query) if len(r) >= 2]
    candidates = list(dict.fromkeys(runs + [u for u in units if len(u) >= 2 and CJK_RUN.fullmatch(u)]))
    if not candidates:
        return {}
    counts = _counts(candidates)
    known_words = current()
    corrections: dict[str, str] = {}
    for term in candidates:
        if any(term in wrong for wrong in corrections):
            continue
        if term in known_words.words or term in known_words.synonyms:
            continue  # an editor's word or synonym is never "wrong"
        known = counts.get(term, 0)
        minimum = max(1, known * 5)
        if known and term in runs:
            continue  # the whole run is an indexed word: nothing to correct
        right = _homophone(term, minimum)
        if right is None and thorough and not known:
            right = _one_char_off(term, minimum)
        if right:
            corrections[term] = right
    return corrections
