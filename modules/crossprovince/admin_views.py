"""Custom admin views: batch import of items, export of an agreement's items, the progress
page of a proxy case with its step action, and the statistics per partner.

Every view checks the user's permission itself (model permission, and for cases the
department rule) and answers 403 with a Chinese message otherwise; every state change is a
POST (CSRF-protected by Django) and is written in a transaction with its log entry.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput

from cms.core.models import local_today
from cms.core.uploads import check_document_upload

from .exporting import export_filename, write_agreement_items
from .importing import HEADERS, SheetError, import_batch, rows_from_text, rows_from_xlsx
from .models import Agreement, ProxyCase
from .permissions import may_manage, scope_cases, scope_items
from .statistics import partner_statistics
from .steps import StepError, record_step

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def forbidden(message: str) -> HttpResponse:
    # Returned, not raised: Wagtail's admin turns a raised PermissionDenied into a redirect.
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


# --- batch import ----------------------------------------------------------------------------

class BatchImportForm(forms.Form):
    agreement = forms.ModelChoiceField(
        label="合作协议", queryset=Agreement.objects.select_related("partner"),
        error_messages={"required": "请选择合作协议。", "invalid_choice": "所选协议不存在。"},
    )
    added_on = forms.DateField(label="新增日期", widget=AdminDateInput, initial=local_today,
                               error_messages={"required": "请填写新增日期。", "invalid": "新增日期格式不正确。"})
    note = forms.CharField(label="批次说明", max_length=300, required=False)
    lines = forms.CharField(
        label="粘贴事项", required=False, widget=forms.Textarea(attrs={"rows": 12}),
        help_text="每行一个事项：" + "、".join(HEADERS) + "，用 Tab（从 Excel 复制）、逗号或竖线分隔。",
    )
    file = forms.FileField(label="或上传 Excel 文件", required=False,
                           help_text="第一行为表头：" + "、".join(HEADERS) + "。")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if Path(upload.name).suffix.lower() != ".xlsx":
            raise ValidationError("请上传 .xlsx 文件（旧版 .xls 请先在 Excel 中另存为 .xlsx）。")
        check_document_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        has_lines = bool((data.get("lines") or "").strip())
        if has_lines and data.get("file"):
            raise ValidationError("请只选择一种方式：粘贴事项或上传文件。")
        if not has_lines and not data.get("file") and not self.errors:
            raise ValidationError("请粘贴事项或上传 Excel 文件。")
        return data


class BatchImportView(WagtailAdminTemplateMixin, FormView):
    """Create a batch with its items at once; every row is checked, all or nothing is written."""

    template_name = "crossprovince/admin/batch_import.html"
    form_class = BatchImportForm
    page_title = "批量添加事项"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.has_perm("crossprovince.add_itembatch") and user.has_perm("crossprovince.add_crossitem")):
            return forbidden("您没有添加事项批次的权限。")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        if (pk := self.request.GET.get("agreement", "")).isdigit():
            initial["agreement"] = pk
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(action_url=reverse("crossprovince_batch_import"), submit_button_label="检查并导入",
                       submit_button_active_label="正在导入…", form_is_multipart=True, headers=HEADERS,
                       import_errors=kwargs.get("import_errors") or [])
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        source = ""
        try:
            if data.get("file"):
                source = Path(data["file"].name).name
                rows = rows_from_xlsx(data["file"])
            else:
                rows = rows_from_text(data["lines"])
        except SheetError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        report = import_batch(data["agreement"], rows, added_on=data["added_on"], note=data["note"],
                              user=self.request.user, source=source)
        if not report.ok:
            return self.render_to_response(self.get_context_data(form=form, import_errors=report.errors))
        messages.success(self.request, f"已新增{report.batch}，共 {len(report.rows)} 个事项。")
        return redirect(reverse("wagtailsnippets_crossprovince_crossitem:list") + f"?batch={report.batch.pk}")


# --- export ----------------------------------------------------------------------------------

def export_items(request: HttpRequest, pk: int) -> HttpResponse:
    """An agreement's items as .xlsx (department staff get their own department's items only)."""
    if not request.user.has_perm("crossprovince.view_crossitem"):
        return forbidden("您没有查看跨省通办事项的权限。")
    agreement = get_object_or_404(Agreement.objects.select_related("partner"), pk=pk)
    items = scope_items(agreement_items(agreement), request.user)
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_agreement_items(agreement, output, items=items)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=export_filename(agreement), content_type=XLSX_TYPE)


def agreement_items(agreement: Agreement):
    from .models import CrossItem

    return CrossItem.objects.filter(batch__agreement=agreement)


# --- case progress and steps -----------------------------------------------------------------

class StepForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(label="办理日期", widget=AdminDateInput, initial=local_today,
                           error_messages={"required": "请填写办理日期。", "invalid": "办理日期格式不正确。"})
    tracking_number = forms.CharField(label="快递单号", max_length=40, required=False,
                                      help_text="寄递环节必填。")


def case_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the case's steps with dates, due dates and overdue flags.  POST: record the next step."""
    case = get_object_or_404(ProxyCase.objects.select_related("item__batch__agreement__partner",
                                                              "item__department"), pk=pk)
    if not request.user.has_perm("crossprovince.view_proxycase") or not may_manage(request.user, case):
        return forbidden("您没有查看该办件的权限（只能查看本部门事项的办件）。")
    can_change = request.user.has_perm("crossprovince.change_proxycase")
    next_step = case.next_step()
    form = StepForm(initial={"step": next_step.key if next_step else ""})
    if request.method == "POST":
        if not can_change:
            return forbidden("您没有办理代收代办件的权限。")
        form = StepForm(request.POST)
        if form.is_valid():
            try:
                record_step(case, form.cleaned_data["step"], form.cleaned_data["date"], user=request.user,
                            tracking_number=form.cleaned_data["tracking_number"])
            except StepError as exc:
                form.add_error(None, exc.messages[0])
            else:
                step = form.cleaned_data["step"]
                from .models import STEP_BY_KEY

                messages.success(request, f"办件 {case.number} 已办理“{STEP_BY_KEY[step].label}”。")
                return redirect("crossprovince_case_progress", case.pk)
    context = {
        "case": case, "rows": case.schedule(), "next_step": next_step, "form": form, "can_change": can_change,
        "page_title": f"办件进度 {case.number}", "header_icon": "time",
        "list_url": reverse("wagtailsnippets_crossprovince_proxycase:list"),
        "edit_url": reverse("wagtailsnippets_crossprovince_proxycase:edit", args=[case.pk]),
    }
    return TemplateResponse(request, "crossprovince/admin/case_progress.html", context,
                            status=400 if form.errors else 200)


# --- statistics ------------------------------------------------------------------------------

def statistics(request: HttpRequest) -> HttpResponse:
    """Per partner: items by mode, cases received/completed/overdue, on-time rate (scoped)."""
    if not request.user.has_perm("crossprovince.view_crossitem"):
        return forbidden("您没有查看跨省通办统计的权限。")
    from .models import CrossItem, Mode

    items = scope_items(CrossItem.objects.all(), request.user)
    cases = scope_cases(ProxyCase.objects.all(), request.user)
    rows = partner_statistics(items=items, cases=cases)
    context = {"rows": rows, "modes": Mode.choices, "page_title": "跨省通办统计", "header_icon": "table",
               "today": local_today()}
    return TemplateResponse(request, "crossprovince/admin/statistics.html", context)
