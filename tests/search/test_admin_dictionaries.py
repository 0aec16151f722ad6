"""The editors' dictionaries in the admin (menu “站内搜索”): who may use them, the rules of
their forms, and the lexicon reload that saving a synonym triggers."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Page

from cms.workflows.roles import PORTAL_EDITORS
from search.lexicon import VERSION_KEY
from search.models import BestBet, Synonym, UserWord
from tests.admin_forms import form_data, form_errors
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

FORM_ID = "w-editor-form"
SNIPPETS = ("userword", "synonym", "bestbet")


def url(model: str, view: str = "list", *args) -> str:
    return reverse(f"wagtailsnippets_search_{model}:{view}", args=args)


def admin_urls() -> list[str]:
    return [*(url(m) for m in SNIPPETS), *(url(m, "add") for m in SNIPPETS),
            reverse("search_report:index"), reverse("search_report:export")]


def post_form(client, model: str, fields: dict[str, str], instance=None):
    """Post the admin create (or edit) form as a browser would, with ``fields`` overridden."""
    target = url(model, "edit", instance.pk) if instance else url(model, "add")
    data = form_data(client.get(target).content, FORM_ID)
    data.update(fields)
    return client.post(target, data)


def menu(client) -> dict[str, list[str]]:
    """The admin sidebar's menu as the browser gets it: top-level label → labels of its submenu."""
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "lxml")
    props = json.loads(soup.find("script", id="wagtail-sidebar-props").string)
    main = next(m for m in props["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")
    items: dict[str, list[str]] = {}
    for item in main["_args"][0]:
        options = item["_args"][0]
        children = item["_args"][1] if item["_type"] == "wagtail.sidebar.SubMenuItem" else []
        items[options["label"]] = [child["_args"][0]["label"] for child in children]
    return items


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- who may use them ---------------------------------------------------------------------------


def test_portal_editors_hold_the_search_permissions(portal):
    codenames = set(Group.objects.get(name=PORTAL_EDITORS).permissions
                    .filter(content_type__app_label="search").values_list("codename", flat=True))
    for model in SNIPPETS:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= codenames
    assert "view_querylog" in codenames


def test_editor_sees_the_menu_and_every_view(editor_client):
    assert menu(editor_client)["站内搜索"] == ["用户词典", "同义词", "推荐结果", "搜索统计"]
    for target in admin_urls():
        response = editor_client.get(target)
        assert response.status_code == 200, target


def test_superuser_may_use_everything(client, portal):
    admin = get_user_model().objects.create_superuser("root", "root@example.cn", PASSWORD)
    client.force_login(admin)
    for target in admin_urls():
        assert client.get(target).status_code == 200, target


@pytest.mark.parametrize("person", ["contributor_a", "reviewer_a"])
def test_department_staff_see_none_of_it(client, request, person):
    user = request.getfixturevalue(person)
    client.force_login(user)
    labels = menu(client)
    assert "页面" in labels and "站内搜索" not in labels
    for target in admin_urls():
        response = client.get(target)
        # Wagtail sends a refused admin page back to the dashboard; the download is a plain 403.
        assert response.status_code in (302, 403), target
        if response.status_code == 302:
            assert response.url == reverse("wagtailadmin_home"), target
    assert client.get(reverse("search_report:export")).status_code == 403
    before = Synonym.objects.count()
    client.post(url("synonym", "add"), {"terms": "帮办大厅，代办大厅", "note": ""})
    assert Synonym.objects.count() == before


def test_anonymous_visitors_are_sent_to_the_login(client, portal):
    login = reverse("wagtailadmin_login")
    for target in admin_urls():
        response = client.get(target)
        assert response.status_code == 302, target
        assert response.url.startswith(login), target


# --- 用户词典 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("跨省 通办", "不能有空格"),
        ("办", "2 到 40 个字符"),
        ("办" * 41, "2 到 40 个字符"),
        ("a-b", "应包含汉字"),
        ("一件事·一次办", "不能有标点符号"),
    ],
)
def test_user_word_rules(editor_client, word, message):
    before = UserWord.objects.count()
    response = post_form(editor_client, "userword", {"word": word, "note": ""})
    assert response.status_code == 200
    assert message in response.content.decode(), form_errors(response.content)
    assert UserWord.objects.count() == before


@pytest.mark.parametrize(("word", "stored"), [("不见面审批", "不见面审批"), ("證明事項", "证明事项"), ("ＥＴＣ２０", "etc20"),
                                             ("12345热线", "12345热线")])
def test_user_word_is_stored_as_the_analyser_reads_it(editor_client, word, stored):
    before = UserWord.objects.count()
    response = post_form(editor_client, "userword", {"word": word, "note": "测试"})
    assert response.status_code == 302, form_errors(response.content)
    assert UserWord.objects.count() == before + 1
    assert UserWord.objects.filter(word=stored, note="测试").exists()


def test_two_spellings_of_one_word_are_one_word(editor_client):
    UserWord.objects.get_or_create(word="营业执照")
    before = UserWord.objects.count()
    response = post_form(editor_client, "userword", {"word": "營業執照"})
    assert response.status_code == 200
    assert "已存在" in response.content.decode(), form_errors(response.content)
    assert UserWord.objects.count() == before


def test_user_word_list_searches(editor_client):
    UserWord.objects.create(word="容缺受理", note="先受理后补正")
    UserWord.objects.create(word="证明事项告知")
    content = editor_client.get(url("userword"), {"q": "容缺"}).content.decode()
    assert "容缺受理" in content and "证明事项告知" not in content
    content = editor_client.get(url("userword"), {"q": "补正"}).content.decode()
    assert "容缺受理" in content


def test_saving_a_user_word_bumps_the_lexicon_version(editor_client, django_capture_on_commit_callbacks):
    cache.set(VERSION_KEY, 1, None)
    with django_capture_on_commit_callbacks(execute=True):
        post_form(editor_client, "userword", {"word": "秒批秒办"})
    assert cache.get(VERSION_KEY) != 1


# --- 同义词 ----------------------------------------------------------------------------------------


def test_creating_a_synonym_in_the_admin_bumps_the_lexicon_version(editor_client, django_capture_on_commit_callbacks):
    cache.set(VERSION_KEY, 1, None)
    # The version may be bumped at once or when the transaction commits: both are run here.
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(editor_client, "synonym", {"terms": "帮办大厅、代办大厅 = 帮代办窗口", "note": "来自搜索统计"})
    assert response.status_code == 302, form_errors(response.content)
    synonym = Synonym.objects.get(note="来自搜索统计")
    assert synonym.terms == "帮办大厅，代办大厅，帮代办窗口"
    assert cache.get(VERSION_KEY) not in (None, 1)


def test_editing_and_deleting_a_synonym_bump_the_version_too(editor_client, django_capture_on_commit_callbacks):
    synonym = Synonym.objects.create(terms="帮办大厅，代办大厅")
    cache.set(VERSION_KEY, 1, None)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(editor_client, "synonym", {"terms": "帮办大厅，帮代办窗口"}, instance=synonym)
    assert response.status_code == 302, form_errors(response.content)
    assert cache.get(VERSION_KEY) != 1
    cache.set(VERSION_KEY, 2, None)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url("synonym", "delete", synonym.pk))
    assert response.status_code == 302
    assert not Synonym.objects.filter(pk=synonym.pk).exists() and cache.get(VERSION_KEY) != 2


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("办事大厅", "至少填写两个不同的词"),
        ("办事大厅，办事大厅", "至少填写两个不同的词"),
        ("營業執照，营业执照", "至少填写两个不同的词"),
        ("办事大厅，" + "长" * 41, "不超过 40 个字符"),
        ("办事大厅，——，政务大厅", "不是词语"),
    ],
)
def test_synonym_rules(editor_client, terms, message):
    before = Synonym.objects.count()
    response = post_form(editor_client, "synonym", {"terms": terms})
    assert response.status_code == 200
    assert message in response.content.decode(), form_errors(response.content)
    assert Synonym.objects.count() == before


def test_synonym_list_joins_the_terms(editor_client):
    Synonym.objects.create(terms="帮办大厅、代办大厅 帮代办窗口")
    content = editor_client.get(url("synonym"), {"q": "帮办"}).content.decode()
    assert "帮办大厅 = 代办大厅 = 帮代办窗口" in content


def test_the_add_form_is_prefilled_from_the_report_link(editor_client):
    response = editor_client.get(url("synonym", "add"), {"terms": "社保卡，"})
    assert form_data(response.content, FORM_ID)["terms"] == "社保卡，"
    response = editor_client.get(url("bestbet", "add"), {"query": "社保卡"})
    assert form_data(response.content, FORM_ID)["query"] == "社保卡"


# --- 推荐结果 --------------------------------------------------------------------------------------


def best_bet(**fields) -> dict[str, str]:
    values = {"query": "社保卡", "page": "", "url": "", "title": "", "description": "", "sort_order": "0",
              "active": "on"}
    values.update(fields)
    return values


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "请选择一个页面，或在“网址”中填写链接"),
        ({"url": "www.example.cn", "title": "社保"}, "网址应以 / 开头"),
        ({"url": "ftp://example.cn/", "title": "社保"}, "网址应以 / 开头"),
        ({"url": "//example.cn/zwfw", "title": "社保"}, "单个 / 开头"),
        ({"url": "/zwfw/ 社保", "title": "社保"}, "不能有空格"),
        ({"url": "https://", "title": "社保"}, "网址格式不正确"),
        ({"url": "/zwfw/sbk/"}, "填写网址时请填写标题"),
        ({"query": "？？", "url": "/zwfw/", "title": "社保"}, "搜索词应包含汉字、字母或数字"),
    ],
)
def test_best_bet_rules(editor_client, fields, message):
    response = post_form(editor_client, "bestbet", best_bet(**fields))
    assert response.status_code == 200
    assert message in response.content.decode(), form_errors(response.content)
    assert not BestBet.objects.exists()


def test_best_bet_takes_a_page_or_a_url_not_both(editor_client, portal):
    response = post_form(editor_client, "bestbet", best_bet(page=str(portal.guide.pk), url="/zwfw/"))
    assert response.status_code == 200
    assert "二者只能选一" in response.content.decode(), form_errors(response.content)

    response = post_form(editor_client, "bestbet", best_bet(page=str(portal.guide.pk)))
    assert response.status_code == 302, form_errors(response.content)
    by_page = BestBet.objects.get()
    assert by_page.page_id == portal.guide.pk and by_page.display_title == portal.guide.title

    for target in ("/zwfw/sbk/", "https://www.gov.cn/fuwu/", "http://rsj.example.gov.cn/sbk"):
        response = post_form(editor_client, "bestbet", best_bet(url=f"  {target} ", title="社会保障卡办理"))
        assert response.status_code == 302, form_errors(response.content)
        assert BestBet.objects.filter(url=target, page=None).exists()


def test_best_bet_list_shows_titles_without_a_query_per_row(editor_client, portal, django_assert_max_num_queries):
    pages = list(Page.objects.live().filter(depth__gte=3)[:5])
    for index, page in enumerate(pages):
        BestBet.objects.create(query="社保卡", page=page, sort_order=index)
    BestBet.objects.create(query="社保卡", url="/zwfw/", title="网址推荐")
    editor_client.get(url("bestbet"))  # warm caches
    with django_assert_max_num_queries(20):
        content = editor_client.get(url("bestbet")).content.decode()
    for page in pages:
        assert page.title in content
    assert "网址推荐" in content


def test_the_report_permission_can_be_granted_in_the_group_editor(client, portal):
    from django.contrib.auth.models import Permission

    admin = get_user_model().objects.create_superuser("root", "root@example.cn", PASSWORD)
    client.force_login(admin)
    permission = Permission.objects.get(content_type__app_label="search", codename="view_querylog")
    soup = BeautifulSoup(client.get(reverse("wagtailusers_groups:add")).content, "lxml")
    assert soup.find("input", attrs={"name": "permissions", "value": str(permission.pk)}) is not None
