"""A citizen searches from the header of the home page: autocomplete with the keyboard, part of a
word, highlighted results grouped by kind, a type facet that narrows them, and a click reported
to the query log.  A screenshot of the results is kept in ``var/screenshots/search.png``."""

from __future__ import annotations

import datetime
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from cms.articles.models import ArticlePage
from search.models import QueryClick, QueryLog
from search.outbox import drain
from tests.conftest import column_of, make_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "search.png"


@pytest.fixture
def published(portal, dept_a, dept_b):
    """Three policies and two news articles about business licences, in the index."""
    make_policy(column_of(dept_a), "关于办理营业执照变更登记的通知", body="<p>办理营业执照变更登记需要提交的材料清单。</p>",
                document_number="云教发〔2026〕3号", publish_date=datetime.date(2026, 11, 2))
    make_policy(column_of(dept_b), "营业执照年度报告公示工作的通知", body="<p>请各市场主体按时报送年度报告。</p>",
                document_number="云交发〔2025〕7号", publish_date=datetime.date(2025, 3, 1))
    make_policy(column_of(dept_a), "市场主体登记须知", body="<p>办理时请携带营业执照原件及复印件。</p>",
                publish_date=datetime.date(2026, 6, 1))
    for title, day in [("县政务服务中心开展营业执照集中办理活动", datetime.date(2026, 10, 8)),
                       ("营业执照电子化办理进社区", datetime.date(2026, 9, 20))]:
        article = ArticlePage(title=title, publish_date=day, body="<p>现场为群众办理营业执照。</p>", live=False)
        portal.news.add_child(instance=article)
        article.save_revision().publish()
    drain()  # publishing committed and ran the indexing task; drain whatever is left


def total(page: Page) -> int:
    return int(page.locator("[data-total]").inner_text())


def test_search_from_the_header_and_narrow_by_type(page: Page, published):
    page.goto("/")
    box = page.locator("#header-q")

    # Autocomplete: a listbox of suggestions, reachable with the arrow keys, closed with Escape.
    box.click()
    box.press_sequentially("营业", delay=60)
    listbox = page.locator("#header-q-list")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option", name="营业执照", exact=True)).to_be_visible()
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("营业")

    # Part of a word: 执照 finds every item about 营业执照.
    box.fill("执照")
    with page.expect_navigation():
        box.press("Enter")
    assert urlsplit(page.url).path == "/search/"
    assert parse_qs(urlsplit(page.url).query)["q"] == ["执照"]
    expect(page).to_have_title(re.compile("“执照”的搜索结果"))
    expect(page.locator("#search-q")).to_have_value("执照")
    assert total(page) == 5
    expect(page.locator(".search-group__title")).to_have_text(["政府信息共 5 条"])
    first_title = page.locator(".search-result__title").first
    expect(first_title.locator("em").first).to_contain_text("执照")
    assert page.locator(".search-result__title em").count() == 4  # 市场主体登记须知 has it in its body only
    expect(page.locator(".search-result").filter(has=page.locator("em", has_text="执照"))).to_have_count(5)
    expect(page.locator(".search-result__type", has_text="新闻动态")).to_have_count(2)
    expect(page.locator(".search-result__type", has_text="政策文件")).to_have_count(3)

    # A type facet narrows the results and keeps the query.
    facet = page.locator("section.facet[aria-label='按类型筛选']")
    with page.expect_navigation():
        facet.get_by_role("link", name=re.compile("新闻动态")).click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["type"] == ["article"] and query["q"] == ["执照"]
    assert total(page) == 2
    expect(page.locator(".search-result__type", has_text="政策文件")).to_have_count(0)
    expect(page.locator(".search-chips")).to_contain_text("类型：新闻动态")
    expect(facet.locator("a[aria-current]")).to_contain_text("新闻动态")

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # Opening a result reports the click (sendBeacon) against this search's log entry.
    link = page.locator(".search-result__title a").first
    href = link.get_attribute("href")
    log_id = int(link.get_attribute("data-log"))
    with page.expect_navigation():
        link.click()
    expect(page.locator("main h1")).to_be_visible()
    deadline = time.monotonic() + 5
    while not QueryClick.objects.filter(log_id=log_id).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    click = QueryClick.objects.get(log_id=log_id)
    assert (click.url, click.position) == (href, 1)
    assert QueryLog.objects.get(pk=log_id).filters == "类型=新闻动态"


def test_choose_a_suggestion_with_the_keyboard(page: Page, published):
    page.goto("/search/")
    box = page.locator("#search-q")
    box.click()
    box.press_sequentially("yyz", delay=60)
    option = page.locator("#search-q-list").get_by_role("option", name="营业执照", exact=True)
    expect(option).to_be_visible()
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    with page.expect_navigation():
        box.press("Enter")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["营业执照"]
    assert total(page) == 5
