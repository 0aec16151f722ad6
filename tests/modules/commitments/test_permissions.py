"""The permission set-up: service centre full rights, editors view, department groups view/add/change."""

from __future__ import annotations

from django.contrib.auth.models import Group

from cms.departments.credit_code import check_character
from cms.departments.models import Department
from cms.departments.provisioning import provision_department
from cms.workflows.roles import PORTAL_EDITORS, SERVICE_CENTRE
from modules.commitments.permissions import ensure_commitments_permissions


def codes(group: Group) -> set[str]:
    return set(group.permissions.filter(content_type__app_label="commitments").values_list("codename", flat=True))


def test_the_setup_is_idempotent_and_grants_each_role(dept_a, dept_b):
    ensure_commitments_permissions()
    ensure_commitments_permissions()
    centre = Group.objects.get(name=SERVICE_CENTRE)
    assert codes(centre) == {f"{a}_{m}" for a in ("add", "change", "delete", "view")
                             for m in ("commitmentitem", "commitmentcase", "creditrecord")}
    assert codes(Group.objects.get(name=PORTAL_EDITORS)) == {"view_commitmentitem", "view_commitmentcase",
                                                             "view_creditrecord"}
    expected = {"view_commitmentitem", "add_commitmentitem", "change_commitmentitem", "view_commitmentcase",
                "add_commitmentcase", "change_commitmentcase", "view_creditrecord"}
    for department in (dept_a, dept_b):
        assert codes(department.contributors) == expected
        assert codes(department.reviewers) == expected


def test_a_new_department_gets_the_rights_when_provisioned(portal):
    body = "11539901MB1234567"
    department = provision_department(Department.objects.create(
        name="云溪县文化广电和旅游局", short_name="文广旅局", slug="wglj", credit_code=body + check_character(body)))
    assert "add_commitmentitem" in codes(department.contributors)
    assert "delete_commitmentitem" not in codes(department.reviewers)
