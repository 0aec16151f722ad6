"""The search service end to end on published pages: part of a word, pinyin, traditional
characters, 文号 in any bracket style, title-only search, filters and the suggestion."""

from __future__ import annotations

import datetime

import pytest

from search.service import SearchRequest, search
from tests.conftest import column_of, make_policy


@pytest.fixture
def policies(portal, dept_a, dept_b, indexed):
    with indexed():
        make_policy(column_of(dept_a), "关于办理营业执照变更登记的通知",
                    body="<p>办理营业执照变更登记需要提交的材料。</p>", document_number="云教发〔2026〕3号",
                    publish_date=datetime.date(2026, 3, 2))
        make_policy(column_of(dept_a), "执行标准的说明", body="<p>自发布之日起执行。</p>",
                    publish_date=datetime.date(2025, 5, 6))
        make_policy(column_of(dept_b), "道路运输证年审须知", body="<p>年审时携带营业执照副本。</p>",
                    publish_date=datetime.date(2026, 7, 8))


def titles(**kwargs) -> list[str]:
    return [r.title for r in search(SearchRequest(**kwargs)).results]


@pytest.mark.parametrize("q", ["执照", "营业执照", "变更登记", "照变", "yyzz", "yingyezhizhao", "營業執照變更"])
def test_finds_chinese_by_part_of_a_word_pinyin_and_traditional(policies, q):
    assert "关于办理营业执照变更登记的通知" in titles(q=q)
    assert "执行标准的说明" not in titles(q=q)


@pytest.mark.parametrize("q", ["云教发〔2026〕3号", "云教发[2026]3号", "云教发（2026）3号"])
def test_doc_number_in_any_bracket_style(policies, q):
    assert titles(q=q) == ["关于办理营业执照变更登记的通知"]
    assert titles(q=q, field="docnum") == ["关于办理营业执照变更登记的通知"]


def test_title_only(policies):
    assert set(titles(q="营业执照")) == {"关于办理营业执照变更登记的通知", "道路运输证年审须知"}
    assert titles(q="营业执照", field="title") == ["关于办理营业执照变更登记的通知"]


def test_filters_and_sort(policies, dept_b):
    assert titles(q="营业执照", department=dept_b.name) == ["道路运输证年审须知"]
    assert titles(q="营业执照", sort="date") == ["道路运输证年审须知", "关于办理营业执照变更登记的通知"]
    assert titles(q="营业执照", date_from=datetime.date(2026, 6, 1)) == ["道路运输证年审须知"]
    assert titles(q="", types=("policy",), department=dept_b.name) == ["道路运输证年审须知"]


def test_highlighting_escapes_stored_text(policies):
    result = search(SearchRequest(q="营业执照")).results[0]
    assert "<em>营业执照</em>" in result.title_html and "<em>" in result.snippet


def test_facets_and_groups(policies, dept_a, dept_b):
    response = search(SearchRequest(q="营业执照"))
    assert response.total == 2
    assert response.facets["department"] == {dept_a.name: 1, dept_b.name: 1}
    assert response.facets["year"] == {"2026": 2}
    assert [group for group, _ in response.groups()] == ["政府信息"]
    payload = response.as_json()
    assert payload["facets"]["type"]["policy"] == {"label": "政策文件", "count": 2}


def test_an_empty_query_finds_nothing_without_error(policies):
    response = search(SearchRequest(q="   "))
    assert response.total == 0 and response.results == []


def test_a_word_one_character_off_is_corrected_when_nothing_is_found(policies):
    response = search(SearchRequest(q="营业执找"))
    assert response.suggestion == "营业执照"
    assert "关于办理营业执照变更登记的通知" in [r.title for r in response.results]


def test_a_summary_repeating_the_body_is_indexed_once(portal, dept_a, indexed):
    with indexed():
        make_policy(column_of(dept_a), "关于秸秆禁烧的通告", summary="全县范围内禁止露天焚烧秸秆。",
                    body="<p>全县范围内禁止露天焚烧秸秆。违者依法处理。</p>")
    snippet = search(SearchRequest(q="秸秆禁烧")).results[0].snippet
    assert snippet.count("禁止露天焚烧") == 1
