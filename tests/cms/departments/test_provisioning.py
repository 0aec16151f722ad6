"""Creating a department builds its subtree, groups, permissions and workflow — idempotently."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import GroupPagePermission, WorkflowPage

from cms.columns.kinds import STANDARD_COLUMNS
from cms.columns.models import ColumnPage
from cms.departments.models import Department
from cms.disclosure.models import DepartmentDisclosurePage
from tests.conftest import PASSWORD, column_of, make_policy

pytestmark = pytest.mark.django_db

NEW_CODE = "12510000MB0000000"


def new_code() -> str:
    from cms.departments.credit_code import check_character

    return NEW_CODE + check_character(NEW_CODE)


def test_department_gets_standard_columns_groups_and_workflow(dept_a):
    root = dept_a.disclosure_page
    columns = ColumnPage.objects.child_of(root)
    assert [c.title for c in columns] == [s.title for s in STANDARD_COLUMNS]
    assert all(c.department_id == dept_a.pk and c.live for c in columns)
    assert dept_a.contributors.name == "教育局信息员" and dept_a.reviewers.name == "教育局审核员"
    perms = set(GroupPagePermission.objects.filter(group=dept_a.contributors).values_list("page_id", "permission__codename"))
    folder = dept_a.guide_folder
    assert {page for page, _ in perms} == {root.pk, folder.pk}, "contributors hold permissions on their own subtrees only"
    assert "publish_page" not in {code for _, code in perms}
    workflow = WorkflowPage.objects.get(page=root).workflow
    assert [t.name for t in workflow.tasks] == ["教育局审核", "门户编辑终审"]


def test_command_is_idempotent_and_restores_missing_parts():
    args = ["--name", "云溪县审计局", "--short-name", "审计局", "--slug", "sjj", "--credit-code", new_code()]
    call_command("ensure_department", *args)
    department = Department.objects.get(slug="sjj")
    column = ColumnPage.objects.child_of(department.disclosure_page).get(slug="tzgg")
    column.delete()
    call_command("ensure_department", *args, "--phone", "0000-1234567")
    department.refresh_from_db()
    assert department.phone == "0000-1234567"
    assert ColumnPage.objects.child_of(department.disclosure_page).count() == len(STANDARD_COLUMNS)
    assert Department.objects.filter(slug="sjj").count() == 1
    assert DepartmentDisclosurePage.objects.filter(department=department).count() == 1
    assert Group.objects.filter(name="审计局信息员").count() == 1


def test_command_rejects_a_bad_credit_code_and_writes_nothing():
    with pytest.raises(CommandError, match="校验位"):
        call_command("ensure_department", "--name", "错误部门", "--short-name", "错", "--slug", "cw",
                     "--credit-code", NEW_CODE + "0" if new_code()[-1] != "0" else NEW_CODE + "1")
    assert not Department.objects.filter(slug="cw").exists()
    assert not Group.objects.filter(name="错信息员").exists()


def test_creating_a_department_in_the_admin_provisions_it(client, editor):
    client.login(username=editor.username, password=PASSWORD)
    url = reverse("wagtailsnippets_departments_department:add")
    response = client.post(url, {"name": "云溪县统计局", "short_name": "统计局", "slug": "tjj", "kind": "department",
                                 "order": "50", "credit_code": new_code(), "issuer_code": "", "site": "",
                                 "address": "", "phone": "", "office_hours": ""})
    assert response.status_code == 302, response.content.decode()[:500]
    department = Department.objects.get(slug="tjj")
    assert ColumnPage.objects.child_of(department.disclosure_page).count() == len(STANDARD_COLUMNS)
    assert department.contributors and department.reviewers


def test_issuer_code_cannot_change_after_numbers_were_issued(dept_a):
    from django.core.exceptions import ValidationError

    make_policy(column_of(dept_a), "已编号文件")
    dept_a.issuer_code = "NEWPREFIX"
    with pytest.raises(ValidationError):
        dept_a.full_clean()


def test_admin_creation_writes_nothing_when_provisioning_fails(client, editor, monkeypatch):
    from cms.departments import wagtail_hooks
    from cms.departments.provisioning import ProvisioningError

    def fail(department):
        raise ProvisioningError("门户中还没有“部门信息公开导航”页面")

    monkeypatch.setattr(wagtail_hooks, "provision_department", fail)
    client.login(username=editor.username, password=PASSWORD)
    response = client.post(reverse("wagtailsnippets_departments_department:add"), {
        "name": "云溪县林业局", "short_name": "林业局", "slug": "lyj", "kind": "department", "order": "60",
        "credit_code": new_code(), "issuer_code": "", "site": "", "address": "", "phone": "", "office_hours": "",
    })
    assert response.status_code == 200
    assert "部门信息公开导航" in response.content.decode()
    assert not Department.objects.filter(slug="lyj").exists()
