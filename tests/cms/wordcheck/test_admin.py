"""The dictionary in the admin (menu “错敏词库”): who may use it, its list, filters and search,
and the create and edit forms with the rules of ``WordEntry.clean``."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse

from cms.wordcheck.matcher import VERSION_KEY, current_matcher
from cms.wordcheck.models import WordEntry, WordKind
from tests.admin_forms import form_data, form_errors

pytestmark = pytest.mark.django_db

FORM_ID = "w-editor-form"


def url(view: str = "list", *args) -> str:
    return reverse(f"wagtailsnippets_wordcheck_wordentry:{view}", args=args)


def menu_labels(client) -> list[str]:
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "lxml")
    props = json.loads(soup.find("script", id="wagtail-sidebar-props").string)
    main = next(m for m in props["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")
    return [item["_args"][0]["label"] for item in main["_args"][0]]


def post_form(client, fields: dict[str, str], instance: WordEntry | None = None):
    target = url("edit", instance.pk) if instance else url("add")
    data = form_data(client.get(target).content, FORM_ID)
    data.update(fields)
    return client.post(target, data)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_editor_sees_the_menu_list_and_forms(editor_client):
    assert "错敏词库" in menu_labels(editor_client)
    response = editor_client.get(url())
    assert response.status_code == 200
    content = response.content.decode()
    # 50 to a page, by kind then word: every 敏感词 and 过时机构名称 of the defaults is on the first.
    assert "国家工商行政管理总局" in content and "台湾总统" in content
    assert "按装" in editor_client.get(url(), {"q": "按装"}).content.decode()
    entry = WordEntry.objects.get(kind=WordKind.WRONG, word="按装")
    for target in (url("add"), url("edit", entry.pk), url("delete", entry.pk)):
        assert editor_client.get(target).status_code == 200, target


@pytest.mark.parametrize("person", ["contributor_a", "reviewer_a"])
def test_department_staff_are_refused(client, request, person):
    client.force_login(request.getfixturevalue(person))
    assert "错敏词库" not in menu_labels(client)
    entry = WordEntry.objects.get(kind=WordKind.WRONG, word="按装")
    for target in (url(), url("add"), url("edit", entry.pk), url("delete", entry.pk)):
        response = client.get(target)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), target
    before = WordEntry.objects.count()
    client.post(url("add"), {"kind": "banned", "word": "偷偷加的词", "correction": "", "exceptions": "", "note": "",
                             "enabled": "on"})
    client.post(url("delete", entry.pk))
    assert WordEntry.objects.count() == before


def test_anonymous_visitors_are_sent_to_the_login(client, portal):
    response = client.get(url())
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))


def test_list_filters_by_kind_and_state_and_searches(editor_client):
    WordEntry.objects.filter(kind=WordKind.WRONG, word="既使").update(enabled=False)
    banned = editor_client.get(url(), {"kind": "banned"}).content.decode()
    assert "台湾总统" in banned and "按装" not in banned
    disabled = editor_client.get(url(), {"enabled": "false"}).content.decode()
    assert "既使" in disabled and "按装" not in disabled
    found = editor_client.get(url(), {"q": "市场监督管理"}).content.decode()
    assert "国家工商行政管理总局" in found and "按装" not in found


def test_creating_an_entry_bumps_the_dictionary_version(editor_client, django_capture_on_commit_callbacks):
    first = current_matcher()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(editor_client, {
            "kind": "wrong", "word": "报歉", "correction": "抱歉", "exceptions": "", "note": "常见错字", "enabled": "on",
        })
    assert response.status_code == 302, form_errors(response.content)
    entry = WordEntry.objects.get(word="报歉")
    assert (entry.kind, entry.correction, entry.note, entry.enabled) == ("wrong", "抱歉", "常见错字", True)
    matcher = current_matcher()
    assert matcher is not first and [h.entry_id for h in matcher.find("深表报歉")] == [entry.pk]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "wrong", "word": "报歉", "correction": ""}, "必须填写正确写法"),
        ({"kind": "banned", "word": "某禁用词", "correction": "某词"}, "不填正确写法"),
        ({"kind": "wrong", "word": "防犯", "correction": "防范", "exceptions": "预防"}, "例外短语必须包含词语"),
        ({"kind": "wrong", "word": "按装", "correction": "安装"}, "词库中已有这个类型的同一词语"),
    ],
)
def test_the_form_shows_the_rules(editor_client, fields, message):
    before = WordEntry.objects.count()
    response = post_form(editor_client, {"exceptions": "", "note": "", **fields})
    assert response.status_code == 200
    assert message in response.content.decode(), form_errors(response.content)
    assert WordEntry.objects.count() == before


def test_editing_an_entry_adds_an_exception(editor_client, django_capture_on_commit_callbacks):
    entry = WordEntry.objects.get(kind=WordKind.OUTDATED, word="国土资源局")
    text = "《县国土资源局志》记载了建局经过。"
    assert [h.word for h in current_matcher().find(text)] == ["国土资源局"]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(editor_client, {"exceptions": entry.exceptions + "\n县国土资源局志"}, instance=entry)
    assert response.status_code == 302, form_errors(response.content)
    assert current_matcher().find(text) == []
    assert cache.get(VERSION_KEY) is not None
