"""The RSS feed of a column and the XML sitemap of the portal."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest

from cms.articles.models import ArticlePage
from cms.columns.feeds import FEED_LENGTH
from tests.conftest import column_of, make_policy

pytestmark = pytest.mark.django_db

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def add_article(column, title: str, day: datetime.date, *, live: bool = True, **fields) -> ArticlePage:
    page = ArticlePage(title=title, publish_date=day, body="<p>正文。</p>", live=live, **fields)
    column.add_child(instance=page)
    return page


def test_column_feed_lists_the_newest_items_with_links(client, portal):
    items = [
        add_article(portal.news, f"要闻{i:02d}", datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
                    summary=f"第{i}条要闻的摘要")
        for i in range(FEED_LENGTH + 5)
    ]
    add_article(portal.news, "未发布的要闻", datetime.date(2026, 12, 31), live=False)

    response = client.get(portal.news.url + "rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "要闻动态"
    assert feed.feed.link == "http://testserver" + portal.news.url

    newest_first = list(reversed(items))[:FEED_LENGTH]
    assert len(feed.entries) == FEED_LENGTH
    assert [e.title for e in feed.entries] == [p.title for p in newest_first]
    assert [e.link for e in feed.entries] == ["http://testserver" + p.url for p in newest_first]
    assert feed.entries[0].summary == f"第{FEED_LENGTH + 4}条要闻的摘要"
    assert feed.entries[0].published_parsed[:3] == (2026, 2, 4)
    assert "未发布的要闻" not in response.content.decode()


def test_feed_of_a_department_column_names_the_department(client, dept_a):
    policy = make_policy(column_of(dept_a), "教育局政策文件")
    feed = feedparser.parse(client.get(column_of(dept_a).url + "rss/").content)
    assert [e.link for e in feed.entries] == ["http://testserver" + policy.url]
    assert feed.entries[0].author == "云溪县教育局"


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    urls = root.findall(f"{{{SITEMAP_NS}}}url")
    assert all(url.find(f"{{{SITEMAP_NS}}}lastmod") is not None for url in urls)
    return [url.find(f"{{{SITEMAP_NS}}}loc").text for url in urls]


def test_sitemap_lists_live_pages_but_not_drafts(client, portal, dept_a):
    article = add_article(portal.news, "要闻一", datetime.date(2026, 3, 1))
    article.save_revision().publish()
    policy = make_policy(column_of(dept_a), "已发布的文件")
    draft = make_policy(column_of(dept_a), "草稿文件", publish=False)

    locations = sitemap_locations(client)
    assert portal.home.get_full_url() in locations
    for page in (portal.news, portal.catalogue, portal.guide, dept_a.disclosure_page, article, policy):
        assert page.get_full_url() in locations, page.title
    assert draft.get_full_url() not in locations
    assert len(locations) == len(set(locations))


def test_robots_txt_points_to_the_sitemap(client, portal):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
