"""The Elasticsearch engine without a cluster: the index mapping, the request bodies compiled
from query trees, the reading of responses, and the naming and alias-swap rules of rebuilds.

No Elasticsearch runs here; what reaches the cluster is checked as the dicts the engine sends.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from elasticsearch.serializer import JsonSerializer
from elasticsearch_dsl import Search

from search.engines import elastic
from search.engines.ast import TITLE_ONLY, All, Phrase, Prefix, Term
from search.engines.ast import Any as AnyOf
from search.engines.base import EngineQuery, IndexEntry, SearchEngine
from search.engines.elastic import (
    ElasticsearchEngine,
    alias_swap_actions,
    compile_node,
    compile_query,
    index_body,
    index_mapping,
)

TEXT = ("title", "body")


def entry(key: str = "policy:1", date: datetime.date | None = datetime.date(2024, 5, 6), **kw: Any) -> IndexEntry:
    values: dict[str, Any] = dict(
        key=key, type="policy", group="政府信息", title="营业执照办理", body="正文", url="/p/1/",
        department="教育局", date=date, doc_number="云教发〔2024〕1号", title_tokens="营业 执照 营业执照",
        body_tokens="正文", pinyin_tokens="yingye zhizhao",
    )
    values.update(kw)
    return IndexEntry(**values)


def query(match: Any = None, **kw: Any) -> dict[str, Any]:
    return compile_query(EngineQuery(match=match, **kw))


def term(field: str, token: str, boost: float) -> dict[str, Any]:
    return {"term": {field: {"value": token, "boost": boost}}}


# --- mapping -------------------------------------------------------------------------------------

def test_text_fields_use_whitespace_tokens_with_positions():
    props = index_mapping()["properties"]
    for name in ("title", "body", "pinyin"):
        assert props[name] == {"type": "text", "analyzer": "gongkai_tokens", "index_options": "positions"}


def test_analyzer_is_the_builtin_whitespace_tokenizer_only():
    analysis = index_body()["settings"]["analysis"]
    assert analysis == {"analyzer": {"gongkai_tokens": {"type": "custom", "tokenizer": "whitespace"}}}


def test_keyword_date_and_display_fields():
    props = index_mapping()["properties"]
    for name in ("key", "type", "group", "department", "doc_number"):
        assert props[name] == {"type": "keyword"}
    assert props["url"] == {"type": "keyword", "index": False}
    assert props["date"] == {"type": "date"}
    assert props["year"] == {"type": "integer"}
    assert props["title_text"] == {"type": "text", "index": False}
    assert props["body_text"] == {"type": "text", "index": False}
    assert set(props) == {"key", "type", "group", "department", "doc_number", "url", "date", "year", "title",
                          "body", "pinyin", "title_text", "body_text"}


def test_unknown_fields_are_refused():
    assert index_mapping()["dynamic"] == "strict"


def test_live_index_settings():
    body = index_body(aliases={"gongkai-search": {}})
    assert body["settings"]["number_of_shards"] == 1
    assert "number_of_replicas" not in body["settings"]  # the cluster default
    assert "refresh_interval" not in body["settings"]
    assert body["aliases"] == {"gongkai-search": {}}
    assert body["mappings"] == index_mapping()
    assert index_body(replicas=0)["settings"]["number_of_replicas"] == 0


def test_rebuild_index_has_no_replicas_and_no_refresh_until_finished():
    settings = index_body(building=True, replicas=2)["settings"]
    assert settings["number_of_replicas"] == 0
    assert settings["refresh_interval"] == "-1"
    assert elastic.restored_settings(2) == {"index": {"refresh_interval": None, "number_of_replicas": 2}}
    assert elastic.restored_settings(None) == {"index": {"refresh_interval": None, "number_of_replicas": None}}


# --- documents -----------------------------------------------------------------------------------

def test_document_source_holds_tokens_and_display_text():
    source = elastic.document_source(entry())
    assert source["title"] == "营业 执照 营业执照"
    assert source["body"] == "正文"
    assert source["pinyin"] == "yingye zhizhao"
    assert source["title_text"] == "营业执照办理"
    assert source["body_text"] == "正文"
    assert source["date"] == datetime.date(2024, 5, 6)
    assert source["year"] == 2024
    assert set(source) == set(index_mapping()["properties"])


def test_document_source_keeps_empty_values():
    source = elastic.document_source(entry(date=None, doc_number="", department=""))
    assert source["date"] is None and source["year"] is None
    assert source["doc_number"] == "" and source["department"] == ""


def test_index_actions_use_the_key_as_id_and_keep_the_last_of_a_key():
    actions = elastic.index_actions([entry(title="旧"), entry("policy:2"), entry(title="新")], "gongkai-search")
    assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
        ("index", "gongkai-search", "policy:1"), ("index", "gongkai-search", "policy:2")]
    assert actions[0]["_source"]["title_text"] == "新"
    JsonSerializer().dumps(actions[0]["_source"])  # dates serialise


def test_delete_actions_once_per_key():
    actions = elastic.delete_actions(["a:1", "a:2", "a:1"], "gongkai-search")
    assert actions == [{"_op_type": "delete", "_index": "gongkai-search", "_id": "a:1"},
                       {"_op_type": "delete", "_index": "gongkai-search", "_id": "a:2"}]


# --- query trees ---------------------------------------------------------------------------------

def test_term_in_title_and_body_with_boosts():
    assert compile_node(Term("营业"), TEXT) == {"bool": {"should": [
        term("title", "营业", 10.0), term("body", "营业", 1.0)], "minimum_should_match": 1}}


def test_term_title_only():
    assert compile_node(Term("营业"), TITLE_ONLY) == term("title", "营业", 10.0)


def test_term_in_a_named_field():
    assert compile_node(Term("yingye", "pinyin"), TEXT) == term("pinyin", "yingye", 5.0)
    assert compile_node(Term("正文", "body"), TITLE_ONLY) == term("body", "正文", 1.0)


def test_prefix():
    assert compile_node(Prefix("营"), TITLE_ONLY) == {"prefix": {"title": {"value": "营", "boost": 10.0}}}
    assert compile_node(Prefix("yin", "pinyin"), TEXT) == {"prefix": {"pinyin": {"value": "yin", "boost": 5.0}}}
    assert compile_node(Prefix("营"), TEXT)["bool"]["should"][1] == {"prefix": {"body": {"value": "营", "boost": 1.0}}}


def test_phrase_is_match_phrase_of_the_tokens_with_the_whitespace_analyzer():
    compiled = compile_node(Phrase(("营业", "业执", "执照")), TEXT)
    assert compiled == {"bool": {"should": [
        {"match_phrase": {"title": {"query": "营业 业执 执照", "analyzer": "whitespace", "boost": 10.0}}},
        {"match_phrase": {"body": {"query": "营业 业执 执照", "analyzer": "whitespace", "boost": 1.0}}},
    ], "minimum_should_match": 1}}
    assert compile_node(Phrase(("ying", "ye"), "pinyin"), TEXT) == {
        "match_phrase": {"pinyin": {"query": "ying ye", "analyzer": "whitespace", "boost": 5.0}}}


def test_all_and_any():
    tree = All((Term("营业", "title"), AnyOf((Term("执照", "title"), Prefix("zhi", "pinyin")))))
    assert compile_node(tree, TEXT) == {"bool": {"must": [
        term("title", "营业", 10.0),
        {"bool": {"should": [term("title", "执照", 10.0), {"prefix": {"pinyin": {"value": "zhi", "boost": 5.0}}}],
                  "minimum_should_match": 1}},
    ]}}


def test_empty_nodes():
    assert compile_node(All(()), TEXT) == {"match_all": {}}
    assert compile_node(AnyOf(()), TEXT) == {"match_none": {}}
    assert compile_node(Phrase(()), TEXT) == {"match_none": {}}
    assert compile_node(Term("营业"), ()) == {"match_none": {}}


def test_unknown_field_or_node_is_an_error():
    with pytest.raises(ValueError):
        compile_node(Term("x", "summary"), TEXT)
    with pytest.raises(TypeError):
        compile_node("营业", TEXT)  # type: ignore[arg-type]


def test_compiled_body_is_valid_query_dsl_and_json():
    body = query(All((Term("营业"), Phrase(("营业", "业执")), AnyOf((Prefix("yy", "pinyin"), Term("a"))))),
                 types=("policy",), department="教育局", date_from=datetime.date(2024, 1, 1), doc_number="x")
    assert Search.from_dict(body).to_dict()["query"] == body["query"]
    JsonSerializer().dumps(body)


# --- filters, sort, page, facets -----------------------------------------------------------------

def test_no_match_is_match_all_newest_first():
    body = query()
    assert body["query"] == {"bool": {"must": [{"match_all": {}}], "filter": []}}
    assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}


def test_title_only_search_never_touches_the_body():
    body = query(All((Term("营业"), Phrase(("营业", "业执")))), text_fields=TITLE_ONLY)
    assert body["query"]["bool"]["must"] == [{"bool": {"must": [
        term("title", "营业", 10.0),
        {"match_phrase": {"title": {"query": "营业 业执", "analyzer": "whitespace", "boost": 10.0}}},
    ]}}]
    assert b'"body"' not in JsonSerializer().dumps(body["query"])


def test_match_goes_in_must_and_filters_in_filter_context():
    body = query(Term("营业", "title"), types=("policy", "notice"), department="教育局",
                 date_from=datetime.date(2024, 1, 1), date_to=datetime.date(2024, 12, 31), doc_number="云教发〔2024〕1号")
    assert body["query"] == {"bool": {"must": [term("title", "营业", 10.0)], "filter": [
        {"terms": {"type": ["policy", "notice"]}},
        {"term": {"department": "教育局"}},
        {"range": {"date": {"gte": "2024-01-01", "lte": "2024-12-31"}}},
        {"term": {"doc_number": "云教发〔2024〕1号"}},
    ]}}


def test_open_ended_date_ranges_are_inclusive():
    assert query(date_from=datetime.date(2024, 1, 1))["query"]["bool"]["filter"] == [
        {"range": {"date": {"gte": "2024-01-01"}}}]
    assert query(date_to=datetime.date(2024, 1, 1))["query"]["bool"]["filter"] == [
        {"range": {"date": {"lte": "2024-01-01"}}}]


def test_sort_by_relevance_then_date():
    assert query(Term("营业"))["sort"] == [
        {"_score": {"order": "desc"}}, {"date": {"order": "desc", "missing": "_last"}}, {"key": {"order": "asc"}}]


def test_sort_by_date_then_relevance():
    assert query(Term("营业"), sort="date")["sort"] == [
        {"date": {"order": "desc", "missing": "_last"}}, {"_score": {"order": "desc"}}, {"key": {"order": "asc"}}]


def test_page_total_and_scores():
    body = query(Term("营业"), offset=20, limit=10)
    assert (body["from"], body["size"]) == (20, 10)
    assert body["track_total_hits"] is True
    assert body["track_scores"] is True


def test_page_stays_inside_the_result_window():
    body = query(offset=9995, limit=10)
    assert (body["from"], body["size"]) == (9995, 5)
    body = query(offset=50_000, limit=10)
    assert (body["from"], body["size"]) == (10_000, 0)


def test_only_display_fields_come_back():
    source = query()["_source"]
    assert set(source) == {"key", "type", "group", "title_text", "body_text", "url", "department", "date",
                           "doc_number"}


def test_facet_aggregations():
    assert query()["aggs"] == {name: {"terms": {"field": name, "size": 100}} for name in ("type", "department", "year")}
    assert "aggs" not in query(facets=False)


# --- responses -----------------------------------------------------------------------------------

RESPONSE = {
    "hits": {"total": {"value": 42, "relation": "eq"}, "hits": [
        {"_id": "policy:1", "_score": 12.5, "_source": {
            "key": "policy:1", "type": "policy", "group": "政府信息", "title_text": "营业执照办理", "body_text": "正文",
            "url": "/p/1/", "department": "教育局", "date": "2024-05-06", "doc_number": "云教发〔2024〕1号"}},
        {"_id": "page:2", "_score": None, "_source": {"key": "page:2", "type": "page", "date": None}},
    ]},
    "aggregations": {
        "type": {"buckets": [{"key": "notice", "doc_count": 3}, {"key": "policy", "doc_count": 30},
                             {"key": "article", "doc_count": 3}]},
        "department": {"buckets": [{"key": "", "doc_count": 9}, {"key": "教育局", "doc_count": 20}]},
        "year": {"buckets": [{"key": 2023, "doc_count": 30}, {"key": 2024, "doc_count": 12}]},
    },
}


def test_hits_from_stored_fields():
    result = elastic.result_from(RESPONSE)
    assert result.total == 42
    first, second = result.hits
    assert first.key == "policy:1" and first.type == "policy" and first.group == "政府信息"
    assert first.title == "营业执照办理" and first.body == "正文" and first.url == "/p/1/"
    assert first.department == "教育局" and first.doc_number == "云教发〔2024〕1号"
    assert first.date == datetime.date(2024, 5, 6) and first.score == 12.5
    assert second.date is None and second.score == 0.0 and second.title == "" and second.department == ""


def test_facets_with_string_keys_and_embedded_order():
    facets = elastic.result_from(RESPONSE).facets
    assert list(facets["type"].items()) == [("policy", 30), ("article", 3), ("notice", 3)]
    assert facets["department"] == {"教育局": 20}  # no empty department
    assert list(facets["year"].items()) == [("2024", 12), ("2023", 30)]


def test_no_aggregations_means_empty_facets():
    result = elastic.result_from({"hits": {"total": {"value": 0}, "hits": []}})
    assert (result.total, result.hits, result.facets) == (0, [], {"type": {}, "department": {}, "year": {}})


# --- index names and the alias swap --------------------------------------------------------------

def test_alias_names():
    assert elastic.alias_name("gongkai") == "gongkai-search"
    assert elastic.building_alias_name("gongkai") == "gongkai-search-building"


def test_versioned_index_names():
    now = datetime.datetime(2026, 3, 4, 5, 6, 7)
    assert elastic.versioned_index_name("gongkai", now, "a1b2c3") == "gongkai-search-20260304050607-a1b2c3"
    first, second = elastic.versioned_index_name("gongkai", now), elastic.versioned_index_name("gongkai", now)
    assert first != second
    assert elastic.is_versioned_index("gongkai", first)


def test_only_this_prefixes_indices_are_versioned():
    assert elastic.is_versioned_index("gongkai", elastic.bootstrap_index_name("gongkai"))
    assert not elastic.is_versioned_index("gongkai", "gongkai-search")
    assert not elastic.is_versioned_index("gongkai", "gongkai-search-building")
    assert not elastic.is_versioned_index("gongkai", "gongkai-test-search-20260304050607-a1b2c3")
    assert not elastic.is_versioned_index("gongkai", "other-search-20260304050607-a1b2c3")
    assert not elastic.is_versioned_index("g.k", "gxk-search-20260304050607-a1b2c3")


def test_bootstrap_index_name_is_fixed():
    assert elastic.bootstrap_index_name("gongkai") == "gongkai-search-00000000000000-init"


def test_prefix_must_make_valid_index_names():
    assert elastic.check_prefix("gongkai_test-1") == "gongkai_test-1"
    for bad in ("", "Gongkai", "gong kai", "-gongkai", "gong*kai"):
        with pytest.raises(ValueError):
            elastic.check_prefix(bad)


def test_alias_swap_is_one_request_moving_the_alias():
    actions = alias_swap_actions("gongkai-search", "gongkai-search-2-b", ["gongkai-search-1-a"], "gongkai-search-building")
    assert actions == [
        {"remove": {"index": "gongkai-search-1-a", "alias": "gongkai-search"}},
        {"add": {"index": "gongkai-search-2-b", "alias": "gongkai-search"}},
        {"remove": {"index": "gongkai-search-2-b", "alias": "gongkai-search-building"}},
    ]


def test_alias_swap_without_a_live_index_only_adds():
    actions = alias_swap_actions("gongkai-search", "gongkai-search-2-b", [], "gongkai-search-building")
    assert [next(iter(a)) for a in actions] == ["add", "remove"]
    assert actions[0] == {"add": {"index": "gongkai-search-2-b", "alias": "gongkai-search"}}


def test_alias_swap_never_removes_the_new_index():
    actions = alias_swap_actions("s", "new", ["new", "old", "old"], "b")
    assert {"remove": {"index": "new", "alias": "s"}} not in actions
    assert actions.count({"remove": {"index": "old", "alias": "s"}}) == 1


def test_stale_indices_are_every_other_versioned_index_of_the_prefix():
    existing = ["gongkai-search-20260101000000-aaaaaa", "gongkai-search-20260202000000-bbbbbb",
                "gongkai-search-00000000000000-init", "gongkai-test-search-20260101000000-cccccc", "unrelated"]
    assert elastic.stale_indices("gongkai", existing, keep="gongkai-search-20260202000000-bbbbbb") == [
        "gongkai-search-00000000000000-init", "gongkai-search-20260101000000-aaaaaa"]


# --- construction --------------------------------------------------------------------------------

def test_engine_is_constructed_without_a_cluster():
    engine = ElasticsearchEngine("http://127.0.0.1:9", prefix="gongkai", refresh="wait_for")
    assert isinstance(engine, SearchEngine)
    assert engine.name == "elasticsearch"
    assert (engine.alias, engine.building_alias, engine.refresh) == ("gongkai-search", "gongkai-search-building",
                                                                    "wait_for")
    assert engine._client is None  # nothing contacted yet
    assert engine.client is engine.client  # one client, created on demand without connecting


def test_engine_refuses_an_invalid_prefix():
    with pytest.raises(ValueError):
        ElasticsearchEngine("http://127.0.0.1:9", prefix="Gongkai")


def test_engine_is_chosen_when_a_url_is_configured(settings):
    from search.engines import _engine_for

    settings.SEARCH_INDEX_PREFIX = "gongkai-unit"
    engine = _engine_for.__wrapped__("http://127.0.0.1:9", "sqlite")
    assert isinstance(engine, ElasticsearchEngine) and engine.alias == "gongkai-unit-search"
