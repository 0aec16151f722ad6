"""Admin views of the dictionary workbook: export (``…:export``) and import (``…:import``).

Permission: exporting needs ``wordcheck.view_wordentry``; importing needs
``wordcheck.add_wordentry`` and ``wordcheck.change_wordentry`` (portal editors and superusers);
anyone else gets 403.  Wagtail already requires admin access on every admin URL.
"""

from __future__ import annotations

import tempfile

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.core.uploads import check_xlsx_upload

from .spreadsheet import COLUMNS, WordImportError, import_words, write_words_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_SIZE = 5 * 1024 * 1024
SHOWN_ERRORS = 200
EXPORT_PERMISSIONS = ("wordcheck.view_wordentry",)
IMPORT_PERMISSIONS = ("wordcheck.add_wordentry", "wordcheck.change_wordentry")

COLUMN_RULES = {
    "类型": "必填：错别字/错误表述、过时机构名称或敏感词/禁用词（也可写错别字、敏感词等简称）。",
    "词语": "必填：要查找的写法，2–50 个字符，不含空格。类型和词语与词库中已有的相同时更新该条，否则新增。",
    "正确写法": "错别字/错误表述和过时机构名称必填；敏感词/禁用词不填。",
    "例外短语": "可填：包含该词语的正确短语，单元格内每行一个，或用“；”分隔。",
    "说明": "可填：例如应如何表述。",
    "启用": "是或否，不填为是。",
}


def may_export(user) -> bool:
    return user.has_perms(EXPORT_PERMISSIONS)


def may_import(user) -> bool:
    return user.has_perms(IMPORT_PERMISSIONS)


def _forbidden(message: str) -> HttpResponse:
    # Returned, not raised: Wagtail's admin turns a raised PermissionDenied into a redirect.
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


def export_words(request: HttpRequest) -> HttpResponse:
    """Download the dictionary as .xlsx; ``?template=1`` gives the empty import template."""
    if not may_export(request.user):
        return _forbidden("您没有导出错敏词库的权限。")
    template = request.GET.get("template", "") not in ("", "0", "false")
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_words_xlsx(output, [] if template else None)
    output.seek(0)
    name = "错敏词库导入模板.xlsx" if template else f"错敏词库-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(output, as_attachment=True, filename=name, content_type=XLSX_TYPE)


class ImportWordsForm(forms.Form):
    file = forms.FileField(label="错敏词库文件", help_text="Excel（.xlsx）文件，格式见导入模板。")
    dry_run = forms.BooleanField(label="只校验，不导入", required=False)

    def clean_file(self):
        try:
            return check_xlsx_upload(self.cleaned_data["file"], MAX_UPLOAD_SIZE)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc


class ImportWordsView(WagtailAdminTemplateMixin, FormView):
    """Upload a dictionary workbook: every row is checked first; all or nothing is imported."""

    template_name = "wordcheck/admin/import_words.html"
    form_class = ImportWordsForm
    page_title = "错敏词库导入导出"
    header_icon = "table"
    list_url_name = "wagtailsnippets_wordcheck_wordentry:list"

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            return _forbidden("只有门户编辑可以导入错敏词库。")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": reverse(self.list_url_name), "label": "错敏词库"}, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        errors = kwargs.get("import_errors") or []
        export_url = reverse("wagtailsnippets_wordcheck_wordentry:export")
        context.update(
            action_url=reverse("wagtailsnippets_wordcheck_wordentry:import"),
            submit_button_label="导入",
            submit_button_active_label="正在导入…",
            form_is_multipart=True,
            export_url=export_url,
            template_url=f"{export_url}?template=1",
            list_url=reverse(self.list_url_name),
            column_rules=[(title, COLUMN_RULES[title]) for title in COLUMNS],
            import_errors=errors[:SHOWN_ERRORS],
            hidden_errors=max(len(errors) - SHOWN_ERRORS, 0),
            error_count=len(errors),
            report=kwargs.get("report"),
            dry_run=kwargs.get("dry_run", False),
        )
        return context

    def form_valid(self, form):
        dry_run = form.cleaned_data["dry_run"]
        try:
            report = import_words(form.cleaned_data["file"], dry_run=dry_run)
        except WordImportError as exc:
            return self.render_to_response(self.get_context_data(form=form, import_errors=exc.errors))
        return self.render_to_response(
            self.get_context_data(form=self.get_form_class()(), report=report, dry_run=dry_run)
        )
