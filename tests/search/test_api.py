"""The search API: ``/api/search`` answers the service's JSON, 400 with a Chinese ``error`` for
invalid parameters; ``/api/search/suggest`` completes from the vocabulary and popular queries
(also in the OpenSearch suggestions format); every endpoint is rate-limited with 429."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.cache import cache
from django.test import override_settings

from search.models import QueryLog, VocabularyTerm
from search.service import SearchRequest, search
from search.views.suggest import normalised_prefix, suggest_key
from tests.conftest import column_of, make_policy

LICENCE = "关于办理营业执照变更登记的通知"


@pytest.fixture
def content(portal, dept_a, dept_b, indexed):
    with indexed():
        make_policy(column_of(dept_a), LICENCE, body="<p>办理营业执照变更登记需要提交的材料。</p>",
                    document_number="云教发〔2026〕3号")
        make_policy(column_of(dept_b), "营业执照年度报告公示的通知", publish_date=datetime.date(2025, 3, 1))


def get_json(client, url: str, params: dict | None = None, status: int = 200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response, json.loads(response.content.decode("utf-8"))


def test_search_answers_the_services_json(client, content):
    response, data = get_json(client, "/api/search", {"q": "营业执照", "type": "policy", "sort": "date"})
    expected = search(SearchRequest(q="营业执照", types=("policy",), sort="date")).as_json()
    assert data == expected
    assert data["total"] == 2 and data["page"] == 1 and data["pages"] == 1
    assert data["results"][0]["title_html"] == "关于办理<em>营业执照</em>变更登记的通知"
    assert data["facets"]["type"] == {"policy": {"label": "政策文件", "count": 2}}
    # Chinese as UTF-8, not \u escapes.
    assert "营业执照".encode() in response.content and b"\\u" not in response.content


def test_search_filters_and_pages(client, content):
    _, data = get_json(client, "/api/search", {"q": "营业执照", "department": "云溪县交通运输局"})
    assert data["total"] == 1 and data["results"][0]["department"] == "云溪县交通运输局"
    _, data = get_json(client, "/api/search", {"q": "营业执照", "from": "2026-01-01", "to": "2026-12-31"})
    assert [r["title"] for r in data["results"]] == [LICENCE]
    _, data = get_json(client, "/api/search", {"q": "云教发[2026]3号", "field": "docnum"})
    assert data["total"] == 1 and data["results"][0]["doc_number"] == "云教发〔2026〕3号"
    _, data = get_json(client, "/api/search", {"q": "营业执照", "page": "2"})
    assert data["page"] == 2 and data["results"] == [] and data["total"] == 2


def test_empty_query_answers_an_empty_result(client, content):
    _, data = get_json(client, "/api/search")
    assert data["total"] == 0 and data["results"] == [] and data["query"] == ""
    assert not QueryLog.objects.exists()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "abc"}, "页码“abc”无效"),
        ({"page": "0"}, "页码“0”无效"),
        ({"page": "-1"}, "页码“-1”无效"),
        ({"page": "101"}, "最多可查看前 100 页结果"),
        ({"page": "１"}, "页码“１”无效"),
        ({"from": "2026-13-01"}, "开始日期“2026-13-01”不是有效日期"),
        ({"to": "20260101"}, "结束日期“20260101”不是有效日期"),
        ({"sort": "random"}, "排序方式“random”无效"),
        ({"field": "body"}, "搜索范围“body”无效"),
        ({"type": "policy,unknown"}, "未知的信息类型“unknown”"),
    ],
)
def test_invalid_parameters_answer_400_with_a_chinese_error(client, portal, params, message):
    _, data = get_json(client, "/api/search", {"q": "营业执照", **params}, status=400)
    assert list(data) == ["error"]
    assert message in data["error"]
    assert not QueryLog.objects.exists()


def test_empty_parameters_are_missing_parameters(client, content):
    _, data = get_json(client, "/api/search", {"q": "营业执照", "type": "", "department": "", "from": "", "to": "",
                                               "sort": "", "field": "", "page": ""})
    assert data["total"] == 2


def test_only_get_and_head(client, portal):
    assert client.post("/api/search", {"q": "营业执照"}).status_code == 405
    assert client.head("/api/search", {"q": "营业执照"}).status_code == 200


def test_api_search_is_logged_with_its_id_in_a_header(client, content):
    response, _ = get_json(client, "/api/search", {"q": "营业执照"})
    log = QueryLog.objects.get()
    assert log.source == "api" and response["X-Search-Log"] == str(log.id)


# --- suggestions ----------------------------------------------------------------------------


@pytest.fixture
def vocabulary(db):
    for term, pinyin, initials, count in [
        ("营业执照", "yingyezhizhao", "yyzz", 30), ("营业", "yingye", "yy", 50), ("营商环境", "yingshanghuanjing", "yshj", 9),
        ("医疗保险", "yiliaobaoxian", "ylbx", 12), ("不动产登记", "budongchandengji", "bdcdj", 20),
    ]:
        VocabularyTerm.objects.create(term=term, pinyin=pinyin, initials=initials, doc_count=count)


def suggest(client, q: str, **extra) -> list[str]:
    _, data = get_json(client, "/api/search/suggest", {"q": q, **extra})
    assert data["query"] == q
    return data["suggestions"]


def test_suggestions_by_chinese_prefix_most_documents_first(client, vocabulary):
    assert suggest(client, "营") == ["营业", "营业执照", "营商环境"]
    assert suggest(client, "營業") == ["营业", "营业执照"]  # traditional characters
    assert suggest(client, "不动") == ["不动产登记"]
    assert suggest(client, "火星") == []
    assert suggest(client, "") == [] and suggest(client, "  ") == []


def test_suggestions_by_pinyin_and_initials(client, vocabulary):
    assert suggest(client, "yingye") == ["营业", "营业执照"]
    assert suggest(client, "yyz") == ["营业执照"]
    assert suggest(client, "YL") == ["医疗保险"]
    assert suggest(client, "ｂｄｃ") == ["不动产登记"]  # full-width letters


def test_suggestions_include_popular_queries_first_and_at_most_eight(client, vocabulary):
    for n in range(3):
        QueryLog.objects.create(query="营业执照办理流程", result_count=5, client=f"a{n:015x}")
    QueryLog.objects.create(query="营业执照 张三", result_count=1, client="b" * 16)  # one visitor only
    QueryLog.objects.create(query="营业执照遗失", result_count=0, client="c" * 16)  # found nothing
    QueryLog.objects.create(query="营业执照遗失", result_count=0, client="d" * 16)
    assert suggest(client, "营业") == ["营业执照办理流程", "营业", "营业执照"]
    for n in range(10):
        VocabularyTerm.objects.create(term=f"营业{n}号", pinyin="", initials="", doc_count=1)
    cache.clear()
    assert len(suggest(client, "营业")) == 8


def test_suggestions_are_cached_under_the_normalised_text(client, vocabulary):
    assert suggest(client, "营业执") == ["营业执照"]
    assert cache.get(suggest_key(normalised_prefix("營業執"))) == ["营业执照"]
    VocabularyTerm.objects.create(term="营业执照办理", pinyin="", initials="", doc_count=99)
    assert suggest(client, "營業執") == ["营业执照"]  # same normalised text: the cached answer


def test_opensearch_suggestions_format(client, vocabulary):
    response = client.get("/api/search/suggest", {"q": "yyzz", "format": "opensearch"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-suggestions+json")
    assert json.loads(response.content) == ["yyzz", ["营业执照"]]


# --- rate limits -----------------------------------------------------------------------------


@override_settings(SEARCH_RATE_LIMIT=2)
def test_search_api_rate_limit_is_shared_with_the_page(client, portal):
    assert client.get("/search/", {"q": "营业执照"}).status_code == 200
    get_json(client, "/api/search", {"q": "营业执照"})
    response, data = get_json(client, "/api/search", {"q": "营业执照"}, status=429)
    assert "请求过于频繁" in data["error"] and list(data) == ["error"]
    assert 1 <= int(response["Retry-After"]) <= 60
    # Suggestions have their own, higher limit.
    get_json(client, "/api/search/suggest", {"q": "营业"})


@override_settings(SEARCH_SUGGEST_RATE_LIMIT=3)
def test_suggest_rate_limit(client, portal):
    for _ in range(3):
        get_json(client, "/api/search/suggest", {"q": "营业"})
    response, data = get_json(client, "/api/search/suggest", {"q": "营业"}, status=429)
    assert response["Retry-After"]
    get_json(client, "/api/search", {"q": "营业执照"})


@override_settings(SEARCH_RATE_LIMIT=0)
def test_a_zero_limit_switches_the_check_off(client, portal):
    for _ in range(5):
        get_json(client, "/api/search", {"q": "营业执照"})


def test_the_default_limit_is_sixty_a_minute(db):
    from search.ratelimit import check, limit_for

    assert limit_for("SEARCH_RATE_LIMIT") == 60 and limit_for("SEARCH_SUGGEST_RATE_LIMIT") == 240
    now = 1_800_000_000.0  # the start of a minute
    decisions = [check("search", "192.0.2.9", 60, now=now + 1) for _ in range(61)]
    assert all(d.allowed for d in decisions[:60]) and not decisions[60].allowed
    assert decisions[60].retry_after == 59
    assert check("search", "192.0.2.9", 60, now=now + 60).allowed  # the next minute


@override_settings(SEARCH_RATE_LIMIT=1)
def test_forwarded_for_is_trusted_only_when_configured(client, portal):
    get_json(client, "/api/search", {"q": "a"})
    # Untrusted: a forged header does not make another visitor.
    response = client.get("/api/search", {"q": "a"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429
    with override_settings(SEARCH_TRUST_X_FORWARDED_FOR=True):
        response = client.get("/api/search", {"q": "a"}, HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1")
        assert response.status_code == 200
        response = client.get("/api/search", {"q": "a"}, HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.2")
        assert response.status_code == 429
