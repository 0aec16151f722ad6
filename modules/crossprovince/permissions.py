"""Who may do what in the 跨省通办 module, and the department scope of items and cases.

- 政务服务中心 (service-centre staff): add, change, delete and view every model, all departments.
- 门户编辑 (portal editors): view everything (they answer for the portal as a whole).
- A department's 信息员 and 审核员: view, add and change items and proxy cases of *their own*
  department only (the item's 本地主管部门; for a case, its item's); they never see another
  department's rows, and cannot manage partners, agreements or batches.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from cms.departments.access import departments_of, in_group
from cms.departments.models import Department
from cms.workflows.roles import PORTAL_EDITORS, SERVICE_CENTRE, ensure_service_centre, grant_model_permissions

APP = "crossprovince"
MODELS = ("partnerregion", "agreement", "itembatch", "crossitem", "proxycase")
DEPARTMENT_MODELS = ("crossitem", "proxycase")
ALL_DEPARTMENTS = (SERVICE_CENTRE, PORTAL_EDITORS)
DEPARTMENT_ACTIONS = ("view", "add", "change")


def sees_all_departments(user) -> bool:
    """Superusers, service-centre staff and portal editors see every department's rows."""
    return any(in_group(user, name) for name in ALL_DEPARTMENTS)


def scope_items(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` of items limited to what ``user`` may see."""
    if sees_all_departments(user):
        return queryset
    return queryset.filter(department__in=departments_of(user))


def scope_cases(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` of proxy cases limited to what ``user`` may see (by the item's department)."""
    if sees_all_departments(user):
        return queryset
    return queryset.filter(item__department__in=departments_of(user))


def department_of(instance) -> int | None:
    """The department id that owns an item or a case."""
    if hasattr(instance, "department_id"):
        return instance.department_id
    item = getattr(instance, "item", None)
    return item.department_id if item is not None else None


def may_manage(user, instance) -> bool:
    """True when ``user`` reaches ``instance`` (an item or a case) by the department rule."""
    if sees_all_departments(user):
        return True
    department_id = department_of(instance)
    return department_id is not None and departments_of(user).filter(pk=department_id).exists()


class DepartmentScopedPolicy(ModelPermissionPolicy):
    """Model permissions, plus: department staff reach only their own department's rows."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_permission(user, action) and may_manage(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return self.user_has_any_permission(user, actions) and may_manage(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        queryset = self.model._default_manager.all()
        return scope_items(queryset, user) if self.model._meta.model_name == "crossitem" else scope_cases(queryset, user)


def _pairs(models: tuple[str, ...], actions: tuple[str, ...]):
    return tuple((APP, f"{action}_{model}") for model in models for action in actions)


@transaction.atomic
def ensure_crossprovince_permissions() -> Group:
    """Grant the module's permissions (idempotent); returns the service-centre group.

    Service centre: full rights on every model.  Portal editors: view.  Each department's
    contributors and reviewers: view/add/change on items and cases (scoped by the views).
    """
    centre = ensure_service_centre()
    grant_model_permissions(centre, _pairs(MODELS, ("add", "change", "delete", "view")))
    editors = Group.objects.filter(name=PORTAL_EDITORS).first()
    if editors is not None:
        grant_model_permissions(editors, (("wagtailadmin", "access_admin"),) + _pairs(MODELS, ("view",)))
    for department in Department.objects.select_related("contributors", "reviewers"):
        ensure_department_permissions(department)
    return centre


def ensure_department_permissions(department: Department) -> None:
    """View/add/change on items and cases for the department's contributors and reviewers."""
    for group in (department.contributors, department.reviewers):
        if group is not None:
            grant_model_permissions(group, _pairs(DEPARTMENT_MODELS, DEPARTMENT_ACTIONS))
