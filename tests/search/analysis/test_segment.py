"""Segmentation: jieba search mode on both sides, bigrams for parts of words, user words."""

from search.analysis.normalize import normalize
from search.analysis.segment import add_words, field_tokens, grams, index_words, query_units, word_grams


def test_search_mode_yields_the_parts_of_long_words():
    words = index_words(normalize("办理营业执照变更登记需要提交的材料"))
    assert {"营业", "执照", "营业执照", "变更", "登记"} <= set(words)
    assert "的" not in words  # one-character particles are not words


def test_bigrams_cover_every_part_of_a_word():
    assert grams("营业执照") == ["营业", "业执", "执照", "照"]
    assert word_grams("承诺制") == ["承诺", "诺制"]
    assert word_grams("制") == ["制"]
    assert grams("abc 营业") == ["abc", "营业", "业"]


def test_user_words_stay_whole_on_both_sides():
    add_words(["好差评制度"])
    assert "好差评制度" in index_words(normalize("推行好差评制度"))
    assert "好差评制度" in query_units("好差评制度")


def test_query_units_are_the_precise_cut():
    assert query_units("营业执照变更") == ["营业执照", "变更"]
    assert query_units("wifi 12345") == ["wifi", "12345"]


def test_field_tokens_are_words_then_bigrams():
    tokens = field_tokens("營業執照").split()
    assert tokens[:3] == ["营业", "执照", "营业执照"]
    assert tokens[3:] == ["营业", "业执", "执照", "照"]
