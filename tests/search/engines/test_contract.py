"""One contract, every available engine: the embedded engine of the database in use (SQLite
FTS5 or PostgreSQL full text), and Elasticsearch when ``ELASTICSEARCH_URL`` is set."""

from __future__ import annotations

import datetime
import os
import uuid

import pytest

from search.analysis.normalize import normalize_doc_number
from search.analysis.segment import word_grams
from search.engines.ast import TITLE_ONLY, All, Any, Phrase, Prefix, Term
from search.engines.base import EngineQuery
from search.indexing import analyse

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")


def _embedded():
    from django.db import connection

    from search.engines.embedded import embedded_engine

    return embedded_engine(connection.vendor)


def _elasticsearch():
    from search.engines.elastic import ElasticsearchEngine

    engine = ElasticsearchEngine(ELASTICSEARCH_URL, prefix=f"gongkai-test-{uuid.uuid4().hex[:8]}", refresh="wait_for")
    return engine


ENGINES = [pytest.param(_embedded, id="embedded")]
ENGINES.append(pytest.param(_elasticsearch, id="elasticsearch", marks=pytest.mark.skipif(
    not ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL 未设置：Elasticsearch 集成测试只在有集群时运行")))


DOCS = [
    ("policy:1", "policy", "政府信息", "关于办理营业执照变更登记的通知", "办理营业执照变更登记需要提交的材料清单。",
     "云溪县市场监督管理局", datetime.date(2024, 3, 1), "云市监发〔2024〕3号"),
    ("policy:2", "policy", "政府信息", "执行标准的说明", "本标准自发布之日起执行。",
     "云溪县市场监督管理局", datetime.date(2025, 6, 1), ""),
    ("article:3", "article", "政府信息", "全面推行告知承诺制", "告知承诺制让群众少跑腿，营业执照当天可领。",
     "云溪县人民政府办公室", datetime.date(2026, 1, 5), ""),
    ("guide:4", "guide", "办事服务", "社会保障卡申领办事指南", "申领社会保障卡可在政务服务大厅办理。",
     "云溪县人力资源和社会保障局", None, ""),
]


def _entries():
    entries = []
    for key, type_, group, title, body, department, date, doc_number in DOCS:
        entry, _ = analyse(key, type_, group, {"title": title, "body": body, "department": department, "date": date,
                                               "doc_number": doc_number, "url": f"/{key.replace(':', '/')}/"})
        entries.append(entry)
    return entries


@pytest.fixture(params=ENGINES)
def engine(request, db):
    engine = request.param()
    engine.clear()
    engine.index(_entries())
    yield engine
    engine.clear()


def keys(engine, **kwargs) -> list[str]:
    return [hit.key for hit in engine.search(EngineQuery(**kwargs)).hits]


def test_a_term_finds_a_word_inside_a_longer_word(engine):
    assert keys(engine, match=Term("执照")) == ["policy:1", "article:3"] or \
        set(keys(engine, match=Term("执照"))) == {"policy:1", "article:3"}
    assert "policy:2" not in keys(engine, match=Term("执照")), "执行 must not match 执照"


def test_the_title_ranks_above_the_body(engine):
    assert keys(engine, match=Term("营业执照"))[0] == "policy:1"


def test_a_phrase_of_bigrams_finds_any_part_of_a_word(engine):
    assert keys(engine, match=Phrase(tuple(word_grams("承诺制")))) == ["article:3"]
    assert keys(engine, match=Phrase(tuple(word_grams("照变更")))) == ["policy:1"]
    assert keys(engine, match=Phrase(tuple(word_grams("变更照")))) == []


def test_prefix_all_and_any(engine):
    assert set(keys(engine, match=Prefix("执"))) == {"policy:1", "policy:2", "article:3"}
    assert keys(engine, match=All((Term("营业执照"), Term("告知")))) == ["article:3"]
    assert set(keys(engine, match=Any((Term("社会保障卡"), Term("执行"))))) == {"guide:4", "policy:2"}


def test_title_only(engine):
    assert set(keys(engine, match=Term("营业执照"))) == {"policy:1", "article:3"}
    assert keys(engine, match=Term("营业执照"), text_fields=TITLE_ONLY) == ["policy:1"]


def test_pinyin_field(engine):
    assert keys(engine, match=Term("yyzz", field="pinyin")) == ["policy:1"]
    assert keys(engine, match=Term("yyzz")) == [], "pinyin is searched only when asked for"


def test_filters(engine):
    assert keys(engine, match=Term("营业执照"), types=("article",)) == ["article:3"]
    assert keys(engine, match=None, department="云溪县市场监督管理局", sort="date") == ["policy:2", "policy:1"]
    assert keys(engine, match=None, date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 12, 31)) == ["policy:2"]
    assert keys(engine, match=None, doc_number=normalize_doc_number("云市监发[2024]3号")) == ["policy:1"]


def test_sort_by_date_puts_undated_last(engine):
    assert keys(engine, match=None, sort="date") == ["article:3", "policy:2", "policy:1", "guide:4"]


def test_pagination_and_total(engine):
    first = engine.search(EngineQuery(match=None, limit=3))
    second = engine.search(EngineQuery(match=None, limit=3, offset=3))
    assert first.total == second.total == 4
    assert len(first.hits) == 3 and len(second.hits) == 1
    assert {h.key for h in first.hits} | {h.key for h in second.hits} == {d[0] for d in DOCS}
    assert engine.search(EngineQuery(match=None, offset=40)).hits == []


def test_facets(engine):
    result = engine.search(EngineQuery(match=Term("营业执照")))
    assert result.total == 2
    assert result.facets["type"] == {"article": 1, "policy": 1}
    assert result.facets["department"] == {"云溪县人民政府办公室": 1, "云溪县市场监督管理局": 1}
    assert result.facets["year"] == {"2026": 1, "2024": 1}


def test_hits_carry_stored_fields(engine):
    hit = engine.search(EngineQuery(match=Term("社会保障卡"))).hits[0]
    assert (hit.key, hit.type, hit.group, hit.title, hit.url) == (
        "guide:4", "guide", "办事服务", "社会保障卡申领办事指南", "/guide/4/")
    assert hit.body.startswith("申领社会保障卡") and hit.date is None and hit.department


def test_index_is_idempotent_and_replaces_by_key(engine):
    entries = _entries()
    engine.index(entries)
    engine.index(entries[:1])
    assert engine.count_by_type() == {"article": 1, "guide": 1, "policy": 2}
    changed, _ = analyse("policy:2", "policy", "政府信息", {"title": "废止通知", "body": "", "url": "/p/2/"})
    engine.index([changed])
    assert keys(engine, match=Term("执行")) == []
    assert keys(engine, match=Term("废止")) == ["policy:2"]


def test_delete_ignores_unknown_keys(engine):
    engine.delete(["policy:1", "policy:999"])
    engine.delete(["policy:1"])
    assert keys(engine, match=Term("营业执照")) == ["article:3"]
    assert sorted(engine.keys()) == ["article:3", "guide:4", "policy:2"]


def test_rebuild_keeps_answering_and_drops_what_it_did_not_write(engine):
    rebuild = engine.begin_rebuild()
    rebuild.add(_entries()[2:])
    assert keys(engine, match=Term("营业执照")), "the live index answers during a rebuild"
    rebuild.finish()
    assert sorted(engine.keys()) == ["article:3", "guide:4"]


def test_tokens_that_look_like_syntax_are_plain_tokens(engine):
    for token in ['"', "*", "and", "or", "not", "near", "a:b", "'", "\\"]:
        engine.search(EngineQuery(match=Term(token)))
        engine.search(EngineQuery(match=Phrase((token, token))))
