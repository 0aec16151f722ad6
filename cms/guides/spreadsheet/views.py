"""Admin views of the guide spreadsheet: export (``guides_export``) and import (``guides_import``).

Permission on every view: service-centre staff, portal editors and superusers reach all
departments; a department's 信息员/审核员 only their own; anyone else gets 403.  (Wagtail
already requires admin access on every admin URL.)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.core.uploads import check_xlsx_upload
from cms.departments.models import Department

from . import columns as c
from .errors import GuideImportError
from .exporting import export_filename, guides_for_export, write_guides_xlsx
from .importing import import_guides
from .permissions import department_scope

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_SIZE = 20 * 1024 * 1024
SHOWN_ERRORS = 500


def _forbidden(message: str) -> HttpResponse:
    # Returned, not raised: Wagtail's admin turns a raised PermissionDenied into a redirect.
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name, "") not in ("", "0", "false")


def export_guides(request: HttpRequest) -> HttpResponse:
    """Download guides as .xlsx: ``?department=<slug>``, ``?live=1`` (published only), ``?template=1``."""
    scope = department_scope(request.user)
    if scope is not None and not scope:
        return _forbidden("您没有导出办事指南的权限。")
    template = _flag(request, "template")
    live_only = _flag(request, "live")
    department = None
    slug = request.GET.get("department", "")
    if slug:
        department = Department.objects.filter(slug=slug).first()
        if department is None:
            raise Http404("没有这个部门")
        if scope is not None and department.pk not in scope:
            return _forbidden("您只能导出本部门的办事指南。")
    departments = [department.pk] if department is not None else scope
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    guides = None if template else guides_for_export(departments=departments, live_only=live_only)
    write_guides_xlsx(output, guides, live_only=live_only)
    output.seek(0)
    filename = export_filename(department, live_only=live_only, template=template)
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


class ImportGuidesForm(forms.Form):
    file = forms.FileField(
        label="办事指南文件",
        help_text="Excel（.xlsx）文件，含“办事指南”和“申请材料”两个工作表，格式见导入模板。",
    )
    dry_run = forms.BooleanField(label="只校验，不导入", required=False)

    def clean_file(self):
        try:
            return check_xlsx_upload(self.cleaned_data["file"], MAX_UPLOAD_SIZE)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc


class ImportGuidesView(WagtailAdminTemplateMixin, FormView):
    """Upload a guide workbook: the whole file is checked first; all or nothing is imported."""

    template_name = "guides/admin/import_guides.html"
    form_class = ImportGuidesForm
    page_title = "办事指南导入导出"
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        self.scope = department_scope(request.user)
        if self.scope is not None and not self.scope:
            return _forbidden("只有政务服务中心、门户编辑和各部门的信息员、审核员可以导入导出办事指南。")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        errors = kwargs.get("import_errors") or []
        departments = Department.objects.filter(guide_folder__isnull=False)
        if self.scope is not None:
            departments = departments.filter(pk__in=self.scope)
        export_url = reverse("guides_export")
        context.update(
            action_url=reverse("guides_import"),
            submit_button_label="导入",
            submit_button_active_label="正在导入…",
            form_is_multipart=True,
            export_url=export_url,
            template_url=f"{export_url}?template=1",
            departments=departments.order_by("order", "name"),
            all_departments=self.scope is None,
            guide_rules=c.GUIDE_RULES,
            material_rules=c.MATERIAL_RULES,
            general_rules=c.GENERAL_RULES,
            import_errors=errors[:SHOWN_ERRORS],
            hidden_errors=max(len(errors) - SHOWN_ERRORS, 0),
            error_count=len(errors),
            report=kwargs.get("report"),
        )
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            report = import_guides(upload, user=self.request.user, dry_run=form.cleaned_data["dry_run"],
                                   source_name=Path(upload.name).name)
        except GuideImportError as exc:
            return self.render_to_response(self.get_context_data(form=form, import_errors=exc.errors))
        return self.render_to_response(self.get_context_data(form=self.get_form_class()(), report=report))
