"""InternalResolver on the test portal: pages, sub-paths, documents, images, static files, views, anchors."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site

from cms.linkcheck.internal import InternalResolver
from cms.linkcheck.results import LinkResult
from tests.conftest import column_of, make_policy

pytestmark = pytest.mark.django_db

OK = LinkResult(True, None, "")


@pytest.fixture
def resolver(portal) -> InternalResolver:
    return InternalResolver()


def png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (30, 20), (10, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_which_urls_are_internal(resolver):
    site = Site.objects.get(is_default_site=True)
    assert site.hostname == "localhost"
    for url in ("/xwzx/", "xwzx/", "#main", "?page=2", "http://localhost/xwzx/", "https://localhost:8443/a/",
                "http://127.0.0.1:8000/xwzx/", "http://[::1]/xwzx/", "//localhost/xwzx/"):
        assert resolver.is_internal(url), url
    for url in ("https://www.gov.cn/", "http://127.0.0.2:8000/", "mailto:a@yunxi.gov.cn", "ftp://localhost/x",
                "http://[::1/x"):
        assert not resolver.is_internal(url), url
    with pytest.raises(ValueError):
        resolver.check("https://www.gov.cn/")


def test_a_live_page_works_a_draft_is_unpublished_and_a_missing_one_does_not_exist(resolver, dept_a):
    column = column_of(dept_a)
    live = make_policy(column, "已发布的文件")
    draft = make_policy(column, "草稿文件", publish=False)
    assert resolver.check(live.url) == OK
    assert resolver.check("http://localhost" + live.url) == OK
    assert resolver.check(draft.url) == LinkResult(False, 404, "页面未发布")
    assert resolver.check(column.url + "bucunzai/") == LinkResult(False, 404, "页面不存在")
    assert resolver.check("/zwgk/bucunzai/wenjian/") == LinkResult(False, 404, "页面不存在")
    assert resolver.check("/") == OK


def test_an_unpublished_page_after_publication_is_broken(resolver, dept_a):
    policy = make_policy(column_of(dept_a), "后来撤下的文件")
    policy.unpublish()
    assert resolver.check(policy.url) == LinkResult(False, 404, "页面未发布")


def test_routable_sub_paths_and_pagination_are_decided_by_the_view(resolver, portal):
    news = portal.news.url
    assert resolver.check(news + "rss/") == LinkResult(True, 200, "")
    assert resolver.check(news + "?page=1") == LinkResult(True, 200, "")
    assert resolver.check(news + "?page=999") == LinkResult(False, 404, "页面不存在")
    assert resolver.check(news + "?page=abc") == LinkResult(False, 404, "页面不存在")
    assert resolver.check(news + "feed/") == LinkResult(False, 404, "页面不存在")


def test_a_path_without_its_slash_follows_the_redirect(resolver, portal):
    assert resolver.check(portal.news.url.rstrip("/")) == OK
    assert resolver.check("/xwzx/bucunzai") == LinkResult(False, 404, "页面不存在")


def test_wagtails_redirects_are_followed(resolver, portal):
    Redirect.objects.create(old_path="/jiu-lanmu", redirect_page=portal.notices)
    assert resolver.check("/jiu-lanmu/") == OK
    assert resolver.check("/mei-you-zhuanxiang/") == LinkResult(False, 404, "页面不存在")


def test_non_page_views_are_run_in_process(resolver, portal):
    assert resolver.check("/search/?q=%E6%8B%9B%E7%94%9F") == LinkResult(True, 200, "")
    assert resolver.check("/zwfw/gzcn/") == LinkResult(True, 200, "")
    assert resolver.check("/zwfw/gzcn/999999/") == LinkResult(False, 404, "页面不存在")
    assert resolver.check("/sitemap.xml") == LinkResult(True, 200, "")


def test_documents_must_exist_match_their_name_and_have_their_file(resolver, media_root):
    Document = get_document_model()
    kept = Document.objects.create(title="招生方案", file=ContentFile(b"%PDF-1.4\n", name="zsfa.pdf"))
    lost = Document.objects.create(title="丢失的附件", file=ContentFile(b"%PDF-1.4\n", name="ds.pdf"))
    lost.file.storage.delete(lost.file.name)
    assert resolver.check(kept.url) == OK
    assert resolver.check(f"/documents/{kept.pk}/other-name.pdf") == LinkResult(False, 404, "附件不存在")
    assert resolver.check("/documents/999999/zsfa.pdf") == LinkResult(False, 404, "附件不存在")
    assert resolver.check(lost.url) == LinkResult(False, None, "附件文件缺失")


def test_images_and_media_files_must_exist_in_storage(resolver, media_root):
    image = get_image_model().objects.create(title="县政府大楼", file=ContentFile(png(), name="dalou.png"))
    rendition = image.get_rendition("max-960x720")
    assert resolver.check(rendition.url) == OK
    assert resolver.check(image.file.url) == OK
    rendition.file.storage.delete(rendition.file.name)
    assert resolver.check(rendition.url) == OK  # one resolver answers from its cache for its whole chunk
    assert InternalResolver().check(rendition.url) == LinkResult(False, 404, "图片文件缺失")
    assert resolver.check("/media/documents/missing.pdf") == LinkResult(False, 404, "附件文件缺失")
    assert resolver.check("/media/other/missing.txt") == LinkResult(False, 404, "文件缺失")


def test_static_files_are_found_by_the_staticfiles_finders(resolver):
    assert resolver.check("/static/portal/css/portal.css") == OK
    assert resolver.check("/static/portal/css/bucunzai.css") == LinkResult(False, 404, "静态文件缺失")


def test_same_page_anchors_are_checked_against_the_page_ids(resolver, portal):
    page_url = "http://localhost" + portal.news.url
    ids = {"main", "di-yi"}
    assert resolver.check("#di-yi", page_ids=ids) == OK
    assert resolver.check("#bucunzai", page_ids=ids) == LinkResult(False, None, "锚点不存在")
    assert resolver.check(page_url + "#bucunzai", page_ids=ids, page_url=page_url) == LinkResult(
        False, None, "锚点不存在")
    assert resolver.check(page_url + "#di-yi", page_ids=ids, page_url=page_url) == OK
    assert resolver.check("#", page_ids=ids) == OK
    assert resolver.check("#top", page_ids=ids) == OK  # the HTML standard scrolls to the top


def test_anchors_on_other_pages_are_checked_against_that_page_rendered_once(resolver, portal, dept_a):
    policy = make_policy(column_of(dept_a), "带锚点的文件")
    assert resolver.check(policy.url + "#main") == OK
    assert resolver.check(policy.url + "#bucunzai") == LinkResult(False, None, "锚点不存在")
    assert resolver.check(policy.url + "#%E7%AC%AC%E4%B8%80") == LinkResult(False, None, "锚点不存在")
    assert resolver.check("/static/portal/css/portal.css#x") == OK  # not HTML: not checked
    other_page = "http://localhost" + portal.news.url
    # page_ids belong to page_url only: another page's anchors are its own
    assert resolver.check(policy.url + "#di-yi", page_ids={"di-yi"}, page_url=other_page) == LinkResult(
        False, None, "锚点不存在")


def test_results_are_cached_per_resolver(resolver, dept_a, django_assert_num_queries):
    policy = make_policy(column_of(dept_a), "只查一次的文件")
    assert resolver.check(policy.url + "#main") == OK
    with django_assert_num_queries(0):
        for _ in range(3):
            assert resolver.check(policy.url) == OK
            assert resolver.check("http://127.0.0.1:8000" + policy.url + "#main") == OK


def test_each_site_host_routes_through_its_own_page_tree(portal):
    from wagtail.models import Page

    other_root = Page.get_first_root_node().add_child(instance=Page(title="另一个县", slug="lingyixian"))
    other_root.add_child(instance=Page(title="公告", slug="gonggao"))
    Site.objects.create(hostname="other.example.cn", root_page=other_root)
    resolver = InternalResolver()
    assert resolver.is_internal("http://other.example.cn/gonggao/")
    assert resolver.check("http://other.example.cn/gonggao/") == OK
    assert resolver.check("http://other.example.cn/xwzx/") == LinkResult(False, 404, "页面不存在")
    assert resolver.check("/gonggao/") == LinkResult(False, 404, "页面不存在")  # not on the default site
    assert resolver.check("/xwzx/") == OK


def test_a_view_that_fails_is_a_server_error(portal, settings):
    settings.ROOT_URLCONF = "tests.cms.linkcheck.error_urls"
    resolver = InternalResolver()
    assert resolver.check("/guzhang/") == LinkResult(False, 500, "HTTP 500")
    assert resolver.check("/xwzx/") == OK
