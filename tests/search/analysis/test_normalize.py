"""Normalisation: the same folding on indexed text and queries."""

import pytest

from search.analysis.normalize import (
    MAX_QUERY_CHARS,
    looks_like_doc_number,
    normalize,
    normalize_doc_number,
    normalize_query,
    to_simplified,
)


def test_traditional_becomes_simplified():
    assert to_simplified("營業執照變更登記") == "营业执照变更登记"
    assert normalize("辦理社會保障卡") == "办理社会保障卡"


def test_full_width_becomes_half_width_and_latin_lower_case():
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert normalize("Wi-Fi 热点") == "wi fi 热点"


@pytest.mark.parametrize("text", ['"告知 承诺"', "告知(承诺", "告知*承诺^~", "{告知}:承诺", "告知😀承诺", "告知\x00承诺"])
def test_syntax_characters_emoji_and_control_characters_become_separators(text):
    assert normalize(text) == "告知 承诺"


def test_query_operators_are_plain_words():
    assert normalize("告知 AND 承诺 NEAR") == "告知 and 承诺 near"


def test_queries_are_cut_to_a_bounded_length():
    assert len(normalize_query("营业执照" * 2500)) == MAX_QUERY_CHARS
    assert normalize_query("") == "" and normalize_query(None) == ""


@pytest.mark.parametrize("typed", ["云政发[2024]3号", "云政发〔2024〕3号", "云政发（2024）3号", "云政发【2024】 3 号"])
def test_doc_numbers_have_one_canonical_form(typed):
    assert normalize_doc_number(typed) == "云政发〔2024〕3号"
    assert looks_like_doc_number(typed)


def test_ordinary_text_is_not_a_doc_number():
    assert not looks_like_doc_number("营业执照 2024")
    assert not looks_like_doc_number("")
