"""The throughput bench's texts: ordinary government sentences raise no false alarm with the
default dictionary, and a planted word is found."""

from __future__ import annotations

from cms.wordcheck.bench import dictionary, make_texts, run
from cms.wordcheck.defaults import default_rows
from cms.wordcheck.matcher import WordMatcher


def test_ordinary_government_text_has_no_hits():
    matcher = WordMatcher(dictionary(0))
    assert len(matcher) == len(default_rows())
    for text in make_texts(200, 2_000, planted_share=0.0):
        assert matcher.find(text) == [], text


def test_planted_words_are_found_and_reported():
    texts = make_texts(50, 300, planted_share=1.0)
    matcher = WordMatcher(dictionary(0))
    assert sum(1 for text in texts if matcher.find(text)) >= 40  # a word planted near the end may be cut off
    result = run(texts=100, chars=300, pool=10, planted_share=1.0, extra_words=100)
    assert result.entries == len(default_rows()) + 100 and result.texts == 100
    assert result.hits > 0 and result.megabytes > 0 and result.mb_per_second > 0
