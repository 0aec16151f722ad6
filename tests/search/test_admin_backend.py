"""The admin's search backend finds Chinese pages by part of a word, on SQLite and PostgreSQL.

Pages reach the index as in production: the save signal enqueues Wagtail's indexing task,
which runs when the transaction commits.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, Phrase, PlainText

from cms.disclosure.models import PolicyDocumentPage
from search.admin_backend import MAX_SEGMENTED_CHARS, Prefix, index_text, segment_query
from tests.conftest import PASSWORD, column_of, make_policy

LICENCE = "办理营业执照变更登记需要提交的材料"
SUMMARY = "申请人可以到县市场监督管理局窗口受理"


# --- analysis, no database ------------------------------------------------------------------


def test_index_text_replaces_cjk_runs_by_bigrams_and_appends_words():
    text = index_text("办理營業執照 COVID-19")
    tokens = text.split()
    assert tokens[:6] == ["办理", "理营", "营业", "业执", "执照", "照"]
    assert "COVID-19" in text
    assert {"营业", "执照", "营业执照"} <= set(tokens[6:])


def test_index_text_leaves_text_without_cjk_alone():
    assert index_text("Café au lait, 2026") == "Café au lait, 2026"
    assert index_text("") == ""


def test_index_text_segments_only_the_first_characters():
    text = index_text("甲乙" * MAX_SEGMENTED_CHARS + " tail 丙丁")
    assert "tail" in text and "丙丁" not in text


def test_plain_text_becomes_bigram_phrases_and_prefixes():
    query = segment_query(PlainText("營業執照的材料"))
    assert isinstance(query, And)
    assert [type(q) for q in query.subqueries] == [Phrase, Prefix, Phrase]
    assert [q.query_string for q in query.subqueries] == ["营业 业执 执照", "的", "材料"]


def test_latin_words_stay_one_plain_text_with_the_operator():
    query = segment_query(PlainText("zebra 执照 crossing", operator="or"))
    assert isinstance(query, Or)
    latin, licence = query.subqueries
    assert type(latin) is PlainText and latin.query_string == "zebra crossing" and latin.operator == "or"
    assert type(licence) is Phrase and licence.query_string == "执照"


def test_queries_without_cjk_are_the_same_object():
    query = And([PlainText("zebra"), Phrase("zebra crossing")])
    assert segment_query(query) is query


def test_phrase_follows_the_indexed_token_order():
    assert segment_query(Phrase("营业执照 abc")).query_string == "营业 业执 执照 照 abc"
    assert segment_query(Phrase("abc 营业执照")).query_string == "abc 营业 业执 执照"
    assert isinstance(segment_query(Phrase("证")), Prefix)


# --- the backend on the test database -------------------------------------------------------


@pytest.fixture
def pages(dept_a, django_capture_on_commit_callbacks) -> dict[str, PolicyDocumentPage]:
    column = column_of(dept_a)
    with django_capture_on_commit_callbacks(execute=True):
        licence = make_policy(column, LICENCE, summary=SUMMARY)
        other = make_policy(column, "关于执行新标准的通知")
        zebra = make_policy(column, "Zebra crossing guide 斑马线指南")
    return {"licence": licence, "other": other, "zebra": zebra}


def found(results) -> set[int]:
    return {page.pk for page in results}


def test_the_default_backend_is_the_chinese_one_for_the_vendor(db):
    expected = "ChinesePostgresSearchBackend" if connection.vendor == "postgresql" else "ChineseSQLiteSearchBackend"
    assert type(get_search_backend()).__name__ == expected


@pytest.mark.parametrize("query", ["执照", "营业执照", "变更登记", "營業執照", "照变", "业执照", "营业执照的材料", "材料 执照"])
def test_search_finds_a_page_by_part_of_a_word(pages, query):
    licence = pages["licence"].pk
    assert licence in found(Page.objects.search(query))
    assert licence in found(PolicyDocumentPage.objects.live().search(query))
    assert licence in found(Page.objects.autocomplete(query))
    assert licence in found(get_search_backend().search(query, Page))


def test_one_character_matches_anywhere_in_a_word(pages):
    for query in ("营", "照", "材"):
        assert pages["licence"].pk in found(Page.objects.autocomplete(query))
    assert pages["licence"].pk not in found(Page.objects.autocomplete("斑"))


def test_body_fields_are_segmented_too(pages):
    assert found(Page.objects.search("监督管理")) == {pages["licence"].pk}
    assert found(Page.objects.search("窗口受理")) == {pages["licence"].pk}


@pytest.mark.parametrize("query", ["执行", "营业执行", "执照 斑马线", "照营"])
def test_search_does_not_find_unrelated_terms(pages, query):
    assert pages["licence"].pk not in found(Page.objects.search(query))
    assert pages["licence"].pk not in found(Page.objects.autocomplete(query))


def test_unrelated_term_finds_its_own_page(pages):
    assert found(Page.objects.search("执行")) == {pages["other"].pk}


def test_or_operator_matches_any_unit(pages):
    results = found(Page.objects.search("执照 斑马线", operator="or"))
    assert {pages["licence"].pk, pages["zebra"].pk} <= results
    assert pages["other"].pk not in results


def test_latin_queries_work_as_before(pages):
    zebra = pages["zebra"].pk
    assert found(Page.objects.search("zebra")) == {zebra}
    assert found(Page.objects.search("Crossing")) == {zebra}
    assert found(Page.objects.autocomplete("zeb")) == {zebra}
    assert found(Page.objects.autocomplete("zebra cross")) == {zebra}
    assert found(Page.objects.search(Phrase("crossing guide"))) == {zebra}
    assert found(Page.objects.search("zebra guidance")) == set()


def test_mixed_latin_and_chinese_queries(pages):
    zebra = pages["zebra"].pk
    assert found(Page.objects.search("zebra 斑马")) == {zebra}
    assert found(Page.objects.autocomplete("斑马 zeb")) == {zebra}
    assert found(Page.objects.search("zebra 执照")) == set()
    assert found(Page.objects.search(Phrase("guide 斑马线"))) == {zebra}
    assert found(Page.objects.search(Phrase("斑马线 guide"))) == set()


def test_update_index_writes_segmented_entries(pages):
    from django.core.management import call_command
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()
    assert found(Page.objects.search("营业执照")) == set()
    call_command("update_index", verbosity=0)
    assert found(Page.objects.search("营业执照")) == {pages["licence"].pk}
    entry = IndexEntry.objects.get(object_id=str(pages["licence"].pk), content_type__model="policydocumentpage")
    if connection.vendor == "sqlite":
        assert "业执" in entry.title.split() and "营业执照" in entry.autocomplete.split()
    else:
        assert "业执" in entry.title_text.split()


def test_long_text_is_indexed(dept_a, django_capture_on_commit_callbacks):
    # Every bigram distinct: the worst case for the size of a PostgreSQL tsvector.
    text = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(3 * MAX_SEGMENTED_CHARS))
    with django_capture_on_commit_callbacks(execute=True):
        page = make_policy(column_of(dept_a), "长文本测试", summary=text)
    assert page.pk in found(Page.objects.search(text[100:104]))


def test_named_fields_are_searched_on_every_vendor(dept_a, dept_b):
    from cms.departments.models import Department

    backend = get_search_backend()
    for query in ("教育", "县教育局"):
        assert [d.pk for d in backend.autocomplete(query, Department, fields=["name"])] == [dept_a.pk]
        assert [d.pk for d in backend.search(query, Department, fields=["name", "short_name"])] == [dept_a.pk]


def test_named_title_field_finds_pages(pages):
    backend = get_search_backend()
    assert found(backend.search("执照", Page, fields=["title"])) == {pages["licence"].pk}
    assert found(backend.autocomplete("执照", Page, fields=["title"])) == {pages["licence"].pk}


# --- the admin views ------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, editor):
    assert client.login(username=editor.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("query", ["执照", "营业执照", "变更登记"])
def test_admin_page_search_finds_chinese_by_part_of_a_word(admin_client, pages, query):
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": query})
    assert response.status_code == 200
    assert LICENCE in response.content.decode()


def test_admin_page_search_leaves_out_unrelated_pages(admin_client, pages):
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "执行"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "关于执行新标准的通知" in body and LICENCE not in body


def test_admin_page_search_in_latin(admin_client, pages):
    body = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "zebra"}).content.decode()
    assert "Zebra crossing guide" in body and LICENCE not in body


def test_admin_snippet_search_with_named_fields(admin_client, dept_a, dept_b):
    response = admin_client.get(reverse("wagtailsnippets_departments_department:list"), {"q": "教育"})
    body = response.content.decode()
    assert response.status_code == 200
    assert dept_a.name in body and dept_b.name not in body


def test_admin_explorer_and_chooser_search(admin_client, pages):
    column = pages["licence"].get_parent()
    explorer = admin_client.get(reverse("wagtailadmin_explore", args=(column.pk,)), {"q": "执照"})
    assert explorer.status_code == 200 and LICENCE in explorer.content.decode()
    chooser = admin_client.get(reverse("wagtailadmin_choose_page_search"), {"q": "执照"})
    assert chooser.status_code == 200 and LICENCE in chooser.content.decode()
