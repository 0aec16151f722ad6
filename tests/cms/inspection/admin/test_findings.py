"""问题清单: filters, order, pagination, overdue rows, department isolation and notices."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from cms.inspection.models import FindingStatus, Notice, RuleCode, Severity

from .conftest import make_finding

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
URL = reverse("inspection:findings")


def _rows(response) -> list:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "lxml").select("table.listing tbody tr")


def _detail_links(response) -> set[str]:
    return {a["href"] for a in BeautifulSoup(response.content, "lxml").select("table.listing tbody a.button")}


@pytest.fixture
def mixed(site_run, dept_a, dept_b):
    """Findings of A, B and the site, in several rules, statuses, months and deadlines."""
    return {
        "a_blank": make_finding(site_run, dept_a, title="A空白栏目", deadline=TODAY + datetime.timedelta(days=3)),
        "a_overdue": make_finding(site_run, dept_a, rule=RuleCode.BROKEN_LINK, title="A错误链接",
                                  deadline=TODAY - datetime.timedelta(days=2),
                                  first_seen=TODAY - datetime.timedelta(days=40)),
        "a_closed": make_finding(site_run, dept_a, rule=RuleCode.COLUMN_STALE, title="A已销号",
                                 status=FindingStatus.CLOSED, deadline=TODAY - datetime.timedelta(days=30)),
        "a_fixed": make_finding(site_run, dept_a, rule=RuleCode.WRONG_WORD, title="A已整改",
                                status=FindingStatus.FIXED, deadline=TODAY + datetime.timedelta(days=1)),
        "b_veto": make_finding(site_run, dept_b, rule=RuleCode.VETO_BLANK, severity=Severity.VETO, title="B否决",
                               deadline=TODAY + datetime.timedelta(days=5)),
        "site_home": make_finding(site_run, None, rule=RuleCode.HOME_STALE, severity=Severity.VETO, title="首页",
                                  deadline=TODAY + datetime.timedelta(days=4)),
    }


def _link(finding) -> str:
    return reverse("inspection:finding", args=[finding.pk])


def test_editors_see_every_open_finding_by_deadline_with_overdue_in_red(client, editor, mixed):
    client.force_login(editor)
    response = client.get(URL)
    rows = _rows(response)
    order = [row.select_one("a.button")["href"] for row in rows]
    expected = ["a_overdue", "a_fixed", "a_blank", "site_home", "b_veto"]  # not closed, by deadline
    assert order == [_link(mixed[key]) for key in expected]
    overdue = [row for row in rows if "inspection-overdue" in (row.get("class") or [])]
    assert len(overdue) == 1 and "A错误链接" in overdue[0].get_text() and "逾期" in overdue[0].get_text()
    assert "color:#b91c1c" in overdue[0]["style"]
    assert "全站公共部分" in rows[3].get_text()


@pytest.mark.parametrize(("query", "expected"), [
    ({"status": ""}, {"a_overdue", "a_fixed", "a_blank", "site_home", "b_veto", "a_closed"}),
    ({"status": "closed"}, {"a_closed"}),
    ({"status": "fixed"}, {"a_fixed"}),
    ({"status": "waiting"}, {"a_overdue", "a_blank", "site_home", "b_veto"}),
    ({"rule": RuleCode.BROKEN_LINK}, {"a_overdue"}),
    ({"severity": Severity.VETO}, {"site_home", "b_veto"}),
    ({"overdue": "on", "status": ""}, {"a_overdue"}),
    ({"department": "site"}, {"site_home"}),
    ({"month": (TODAY - datetime.timedelta(days=40)).strftime("%Y-%m")}, {"a_overdue"}),
])
def test_filters(client, editor, mixed, dept_a, query, expected):
    client.force_login(editor)
    assert _detail_links(client.get(URL, query)) == {_link(mixed[key]) for key in expected}


def test_department_filter_and_invalid_month(client, editor, mixed, dept_b):
    client.force_login(editor)
    assert _detail_links(client.get(URL, {"department": dept_b.pk})) == {_link(mixed["b_veto"])}
    response = client.get(URL, {"month": "2026-13", "rule": RuleCode.VETO_BLANK})
    assert _detail_links(response) == {_link(mixed["b_veto"])}  # the bad month is ignored, the rest applies
    assert "请按“年-月”填写" in response.content.decode()


def test_department_people_see_only_their_own_findings(client, contributor_a, contributor_b, mixed):
    client.force_login(contributor_a)
    response = client.get(URL, {"status": ""})
    assert _detail_links(response) == {_link(mixed[k]) for k in ("a_blank", "a_overdue", "a_closed", "a_fixed")}
    assert 'name="department"' not in response.content.decode()  # no department filter for them
    # a department filter typed into the address changes nothing
    assert _detail_links(client.get(URL, {"department": "site"})) == _detail_links(client.get(URL))

    client.force_login(contributor_b)
    assert _detail_links(client.get(URL)) == {_link(mixed["b_veto"])}


def test_another_departments_finding_is_not_found(client, contributor_a, reviewer_a, mixed):
    client.force_login(contributor_a)
    assert client.get(_link(mixed["a_blank"])).status_code == 200
    assert client.get(_link(mixed["b_veto"])).status_code == 404
    assert client.get(_link(mixed["site_home"])).status_code == 404
    client.force_login(reviewer_a)
    assert client.get(_link(mixed["b_veto"])).status_code == 404


def test_editors_open_any_finding_including_site_level(client, editor, mixed):
    client.force_login(editor)
    for finding in mixed.values():
        assert client.get(_link(finding)).status_code == 200


def test_list_is_paginated_by_fifty_and_keeps_the_filters(client, editor, site_run, dept_a):
    for day in range(60):
        make_finding(site_run, dept_a, deadline=TODAY + datetime.timedelta(days=day))
    make_finding(site_run, dept_a, rule=RuleCode.BROKEN_LINK)
    client.force_login(editor)
    first = client.get(URL, {"rule": RuleCode.COLUMN_BLANK})
    assert len(_rows(first)) == 50
    soup = BeautifulSoup(first.content, "lxml")
    following = soup.select_one("nav.pagination li.next a")["href"]
    assert "rule=column_blank" in following and "p=2" in following
    second = client.get(URL + following)
    assert len(_rows(second)) == 10
    assert "第 2 / 2 页，共 60 条" in second.content.decode()


def test_visiting_the_list_marks_the_users_notices_read(client, reviewer_a, editor, site_run):
    mine = Notice.objects.create(user=reviewer_a, message="发现新问题 3 个", url=URL, run=site_run)
    theirs = Notice.objects.create(user=editor, message="别人的通知", url=URL, run=site_run)
    client.force_login(reviewer_a)
    client.get(URL)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_detail_shows_evidence_page_dates_and_audit_trail(client, editor, checked_site, dept_a):
    finding = dept_a.inspection_findings.get(rule=RuleCode.COLUMN_BLANK, column__slug="zcwj")
    client.force_login(editor)
    page = client.get(_link(finding)).content.decode()
    assert "栏目「政策文件」没有任何已发布的信息。" in page
    assert f'href="{finding.url}"' in page and finding.url == "/zwgk/bm/jyj/zcwj/"
    assert finding.deadline.strftime("%Y-%m-%d") in page and "待整改" in page
    soup = BeautifulSoup(page, "lxml")
    trail = soup.find("h2", string="整改记录").find_next("table").get_text(" ", strip=True)
    assert "发现" in trail and str(checked_site) in trail
    assert {"确认整改", "复查", "标记已整改"} <= {b.get_text(strip=True) for b in soup.select("form button")}


def test_overdue_deadline_is_red_on_the_detail(client, contributor_a, site_run, dept_a):
    finding = make_finding(site_run, dept_a, deadline=TODAY - datetime.timedelta(days=1))
    client.force_login(contributor_a)
    page = client.get(_link(finding)).content.decode()
    assert "已逾期" in page and "color:#b91c1c" in page
