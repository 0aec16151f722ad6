"""The query log: one entry per first-page search (page and API) with the normalised query, the
filters, the result count and a daily pseudonym of the visitor — never the IP address; hot
searches by distinct visitors; click reports accepted only for recent searches and local URLs."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from search import querylog
from search.models import QueryClick, QueryLog
from search.querylog import client_hash, hot_searches
from tests.conftest import column_of, make_policy

IP = "203.0.113.45"


@pytest.fixture
def policy(portal, dept_a, indexed):
    with indexed():
        return make_policy(column_of(dept_a), "关于办理营业执照变更登记的通知", document_number="云教发〔2026〕3号")


def test_a_page_search_is_logged(client, policy):
    client.get("/search/", {"q": "  營業執照  ＡＢＣ 😀", "type": "policy", "sort": "date", "field": "title",
                            "from": "2026-01-01"}, REMOTE_ADDR=IP)
    log = QueryLog.objects.get()
    assert log.query == "营业执照 abc"
    assert log.filters == "类型=政策文件; 日期=2026-01-01至; 排序=时间; 范围=仅标题"
    assert log.result_count == 1  # no title has "abc": the relaxed search finds the policy
    assert log.source == "page"
    assert log.client == client_hash(IP) and re.fullmatch(r"[0-9a-f]{16}", log.client)


def test_an_api_search_is_logged_with_its_result_count(client, policy):
    client.get("/api/search", {"q": "营业执照", "department": "云溪县教育局"}, REMOTE_ADDR=IP)
    log = QueryLog.objects.get()
    assert (log.query, log.filters, log.result_count, log.source) == ("营业执照", "部门=云溪县教育局", 1, "api")


def test_a_document_number_is_logged_in_canonical_form(client, policy):
    client.get("/search/", {"q": "云教发[2026]3号"})
    assert QueryLog.objects.get().query == "云教发〔2026〕3号"


def test_long_queries_are_cut_to_100_characters(client, policy):
    client.get("/api/search", {"q": "营业执照" * 2500})
    assert len(QueryLog.objects.get().query) == 100


def test_only_first_pages_with_a_query_are_logged(client, policy):
    client.get("/search/", {"q": "营业执照", "page": "2"})
    client.get("/api/search", {"q": "营业执照", "page": "3"})
    client.get("/search/", {"q": ""})
    client.get("/search/", {"q": "😀 ***"})
    client.get("/api/search", {"q": "", "type": "policy"})
    client.get("/api/search", {"q": "营业执照", "page": "x"})  # 400
    client.head("/search/", {"q": "营业执照"})
    client.head("/api/search", {"q": "营业执照"})
    assert not QueryLog.objects.exists()


def test_the_ip_address_is_stored_nowhere(client, policy):
    with override_settings(SEARCH_RATE_LIMIT=100):
        client.get("/search/", {"q": "营业执照"}, REMOTE_ADDR=IP)
        client.get("/api/search", {"q": "营业执照"}, REMOTE_ADDR=IP)
        client.get("/api/search/suggest", {"q": "营业"}, REMOTE_ADDR=IP)
    log = QueryLog.objects.first()
    client.post("/api/search/click", {"log": log.id, "url": "/a/", "pos": 1}, REMOTE_ADDR=IP)
    for row in QueryLog.objects.values():
        assert IP not in json.dumps(row, default=str)
    assert IP not in json.dumps(list(QueryClick.objects.values()), default=str)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM gongkai_cache")
        rows = cursor.fetchall()
    assert rows and not any(IP in key or IP in str(value) for key, value in rows)


def test_the_client_pseudonym_is_a_daily_keyed_hash(settings):
    today = datetime.date(2026, 11, 2)
    first = client_hash(IP, today)
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert client_hash(IP, today) == first
    assert client_hash(IP, today + datetime.timedelta(days=1)) != first
    assert client_hash("203.0.113.46", today) != first
    settings.SECRET_KEY = "another-secret-key-0123456789-0123456789-0123456789"
    assert client_hash(IP, today) != first
    assert client_hash("", today) == ""


@override_settings(SEARCH_TRUST_X_FORWARDED_FOR=True)
def test_the_first_forwarded_address_is_the_visitor_when_trusted(client, policy):
    client.get("/search/", {"q": "营业执照"}, HTTP_X_FORWARDED_FOR=f"{IP}, 10.0.0.1", REMOTE_ADDR="10.0.0.2")
    assert QueryLog.objects.get().client == client_hash(IP)


def test_the_forwarded_address_is_ignored_by_default(client, policy):
    client.get("/search/", {"q": "营业执照"}, HTTP_X_FORWARDED_FOR=IP, REMOTE_ADDR="10.0.0.2")
    assert QueryLog.objects.get().client == client_hash("10.0.0.2")


# --- hot searches -----------------------------------------------------------------------------


def log(query: str, client: str, *, results: int = 3, days_ago: int = 0) -> None:
    QueryLog.objects.create(query=query, result_count=results, client=client,
                            created_at=timezone.now() - datetime.timedelta(days=days_ago))


def test_hot_searches_count_distinct_visitors_of_the_last_30_days_with_results(db):
    for n in range(3):
        log("不动产登记", f"v{n}")
    for _ in range(10):
        log("营业执照", "same-visitor")  # one visitor, many times
    log("营业执照", "v1")
    for n in range(4):
        log("社保卡", f"v{n}", days_ago=31)  # too old
        log("火星移民", f"v{n}", results=0)  # found nothing
    log("张三的住址", "v9")  # one visitor: never shown to others
    assert hot_searches() == ["不动产登记", "营业执照"]


def test_hot_searches_are_cached_for_ten_minutes(db):
    for n in range(2):
        log("不动产登记", f"v{n}")
    assert hot_searches() == ["不动产登记"]
    for n in range(2):
        log("公积金", f"v{n}")
    assert hot_searches() == ["不动产登记"]
    cache.delete(querylog.HOT_CACHE_KEY.format(limit=querylog.HOT_LIMIT))
    assert hot_searches() == ["不动产登记", "公积金"]
    assert querylog.HOT_CACHE_SECONDS == 600


# --- click-through ----------------------------------------------------------------------------


@pytest.fixture
def logged(client, policy) -> QueryLog:
    client.get("/search/", {"q": "营业执照"})
    return QueryLog.objects.get()


@pytest.fixture
def beacon() -> Client:
    """A client that enforces CSRF, as a browser's sendBeacon request is not exempt by itself."""
    return Client(enforce_csrf_checks=True)


def test_a_click_is_recorded_once_per_search_and_url(beacon, logged, policy):
    url = policy.url
    response = beacon.post("/api/search/click", {"log": logged.id, "url": url, "pos": "1"})
    assert response.status_code == 204
    assert beacon.post("/api/search/click", {"log": logged.id, "url": url, "pos": "1"}).status_code == 204
    click = QueryClick.objects.get()
    assert (click.log_id, click.url, click.position) == (logged.id, url, 1)


def test_a_click_may_be_sent_as_json(beacon, logged):
    response = beacon.post("/api/search/click", json.dumps({"log": logged.id, "url": "/zwgk/政策/", "pos": 3}),
                           content_type="application/json")
    assert response.status_code == 204
    assert QueryClick.objects.get().url == "/zwgk/政策/"


@pytest.mark.parametrize("url", ["//evil.example/", "https://evil.example/", "javascript:alert(1)", "/\\evil.example",
                                 "", "zwgk/", "/a\x00b", "/a\nb", "/" + "a" * 500])
def test_a_click_to_another_site_is_rejected(beacon, logged, url):
    response = beacon.post("/api/search/click", {"log": logged.id, "url": url, "pos": 1})
    assert response.status_code == 400
    assert json.loads(response.content)["error"]
    assert not QueryClick.objects.exists()


@pytest.mark.parametrize(("log_id", "pos"), [("999999", 1), ("abc", 1), ("", 1), (None, 1), ("1", 0), ("1", "x"),
                                             ("1", 1001)])
def test_a_click_needs_a_known_search_and_a_position(beacon, logged, log_id, pos):
    data = {"url": "/a/", "pos": pos}
    if log_id is not None:
        data["log"] = logged.id if log_id == "1" else log_id
    assert beacon.post("/api/search/click", data).status_code == 400
    assert not QueryClick.objects.exists()


def test_a_click_on_a_search_older_than_a_day_is_rejected(beacon, logged):
    QueryLog.objects.filter(pk=logged.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    response = beacon.post("/api/search/click", {"log": logged.id, "url": "/a/", "pos": 1})
    assert response.status_code == 400 and "24 小时" in json.loads(response.content)["error"]


def test_click_reports_accept_only_post_and_parse_errors_are_400(beacon, logged):
    assert beacon.get("/api/search/click").status_code == 405
    response = beacon.post("/api/search/click", "{not json", content_type="application/json")
    assert response.status_code == 400
    response = beacon.post("/api/search/click", "[1, 2]", content_type="application/json")
    assert response.status_code == 400
