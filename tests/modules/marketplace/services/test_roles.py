"""Roles: the operator group, department permissions, who acts for a project; the audit log."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import Group

from modules.marketplace.models import AuditEntry, SelectionMethod
from modules.marketplace.roles import (
    OPERATORS,
    ensure_marketplace_permissions,
    ensure_operators,
    is_operator,
    may_manage_project,
    may_view_project,
    owner_departments,
    projects_for,
)
from modules.marketplace.services.audit import entries_for, record
from tests.conftest import make_user


def test_operator_group_is_idempotent_and_has_its_permissions(marketplace_perms):
    group = ensure_operators()
    assert ensure_operators() == group and Group.objects.filter(name=OPERATORS).count() == 1
    codes = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "operate_marketplace", "change_agency", "add_sanction", "change_grievance",
            "view_project", "view_auditentry"} <= codes
    assert "change_project" not in codes and "add_selection" not in codes


def test_department_groups_get_project_permissions(marketplace_perms, owner, dept_a):
    ensure_marketplace_permissions()
    assert owner.has_perm("marketplace.add_project") and owner.has_perm("marketplace.change_contract")
    assert owner.has_perm("marketplace.add_meritscore") and owner.has_perm("marketplace.view_signup")
    assert not owner.has_perm("marketplace.change_agency") and not owner.has_perm("marketplace.change_signup")
    reviewers_codes = set(dept_a.reviewers.permissions.values_list("codename", flat=True))
    assert "add_project" in reviewers_codes


def test_who_acts_for_a_project(project_factory, owner, other_owner, operator, reviewer_a):
    project = project_factory(SelectionMethod.DIRECT)
    superuser = make_user("root")
    superuser.is_superuser = True
    superuser.save()
    assert may_manage_project(owner, project) and may_manage_project(reviewer_a, project)
    assert may_manage_project(superuser, project)
    assert not may_manage_project(other_owner, project) and not may_manage_project(operator, project)
    assert may_view_project(operator, project) and not may_view_project(other_owner, project)
    assert is_operator(operator) and not is_operator(owner)
    assert list(projects_for(owner)) == [project] and list(projects_for(other_owner)) == []
    assert list(projects_for(operator)) == [project]
    assert [d.pk for d in owner_departments(owner)] == [project.owner_id]


def test_audit_record_stores_json_details_and_the_user(project_factory, owner):
    project = project_factory(SelectionMethod.DIRECT, publish=False)
    entry = record(project, "note", "摘要" * 200, user=owner, amount=Decimal("12.50"), day=project.signup_deadline)
    assert len(entry.summary) == 300 and entry.user == owner
    assert entry.data["amount"] == "12.50" and entry.data["day"].startswith("2026-10-01")
    anonymous = record(project, "note", "系统", user=None)
    assert anonymous.user is None
    assert list(entries_for(project)) == [anonymous, entry]
    assert AuditEntry.objects.filter(object_type="project", object_id=project.pk).count() == 2
