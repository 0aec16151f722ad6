"""Admin pages of the monthly report (通报): the list of reports, the report page, its downloads.

Mounted under the admin at /admin/inspection/ with the namespace "inspection"
(``reverse("inspection:report", args=[run.pk])``).

Rules:
- only portal editors (门户编辑) and superusers see reports; anyone else signed in gets 403, and
  an anonymous visitor is sent to the admin login;
- the list shows finished monthly runs, newest period first, 20 a page;
- a report exists only for a finished run (any other run answers 404);
- the page shows what the Word document says, with the chart drawn as SVG on the server;
- downloads carry a Chinese file name (``filename*=UTF-8''…``) and an ASCII fallback.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from wagtail.admin.auth import require_admin_access

from cms.departments.access import in_group
from cms.workflows.roles import PORTAL_EDITORS

from ..models import CheckRun, RunStatus, Trigger
from .chart import svg_chart
from .data import build_report, chinese_month

PER_PAGE = 20
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def editors_only(view):
    """Portal editors and superusers; others signed in get 403, anonymous users the login page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not in_group(request.user, PORTAL_EDITORS):
            return TemplateResponse(request, "inspection/reports/forbidden.html",
                                    {"page_title": "无权查看检查通报"}, status=403)
        return view(request, *args, **kwargs)

    return require_admin_access(wrapped)


def _finished_run(pk: int) -> CheckRun:
    return get_object_or_404(CheckRun.objects.select_related("department"), pk=pk, status=RunStatus.FINISHED)


def attachment(content: bytes, content_type: str, filename: str, fallback: str) -> HttpResponse:
    """A download named ``filename`` (UTF-8, RFC 6266/5987), ``fallback`` for old clients."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    response["Content-Length"] = str(len(content))
    return response


def _file_stem(run: CheckRun) -> str:
    scope = run.department.name if run.department_id else "部门"
    return f"{chinese_month(run.period)}{scope}栏目检查情况"


@editors_only
def report_list(request):
    runs = (CheckRun.objects.filter(status=RunStatus.FINISHED, trigger=Trigger.MONTHLY)
            .select_related("department").order_by("-period", "-finished_at", "-pk"))
    page = Paginator(runs, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(request, "inspection/reports/list.html", {
        "page_obj": page, "page_title": "检查通报", "header_icon": "doc-full",
    })


@editors_only
def report_page(request, pk: int):
    run = _finished_run(pk)
    report = build_report(run)
    return TemplateResponse(request, "inspection/reports/report.html", {
        "run": run, "report": report, "chart": svg_chart(report.departments), "page_title": report.title,
    })


@editors_only
def report_docx(request, pk: int):
    from .docx import build_docx

    run = _finished_run(pk)
    return attachment(build_docx(run), DOCX_TYPE, f"{_file_stem(run)}通报.docx",
                      f"inspection-report-{run.period:%Y-%m}-{run.pk}.docx")


@editors_only
def report_xlsx(request, pk: int):
    from .xlsx import build_xlsx

    run = _finished_run(pk)
    return attachment(build_xlsx(run), XLSX_TYPE, f"{_file_stem(run)}问题清单.xlsx",
                      f"inspection-findings-{run.period:%Y-%m}-{run.pk}.xlsx")


urlpatterns = [
    path("reports/", report_list, name="reports"),
    path("reports/<int:pk>/", report_page, name="report"),
    path("reports/<int:pk>/word/", report_docx, name="report_docx"),
    path("reports/<int:pk>/excel/", report_xlsx, name="report_xlsx"),
]
