"""Admin report of live guides lacking required elements (办事指南要素检查).

Rule: service-centre staff, portal editors and superusers see every department; a department's
people see only their own department's guides.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from cms.departments.access import departments_of, in_group
from cms.workflows.roles import PORTAL_EDITORS, SERVICE_CENTRE

from .checks import incomplete_guides

PER_PAGE = 50


def visible_department_ids(user) -> list[int] | None:
    """``None`` for users who see every department, else the ids of their own departments."""
    if in_group(user, SERVICE_CENTRE) or in_group(user, PORTAL_EDITORS):
        return None
    return list(departments_of(user).values_list("pk", flat=True))


def incomplete_guides_report(request):
    department_ids = visible_department_ids(request.user)
    if department_ids == []:
        raise PermissionDenied("只有政务服务中心、门户编辑和部门工作人员可以查看办事指南要素检查。")
    rows = list(incomplete_guides(department_ids))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(request, "guides/admin/incomplete_guides.html", {
        "page_obj": page, "total": len(rows), "header_icon": "warning", "page_title": "办事指南要素检查",
    })
