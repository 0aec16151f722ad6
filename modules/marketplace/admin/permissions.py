"""Who may do what in the marketplace admin: the one place the admin views ask.

Rules (on top of ``modules.marketplace.roles``):
- a department's 信息员 and 审核员 create, edit and run the projects of THEIR department only;
  another department's project does not exist for them (404);
- portal editors and the operator group 中介超市运营 see every department's projects, read only
  (the operator may also terminate one, as the services allow);
- only the operator reviews agencies and qualifications, keeps the service categories,
  sanctions, credit ratings and grievances, and reads the audit log; everyone else gets a 403
  with a Chinese reason;
- superusers may do everything.
The model permissions are granted by ``roles.ensure_marketplace_permissions`` (called by
``setup_portal``); the admin also goes by the roles themselves (``ProjectPermissionPolicy``), so
portal editors and the staff of a department provisioned later need no grant of their own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.http import HttpResponse, HttpResponseForbidden
from wagtail.permission_policies import ModelPermissionPolicy

from cms.departments.access import departments_of, in_group
from cms.workflows.roles import PORTAL_EDITORS

from .. import roles
from ..models import Project, ProjectState

OPERATE = "marketplace.operate_marketplace"


def forbidden(message: str) -> HttpResponse:
    """A plain 403 with a Chinese reason (returned, so a form post fails plainly)."""
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


def is_operator(user: Any) -> bool:
    """The operator group 中介超市运营 (or ``operate_marketplace``), or a superuser."""
    if not getattr(user, "is_active", False):
        return False
    return roles.is_operator(user) or user.has_perm(OPERATE)


def sees_all_projects(user: Any) -> bool:
    return is_operator(user) or in_group(user, PORTAL_EDITORS)


def owner_departments(user: Any):
    """Departments ``user`` may publish projects for (superuser: all)."""
    return roles.owner_departments(user)


def projects_for(user: Any) -> QuerySet[Project]:
    """The projects ``user`` may see in the admin (any other answers 404)."""
    projects = Project.objects.select_related("owner", "category")
    if sees_all_projects(user):
        return projects
    return projects.filter(owner__in=departments_of(user))


def is_owner_staff(user: Any) -> bool:
    """A member of some department's 信息员 or 审核员 group (read once per request)."""
    if not getattr(user, "is_active", False):
        return False
    cached = getattr(user, "_marketplace_owner_staff", None)
    if cached is None:
        cached = departments_of(user).exists()
        user._marketplace_owner_staff = cached
    return cached


def may_manage_project(user: Any, project: Project) -> bool:
    """The owner department's staff act for a project; superusers for any (as the services say)."""
    return bool(getattr(user, "is_active", False)) and roles.may_manage_project(user, project)


def may_terminate(user: Any, project: Project) -> bool:
    """The owner, or the operator (a project can be stopped by the centre too)."""
    return may_manage_project(user, project) or is_operator(user)


def may_edit_project(user: Any, project: Project) -> bool:
    """Only a draft (草稿) is edited or deleted, by its owner's people."""
    return project.state == ProjectState.DRAFT and may_manage_project(user, project)


def is_project_viewer(user: Any) -> bool:
    return bool(getattr(user, "is_active", False)) and (
        sees_all_projects(user) or is_owner_staff(user) or user.has_perm("marketplace.view_project"))


class ProjectPermissionPolicy(ModelPermissionPolicy):
    """The model permissions of projects, plus the roles: department staff add, change and delete
    (drafts, of their own department: the views check), those who see all projects view.

    So a department provisioned after the last ``ensure_marketplace_permissions`` works at once.
    """

    def user_has_permission(self, user, action) -> bool:
        if action in ("add", "change", "delete", "view") and is_owner_staff(user):
            return True
        if action == "view" and sees_all_projects(user):
            return True
        if action == "delete":
            action = "change"
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission({"change" if a == "delete" else a for a in actions})


def _operators_filter() -> Q:
    operate = Permission.objects.filter(content_type__app_label="marketplace", codename="operate_marketplace")
    return (Q(is_superuser=True) | Q(user_permissions__in=operate) | Q(groups__permissions__in=operate)
            | Q(groups__name=roles.OPERATORS)) & Q(is_active=True)


class OperatorPermissionPolicy(ModelPermissionPolicy):
    """Only the operator, and only the ``actions`` the model allows in the admin.

    Sanctions, ratings, grievances and the audit log change only through the services (impose,
    lift, rate, answer): their rows are never edited or deleted in the admin, even by a superuser.
    """

    def __init__(self, model, actions: tuple[str, ...] = ("view",)):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action) -> bool:
        return action in self.actions and is_operator(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects
        if not self.actions.intersection(actions):
            return users.none()
        return users.filter(_operators_filter()).distinct()
