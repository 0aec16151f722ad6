"""The 中介服务超市 panel of the admin home page: what waits for the person looking.

Rules:
- the operator sees the registrations and qualification changes waiting for review (overdue ones
  counted in red) and the open objections and complaints;
- a department's staff see their own department's projects that wait for them: drafts, 直接选取
  or 择优 scoring after 报名截止, contracts to confirm, and completed services still to evaluate
  within the 180 days (the nearest deadline first);
- nobody else gets the panel; it costs a constant, small number of queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from cms.core.models import local_today
from cms.departments.access import departments_of

from ..models import (
    EVALUATION_DAYS,
    Agency,
    AgencyStatus,
    Grievance,
    Project,
    ProjectState,
    Qualification,
    QualificationStatus,
    SelectionMethod,
)
from .links import project_url
from .permissions import is_operator, is_owner_staff

SHOWN = 8


def owner_todo(user, now: datetime.datetime) -> list[dict[str, Any]]:
    """The department's projects that wait for one of its people, with what to do."""
    window = now - datetime.timedelta(days=EVALUATION_DAYS)
    projects = (Project.objects.filter(owner__in=departments_of(user)).filter(
        Q(state=ProjectState.DRAFT)
        | Q(state=ProjectState.SELECTING, method__in=(SelectionMethod.DIRECT, SelectionMethod.MERIT),
            selection__isnull=True)
        | Q(state__in=(ProjectState.SELECTED, ProjectState.IN_SERVICE), contract__isnull=False,
            contract__confirmed_at__isnull=True)
        | Q(state=ProjectState.SELECTED, contract__confirmed_at__isnull=False)
        | Q(state=ProjectState.COMPLETED, evaluation__isnull=True, completed_at__gte=window)
    ).select_related("owner", "contract").order_by("signup_deadline", "pk")[:SHOWN])
    rows = []
    for project in projects:
        rows.append({"project": project, "url": project_url("detail", project), "todo": _todo(project, now)})
    return rows


def _todo(project: Project, now: datetime.datetime) -> str:
    if project.state == ProjectState.DRAFT:
        return "草稿，待发布"
    if project.state == ProjectState.SELECTING:
        if project.method == SelectionMethod.MERIT:
            return "择优选取：录入评分" if now < project.selection_at else "择优选取：录入评分并完成评审"
        return "直接选取：待选取" if now >= project.selection_at else "直接选取：选取时间未到"
    if project.state == ProjectState.COMPLETED:
        due = project.completed_at + datetime.timedelta(days=EVALUATION_DAYS)
        return f"待评价（{timezone.localtime(due):%Y-%m-%d} 前）"
    contract = getattr(project, "contract", None)
    if contract is not None and contract.confirmed_at is None:
        return "合同备案待确认"
    return "合同已确认，待开始服务"


class MarketplacePanel(Component):
    name = "marketplace"
    order = 95
    template_name = "marketplace/admin/home_panel.html"

    def __init__(self, request) -> None:
        self.request = request

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        user, today = self.request.user, local_today()
        context: dict[str, Any] = {"is_operator": is_operator(user), "projects_url": project_url("index")}
        if context["is_operator"]:
            agencies = Agency.objects.filter(status=AgencyStatus.PENDING)
            changes = Qualification.objects.filter(status=QualificationStatus.PENDING, agency__status=AgencyStatus.APPROVED)
            context.update(
                pending=agencies.count() + changes.count(),
                overdue=agencies.filter(review_due__lt=today).count() + changes.filter(review_due__lt=today).count(),
                grievances=Grievance.objects.filter(status=Grievance.Status.OPEN).count(),
            )
        if is_owner_staff(user):
            context["todo"] = owner_todo(user, timezone.now())
        return context


def panel_for(request) -> MarketplacePanel | None:
    user = request.user
    return MarketplacePanel(request) if is_operator(user) or is_owner_staff(user) else None
