"""Who sees what in the column-check admin (栏目检查).

Rules:
- portal editors (门户编辑) and superusers see every run, finding (including the site-level ones,
  department empty) and score; only they start runs, edit the rules and read the 通报;
- a department's people (its 信息员 and 审核员) see the runs that covered their department
  (site-wide runs and their department's own runs), their own departments' findings and scores,
  and rectify their own findings; another department's finding is answered 404, so its existence
  is not revealed;
- anyone else is refused (403, with the reason in Chinese).
The role is read once per request (two small queries) and kept on the request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden

from cms.departments.access import departments_of, in_group
from cms.workflows.roles import PORTAL_EDITORS

from ..models import CheckRun, DepartmentScore, Finding

NOT_ALLOWED = "只有门户编辑和各部门信息员、审核员可以查看栏目检查。"
EDITORS_ONLY = "只有门户编辑可以进行该操作。"


@dataclass(frozen=True)
class Viewer:
    """The column-check role of one user."""

    is_editor: bool
    department_ids: frozenset[int]

    @property
    def allowed(self) -> bool:
        return self.is_editor or bool(self.department_ids)

    def sees_department(self, department_id: int | None) -> bool:
        return self.is_editor or (department_id is not None and department_id in self.department_ids)

    def findings(self) -> QuerySet[Finding]:
        findings = Finding.objects.all()
        return findings if self.is_editor else findings.filter(department_id__in=self.department_ids)

    def runs(self) -> QuerySet[CheckRun]:
        runs = CheckRun.objects.all()
        if self.is_editor:
            return runs
        return runs.filter(Q(department__isnull=True) | Q(department_id__in=self.department_ids))

    def scores(self) -> QuerySet[DepartmentScore]:
        scores = DepartmentScore.objects.all()
        return scores if self.is_editor else scores.filter(department_id__in=self.department_ids)


def viewer_for(request: HttpRequest) -> Viewer:
    """The viewer of ``request`` (computed once per request)."""
    cached = getattr(request, "_gongkai_inspection_viewer", None)
    if cached is None:
        user = request.user
        if not getattr(user, "is_authenticated", False):
            cached = Viewer(False, frozenset())
        else:
            is_editor = in_group(user, PORTAL_EDITORS)
            ids = frozenset() if is_editor else frozenset(departments_of(user).values_list("pk", flat=True))
            cached = Viewer(is_editor, ids)
        request._gongkai_inspection_viewer = cached
    return cached


def forbidden(message: str) -> HttpResponse:
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


class InspectionAccessMixin:
    """Refuse users who are neither editors nor department people (``editors_only``: editors only)."""

    editors_only = False

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        self.viewer = viewer_for(request)
        if not self.viewer.allowed:
            return forbidden(NOT_ALLOWED)
        if self.editors_only and not self.viewer.is_editor:
            return forbidden(EDITORS_ONLY)
        return super().dispatch(request, *args, **kwargs)
