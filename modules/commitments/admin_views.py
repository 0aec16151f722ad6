"""Custom admin views: verify a case, clear a credit record, the overdue list, statistics, export.

Every view checks its permission itself and answers 403 with a Chinese reason (returned, not
raised, so a download link or a form post fails plainly instead of redirecting to the dashboard):
- verify: ``commitments.change_commitmentcase`` and the case's department (or the service centre);
- clear a credit record: the service centre only;
- overdue list, statistics and export: ``commitments.view_commitmentcase``, scoped to the user's
  departments unless they see all.
State changes go through ``services`` (one transaction, audit log); forms are POST with CSRF.
"""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.core.models import local_today

from . import services
from .choices import CaseState
from .exporting import export_filename, write_cases_xlsx
from .filters import filter_cases
from .forms import ClearCreditForm, VerifyForm
from .models import CommitmentCase, CreditRecord
from .permissions import cases_for, items_for, may_clear_credit, may_verify
from .statistics import department_figures

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 20
VIEW_CASES = "commitments.view_commitmentcase"


def forbidden(message: str) -> HttpResponse:
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


def can_view_cases(user) -> bool:
    return bool(user and user.is_active and user.has_perm(VIEW_CASES))


def case_index_url() -> str:
    return reverse(CommitmentCase.snippet_viewset.get_url_name("list"))


def credit_index_url() -> str:
    return reverse(CreditRecord.snippet_viewset.get_url_name("list"))


class VerifyCaseView(WagtailAdminTemplateMixin, FormView):
    """核查: record 属实 or 不实 (with the action) for a 待核查 case."""

    template_name = "commitments/admin/verify.html"
    form_class = VerifyForm
    page_title = "核查承诺"
    header_icon = "tasks"

    def dispatch(self, request: HttpRequest, pk: int, *args, **kwargs):
        self.case = get_object_or_404(CommitmentCase.objects.select_related("item", "item__department"), pk=pk)
        if not may_verify(request.user, self.case):
            return forbidden("您没有核查该部门办件的权限。")
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return str(self.case)

    def get_breadcrumbs_items(self):
        return [{"url": case_index_url(), "label": "承诺办件"}, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(case=self.case, is_pending=self.case.state == CaseState.PENDING,
                       action_url=reverse("commitments_case_verify", args=[self.case.pk]), today=local_today())
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.verify_case(self.case, truthful=data["result"] == "true", note=data["note"],
                                 action=data["action"], user=self.request.user, on=data["verified_on"])
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        self.case.refresh_from_db()
        text = f"已记录核查结果：{self.case.get_state_display()}"
        if not self.case.verified_on_time:
            text += "（超过核查时限，已记为逾期核查）"
        if self.case.state == CaseState.VERIFIED_FALSE:
            text += "；已生成信用记录，该申请人修复前不适用告知承诺制"
        messages.success(self.request, text + "。")
        return redirect(case_index_url())


class ClearCreditView(WagtailAdminTemplateMixin, FormView):
    """信用修复: the service centre clears a credit record with a reason."""

    template_name = "commitments/admin/clear_credit.html"
    form_class = ClearCreditForm
    page_title = "信用修复"
    header_icon = "success"

    def dispatch(self, request: HttpRequest, pk: int, *args, **kwargs):
        self.record = get_object_or_404(CreditRecord.objects.select_related("case", "case__item"), pk=pk)
        if not may_clear_credit(request.user):
            return forbidden("只有政务服务中心可以办理信用修复。")
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return str(self.record)

    def get_breadcrumbs_items(self):
        return [{"url": credit_index_url(), "label": "信用记录"}, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(record=self.record, action_url=reverse("commitments_credit_clear", args=[self.record.pk]))
        return context

    def form_valid(self, form):
        try:
            services.clear_credit(self.record, reason=form.cleaned_data["reason"], user=self.request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已修复“{self.record.applicant_name}”的信用记录，该申请人可以重新适用告知承诺制。")
        return redirect(credit_index_url())


def _page(request: HttpRequest, queryset):
    try:
        return Paginator(queryset, PER_PAGE).page(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger):
        return Paginator(queryset, PER_PAGE).page(1)


class CaseViewerRequiredMixin:
    """Refuses users who may not see commitment cases (service centre, editors, departments)."""

    def dispatch(self, request, *args, **kwargs):
        if not can_view_cases(request.user):
            return forbidden("您没有查看承诺办件的权限。")
        return super().dispatch(request, *args, **kwargs)


class OverdueView(CaseViewerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """逾期未核查: 待核查 cases past their due date, oldest due date first."""

    template_name = "commitments/admin/overdue.html"
    page_title = "逾期未核查"
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = local_today()
        cases = cases_for(self.request.user).overdue(today).order_by("due_on", "id")
        page = _page(self.request, cases)
        for case in page.object_list:
            case.can_verify = may_verify(self.request.user, case)
        context.update(page_obj=page, today=today, export_url=reverse("commitments_cases_export") + "?overdue=yes")
        return context


class StatisticsView(CaseViewerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """统计: items, cases and the on-time verification rate by department."""

    template_name = "commitments/admin/statistics.html"
    page_title = "告知承诺统计"
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, total = department_figures(items_for(self.request.user), cases_for(self.request.user))
        context.update(rows=rows, total=total)
        return context


def export_cases(request: HttpRequest) -> HttpResponse:
    """Download the cases the user may see as .xlsx, with the listing's filters."""
    if not can_view_cases(request.user):
        return forbidden("您没有查看承诺办件的权限，不能导出。")
    cases = filter_cases(cases_for(request.user), request.GET)
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_cases_xlsx(cases, output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=export_filename(), content_type=XLSX_TYPE)
