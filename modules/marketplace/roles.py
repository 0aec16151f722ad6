"""Who runs the marketplace and who acts for a project.

Rules:
- 中介超市运营 (the operator, 服务中心/运营方) reviews agencies and qualifications, keeps the
  catalogue, rates agencies as the centre, imposes and lifts sanctions, answers objections and
  complaints, and may terminate a project; it never picks an agency for an owner;
- the owner is a department: its 信息员 and 审核员 publish and manage their own department's
  projects only (select directly, score, confirm the contract, start and complete the service,
  evaluate); superusers may do everything;
- agencies are not admin users: they act in the agency area on their own records only.
``ensure_operators`` and ``ensure_marketplace_permissions`` are idempotent.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet

from cms.departments.access import departments_of, in_group
from cms.departments.models import Department
from cms.workflows.roles import grant_model_permissions

OPERATORS = "中介超市运营"

_ALL = ("add", "change", "delete", "view")
OPERATOR_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("wagtailadmin", "access_admin"),
    ("marketplace", "operate_marketplace"),
    *(("marketplace", f"{a}_{m}") for m in ("servicecategory", "agency", "qualification", "staffmember",
                                             "sanction", "creditrating", "grievance") for a in _ALL),
    *(("marketplace", f"view_{m}") for m in ("project", "signup", "selection", "meritcriterion", "meritscore",
                                              "contract", "serviceresult", "evaluation", "auditentry")),
)
DEPARTMENT_PERMISSIONS: tuple[tuple[str, str], ...] = (
    *(("marketplace", f"{a}_project") for a in ("add", "change", "view")),
    *(("marketplace", f"{a}_meritcriterion") for a in _ALL),
    *(("marketplace", f"{a}_meritscore") for a in ("add", "change", "view")),
    *(("marketplace", f"{a}_contract") for a in ("change", "view")),
    *(("marketplace", f"{a}_evaluation") for a in ("add", "view")),
    *(("marketplace", f"view_{m}") for m in ("servicecategory", "agency", "signup", "selection", "serviceresult")),
)


@transaction.atomic
def ensure_operators() -> Group:
    """The 中介超市运营 group with its admin and model permissions."""
    group, _ = Group.objects.get_or_create(name=OPERATORS)
    grant_model_permissions(group, OPERATOR_PERMISSIONS)
    return group


@transaction.atomic
def ensure_marketplace_permissions() -> None:
    """Grant the operator group and every provisioned department's groups what they need."""
    ensure_operators()
    for department in Department.objects.exclude(contributors=None, reviewers=None):
        grant_department_permissions(department)


def grant_department_permissions(department: Department) -> None:
    for group in (department.contributors, department.reviewers):
        if group is not None:
            grant_model_permissions(group, DEPARTMENT_PERMISSIONS)


def is_operator(user: Any) -> bool:
    """A member of 中介超市运营 (or a superuser)."""
    return in_group(user, OPERATORS)


def owner_departments(user: Any) -> QuerySet[Department]:
    """The departments for which ``user`` may publish and manage projects."""
    if getattr(user, "is_superuser", False):
        return Department.objects.all()
    return departments_of(user)


def may_manage_project(user: Any, project: Any) -> bool:
    """The owner's people (or a superuser) act for ``project``; the operator does not."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return project.owner_id is not None and departments_of(user).filter(pk=project.owner_id).exists()


def may_view_project(user: Any, project: Any) -> bool:
    """The owner's people and the operator see a project's sign-ups (never a sealed quote)."""
    return is_operator(user) or may_manage_project(user, project)


def projects_for(user: Any) -> QuerySet:
    """The projects ``user`` sees in the admin: all for the operator, the department's own otherwise."""
    from .models import Project

    projects = Project.objects.select_related("owner", "category")
    if is_operator(user):
        return projects
    return projects.filter(owner__in=departments_of(user))
