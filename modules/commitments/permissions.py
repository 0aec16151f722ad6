"""Who may see and change commitment items, cases and credit records.

Rules:
- 政务服务中心 (service-centre staff) and superusers manage every department's items, cases and
  credit records, verify cases and clear credit records;
- 门户编辑 see everything (read only);
- a department's 信息员 and 审核员 view, add and change their own department's items and cases
  only, and see the credit records of their own cases; they never clear a credit record.
``ensure_commitments_permissions`` grants the model permissions (idempotent); the scoping by
department is done by the views with the helpers below.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from cms.departments.access import departments_of, in_group, may_manage_department
from cms.departments.models import Department
from cms.workflows.roles import PORTAL_EDITORS, SERVICE_CENTRE, ensure_service_centre, grant_model_permissions

from .models import CommitmentCase, CommitmentItem, CreditRecord

#: Groups that manage every department's records.
MANAGERS = (SERVICE_CENTRE,)
#: Groups that see every department's records.
ALL_SEEING = (SERVICE_CENTRE, PORTAL_EDITORS)

MODELS = ("commitmentitem", "commitmentcase", "creditrecord")
DEPARTMENT_PERMISSIONS = tuple(
    ("commitments", f"{action}_{model}") for model in ("commitmentitem", "commitmentcase")
    for action in ("view", "add", "change")
) + (("commitments", "view_creditrecord"),)


@transaction.atomic
def ensure_commitments_permissions() -> None:
    """Grant the service centre full rights, editors view, department groups view/add/change."""
    from django.contrib.auth.models import Group

    centre = ensure_service_centre()
    grant_model_permissions(centre, [("commitments", f"{action}_{model}") for model in MODELS
                                     for action in ("add", "change", "delete", "view")])
    editors = Group.objects.filter(name=PORTAL_EDITORS).first()
    if editors is not None:
        grant_model_permissions(editors, [("commitments", f"view_{model}") for model in MODELS])
    for department in Department.objects.exclude(contributors=None, reviewers=None):
        grant_department_permissions(department)


def grant_department_permissions(department: Department) -> None:
    for group in (department.contributors, department.reviewers):
        if group is not None:
            grant_model_permissions(group, DEPARTMENT_PERMISSIONS)


def is_manager(user: Any) -> bool:
    return any(in_group(user, name) for name in MANAGERS)


def sees_all(user: Any) -> bool:
    return any(in_group(user, name) for name in ALL_SEEING)


def may_manage(user: Any, department_id: int | None) -> bool:
    """May ``user`` change records of ``department_id``? (service centre: all; staff: their own)."""
    return may_manage_department(user, department_id, all_groups=MANAGERS)


def may_view(user: Any, department_id: int | None) -> bool:
    return sees_all(user) or may_manage(user, department_id)


def may_verify(user: Any, case: CommitmentCase) -> bool:
    """Verification is the handling department's or the service centre's."""
    return user.has_perm("commitments.change_commitmentcase") and may_manage(user, case.item.department_id)


def may_clear_credit(user: Any) -> bool:
    """Only the service centre (and superusers) clear credit records (信用修复)."""
    return is_manager(user) and user.has_perm("commitments.change_creditrecord")


def departments_for(user: Any) -> QuerySet[Department]:
    """Departments whose items ``user`` may pick when adding or editing."""
    if is_manager(user):
        return Department.objects.all()
    return departments_of(user)


def items_for(user: Any) -> QuerySet[CommitmentItem]:
    items = CommitmentItem.objects.select_related("department")
    return items if sees_all(user) else items.filter(department__in=departments_of(user))


def cases_for(user: Any) -> QuerySet[CommitmentCase]:
    cases = CommitmentCase.objects.select_related("item", "item__department")
    return cases if sees_all(user) else cases.filter(item__department__in=departments_of(user))


def credit_records_for(user: Any) -> QuerySet[CreditRecord]:
    records = CreditRecord.objects.select_related("case", "case__item", "cleared_by")
    return records if sees_all(user) else records.filter(case__item__department__in=departments_of(user))
