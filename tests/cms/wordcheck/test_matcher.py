"""The matcher: every kind found, the longest match at a position, exceptions, context, and the
per-process matcher rebuilt only after the dictionary changed."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cms.wordcheck.matcher import CONTEXT_CHARS, VERSION_KEY, WordHit, WordMatcher, current_matcher
from cms.wordcheck.models import WordEntry, WordKind


def entry(pk: int, word: str, kind: str = WordKind.WRONG, correction: str = "", exceptions: str = "",
          note: str = "", enabled: bool = True) -> WordEntry:
    if kind != WordKind.BANNED and not correction:
        correction = f"正确{pk}"
    return WordEntry(pk=pk, kind=kind, word=word, correction=correction, exceptions=exceptions, note=note,
                     enabled=enabled)


def spans(hits: list[WordHit]) -> list[tuple[str, int, int]]:
    return [(hit.word, hit.start, hit.end) for hit in hits]


# --- hits and kinds ------------------------------------------------------------------------------


def test_every_kind_is_found_with_its_correction_and_offsets():
    matcher = WordMatcher([
        entry(1, "按装", correction="安装"),
        entry(2, "国土资源局", WordKind.OUTDATED, correction="自然资源局"),
        entry(3, "台湾总统", WordKind.BANNED, note="应为“台湾地区领导人”"),
    ])
    text = "县国土资源局组织按装监控设备。报道中不得出现台湾总统的说法，按装完毕。"
    hits = matcher.find(text)
    assert spans(hits) == [("国土资源局", 1, 6), ("按装", 8, 10), ("台湾总统", 22, 26), ("按装", 30, 32)]
    assert [(h.entry_id, h.kind, h.correction) for h in hits] == [
        (2, "outdated", "自然资源局"), (1, "wrong", "安装"), (3, "banned", ""), (1, "wrong", "安装")]
    assert hits[2].note == "应为“台湾地区领导人”"
    for hit in hits:
        assert text[hit.start:hit.end] == hit.word


def test_a_clean_text_an_empty_text_and_an_empty_dictionary_find_nothing():
    matcher = WordMatcher([entry(1, "按装")])
    assert matcher.find("安装调试已经完成。") == []
    assert matcher.find("") == []
    assert WordMatcher([]).find("按装") == []
    assert len(WordMatcher([])) == 0


def test_disabled_entries_are_not_searched():
    matcher = WordMatcher([entry(1, "按装", enabled=False), entry(2, "既使")])
    assert len(matcher) == 1
    assert spans(matcher.find("按装，既使")) == [("既使", 3, 5)]


def test_hit_is_immutable():
    hit = WordMatcher([entry(1, "按装")]).find("按装")[0]
    with pytest.raises(AttributeError):
        hit.word = "安装"


def test_context_holds_fifteen_characters_either_side_on_one_line():
    text = "甲" * 40 + "按装" + "\n乙" * 20
    hit = WordMatcher([entry(1, "按装")]).find(text)[0]
    assert hit.context == "甲" * CONTEXT_CHARS + "按装" + " 乙" * 7 + " "
    assert len(hit.context) == CONTEXT_CHARS * 2 + 2
    short = WordMatcher([entry(1, "按装")]).find("按装好")[0]
    assert short.context == "按装好"


# --- overlapping matches -------------------------------------------------------------------------


def test_the_longest_word_at_a_position_is_reported_once():
    matcher = WordMatcher([
        entry(1, "卫生和计划生育委员会", WordKind.OUTDATED, correction="卫生健康委员会"),
        entry(2, "国家卫生和计划生育委员会", WordKind.OUTDATED, correction="国家卫生健康委员会"),
        entry(3, "计划生育", WordKind.BANNED),
    ])
    hits = matcher.find("据国家卫生和计划生育委员会统计；县卫生和计划生育委员会报告。")
    assert [(h.entry_id, h.start, h.end) for h in hits] == [(2, 1, 13), (1, 17, 27)]


def test_partly_overlapping_words_are_both_reported():
    matcher = WordMatcher([entry(1, "甲乙丙"), entry(2, "丙丁戊")])
    assert spans(matcher.find("甲乙丙丁戊")) == [("甲乙丙", 0, 3), ("丙丁戊", 2, 5)]


def test_a_word_entered_under_two_kinds_is_reported_for_each():
    matcher = WordMatcher([entry(1, "某某词", WordKind.WRONG, correction="某词"), entry(2, "某某词", WordKind.BANNED)])
    hits = matcher.find("出现某某词。")
    assert [(h.entry_id, h.kind, h.start) for h in hits] == [(1, "wrong", 2), (2, "banned", 2)]


def test_repeated_and_adjacent_occurrences():
    matcher = WordMatcher([entry(1, "按装")])
    assert spans(matcher.find("按装按装")) == [("按装", 0, 2), ("按装", 2, 4)]


# --- exceptions ----------------------------------------------------------------------------------


def test_a_hit_inside_an_exception_phrase_is_not_reported():
    matcher = WordMatcher([entry(1, "防犯", correction="防范", exceptions="防犯罪\n防犯法")])
    hits = matcher.find("预防犯罪工作要防犯于未然，严防犯法行为。")
    assert spans(hits) == [("防犯", 7, 9)]


def test_an_exception_applies_only_to_its_own_entry():
    matcher = WordMatcher([
        entry(1, "工商局", WordKind.OUTDATED, correction="市场监管局", exceptions="原工商局"),
        entry(2, "原工商", WordKind.BANNED),
    ])
    hits = matcher.find("原工商局的档案")
    assert [(h.entry_id, h.start, h.end) for h in hits] == [(2, 0, 3)]


def test_an_exception_must_cover_the_whole_hit():
    matcher = WordMatcher([entry(1, "环境保护局", WordKind.OUTDATED, correction="生态环境局", exceptions="原环境保护局")])
    assert spans(matcher.find("原环境保护局、环境保护局")) == [("环境保护局", 7, 12)]
    assert spans(matcher.find("原县环境保护局")) == [("环境保护局", 2, 7)]


def test_a_word_inside_an_excepted_longer_word_is_not_reported():
    matcher = WordMatcher([
        entry(1, "国家卫生和计划生育委员会", WordKind.OUTDATED, correction="国家卫生健康委员会",
              exceptions="原国家卫生和计划生育委员会"),
        entry(2, "卫生和计划生育委员会", WordKind.OUTDATED, correction="卫生健康委员会",
              exceptions="原卫生和计划生育委员会"),
    ])
    assert matcher.find("原国家卫生和计划生育委员会印发的文件") == []
    assert [h.entry_id for h in matcher.find("国家卫生和计划生育委员会")] == [1]


def test_exception_phrases_that_do_not_contain_the_word_are_ignored():
    matcher = WordMatcher([entry(1, "其它", correction="其他", exceptions="其他")])
    assert spans(matcher.find("其它事项")) == [("其它", 0, 2)]


def test_the_default_dictionary_finds_its_examples(db):
    matcher = WordMatcher.from_database()
    assert len(matcher) >= 50
    text = ("原国家工商行政管理总局发布的规定仍然有效。县环境保护局要按装监测设备，既使下雨也要施工，"
            "做好预防犯罪工作；文中出现台湾总统的说法应予纠正。")
    found = {(h.word, h.kind, h.correction) for h in matcher.find(text)}
    assert found == {
        ("环境保护局", "outdated", "生态环境局"), ("按装", "wrong", "安装"), ("既使", "wrong", "即使"),
        ("台湾总统", "banned", ""),
    }


# --- one matcher per process ---------------------------------------------------------------------


@pytest.mark.django_db
def test_current_matcher_is_kept_until_the_dictionary_changes(django_capture_on_commit_callbacks):
    WordEntry.objects.update(enabled=False)
    cache.delete(VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        word = WordEntry.objects.create(kind=WordKind.WRONG, word="测试错词", correction="测试正词")
    first = current_matcher()
    assert current_matcher() is first
    assert [h.entry_id for h in first.find("一个测试错词")] == [word.pk]

    with django_capture_on_commit_callbacks(execute=True):
        word.correction = "新的正词"
        word.save()
    second = current_matcher()
    assert second is not first
    assert second.find("测试错词")[0].correction == "新的正词"
    assert current_matcher() is second

    with django_capture_on_commit_callbacks(execute=True):
        word.delete()
    assert current_matcher().find("测试错词") == []


@pytest.mark.django_db
def test_a_change_counts_only_once_committed(django_capture_on_commit_callbacks):
    first = current_matcher()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        WordEntry.objects.create(kind=WordKind.BANNED, word="未提交的词")
    assert len(callbacks) == 1
    assert current_matcher() is first  # not yet committed: no process may rebuild under a new version
    callbacks[0]()
    assert current_matcher() is not first
    assert current_matcher().find("未提交的词")


@pytest.mark.django_db
def test_a_lost_version_counts_as_a_change():
    first = current_matcher()
    cache.delete(VERSION_KEY)
    second = current_matcher()
    assert second is not first and current_matcher() is second


@pytest.mark.django_db
def test_an_unchanged_dictionary_costs_one_cache_read(django_assert_max_num_queries):
    current_matcher()
    with django_assert_max_num_queries(1):
        current_matcher()
