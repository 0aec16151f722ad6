"""The 栏目检查 panel of the admin home page.

Rules:
- editors see the last run (status, when), the numbers of open and overdue findings, and the five
  worst departments of the latest finished site-wide run;
- department people see their own open findings (nearest deadline first, overdue ones in red)
  and their unread notices (站内通知) with links;
- nobody else gets the panel; the panel costs a constant, small number of queries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from ..models import OPEN_STATUSES, CheckRun, DepartmentScore, Notice, RunStatus
from .access import Viewer

WORST = 5
OPEN_SHOWN = 8
NOTICES_SHOWN = 5


class InspectionPanel(Component):
    name = "inspection"
    order = 90
    template_name = "inspection/panels/dashboard.html"

    def __init__(self, request, viewer: Viewer) -> None:
        self.request = request
        self.viewer = viewer

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        today = timezone.localdate()
        findings = self.viewer.findings()
        counts = findings.aggregate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)),
        )
        context: dict[str, Any] = {
            "is_editor": self.viewer.is_editor, "counts": counts, "today": today,
            "findings_url": reverse("inspection:findings"), "runs_url": reverse("inspection:runs"),
            "ranking_url": reverse("inspection:ranking"),
        }
        if self.viewer.is_editor:
            context["last_run"] = CheckRun.objects.select_related("department").order_by("-created_at", "-pk").first()
            latest = (CheckRun.objects.filter(status=RunStatus.FINISHED, department__isnull=True)
                      .order_by("-period", "-created_at", "-pk").values("pk")[:1])
            context["worst"] = list(DepartmentScore.objects.filter(run__in=latest).select_related("department")
                                    .order_by("-vetoed", "score", "department__order")[:WORST])
        else:
            shown = list(findings.filter(status__in=OPEN_STATUSES).select_related("department")
                         .order_by("deadline", "pk")[:OPEN_SHOWN])
            for finding in shown:
                finding.overdue = finding.is_overdue(today)
            unread = Notice.objects.filter(user=self.request.user, read_at__isnull=True)
            context.update(open_findings=shown, notices=list(unread.order_by("-created_at", "-pk")[:NOTICES_SHOWN]))
        return context
