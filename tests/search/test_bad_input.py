"""Whatever a visitor types, the search page and the API answer 200: query-syntax characters of
FTS5, Lucene and tsquery, quotes, unbalanced brackets, a 10,000-character paste, emoji, mixed
scripts, empty and blank queries, NUL characters and 文号 with odd brackets — in every search
scope (全文 / 标题 / 文号), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from search.models import QueryLog
from tests.conftest import column_of, make_policy

BAD_QUERIES = [
    '" * ( ) : ^ ~ - + ! & | { } [ ] \\ / AND OR NOT NEAR',
    "AND", "OR", "NOT", "NEAR", "营业 AND 执照", "营业 OR", "NOT 执照", "NEAR(营业 执照, 2)",
    '"', '""', '"营业执照', '营业"执照', "“营业执照", "'", "''", "`",
    "(", ")", "((营业执照", "营业执照]]", "{营业", "[执照", "<>", "<script>",
    "*", "营业*", "*执照", "^2", "营业~2", "title:营业执照", "body:", ":", "-营业", "+执照", "!执照",
    "&", "|", "&&", "||", "\\", "/", "//", "a/b\\c", "营业 & 执照 | 登记 <-> !", "a:*", "'a' & 'b'",
    "营业执照" * 2500,
    "a" * 10_000,
    "😀", "😀😀😀", "👨‍👩‍👧", "营业执照abc１２３😀", "ｙｙｚｚ", "營業執照", "Ëxtrâ ünïcödé", "עברית العربية",
    "", " ", "\t\n  \u3000", "\x00", "营业\x00执照", "\x00\x00\x00", "\x1b[31m", "\u200b", "\ufeff",
    "云教发〔2026〕3号", "云教发[2026]3号", "云教发（2026）3号", "云教发【2026】3号", "云教发〔2026〕3号)",
    "云教发((2026]3号", "〔2026〕", "〔〕号", "云教发〔〔2026〕〕3号", "云教发〔2026〕号", "\x00〔2026〕3号",
    "%", "_", "%_%", "'; DROP TABLE search_indexeddocument; --", "1 OR 1=1", "${jndi:ldap://x}",
]
FIELDS = ["all", "title", "docnum"]


def _id(value: str) -> str:
    return ascii(value[:20]) + (f"…{len(value)}" if len(value) > 20 else "")


@pytest.fixture
def indexed_policy(portal, dept_a, indexed):
    with indexed():
        make_policy(column_of(dept_a), "关于办理营业执照变更登记的通知", body="<p>办理营业执照变更登记。</p>",
                    document_number="云教发〔2026〕3号")


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("q", BAD_QUERIES, ids=_id)
def test_the_page_and_the_api_answer_200(client, indexed_policy, q, field):
    response = client.get("/search/", {"q": q, "field": field})
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert "<h1>站内搜索</h1>" in text
    assert "<script>" not in text.split("<main", 1)[1]

    response = client.get("/api/search", {"q": q, "field": field})
    assert response.status_code == 200, response.content[:300]
    data = json.loads(response.content)
    assert isinstance(data["total"], int) and isinstance(data["results"], list)

    if field == "all":
        response = client.get("/api/search/suggest", {"q": q})
        assert response.status_code == 200
        assert isinstance(json.loads(response.content)["suggestions"], list)


def test_the_document_number_search_still_finds_with_odd_brackets(client, indexed_policy):
    for q in ["云教发[2026]3号", "云教发【2026】3号", "云教发(2026)3号", " 云教发 〔2026〕 3 号 "]:
        data = json.loads(client.get("/api/search", {"q": q, "field": "docnum"}).content)
        assert data["total"] == 1, q


def test_mixed_scripts_find_the_chinese_part(client, indexed_policy):
    data = json.loads(client.get("/api/search", {"q": "营业执照abc１２３😀"}).content)
    assert data["total"] == 1 and data["relaxed"] is True


@pytest.mark.parametrize(
    "params",
    [
        {"department": "\x00"},
        {"department": "云溪县\x00教育局"},
        {"department": "'; DROP TABLE x; --"},
        {"department": "教" * 5000},
        {"type": "\x00"},
        {"type": "policy\x00"},
        {"type": ",,,"},
        {"type": "policy,policy,article"},
        {"from": "\x00"},
        {"from": "2026-02-29"},
        {"from": "0000-01-01"},
        {"to": "9999-12-31"},
        {"from": "2026-1-1"},
        {"sort": "\x00"},
        {"field": "docnum\x00"},
        {"page": "\x00"},
        {"page": "99999999999999999999"},
        {"page": "1e3"},
        {"page": "１２"},
    ],
    ids=lambda params: _id(json.dumps(params, ensure_ascii=True)),
)
def test_odd_filters_never_break_the_page(client, indexed_policy, params):
    response = client.get("/search/", {"q": "营业执照", **params})
    assert response.status_code == 200
    api = client.get("/api/search", {"q": "营业执照", **params})
    assert api.status_code in (200, 400)
    if api.status_code == 400:
        assert list(json.loads(api.content)) == ["error"]


def test_nul_in_the_query_is_logged_without_it(client, indexed_policy):
    client.get("/search/", {"q": "营业\x00执照"})
    assert QueryLog.objects.get().query == "营业 执照"


def test_repeated_and_empty_parameters(client, indexed_policy):
    response = client.get("/search/?q=营业执照&q=登记&page=&page=2&sort=&type=&type=")
    assert response.status_code == 200
    assert client.get("/api/search?q&type&department&from&to&sort&field&page").status_code == 200
