"""Admin: the menu group, department scoping of items and cases, step actions, statistics, rights."""

from __future__ import annotations

import datetime
import json

from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cms.core.models import local_today
from cms.workflows.roles import SERVICE_CENTRE
from modules.crossprovince.models import CrossItem, ProxyCase, Stage
from modules.crossprovince.permissions import ensure_crossprovince_permissions
from modules.crossprovince.steps import record_step
from tests.admin_forms import form_data, form_errors

ITEMS = "wagtailsnippets_crossprovince_crossitem"
CASES = "wagtailsnippets_crossprovince_proxycase"


def test_permissions_are_granted_idempotently(rights, dept_a):
    ensure_crossprovince_permissions()
    centre = Group.objects.get(name=SERVICE_CENTRE)
    codes = set(centre.permissions.filter(content_type__app_label="crossprovince").values_list("codename", flat=True))
    assert {"add_agreement", "delete_proxycase", "change_partnerregion", "view_itembatch"} <= codes
    contributors = set(dept_a.contributors.permissions.filter(content_type__app_label="crossprovince")
                       .values_list("codename", flat=True))
    assert contributors == {"view_crossitem", "add_crossitem", "change_crossitem",
                            "view_proxycase", "add_proxycase", "change_proxycase"}


def test_service_centre_sees_the_menu_group(client, centre_user):
    client.force_login(centre_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for label in ("跨省通办", "代收代办件", "批量添加事项", "统计"):
        assert json.dumps(label)[1:-1] in html  # the sidebar is rendered from JSON
    assert reverse("crossprovince_statistics") in html and reverse(f"{CASES}:list") in html


def test_department_staff_do_not_see_the_import_entry(client, contributor_a, rights):
    client.force_login(contributor_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(f"{ITEMS}:list") in html
    assert reverse("crossprovince_batch_import") not in html


def test_department_staff_list_only_their_own_items(client, contributor_a, item_a, item_b, rights):
    client.force_login(contributor_a)
    html = client.get(reverse(f"{ITEMS}:list")).content.decode()
    assert item_a.name in html and item_b.name not in html


def test_service_centre_lists_every_department(client, centre_user, item_a, item_b):
    client.force_login(centre_user)
    html = client.get(reverse(f"{ITEMS}:list")).content.decode()
    assert item_a.name in html and item_b.name in html


def test_department_staff_cannot_open_another_departments_item(client, contributor_a, item_b, rights):
    client.force_login(contributor_a)
    response = client.get(reverse(f"{ITEMS}:edit", args=[item_b.pk]))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    response = client.post(reverse(f"{ITEMS}:edit", args=[item_b.pk]), {"name": "改名"})
    assert CrossItem.objects.get(pk=item_b.pk).name == item_b.name


def test_department_staff_edit_their_own_item_but_not_move_it(client, contributor_a, item_a, dept_b, rights):
    client.force_login(contributor_a)
    url = reverse(f"{ITEMS}:edit", args=[item_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content, "w-editor-form")
    data.update(name="教师资格认定（中小学）", department=str(dept_b.pk))
    response = client.post(url, data)
    assert response.status_code == 200  # the other department is not a valid choice
    assert "department" in form_errors(response.content) or "选择一个有效的选项" in response.content.decode()
    data["department"] = str(item_a.department_id)
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response.content)
    assert CrossItem.objects.get(pk=item_a.pk).name == "教师资格认定（中小学）"


def test_department_staff_cannot_delete_items(client, contributor_a, item_a, rights):
    client.force_login(contributor_a)
    client.post(reverse(f"{ITEMS}:delete", args=[item_a.pk]))
    assert CrossItem.objects.filter(pk=item_a.pk).exists()


def test_cases_are_scoped_by_the_items_department(client, contributor_a, case_a, case_b, rights):
    client.force_login(contributor_a)
    html = client.get(reverse(f"{CASES}:list")).content.decode()
    assert case_a.number in html and case_b.number not in html
    assert client.get(reverse("crossprovince_case_progress", args=[case_b.pk])).status_code == 403


def test_overdue_filter_of_the_case_list(client, centre_user, case_a, item_b):
    today = local_today()
    fresh = ProxyCase.objects.create(item=item_b, applicant="赵国庆", received_at=today)
    client.force_login(centre_user)
    html = client.get(reverse(f"{CASES}:list") + "?overdue=now").content.decode()
    assert case_a.number in html and fresh.number not in html
    html = client.get(reverse(f"{CASES}:list") + "?overdue=none").content.decode()
    assert fresh.number in html and case_a.number not in html
    assert "逾期" in client.get(reverse(f"{CASES}:list")).content.decode()


def test_a_step_is_a_post_with_a_log_entry(client, contributor_a, case_a, rights):
    client.force_login(contributor_a)
    url = reverse("crossprovince_case_progress", args=[case_a.pk])
    page = client.get(url)
    assert page.status_code == 200 and "办理“初审”" in page.content.decode()
    response = client.post(url, {"step": "checked", "date": "2026-11-03"})
    assert response.status_code == 302
    case = ProxyCase.objects.get(pk=case_a.pk)
    assert case.checked_at == datetime.date(2026, 11, 3) and case.stage == Stage.CHECKED
    entry = ModelLogEntry.objects.get(action="crossprovince.step", object_id=str(case.pk))
    assert entry.user_id == contributor_a.pk and entry.data["label"] == "初审"
    history = client.get(reverse(f"{CASES}:history", args=[case.pk])).content.decode()
    assert "2026-11-03 办理“初审”" in history


def test_a_bad_step_shows_the_chinese_error(client, centre_user, case_a):
    client.force_login(centre_user)
    url = reverse("crossprovince_case_progress", args=[case_a.pk])
    record_step(case_a, "checked", datetime.date(2026, 11, 3))
    response = client.post(url, {"step": "posted", "date": "2026-11-04", "tracking_number": ""})
    assert response.status_code == 400
    assert "寄递时必须填写快递单号。" in response.content.decode()
    response = client.post(url, {"step": "delivered", "date": "2026-11-04"})
    assert "当前应办理“寄递”环节，不能跳过直接办理“送达办结”。" in response.content.decode()
    assert ProxyCase.objects.get(pk=case_a.pk).stage == Stage.CHECKED


def test_portal_editors_view_but_cannot_record_steps(client, editor, case_a, rights):
    client.force_login(editor)
    url = reverse("crossprovince_case_progress", args=[case_a.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"step": "checked", "date": "2026-11-03"}).status_code == 403
    assert ProxyCase.objects.get(pk=case_a.pk).checked_at is None


def test_a_case_needs_a_proxy_mode_item(client, centre_user, batch, dept_a):
    from .conftest import make_item

    online = make_item(batch, "学历证明查询", dept_a, mode="online")
    client.force_login(centre_user)
    page = client.get(reverse(f"{CASES}:add"))
    data = form_data(page.content, "w-editor-form")
    data.update(item=str(online.pk), applicant="张伟", received_at="2026-11-02", direction="outbound")
    response = client.post(reverse(f"{CASES}:add"), data)
    assert response.status_code == 200
    assert not ProxyCase.objects.filter(applicant="张伟").exists()


def test_statistics_per_partner(client, centre_user, case_a, case_b, item_a):
    for step, day in (("checked", 3), ("posted", 4), ("result", 18), ("delivered", 20)):
        record_step(case_a, step, datetime.date(2026, 11, day), tracking_number="SF1460000000001")
    client.force_login(centre_user)
    response = client.get(reverse("crossprovince_statistics"))
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert (row.items, row.received, row.completed, row.overdue_open, row.on_time_percent) == (2, 2, 1, 1, "100.0%")


def test_statistics_of_department_staff_count_their_own_cases(client, contributor_a, case_a, case_b, rights):
    client.force_login(contributor_a)
    row = client.get(reverse("crossprovince_statistics")).context["rows"][0]
    assert (row.items, row.received) == (1, 1)


def test_anonymous_users_reach_no_admin_view(client, case_a):
    for url in (reverse("crossprovince_case_progress", args=[case_a.pk]), reverse("crossprovince_statistics"),
                reverse("crossprovince_batch_import")):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url
