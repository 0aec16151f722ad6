"""Provisioning of a department: its disclosure subtree, groups, media collection, workflow.

Idempotent: running it again on a provisioned department changes nothing and fills in
whatever is missing (a deleted column, a lost permission).  Called when a department is
created in the admin and by ``manage.py ensure_department``.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.dispatch import Signal
from wagtail.models import Collection, WorkflowPage

from cms.columns.kinds import STANDARD_COLUMNS
from cms.columns.models import ColumnPage
from cms.workflows.roles import (
    ensure_department_workflow,
    grant_collection_permissions,
    grant_page_permissions,
)

from .models import Department

CONTRIBUTOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")

#: Sent inside the provisioning transaction with ``department``: other apps (service guides)
#: add their own per-department parts, so provisioning knows nothing of them.
department_provisioned = Signal()


class ProvisioningError(Exception):
    """The portal has no department index page to attach the department to."""


def _department_index():
    from cms.disclosure.models import DepartmentIndexPage

    index = DepartmentIndexPage.objects.first()
    if index is None:
        raise ProvisioningError("门户中还没有“部门信息公开导航”页面，请先创建门户结构（setup_portal）。")
    return index


def _disclosure_root(department: Department):
    from cms.disclosure.models import DepartmentDisclosurePage

    existing = DepartmentDisclosurePage.objects.filter(department=department).first()
    if existing is not None:
        return existing
    root = DepartmentDisclosurePage(title=department.name, slug=department.slug, department=department)
    _department_index().add_child(instance=root)
    root.save_revision().publish()
    return root


def _columns(root, department: Department) -> None:
    existing = set(ColumnPage.objects.child_of(root).values_list("slug", flat=True))
    for standard in STANDARD_COLUMNS:
        if standard.slug in existing:
            continue
        column = ColumnPage(title=standard.title, slug=standard.slug, kind=standard.kind, department=department)
        root.add_child(instance=column)
        column.save_revision().publish()


def _groups(department: Department) -> tuple[Group, Group]:
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    contributors, _ = Group.objects.get_or_create(name=f"{department.short_name}信息员")
    reviewers, _ = Group.objects.get_or_create(name=f"{department.short_name}审核员")
    for group in (contributors, reviewers):
        group.permissions.add(access_admin)
    return contributors, reviewers


def _collection(department: Department) -> Collection:
    if department.collection_id:
        return department.collection
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=department.name).first()
    return collection or root.add_child(name=department.name)


@transaction.atomic
def provision_department(department: Department) -> Department:
    """Create what ``department`` needs to publish into its own columns, and nothing outside."""
    root = _disclosure_root(department)
    _columns(root, department)
    contributors, reviewers = _groups(department)
    collection = _collection(department)

    grant_page_permissions(contributors, root, CONTRIBUTOR_PAGE_PERMISSIONS)
    grant_page_permissions(reviewers, root, REVIEWER_PAGE_PERMISSIONS)
    for group in (contributors, reviewers):
        grant_collection_permissions(group, collection)

    workflow = ensure_department_workflow(department.short_name, reviewers)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

    Department.objects.filter(pk=department.pk).update(
        contributors=contributors, reviewers=reviewers, collection=collection
    )
    department.contributors, department.reviewers, department.collection = contributors, reviewers, collection
    department_provisioned.send(sender=Department, department=department)
    return department
