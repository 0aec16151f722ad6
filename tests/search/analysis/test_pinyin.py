"""Pinyin: full spelling and initials of words."""

from search.analysis.pinyin import looks_like_pinyin, pinyin_tokens, word_pinyin


def test_full_spelling_and_initials():
    assert word_pinyin("营业执照") == ("yingyezhizhao", "yyzz")
    assert word_pinyin("abc") == ("", "")


def test_homophones_share_the_full_spelling():
    assert word_pinyin("告之")[0] == word_pinyin("告知")[0] == "gaozhi"


def test_tokens_are_deduplicated_and_skip_single_characters():
    assert pinyin_tokens(["营业执照", "营业执照", "的"]) == ["yingyezhizhao", "yyzz"]


def test_what_looks_like_pinyin():
    assert looks_like_pinyin("yyzz") and looks_like_pinyin("gaozhichengnuo")
    assert not looks_like_pinyin("12345") and not looks_like_pinyin("a")
