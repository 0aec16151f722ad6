"""The 栏目检查 panel of the admin home: editors' overview, department people's own findings and
notices, nothing for others, and a query count that does not grow with the data."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.departments.models import Department
from cms.inspection.models import Notice, RunStatus, Stage
from tests.conftest import make_user

from .conftest import make_finding, make_run, make_score

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")
TODAY = timezone.localdate()


def _panel(client):
    response = client.get(HOME)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "lxml").find(id="inspection-panel-content")


def test_editors_see_last_run_counts_and_the_worst_departments(client, editor, dept_a, dept_b):
    site = make_run()
    departments = [dept_a, dept_b] + [
        Department.objects.create(name=f"云溪县测试局{n}", short_name=f"测试{n}", slug=f"t{n}", credit_code=f"T{n:017d}")
        for n in range(5)]
    for position, department in enumerate(departments, start=1):
        make_score(site, department, str(100 - 5 * position), rank=position, vetoed=department == dept_a)
    make_finding(site, dept_a, deadline=TODAY - datetime.timedelta(days=1))
    make_finding(site, dept_b)
    make_finding(site, None)
    make_finding(site, dept_b, status="closed")
    latest = make_run(department=dept_b, status=RunStatus.RUNNING, stage=Stage.PAGES)
    client.force_login(editor)
    panel = _panel(client)
    text = panel.get_text(" ", strip=True)
    assert str(latest) in text and "检查中" in text
    assert "未销号问题 3 个，其中逾期未整改 1 个" in text
    worst = [row.select("td")[0].get_text(strip=True) for row in panel.select("tbody tr")]
    # vetoed first, then the lowest scores; five of them
    assert worst == ["云溪县教育局", "云溪县测试局4", "云溪县测试局3", "云溪县测试局2", "云溪县测试局1"]


def test_department_people_see_their_open_findings_and_unread_notices(client, reviewer_a, dept_a, dept_b):
    site = make_run()
    late = make_finding(site, dept_a, title="逾期的栏目", deadline=TODAY - datetime.timedelta(days=3))
    make_finding(site, dept_a, title="未到期的栏目")
    make_finding(site, dept_a, title="已销号的栏目", status="closed")
    make_finding(site, dept_b, title="别的部门的栏目")
    Notice.objects.create(user=reviewer_a, message="2026年11月 全站月度检查发现教育局新问题 2 个，请及时整改。",
                          url=reverse("inspection:findings"), run=site)
    client.force_login(reviewer_a)
    panel = _panel(client)
    text = panel.get_text(" ", strip=True)
    assert "本部门未销号问题 2 个，其中 逾期 1 个" in text
    assert "逾期的栏目" in text and "未到期的栏目" in text
    assert "已销号的栏目" not in text and "别的部门的栏目" not in text
    red = panel.select("tr.inspection-overdue")
    assert len(red) == 1 and "逾期的栏目" in red[0].get_text() and red[0].find("a")["href"] == reverse(
        "inspection:finding", args=[late.pk])
    notice = panel.find("a", string=lambda s: s and "发现教育局新问题 2 个" in s)
    assert notice["href"] == reverse("inspection:findings")

    client.get(reverse("inspection:findings"))  # reading the list reads the notices
    assert "发现教育局新问题" not in _panel(client).get_text()


def test_a_real_run_notifies_the_reviewers_shown_on_their_panel(client, reviewer_a, checked_site):
    assert Notice.objects.filter(user=reviewer_a, run=checked_site).count() == 1
    client.force_login(reviewer_a)
    assert "请及时整改" in _panel(client).get_text()


def test_no_panel_for_users_without_a_role(client, portal):
    group = Group.objects.create(name="仅登录后台")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(make_user("plain", group))
    response = client.get(HOME)
    assert response.status_code == 200 and b"inspection-panel" not in response.content


@pytest.mark.parametrize("role", ["editor", "reviewer_a"])
def test_panel_query_count_is_constant(client, request, role, dept_a, dept_b):
    user = request.getfixturevalue(role)
    site = make_run()
    make_score(site, dept_a, "90.00", rank=1)
    make_finding(site, dept_a)
    client.force_login(user)
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for _ in range(30):
        make_finding(site, dept_a, deadline=TODAY - datetime.timedelta(days=2))
        make_finding(site, dept_b)
    for number in range(10):
        Notice.objects.create(user=user, message=f"通知{number}", url="/admin/inspection/findings/",
                              run=make_run(period=datetime.date(2025, number + 1, 1)))
    make_score(make_run(), dept_b, "50.00", rank=1)
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)
    ours = [q["sql"] for q in many.captured_queries if "inspection_" in q["sql"]]
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
    assert len(ours) <= 4
