"""Admin views of the disclosure app: export of a column as .xlsx, import of a file into it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from cms.columns.models import ColumnPage

from .exporting import export_filename, write_column_xlsx
from .importing import ImportTargetError, ImportValidationError, headers_for, import_file
from .importing.validation import is_interpretation_column
from .importing.writing import WriteError

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_ERRORS = 500


def _column(page_id: int) -> ColumnPage:
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, ColumnPage):
        raise Http404("不是栏目")
    return page


def _forbidden(message: str) -> HttpResponse:
    # Returned, not raised: Wagtail's admin turns a raised PermissionDenied into a redirect
    # to the dashboard, and a download link or a form post should fail plainly.
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


def export_column(request: HttpRequest, page_id: int) -> HttpResponse:
    """Download a column's items as .xlsx (``?template=1``: the empty import template).

    Only for users who may edit the column; others get 403.
    """
    column = _column(page_id)
    if not column.permissions_for_user(request.user).can_edit():
        return _forbidden("您没有编辑该栏目的权限，不能导出。")
    template = bool(request.GET.get("template"))
    # Large columns are spooled to disk rather than held in memory.
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_column_xlsx(column, output, request=request, items=not template)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=export_filename(column, template=template),
                        content_type=XLSX_TYPE)


def can_import(column: ColumnPage, user) -> bool:
    """Imported items are published at once, so importing needs the right to publish here."""
    return column.permissions_for_user(user).can_publish_subpage()


class ImportForm(forms.Form):
    file = forms.FileField(
        label="导入文件",
        help_text="Excel（.xlsx）或 CSV 文件（UTF-8 或 GBK 编码），第一行为表头，每行一条。",
    )
    dry_run = forms.BooleanField(label="只校验，不导入", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv", ".txt"):
            raise forms.ValidationError("请上传 .xlsx 或 .csv 文件（旧版 .xls 请先在 Excel 中另存为 .xlsx）。")
        return upload


class ImportItemsView(WagtailAdminTemplateMixin, FormView):
    """Upload a sheet into a column: every row is checked first; all or nothing is imported."""

    template_name = "disclosure/admin/import_items.html"
    form_class = ImportForm
    page_title = "导入条目"
    header_icon = "upload"

    def dispatch(self, request, page_id: int, *args, **kwargs):
        self.column = _column(page_id)
        if not can_import(self.column, request.user):
            return _forbidden("导入的条目会直接发布，您没有在该栏目发布的权限。")
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.column.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_explore", args=[self.column.pk]), "label": self.column.title},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        errors = kwargs.get("import_errors") or []
        context.update(
            column=self.column,
            action_url=reverse("disclosure_import_column", args=[self.column.pk]),
            submit_button_label="导入",
            submit_button_active_label="正在导入…",
            form_is_multipart=True,
            headers=[h for h in headers_for(is_interpretation_column(self.column))],
            template_url=reverse("disclosure_export_column", args=[self.column.pk]) + "?template=1",
            import_errors=errors[:SHOWN_ERRORS],
            hidden_errors=max(len(errors) - SHOWN_ERRORS, 0),
            error_count=len(errors),
        )
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix.lower()) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            try:
                report = import_file(handle.name, self.column, user=self.request.user, dry_run=dry_run,
                                     source=Path(upload.name).name)
            except ImportValidationError as exc:
                return self.render_to_response(self.get_context_data(form=form, import_errors=exc.errors))
            except (ImportTargetError, WriteError) as exc:
                form.add_error(None, str(exc))
                return self.form_invalid(form)
        messages.success(self.request, report.summary())
        if dry_run:
            return self.render_to_response(self.get_context_data(form=self.get_form_class()()))
        return redirect("wagtailadmin_explore", self.column.pk)
