"""Public 跨省通办 pages: partners with counts, item search and mode filter, partner and item pages;
no case or applicant ever shown; expired agreements' items hidden; site search."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from modules.crossprovince.models import ItemBatch, Mode
from search.outbox import drain
from search.service import SearchRequest, search
from tests.cms.guides.conftest import make_guide

from .conftest import make_agreement, make_item, make_partner


@pytest.fixture
def expired(dept_a):
    partner = make_partner("gz-old", "522691", "旧约县")
    agreement = make_agreement(partner, valid_until=datetime.date(2025, 12, 31))
    batch = ItemBatch.objects.create(agreement=agreement, number=1, added_on=datetime.date(2025, 3, 1))
    return make_item(batch, "过期协议事项", dept_a)


def test_index_lists_partners_with_counts_and_no_cases(client, partner, item_a, item_b, case_a, expired):
    response = client.get("/zwfw/kstb/")
    assert response.status_code == 200
    html = response.content.decode()
    assert partner.full_name in html and partner.get_absolute_url() in html
    row = next(r for r in response.context["stats"] if r.partner == partner)
    assert (row.items, row.received) == (2, 1)
    old = next(r for r in response.context["stats"] if r.partner.county == "旧约县")
    assert old.items == 0
    assert case_a.applicant not in html and case_a.number not in html


def test_index_searches_items_of_all_partners(client, item_a, item_b, expired):
    response = client.get("/zwfw/kstb/", {"q": "教师"})
    names = [i.name for i in response.context["page_obj"].object_list]
    assert names == ["教师资格认定"]
    assert client.get("/zwfw/kstb/", {"q": "交通运输"}).context["page_obj"].object_list[0] == item_b
    assert not client.get("/zwfw/kstb/", {"q": "过期协议"}).context["page_obj"].object_list


def test_index_filters_by_mode(client, batch, item_a, dept_a):
    make_item(batch, "学历证明查询", dept_a, mode=Mode.ONLINE)
    response = client.get("/zwfw/kstb/", {"mode": "online"})
    assert [i.name for i in response.context["page_obj"].object_list] == ["学历证明查询"]
    assert client.get("/zwfw/kstb/", {"mode": "bogus"}).context["page_obj"] is None


def test_index_search_is_paginated(client, batch, dept_a):
    for number in range(25):
        make_item(batch, f"测试事项{number:02d}", dept_a)
    first = client.get("/zwfw/kstb/", {"q": "测试事项"})
    assert len(first.context["page_obj"].object_list) == 20
    assert "第2页" in first.content.decode()
    assert client.get("/zwfw/kstb/", {"q": "测试事项", "page": 9}).status_code == 404


def test_partner_page_shows_agreement_windows_and_items_by_batch(client, partner, agreement, item_a, dept_a, case_a):
    guide = make_guide(dept_a, "教师资格认定")
    item_a.guide = guide
    item_a.save()
    response = client.get(partner.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in (agreement.title, agreement.our_window, agreement.their_contact, agreement.their_phone, "第1批",
                 item_a.name, guide.url):
        assert text in html
    assert case_a.applicant not in html
    assert client.get("/zwfw/kstb/no-such-partner/").status_code == 404


def test_item_page_and_hidden_expired_items(client, item_a, expired):
    response = client.get(item_a.get_absolute_url())
    assert response.status_code == 200
    assert "异地代收代办" in response.content.decode() and "10 个工作日" in response.content.decode()
    assert client.get(expired.get_absolute_url()).status_code == 404
    wrong_partner = reverse("crossprovince:item", args=["gz-old", item_a.pk])
    assert client.get(wrong_partner).status_code == 404


def test_public_pages_use_a_fixed_number_of_queries(client, batch, dept_a, django_assert_max_num_queries, partner):
    for number in range(30):
        make_item(batch, f"事项{number:02d}", dept_a)
    with django_assert_max_num_queries(25):
        assert client.get(partner.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get("/zwfw/kstb/", {"q": "事项"}).status_code == 200


def test_items_are_found_by_the_site_search(django_capture_on_commit_callbacks, batch, dept_a, expired):
    with django_capture_on_commit_callbacks(execute=True):
        item = make_item(batch, "出生医学证明补发", dept_a)
    drain()
    results = search(SearchRequest(q="出生医学证明")).results
    assert [(r.title, r.url, r.group) for r in results] == [("出生医学证明补发", item.get_absolute_url(), "办事服务")]
    assert not search(SearchRequest(q="过期协议事项")).results
    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    drain()
    assert not search(SearchRequest(q="出生医学证明")).results


def test_cases_never_reach_the_search(django_capture_on_commit_callbacks, case_a):
    drain()
    assert not search(SearchRequest(q=case_a.applicant)).results


def test_shortening_an_agreement_takes_its_items_out_of_the_search(django_capture_on_commit_callbacks, agreement,
                                                                   batch, dept_a):
    with django_capture_on_commit_callbacks(execute=True):
        make_item(batch, "出生医学证明补发", dept_a)
    drain()
    assert search(SearchRequest(q="出生医学证明")).results
    with django_capture_on_commit_callbacks(execute=True):
        agreement.valid_until = datetime.date(2026, 1, 31)
        agreement.save()
    drain()
    assert not search(SearchRequest(q="出生医学证明")).results


def test_the_daily_command_requeues_items_of_recently_expired_agreements(expired):
    from io import StringIO

    from django.core.management import call_command

    from search.models import OutboxEntry

    OutboxEntry.objects.all().delete()
    out = StringIO()
    from cms.core.models import local_today

    days = (local_today() - datetime.date(2025, 12, 31)).days + 1
    call_command("sync_crossprovince_search", days=days, stdout=out)
    assert "已排入 1 个" in out.getvalue()
    assert OutboxEntry.objects.filter(type_key="crossprovince_item", object_id=str(expired.pk)).exists()
