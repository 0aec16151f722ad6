"""PageRenderer: a citizen's view of a page, through the real request stack, without a socket."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.linkcheck.render import PageRenderer
from tests.conftest import column_of, make_policy

pytestmark = pytest.mark.django_db


def test_a_live_page_renders_exactly_as_the_test_client_receives_it(client, dept_a):
    policy = make_policy(column_of(dept_a), "关于印发招生工作方案的通知")
    rendered = PageRenderer().render(policy)
    response = client.get(policy.url)
    assert rendered.status == response.status_code == 200
    assert rendered.html == response.content.decode()
    assert rendered.url == "http://localhost" + policy.url
    assert "关于印发招生工作方案的通知" in rendered.html and rendered.content_type.startswith("text/html")


def test_a_draft_page_is_a_404_with_the_friendly_page(dept_a):
    draft = make_policy(column_of(dept_a), "尚未发布的文件", publish=False)
    rendered = PageRenderer().render(draft)
    assert rendered.status == 404
    assert "云溪县人民政府" in rendered.html  # the portal's own 404 page, not Django's


def test_render_path_reaches_non_page_views_and_keeps_the_query(portal):
    renderer = PageRenderer()
    search = renderer.render_path("/search/?q=%E6%8B%9B%E7%94%9F")
    assert search.status == 200 and "招生" in search.html
    assert search.url == "http://localhost/search/?q=%E6%8B%9B%E7%94%9F"
    assert renderer.render_path("/xwzx/ywdt/?page=999").status == 404
    assert renderer.render_path("/xwzx/ywdt/rss/").status == 200
    assert renderer.render_path("http://localhost/zwgk/bm/").status == 200


def test_redirects_are_not_followed(portal):
    rendered = PageRenderer().render_path("/xwzx/ywdt")
    assert rendered.status == 301 and rendered.location == "/xwzx/ywdt/"


def test_visitors_are_anonymous(admin_user, client, dept_a):
    draft = make_policy(column_of(dept_a), "只有编辑能预览的草稿", publish=False)
    client.force_login(admin_user)  # a logged-in session elsewhere changes nothing for the renderer
    assert PageRenderer().render(draft).status == 404


def test_rendering_a_page_costs_no_site_look_up_and_no_per_page_set_up(portal, dept_a):
    column = column_of(dept_a)
    policies = [make_policy(column, f"文件{n}") for n in range(3)]
    renderer = PageRenderer()
    chain = renderer._handler._middleware_chain
    renderer.render(policies[0])
    with CaptureQueriesContext(connection) as queries:
        for policy in policies:
            assert renderer.render(policy).status == 200
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "wagtailcore_site" not in sql  # the site is known once per renderer
    assert "gongkai_cache" not in sql  # the site root paths too
    assert renderer._handler._middleware_chain is chain  # middleware loaded once
    with CaptureQueriesContext(connection) as routed:
        renderer.render_path(policies[1].url)
    assert len(routed.captured_queries) > len(queries.captured_queries) / 3  # walking the tree costs more


def test_a_page_of_another_site_is_refused(portal):
    from wagtail.models import Page, Site

    other_root = Page.get_first_root_node().add_child(instance=Page(title="另一个县", slug="lingyixian"))
    Site.objects.create(hostname="other.example.cn", root_page=other_root)
    with pytest.raises(ValueError, match="不属于站点"):
        PageRenderer().render(other_root)
