"""The public theme: every page type renders with its content, meta tags, dates and navigation."""

from __future__ import annotations

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.db import connection
from django.template import loader
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.articles.models import ArticlePage
from cms.core.models import PortalSettings
from cms.disclosure.models import InterpretationPage, PolicyDocumentPage
from cms.home.models import HomePage
from cms.taxonomy.models import Topic
from portal import views
from tests.conftest import column_of, make_policy

pytestmark = pytest.mark.django_db

META_NAMES = ("SiteName", "SiteIDCode", "ColumnName", "ArticleTitle", "PubDate", "ContentSource")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def fetch(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def meta_of(soup: BeautifulSoup) -> dict[str, str]:
    return {tag["name"]: tag.get("content", "") for tag in soup.find_all("meta", attrs={"name": META_NAMES})}


def add_article(column, title: str, day: datetime.date, **fields) -> ArticlePage:
    page = ArticlePage(title=title, publish_date=day, body="<p>正文。</p>", live=True, **fields)
    column.add_child(instance=page)
    return page


@pytest.fixture
def portal_settings(portal) -> PortalSettings:
    settings = PortalSettings.objects.get(site=Site.objects.get(root_page=portal.home))
    settings.site_title = "云溪县人民政府"
    settings.organizer = "云溪县政务服务数据管理局"
    settings.site_code = "4417000001"
    settings.icp_number = "粤ICP备12345678号"
    settings.police_number = "粤公网安备44170002000123号"
    settings.contact_phone = "0763-1234000"
    settings.contact_email = "zwgk@yunxi.gov.cn"
    settings.address = "云溪县城关镇人民路1号"
    settings.save()
    return settings


@pytest.fixture
def news(portal, portal_settings):
    items = [
        add_article(portal.news, f"要闻第{i}条", datetime.date(2026, 11, 20) - datetime.timedelta(days=i),
                    source="云溪县融媒体中心", author="李明")
        for i in range(3)
    ]
    add_article(portal.notices, "关于国庆节放假安排的通知", datetime.date(2026, 9, 25))
    return items


@pytest.fixture
def policy_pair(dept_a, portal_settings):
    topic = Topic.objects.create(name="基础教育")
    policy = make_policy(
        column_of(dept_a), "关于印发义务教育招生工作方案的通知", written_date=datetime.date(2026, 10, 28),
        document_number="云教〔2026〕12号", topic=topic, genre="notice", keywords="义务教育 招生",
    )
    interpretation = InterpretationPage(
        title="义务教育招生工作方案政策解读", body="<p>解读。</p>", publish_date=datetime.date(2026, 11, 3),
        policy=policy, live=False,
    )
    column_of(dept_a, "zcjd").add_child(instance=interpretation)
    interpretation.save_revision().publish()
    interpretation.refresh_from_db()
    return policy, interpretation


# --- the frame of every page ------------------------------------------------------------------


def test_home_page_has_frame_lists_entries_and_meta(client, portal, news, portal_settings):
    soup = fetch(client, "/")
    html = soup.find("html")
    assert html["lang"] == "zh-CN"
    assert "no-js" in html["class"]
    skip = soup.find("a", class_="skip-link")
    assert skip["href"] == "#main" and soup.find("main", id="main")
    for landmark in ("header", "nav", "main", "footer"):
        assert soup.find(landmark) is not None, landmark

    nav = soup.find("nav", attrs={"aria-label": "主导航"})
    nav_titles = [a.get_text(strip=True) for a in nav.find_all("a")]
    assert nav_titles == ["首页", "新闻中心", "政务公开", "政务服务", "互动交流"]
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "首页"

    forms = soup.find_all("form", attrs={"role": "search"})
    assert len(forms) == 2
    for form in forms:
        assert form["action"] == "/search/" and form["method"] == "get"
        assert form.find("input", attrs={"name": "q"})
        assert form.find("label", attrs={"for": form.find("input")["id"]})

    news_panel = soup.find("section", attrs={"aria-labelledby": "home-news-title"})
    titles = [a.get_text() for a in news_panel.select(".item-list a")]
    assert titles == ["要闻第0条", "要闻第1条", "要闻第2条"]
    assert [t.get_text() for t in news_panel.find_all("time")] == ["2026-11-20", "2026-11-19", "2026-11-18"]
    assert news_panel.find("a", class_="more")["href"] == portal.news.url
    notices = soup.find("section", attrs={"aria-labelledby": "home-notice-title"})
    assert "关于国庆节放假安排的通知" in notices.get_text()

    tiles = [t.get_text(" ", strip=True) for t in soup.select(".home-entries .tile__title")]
    assert "政务公开" in tiles and "政务服务" in tiles

    footer = soup.find("footer").get_text()
    for text in ("主办单位：云溪县人民政府办公室", "承办单位：云溪县政务服务数据管理局", "网站标识码：4417000001",
                 "粤ICP备12345678号", "粤公网安备44170002000123号", "0763-1234000", "zwgk@yunxi.gov.cn",
                 "云溪县城关镇人民路1号"):
        assert text in footer, text

    meta = meta_of(soup)
    assert set(meta) == set(META_NAMES)
    assert meta["SiteName"] == "云溪县人民政府"
    assert meta["SiteIDCode"] == "4417000001"
    assert meta["ArticleTitle"] == portal.home.title
    assert DATE.match(meta["PubDate"])
    assert soup.find("nav", class_="breadcrumbs") is None  # none on the home page


def test_home_entries_replace_the_section_tiles(client, portal, portal_settings):
    home = HomePage.objects.get(pk=portal.home.pk)
    home.entries = [
        ("entry", {"title": "公开目录", "description": "政府信息公开目录", "page": portal.catalogue, "url": ""}),
        ("entry", {"title": "国家政务服务平台", "description": "", "page": None, "url": "https://gjzwfw.www.gov.cn/"}),
    ]
    home.save_revision().publish()
    soup = fetch(client, "/")
    tiles = {a.select_one(".tile__title").get_text(): a["href"] for a in soup.select(".home-entries a.tile")}
    assert tiles == {"公开目录": portal.catalogue.url, "国家政务服务平台": "https://gjzwfw.www.gov.cn/"}


def test_large_font_toggle_markup_script_and_styles(client, portal):
    soup = fetch(client, "/")
    button = soup.find("button", attrs={"data-font-toggle": True})
    assert button is not None and button["type"] == "button"
    assert button.get_text(strip=True) == "大字版"
    assert soup.find("script", src=re.compile(r"portal/js/portal\.js$"))
    script = open(finders.find("portal/js/portal.js"), encoding="utf-8").read()
    assert "localStorage" in script and "large-font" in script and "标准版" in script and "no-js" in script
    css = open(finders.find("portal/css/portal.css"), encoding="utf-8").read()
    assert "html.large-font" in css and ":focus-visible" in css
    assert ".no-js .font-toggle" in css  # without JavaScript the inert button is hidden
    assert "PingFang SC" in css and "Microsoft YaHei" in css and "Noto Sans CJK SC" in css
    assert "http://" not in css and "https://" not in css  # no external assets


# --- columns ------------------------------------------------------------------------------------


def test_column_page_lists_dated_items_with_feed_link_breadcrumbs_and_meta(client, portal, news):
    draft = ArticlePage(title="未发布的要闻", publish_date=datetime.date(2026, 11, 21), live=False)
    portal.news.add_child(instance=draft)
    soup = fetch(client, portal.news.url)
    rows = soup.select(".content-box .item-list li")
    assert [r.a.get_text() for r in rows] == ["要闻第0条", "要闻第1条", "要闻第2条"]
    assert rows[0].a["href"] == news[0].url
    assert all(DATE.match(r.time.get_text()) for r in rows)
    assert "未发布的要闻" not in soup.get_text()

    feed_url = portal.news.url + "rss/"
    assert soup.find("link", rel="alternate", type="application/rss+xml")["href"] == feed_url
    assert soup.find("a", class_="rss-link")["href"] == feed_url
    crumbs = soup.find("nav", class_="breadcrumbs")
    assert [a.get_text() for a in crumbs.find_all("a")] == ["首页", "新闻中心"]
    assert crumbs.find(attrs={"aria-current": "page"}).get_text() == "要闻动态"
    side = soup.find("nav", class_="side-nav")
    assert side.find("a", attrs={"aria-current": "page"}).get_text() == "要闻动态"
    assert soup.find("nav", attrs={"aria-label": "主导航"}).find("a", attrs={"aria-current": "true"}).get_text() == "新闻中心"

    meta = meta_of(soup)
    assert meta["ColumnName"] == "要闻动态" and meta["ArticleTitle"] == "要闻动态"
    assert DATE.match(meta["PubDate"])


def test_column_pagination(client, portal, portal_settings):
    for i in range(45):
        add_article(portal.notices, f"通知{i:02d}", datetime.date(2026, 1, 1) + datetime.timedelta(days=i))
    first = fetch(client, portal.notices.url)
    assert len(first.select(".content-box .item-list li")) == 20
    pager = first.find("nav", class_="pagination")
    assert pager.find("a", attrs={"aria-current": "page"}).get_text() == "1"
    assert pager.find("a", string="下一页")["href"] == "?page=2"
    assert pager.find("a", string="尾页")["href"] == "?page=3"
    assert pager.find("a", string="首页") is None  # on page 1 it is not a link

    last = fetch(client, portal.notices.url + "?page=3")
    rows = last.select(".content-box .item-list li")
    assert [r.a.get_text() for r in rows] == [f"通知{i:02d}" for i in range(4, -1, -1)]
    pager = last.find("nav", class_="pagination")
    assert pager.find("a", attrs={"aria-current": "page"}).get_text() == "3"
    assert pager.find("a", string="上一页")["href"] == "?page=2"
    assert pager.find("a", string="首页")["href"] == "?"
    assert "共 45 条" in pager.get_text()

    assert client.get(portal.notices.url + "?page=9").status_code == 404


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_column_queries_do_not_grow_with_its_items(client, dept_a, dept_b, portal_settings):
    small, big = column_of(dept_a, "gzdt"), column_of(dept_b, "gzdt")
    for i in range(5):
        add_article(small, f"教育动态{i}", datetime.date(2026, 3, 1) + datetime.timedelta(days=i))
    for i in range(60):
        add_article(big, f"交通动态{i}", datetime.date(2026, 1, 1) + datetime.timedelta(days=i))
    client.get(small.url)  # warm the per-process caches (content types, site root paths)

    small_page = count_queries(client, small.url)
    big_first = count_queries(client, big.url)
    big_third = count_queries(client, big.url + "?page=3")
    assert small_page == big_first == big_third
    assert small_page <= 20


# --- items --------------------------------------------------------------------------------------


def test_article_page(client, portal, news):
    soup = fetch(client, news[0].url)
    article = soup.find("article")
    assert article.h1.get_text() == "要闻第0条"
    meta_line = article.find(class_="article__meta").get_text()
    assert "发布日期：2026-11-20" in meta_line and "来源：云溪县融媒体中心" in meta_line and "作者：李明" in meta_line
    assert "正文。" in article.find(class_="rich-text").get_text()
    crumbs = [a.get_text() for a in soup.find("nav", class_="breadcrumbs").find_all("a")]
    assert crumbs == ["首页", "新闻中心", "要闻动态"]

    meta = meta_of(soup)
    assert meta == {
        "SiteName": "云溪县人民政府", "SiteIDCode": "4417000001", "ColumnName": "要闻动态",
        "ArticleTitle": "要闻第0条", "PubDate": "2026-11-20", "ContentSource": "云溪县融媒体中心",
    }


def test_article_attachments_are_listed(client, portal, portal_settings):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document(title="报名表")
    document.file.save("baomingbiao.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    page = add_article(portal.notices, "报名通知", datetime.date(2026, 5, 6))
    page.attachments = [("document", document)]
    page.save()
    section = fetch(client, page.url).find("section", class_="attachments")
    link = section.find("a")
    assert link.get_text() == "报名表" and link["href"] == document.url
    assert "PDF" in section.get_text()


def test_policy_page_metadata_table_and_interpretation_link(client, policy_pair):
    policy, interpretation = policy_pair
    soup = fetch(client, policy.url)
    cells = {th.get_text(): th.find_next_sibling("td").get_text(" ", strip=True)
             for th in soup.select("table.meta-table th")}
    assert cells == {
        "索引号": policy.index_number, "发布机构": "云溪县教育局", "成文日期": "2026-10-28",
        "发布日期": "2026-11-02", "文号": "云教〔2026〕12号", "主题分类": "基础教育",
        "体裁分类": "通知", "有效性": "有效", "关键词": "义务教育 招生",
    }
    assert policy.index_number.startswith("11441700007280420Y/2026-")
    assert soup.find("article").h1.get_text() == policy.title
    related = soup.find("section", class_="related")
    assert related.find("a")["href"] == interpretation.url

    meta = meta_of(soup)
    assert meta["ColumnName"] == "政策文件" and meta["PubDate"] == "2026-11-02"
    assert meta["ContentSource"] == "云溪县教育局" and meta["ArticleTitle"] == policy.title


def test_interpretation_links_back_to_its_policy(client, policy_pair):
    policy, interpretation = policy_pair
    soup = fetch(client, interpretation.url)
    related = soup.find("section", class_="related")
    assert related.h2.get_text() == "解读的政策文件"
    assert related.find("a")["href"] == policy.url and related.find("a").get_text() == policy.title
    assert meta_of(soup)["ColumnName"] == "政策解读"


def test_policy_hides_unpublished_interpretations_and_shows_repeal(client, dept_a, portal_settings):
    policy = make_policy(column_of(dept_a), "已废止的办法", validity="repealed",
                         validity_changed_on=datetime.date(2026, 12, 1))
    draft = InterpretationPage(title="草稿解读", policy=policy, live=False)
    column_of(dept_a, "zcjd").add_child(instance=draft)
    soup = fetch(client, policy.url)
    assert soup.find("section", class_="related") is None
    validity = soup.find("th", string="有效性").find_next_sibling("td").get_text(strip=True)
    assert validity == "废止（2026-12-01 起）"


# --- disclosure structure ----------------------------------------------------------------------


def test_catalogue_filters_counts_and_links(client, portal, dept_a, dept_b, portal_settings):
    make_policy(column_of(dept_a), "教育甲", publish_date=datetime.date(2026, 3, 1), genre="notice")
    make_policy(column_of(dept_a), "教育乙", publish_date=datetime.date(2026, 4, 1), genre="opinion")
    make_policy(column_of(dept_a), "教育丙", publish_date=datetime.date(2025, 5, 1), genre="notice")
    make_policy(column_of(dept_b), "交通甲", publish_date=datetime.date(2026, 6, 1), genre="notice")
    make_policy(column_of(dept_b), "交通草稿", publish=False)

    soup = fetch(client, portal.catalogue.url)
    assert "共 4 条政府信息" in soup.find(class_="result-summary").get_text(" ", strip=True)
    headers = [th.get_text() for th in soup.select("table.data-table thead th")]
    assert headers == ["索引号", "名称", "发布机构", "发布日期"]
    rows = soup.select("table.data-table tbody tr")
    assert [r.select_one(".col-title a").get_text() for r in rows] == ["交通甲", "教育乙", "教育甲", "教育丙"]
    assert rows[0].select_one(".col-agency").get_text() == "云溪县交通运输局"
    assert DATE.match(rows[0].select_one(".col-date").get_text(strip=True))

    def facet_counts(page, title):
        group = page.find("section", attrs={"aria-label": f"按{title}筛选"})
        return {a.select_one("span").get_text(): int(a.select_one(".facet__count").get_text())
                for a in group.find_all("a") if a.select_one(".facet__count")}

    assert facet_counts(soup, "发布机构") == {"云溪县教育局": 3, "云溪县交通运输局": 1}
    assert facet_counts(soup, "发布年份") == {"2026年": 3, "2025年": 1}
    assert facet_counts(soup, "体裁分类") == {"意见": 1, "通知": 3}

    filtered = fetch(client, f"{portal.catalogue.url}?department={dept_a.pk}")
    assert [r.select_one(".col-title a").get_text() for r in filtered.select("table.data-table tbody tr")] == [
        "教育乙", "教育甲", "教育丙"]
    departments = filtered.find("section", attrs={"aria-label": "按发布机构筛选"})
    assert departments.find("a", attrs={"aria-current": "true"}).select_one("span").get_text() == "云溪县教育局"
    assert facet_counts(filtered, "发布年份") == {"2026年": 2, "2025年": 1}
    year_link = next(a for a in filtered.select('section[aria-label="按发布年份筛选"] a') if "2025年" in a.get_text())
    assert f"department={dept_a.pk}" in year_link["href"] and "year=2025" in year_link["href"]

    both = fetch(client, year_link["href"])
    assert [r.select_one(".col-title a").get_text() for r in both.select("table.data-table tbody tr")] == ["教育丙"]
    chips = [c.get_text(" ", strip=True) for c in both.select(".result-summary .chip")]
    assert len(chips) == 2 and chips[0].startswith("云溪县教育局") and chips[1].startswith("2025年")


def test_catalogue_queries_do_not_grow_and_pages(client, portal, dept_a, portal_settings):
    column = column_of(dept_a)
    for i in range(3):
        column.add_child(instance=PolicyDocumentPage(title=f"文件{i}", publish_date=datetime.date(2026, 1, 1 + i),
                                                     live=True))
    client.get(portal.catalogue.url)
    few = count_queries(client, portal.catalogue.url)
    for i in range(3, 25):
        column.add_child(instance=PolicyDocumentPage(title=f"文件{i}", publish_date=datetime.date(2026, 1, 1 + i),
                                                     live=True))
    # Facet counts are cached until the catalogue changes: compare warm pages.
    client.get(portal.catalogue.url)
    many = count_queries(client, portal.catalogue.url)
    client.get(portal.catalogue.url + f"?department={dept_a.pk}&page=2")
    second = count_queries(client, portal.catalogue.url + f"?department={dept_a.pk}&page=2")
    assert few == many == second
    soup = fetch(client, portal.catalogue.url + f"?department={dept_a.pk}&page=2")
    assert len(soup.select("table.data-table tbody tr")) == 5
    pager = soup.find("nav", class_="pagination")
    assert pager.find("a", attrs={"aria-current": "page"}).get_text() == "2"
    assert pager.find("a", string="上一页")["href"] == f"?department={dept_a.pk}"


def test_guide_page(client, portal, portal_settings):
    guide = portal.guide
    guide.office_name, guide.office_phone = "云溪县人民政府办公室", "0763-1234001"
    guide.office_address, guide.office_hours, guide.postcode = "人民路1号", "工作日 8:30-17:30", "513000"
    guide.updated_on = datetime.date(2026, 1, 15)
    guide.save_revision().publish()
    soup = fetch(client, guide.url)
    assert soup.find("article").h1.get_text() == "政府信息公开指南"
    info = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in soup.select("dl.info-list dt")}
    assert info == {"受理机构": "云溪县人民政府办公室", "受理地址": "人民路1号", "邮政编码": "513000",
                    "咨询电话": "0763-1234001", "办公时间": "工作日 8:30-17:30"}
    assert "更新日期：2026-01-15" in soup.find(class_="updated").get_text()
    assert "本指南说明" in soup.find(class_="rich-text").get_text()


def test_department_index_and_department_page(client, portal, dept_a, dept_b, portal_settings):
    dept_a.address, dept_a.phone, dept_a.office_hours = "文化路18号", "0763-7654321", "工作日"
    dept_a.save()
    soup = fetch(client, portal.departments.url)
    group = soup.find("section", class_="group")
    assert group.h2.get_text() == "部门信息公开"
    assert {a.get_text() for a in group.find_all("a")} == {"云溪县教育局", "云溪县交通运输局"}

    page = fetch(client, dept_a.disclosure_page.url)
    info = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in page.select("dl.info-list dt")}
    assert info == {"办公地址": "文化路18号", "联系电话": "0763-7654321", "办公时间": "工作日"}
    columns = [a.get_text() for a in page.select(".link-grid a")]
    assert columns[:3] == ["机构职能", "领导信息", "政策文件"] and len(columns) == 11
    assert meta_of(page)["ContentSource"] == "云溪县教育局"


def test_section_page_shows_children_and_column_blocks(client, portal, news):
    soup = fetch(client, portal.news.get_parent().url)
    assert soup.h1.get_text() == "新闻中心"
    blocks = {s.h2.get_text(): [a.get_text() for a in s.select(".item-list a")] for s in soup.select(".section-grid .panel")}
    assert blocks == {"要闻动态": ["要闻第0条", "要闻第1条", "要闻第2条"], "通知公告": ["关于国庆节放假安排的通知"]}
    disclosure = fetch(client, portal.disclosure.url)
    assert {t.get_text() for t in disclosure.select(".tile__title")} == {
        "政府信息公开目录", "政府信息公开指南", "部门和乡镇信息公开"}


@pytest.mark.parametrize("attr", ["home", "news", "disclosure", "catalogue", "guide", "departments"])
def test_every_page_type_carries_the_six_meta_tags(client, portal, portal_settings, attr):
    page = getattr(portal, attr)
    meta = meta_of(fetch(client, page.url))
    assert set(meta) == set(META_NAMES)
    assert meta["SiteName"] == "云溪县人民政府" and meta["SiteIDCode"] == "4417000001"
    assert meta["ArticleTitle"] == page.title and meta["ColumnName"] == page.title
    assert DATE.match(meta["PubDate"])


# --- errors --------------------------------------------------------------------------------------


def test_404_is_friendly_chinese(client, portal, portal_settings):
    soup = fetch(client, "/no-such-page/", status=404)
    assert soup.find("html")["lang"] == "zh-CN"
    assert soup.h1.get_text() == "抱歉，您访问的页面不存在"
    assert soup.find("a", string="返回首页")["href"] == "/"
    assert soup.find("form", attrs={"role": "search"})["action"] == "/search/"
    assert "云溪县人民政府" in soup.title.get_text()


def test_500_renders_without_context_processors(portal):
    html = loader.get_template("500.html").render()
    assert "抱歉" in html and 'lang="zh-CN"' in html
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "系统" in response.content.decode()
