"""Who may export and import guide workbooks, and which departments' guides they reach.

Rule: service-centre staff (政务服务中心), portal editors and superusers reach every
department's guides; a department's 信息员 and 审核员 only their own department's; anyone
else nothing (403).  Importing publishes only where the importer may publish guides (the
department folder's page permissions); elsewhere complete guides go to the folder's review
workflow, so the department → 政务服务中心 four-eyes review is never bypassed.
"""

from __future__ import annotations

from cms.departments.access import departments_of, in_group
from cms.workflows.roles import PORTAL_EDITORS, SERVICE_CENTRE

FULL_ACCESS_GROUPS = (SERVICE_CENTRE, PORTAL_EDITORS)


def has_full_access(user) -> bool:
    """Superusers, service-centre staff and portal editors: every department."""
    return any(in_group(user, name) for name in FULL_ACCESS_GROUPS)


def department_scope(user) -> set[int] | None:
    """``None`` for every department, else the ids of the user's own departments (maybe empty)."""
    if has_full_access(user):
        return None
    return set(departments_of(user).values_list("pk", flat=True))


def may_use_spreadsheets(user) -> bool:
    """True when ``user`` may export or import guides of at least one department."""
    scope = department_scope(user)
    return scope is None or bool(scope)
