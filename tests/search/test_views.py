"""The public search page ``/search/``: results grouped by kind with highlights, facets that add
and remove one filter, sort, date range, title-only and 文号 search, pagination, suggestions,
best bets, hot searches, rate limit, and only published public pages ever shown."""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.test import override_settings
from wagtail.models import PageViewRestriction

from cms.articles.models import ArticlePage
from search.models import BestBet, QueryLog
from search.service import BestBetResult, SearchRequest, SearchResponse
from tests.conftest import column_of, make_policy

LICENCE = "关于办理营业执照变更登记的通知"
LICENCE_BODY = "<p>办理营业执照变更登记需要提交的材料清单。</p>"


def make_article(column, title: str, *, body: str = "<p>正文。</p>", day=datetime.date(2026, 10, 8)) -> ArticlePage:
    page = ArticlePage(title=title, publish_date=day, body=body, live=False)
    column.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode("utf-8")


def links_in(text: str, css_class: str = "") -> dict[str, str]:
    """``{link text: href}`` of the anchors in ``text`` (tags inside the text removed)."""
    found = {}
    for href, inner in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', text, flags=re.S):
        found[re.sub(r"<[^>]+>", "", inner).strip()] = href.replace("&amp;", "&")
    return found


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture
def content(portal, dept_a, dept_b, indexed):
    """Two policies of two departments and two years, an interpretation-free article."""
    with indexed():
        policy = make_policy(column_of(dept_a), LICENCE, body=LICENCE_BODY, document_number="云教发〔2026〕3号",
                             publish_date=datetime.date(2026, 11, 2))
        older = make_policy(column_of(dept_b), "营业执照年度报告公示的通知", body="<p>年度报告。</p>",
                            document_number="云交发〔2025〕7号", publish_date=datetime.date(2025, 3, 1))
        article = make_article(portal.news, "县政务服务中心开展营业执照集中办理活动",
                               body="<p>现场办理营业执照。</p>")
        body_only = make_policy(column_of(dept_a), "市场主体登记须知", body="<p>请携带营业执照原件。</p>",
                                publish_date=datetime.date(2026, 6, 1))
    return {"policy": policy, "older": older, "article": article, "body_only": body_only}


def test_empty_query_shows_the_form_and_hot_searches(client, portal):
    for n in range(3):
        QueryLog.objects.create(query="不动产登记", result_count=4, client=f"{n:016x}")
    text = html(client.get("/search/"))
    assert "<title>站内搜索 - " in text
    assert 'name="q"' in text and 'value=""' in text
    assert "热门搜索" in text and "不动产登记" in text
    assert "data-search-results" not in text
    assert "找到" not in text and "未找到" not in text


def test_whitespace_query_is_an_empty_query(client, portal):
    text = html(client.get("/search/", {"q": "   "}))
    assert "data-search-results" not in text


def test_results_grouped_by_kind_with_highlights_and_details(client, content):
    text = html(client.get("/search/", {"q": "营业执照"}))
    assert "<title>“营业执照”的搜索结果 - " in text
    assert '<h1>站内搜索</h1>' in text
    assert 'value="营业执照"' in text
    assert re.search(r"找到 <strong data-total>4</strong> 条", text)
    # Grouped: one heading per kind, in the registry's order.
    assert re.findall(r'class="search-group__title"[^>]*>([^<]+)<', text) == ["政府信息"]
    assert "共 4 条" in text
    # Highlighted title and snippet (safe HTML from the service), type, department, date, 文号, URL.
    assert "关于办理<em>营业执照</em>变更登记的通知" in text
    assert "办理<em>营业执照</em>变更登记需要提交的材料清单" in text
    assert '<span class="search-result__type">政策文件</span>' in text
    assert '<span class="search-result__type">新闻动态</span>' in text
    assert "云溪县教育局" in text and "云溪县交通运输局" in text
    assert '<time datetime="2026-11-02">2026-11-02</time>' in text
    assert "云教发〔2026〕3号" in text
    assert f"http://testserver{unquote(content['policy'].url)}" in text
    # Every result link reports clicks: the search's log id and its position 1..4.
    log = QueryLog.objects.get()
    assert f'data-log="{log.id}"' in text
    positions = sorted(int(p) for p in re.findall(r'data-log="\d+" data-pos="(\d+)"', text))
    assert positions == [1, 2, 3, 4]


def test_part_of_a_word_and_pinyin_find_the_policy(client, content):
    for q in ["执照变更", "yyzz"]:
        text = html(client.get("/search/", {"q": q}))
        assert LICENCE in re.sub(r"</?em>", "", text), q


def test_type_facet_adds_and_removes_a_type_keeping_other_parameters(client, content):
    text = html(client.get("/search/", {"q": "营业执照", "sort": "date", "field": "all"}))
    facet = text[text.index('aria-label="按类型筛选"'):]
    facet = facet[:facet.index("</section>")]
    links = links_in(facet)
    policy_url = links["政策文件3"]
    assert query_of(policy_url) == {"q": ["营业执照"], "type": ["policy"], "sort": ["date"]}
    assert "page" not in policy_url

    filtered = html(client.get(policy_url))
    assert re.search(r"找到 <strong data-total>3</strong> 条", filtered)
    assert "新闻动态</span>" not in filtered.split('class="layout__side')[0]
    facet = filtered[filtered.index('aria-label="按类型筛选"'):]
    facet = facet[:facet.index("</section>")]
    links = links_in(facet)
    # The selected type removes itself; the other type (counted without the filter) is added.
    assert query_of(links["✓ 政策文件（已选，点击取消）3"]) == {"q": ["营业执照"], "sort": ["date"]}
    assert query_of(links["新闻动态1"]) == {"q": ["营业执照"], "type": ["policy", "article"], "sort": ["date"]}
    assert "类型：政策文件" in filtered  # active filter chip


def test_type_is_repeatable_or_comma_separated_and_validated(client, content):
    repeated = html(client.get("/search/?q=营业执照&type=policy&type=article"))
    commas = html(client.get("/search/", {"q": "营业执照", "type": "policy,article"}))
    for text in (repeated, commas):
        assert re.search(r"找到 <strong data-total>4</strong> 条", text)
    unknown = html(client.get("/search/", {"q": "营业执照", "type": "policy,nonsense"}))
    assert "未知的信息类型“nonsense”，已忽略。" in unknown
    assert re.search(r"找到 <strong data-total>3</strong> 条", unknown)


def test_department_and_year_facets(client, content):
    text = html(client.get("/search/", {"q": "营业执照"}))
    links = links_in(text[text.index('aria-label="按部门筛选"'):])
    department_url = links["云溪县交通运输局1"]
    assert query_of(department_url) == {"q": ["营业执照"], "department": ["云溪县交通运输局"]}
    filtered = html(client.get(department_url))
    assert re.search(r"找到 <strong data-total>1</strong> 条", filtered)
    assert "营业执照年度报告公示的通知" in re.sub(r"</?em>", "", filtered)

    links = links_in(text[text.index('aria-label="按年份筛选"'):])
    year_url = links["2025年1"]
    assert query_of(year_url) == {"q": ["营业执照"], "from": ["2025-01-01"], "to": ["2025-12-31"]}
    in_2025 = html(client.get(year_url))
    assert re.search(r"找到 <strong data-total>1</strong> 条", in_2025)
    links = links_in(in_2025[in_2025.index('aria-label="按年份筛选"'):])
    assert query_of(links["✓ 2025年（已选，点击取消）1"]) == {"q": ["营业执照"]}


def test_sort_by_date(client, content):
    text = html(client.get("/search/", {"q": "营业执照", "sort": "date"}))
    dates = re.findall(r'<time datetime="([\d-]+)">', text)
    assert dates == sorted(dates, reverse=True)
    assert re.search(r'<a href="[^"]*sort=date" aria-current="true">时间</a>', text)


def test_date_range_and_invalid_dates(client, content):
    text = html(client.get("/search/", {"q": "营业执照", "from": "2026-01-01", "to": "2026-12-31"}))
    assert re.search(r"找到 <strong data-total>3</strong> 条", text)
    assert 'value="2026-01-01"' in text and "日期：2026-01-01 至 2026-12-31" in text
    bad = html(client.get("/search/", {"q": "营业执照", "from": "2026-02-30", "to": "昨天"}))
    assert "开始日期“2026-02-30”不是有效日期" in bad and "结束日期“昨天”不是有效日期" in bad
    assert re.search(r"找到 <strong data-total>4</strong> 条", bad)
    backwards = html(client.get("/search/", {"q": "营业执照", "from": "2026-12-31", "to": "2026-01-01"}))
    assert "开始日期晚于结束日期，已自动对调。" in backwards
    assert re.search(r"找到 <strong data-total>3</strong> 条", backwards)


def test_title_only_search(client, content):
    everywhere = html(client.get("/search/", {"q": "营业执照"}))
    titles = html(client.get("/search/", {"q": "营业执照", "field": "title"}))
    assert "市场主体登记须知" in everywhere
    assert "市场主体登记须知" not in titles
    assert re.search(r"找到 <strong data-total>3</strong> 条", titles)
    assert 'value="title" checked' in titles and "范围：仅标题" in titles


def test_document_number_exact_search(client, content):
    for q in ["云教发〔2026〕3号", "云教发[2026]3号", "云教发（2026）3号"]:
        text = html(client.get("/search/", {"q": q, "field": "docnum"}))
        assert re.search(r"找到 <strong data-total>1</strong> 条", text), q
        assert LICENCE in re.sub(r"</?em>", "", text)
    assert "未找到" in html(client.get("/search/", {"q": "云教发〔2026〕4号", "field": "docnum"}))


def test_pagination_keeps_parameters_and_is_capped(client, portal, dept_a, indexed):
    with indexed():
        for n in range(23):
            make_policy(column_of(dept_a), f"关于乡村道路养护工作的第{n + 1}号通知", publish_date=datetime.date(2026, 1, 1 + n))
    first = html(client.get("/search/", {"q": "道路养护", "sort": "date"}))
    nav = first[first.index('aria-label="搜索结果分页"'):]
    nav = nav[:nav.index("</nav>")]
    assert '<span class="is-disabled">上一页</span>' in nav
    assert 'aria-current="page" aria-label="第1页，当前页"' in nav
    links = links_in(nav)
    assert query_of(links["下一页"]) == {"q": ["道路养护"], "sort": ["date"], "page": ["2"]}
    assert set(links) == {"1", "2", "3", "下一页"}
    third = html(client.get(links["3"]))
    assert len(re.findall(r'class="search-result"', third)) == 3
    assert re.findall(r'data-pos="(\d+)"', third) == ["21", "22", "23"]
    assert '<span class="is-disabled">下一页</span>' in third
    assert "第 3/3 页" in third

    bad = html(client.get("/search/", {"q": "道路养护", "page": "abc"}))
    assert "页码“abc”无效，已显示第 1 页。" in bad and "第 1/3 页" in bad
    capped = html(client.get("/search/", {"q": "道路养护", "page": "100000"}))
    assert "最多可查看前 100 页结果" in capped
    beyond = html(client.get("/search/", {"q": "道路养护", "page": "9"}))
    assert "第 9 页没有结果" in beyond


def test_a_later_page_reuses_the_first_pages_log(client, portal, dept_a, indexed):
    with indexed():
        for n in range(12):
            make_policy(column_of(dept_a), f"关于乡村道路养护工作的第{n + 1}号通知")
    first = html(client.get("/search/", {"q": "道路养护"}))
    second = html(client.get("/search/", {"q": "道路养护", "page": "2"}))
    log = QueryLog.objects.get()
    assert f'data-log="{log.id}"' in first and f'data-log="{log.id}"' in second


def test_suggestion_line(client, content):
    text = html(client.get("/search/", {"q": "营业执找"}))
    suggestion = re.search(r'您是不是要找：<a href="([^"]+)">([^<]+)</a>', text)
    assert suggestion and suggestion.group(2) == "营业执照"
    assert query_of(suggestion.group(1).replace("&amp;", "&")) == {"q": ["营业执照"]}


def fake_response(**fields) -> SearchResponse:
    values = {"request": SearchRequest(q="告之承诺"), "query": "告之承诺", "total": 0, "page": 1, "pages": 0,
              "results": [], "facets": {"type": {}, "department": {}, "year": {}}}
    values.update(fields)
    return SearchResponse(**values)


def test_corrected_and_relaxed_notes(client, portal, monkeypatch):
    monkeypatch.setattr("search.views.page.search", lambda request: fake_response(
        suggestion="告知承诺", corrected=True, relaxed=True))
    text = html(client.get("/search/", {"q": "告之承诺"}))
    assert "您是不是要找：<a" in text and ">告知承诺</a>" in text
    assert "以下是“告知承诺”的搜索结果" in text
    assert "未找到包含全部关键词的结果，以下结果包含部分关键词" in text


def test_best_bets_first_in_a_highlighted_box(client, content, monkeypatch):
    BestBet.objects.create(query="营业执照", url="/zwfw/yyzz/", title="营业执照办理指南", description="一次办好")
    text = html(client.get("/search/", {"q": "营业执照"}))
    box = text.index('class="best-bets"')
    assert "推荐结果" in text[box:box + 200]
    assert box < text.index('class="search-group"')
    assert '<a href="/zwfw/yyzz/">营业执照办理指南</a>' in text and "一次办好" in text

    monkeypatch.setattr("search.views.page.search", lambda request: fake_response(
        best_bets=[BestBetResult(title="<b>指南</b>", url="/a/", description="")]))
    escaped = html(client.get("/search/", {"q": "告之承诺"}))
    assert "&lt;b&gt;指南&lt;/b&gt;" in escaped


def test_no_results_show_advice_and_hot_searches(client, content):
    for n in range(2):
        QueryLog.objects.create(query="营业执照", result_count=4, client=f"{n:016x}")
    text = html(client.get("/search/", {"q": "火星移民"}))
    assert "未找到与“<span class=\"search-summary__q\">火星移民</span>”相关的结果" in text
    assert "建议您：" in text
    assert "热门搜索" in text and ">营业执照</a>" in re.sub(r'<span class="hot-searches__rank"[^>]*>\d+</span>', "", text)


def test_hot_searches_hidden_when_there_are_results(client, content):
    for n in range(2):
        QueryLog.objects.create(query="不动产登记", result_count=4, client=f"{n:016x}")
    assert "热门搜索" not in html(client.get("/search/", {"q": "营业执照"}))


def test_query_and_filters_are_escaped(client, content):
    text = html(client.get("/search/", {"q": '<script>alert(1)</script>营业执照', "department": '"><img>'}))
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert '"><img>' not in text


# --- what may be shown ----------------------------------------------------------------------


def found(client, q: str) -> str:
    return re.sub(r"</?em>", "", html(client.get("/search/", {"q": q})))


def test_a_published_policy_appears_and_disappears_when_unpublished(client, dept_a, indexed):
    with indexed():
        policy = make_policy(column_of(dept_a), "关于开展秸秆禁烧巡查的通知")
    assert "关于开展秸秆禁烧巡查的通知" in found(client, "秸秆禁烧")
    with indexed():
        policy.unpublish()
    text = found(client, "秸秆禁烧")
    assert "关于开展秸秆禁烧巡查的通知" not in text and "未找到" in text


def test_a_draft_never_appears(client, dept_a, indexed):
    with indexed():
        draft = make_policy(column_of(dept_a), "关于秸秆综合利用的征求意见稿", publish=False)
        published = make_policy(column_of(dept_a), "关于秸秆综合利用的通知")
        published.title = "关于秸秆综合利用的通知（修订草稿）"
        published.save_revision()  # a draft revision of a live page: the live version stays
    text = found(client, "秸秆综合利用")
    assert draft.title not in text
    assert "关于秸秆综合利用的通知" in text and "修订草稿" not in text


def test_a_private_page_never_appears(client, dept_a, indexed):
    column = column_of(dept_a)
    with indexed():
        private = make_policy(column, "内部通知：秸秆禁烧值班安排", publish=False)
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD,
                                           password="neibu2026")
        private.get_latest_revision().publish()
        later = make_policy(column, "秸秆禁烧工作调度会议纪要")
    assert "秸秆禁烧工作调度会议纪要" in found(client, "秸秆禁烧")
    with indexed():
        PageViewRestriction.objects.create(page=later, restriction_type=PageViewRestriction.PASSWORD,
                                           password="neibu2026")
    text = found(client, "秸秆禁烧")
    assert "值班安排" not in text and "调度会议纪要" not in text


# --- rate limit, site integration -------------------------------------------------------------


@override_settings(SEARCH_RATE_LIMIT=3)
def test_rate_limit_answers_429_with_a_chinese_page(client, portal):
    for _ in range(3):
        assert client.get("/search/", {"q": "营业执照"}).status_code == 200
    response = client.get("/search/", {"q": "营业执照"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Content-Type"].startswith("text/html")
    assert "搜索过于频繁，请稍后再试" in response.content.decode()
    # Another visitor is not affected.
    assert client.get("/search/", {"q": "营业执照"}, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_every_page_offers_the_search_and_its_opensearch_description(client, portal):
    text = html(client.get("/"))
    assert '<link rel="search" type="application/opensearchdescription+xml"' in text
    assert 'href="/opensearch.xml"' in text
    assert 'data-suggest="/api/search/suggest"' in text
    assert 'id="header-q-list" class="suggest-list" role="listbox"' in text
    assert "portal/js/search.js" in text and "portal/css/search.css" in text
    for url in ["/", "/search/", "/search/?q=营业执照"]:
        assert "{#" not in html(client.get(url)) and "#}" not in html(client.get(url))


def test_opensearch_description(client, portal):
    response = client.get("/opensearch.xml", HTTP_HOST="www.yunxi.gov.cn")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    text = response.content.decode("utf-8")
    assert "<ShortName>云溪县人民政府</ShortName>" in text
    assert "<InputEncoding>UTF-8</InputEncoding>" in text
    assert 'type="text/html" method="get" template="http://www.yunxi.gov.cn/search/?q={searchTerms}"' in text
    assert ('type="application/x-suggestions+json" method="get" '
            'template="http://www.yunxi.gov.cn/api/search/suggest?q={searchTerms}&amp;format=opensearch"') in text
    import xml.etree.ElementTree as ElementTree

    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://a9.com/-/spec/opensearch/1.1/}OpenSearchDescription"
