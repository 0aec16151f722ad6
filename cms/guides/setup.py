"""The guide index, one folder per department, and who may edit and approve guides.

- 政务服务中心 (service-centre staff) add, edit and publish guides of every department.
- A department's 信息员 and 审核员 add and edit guides in their own folder only.
- A department folder's workflow: the department's reviewers, then the service centre
  (four-eyes ``ReviewTask`` both times).
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from cms.departments.models import Department
from cms.departments.provisioning import CONTRIBUTOR_PAGE_PERMISSIONS
from cms.home.models import SectionPage
from cms.workflows.models import ReviewTask
from cms.workflows.roles import SERVICE_CENTRE, ensure_service_centre, grant_model_permissions, grant_page_permissions

from .models import GuideFolderPage, ServiceGuideIndexPage
from .themes import ensure_default_themes

INDEX_SLUG = "bszn"
SERVICE_CENTRE_REVIEW = "政务服务中心审核"
_CENTRE_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
_CENTRE_MODEL_PERMISSIONS = tuple(
    ("guides", f"{action}_servicetheme") for action in ("add", "change", "delete", "view")
) + (("workdays", "add_calendarday"), ("workdays", "change_calendarday"), ("workdays", "view_calendarday"))


def guide_index() -> ServiceGuideIndexPage | None:
    return ServiceGuideIndexPage.objects.first()


@transaction.atomic
def ensure_guide_index() -> ServiceGuideIndexPage | None:
    """Create 办事指南 under 政务服务 (if the portal has it), the themes and the service-centre rights."""
    ensure_default_themes()
    centre = ensure_service_centre()
    grant_model_permissions(centre, _CENTRE_MODEL_PERMISSIONS)
    index = guide_index()
    if index is None:
        section = SectionPage.objects.filter(slug="zwfw").first()
        if section is None:
            return None
        index = ServiceGuideIndexPage(
            title="办事指南", slug=INDEX_SLUG, show_in_menus=True,
            intro="按部门、按主题或按事项名称拼音首字母查找办事指南。",
        )
        section.add_child(instance=index)
        index.save_revision().publish()
    grant_page_permissions(centre, index, _CENTRE_PAGE_PERMISSIONS)
    return index


def _centre_review_task() -> ReviewTask:
    task = ReviewTask.objects.filter(name=SERVICE_CENTRE_REVIEW).first()
    if task is None:
        task = ReviewTask.objects.create(name=SERVICE_CENTRE_REVIEW)
    task.groups.add(ensure_service_centre())
    return task


def _folder_workflow(department: Department) -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=f"{department.short_name}办事指南审核流程")
    first = ReviewTask.objects.filter(name=f"{department.short_name}审核").first()
    if first is None:
        first = ReviewTask.objects.create(name=f"{department.short_name}审核")
    if department.reviewers_id:
        first.groups.add(department.reviewers)
    for order, task in enumerate((first, _centre_review_task())):
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    return workflow


@transaction.atomic
def ensure_guide_folder(department: Department) -> GuideFolderPage | None:
    """The department's guide folder with its permissions and workflow (idempotent)."""
    index = guide_index()
    if index is None:
        return None
    folder = GuideFolderPage.objects.filter(department=department).first()
    if folder is None:
        folder = GuideFolderPage(title=department.name, slug=department.slug, department=department)
        index.add_child(instance=folder)
        folder.save_revision().publish()
    for group in (department.contributors, department.reviewers):
        if group is not None:
            grant_page_permissions(group, folder, CONTRIBUTOR_PAGE_PERMISSIONS)
    WorkflowPage.objects.update_or_create(page=folder, defaults={"workflow": _folder_workflow(department)})
    return folder


def ensure_all_guide_folders() -> int:
    """Folders for every department (after the index was created on an existing portal)."""
    if ensure_guide_index() is None:
        return 0
    departments = Department.objects.exclude(reviewers=None)
    for department in departments:
        ensure_guide_folder(department)
    return departments.count()


__all__ = ["SERVICE_CENTRE", "ensure_all_guide_folders", "ensure_guide_folder", "ensure_guide_index", "guide_index"]
