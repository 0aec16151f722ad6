"""Roles of the portal and their permissions, created idempotently.

- 门户编辑 (portal editors): run the whole portal, give the final approval, publish.
- <部门>信息员 (contributors): create and edit items in their department's subtree and submit
  them; they cannot publish.
- <部门>审核员 (reviewers): the first review step for their department.

- 政务服务中心 (service-centre staff, 行政审批服务局): keep the service guides, the
  notice-and-commitment lists and the cross-province agreements for every department.

Every workflow has two steps: the department's reviewers, then the portal editors.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Workflow, WorkflowTask

from .models import ReviewTask

PORTAL_EDITORS = "门户编辑"
SERVICE_CENTRE = "政务服务中心"
FINAL_REVIEW_TASK = "门户编辑终审"

_EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page")
_EDITOR_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("departments", "add_department"), ("departments", "change_department"), ("departments", "view_department"),
    ("taxonomy", "add_topic"), ("taxonomy", "change_topic"), ("taxonomy", "delete_topic"), ("taxonomy", "view_topic"),
    ("core", "change_portalsettings"), ("core", "view_portalsettings"),
    ("wagtailredirects", "add_redirect"), ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
    # site search: the editors' dictionaries and the search report
    *(("search", f"{action}_{model}") for model in ("userword", "synonym", "bestbet")
      for action in ("add", "change", "delete", "view")),
    ("search", "view_querylog"),
    # the column check: its settings, the rules and intervals (edited only), the column overrides
    ("inspection", "change_inspectionsettings"), ("inspection", "view_inspectionsettings"),
    *(("inspection", f"{action}_{model}") for model in ("rule", "kindinterval") for action in ("change", "view")),
    *(("inspection", f"{action}_columnoverride") for action in ("add", "change", "delete", "view")),
    # the dictionary of wrong and sensitive words (错敏词库)
    *(("wordcheck", f"{action}_wordentry") for action in ("add", "change", "delete", "view")),
)
_MEDIA_PERMISSIONS = (
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
)


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_page_permissions(group: Group, page: Page, codenames: tuple[str, ...]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", codename)
        )


def grant_collection_permissions(group: Group, collection: Collection) -> None:
    for app_label, codename in _MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )


def grant_model_permissions(group: Group, pairs) -> None:
    """Give ``group`` the model permissions ``(app_label, codename)``."""
    group.permissions.add(*(_permission(app, code) for app, code in pairs))


@transaction.atomic
def ensure_service_centre() -> Group:
    """The 政务服务中心 group; each service app grants it its own model and page permissions."""
    group, _ = Group.objects.get_or_create(name=SERVICE_CENTRE)
    grant_model_permissions(group, (("wagtailadmin", "access_admin"),))
    grant_collection_permissions(group, Collection.get_first_root_node())
    return group


@transaction.atomic
def ensure_portal_editors() -> Group:
    """The 门户编辑 group with publishing rights on the whole tree and all media."""
    group, _ = Group.objects.get_or_create(name=PORTAL_EDITORS)
    group.permissions.add(*(_permission(app, code) for app, code in _EDITOR_MODEL_PERMISSIONS))
    grant_page_permissions(group, Page.get_first_root_node(), _EDITOR_PAGE_PERMISSIONS)
    grant_collection_permissions(group, Collection.get_first_root_node())
    return group


@transaction.atomic
def ensure_final_review_task() -> ReviewTask:
    """The shared last step of every department workflow: the portal editors' approval."""
    task = ReviewTask.objects.filter(name=FINAL_REVIEW_TASK).first()
    if task is None:
        task = ReviewTask.objects.create(name=FINAL_REVIEW_TASK)
    task.groups.add(ensure_portal_editors())
    return task


@transaction.atomic
def ensure_department_workflow(name: str, reviewers: Group) -> Workflow:
    """A two-step workflow: ``reviewers`` first, then the portal editors."""
    workflow, _ = Workflow.objects.get_or_create(name=f"{name}审核流程")
    first = ReviewTask.objects.filter(name=f"{name}审核").first()
    if first is None:
        first = ReviewTask.objects.create(name=f"{name}审核")
    first.groups.set([reviewers])
    for order, task in enumerate((first, ensure_final_review_task())):
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    return workflow
