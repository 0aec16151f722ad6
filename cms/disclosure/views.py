"""Admin views of the disclosure app: the .xlsx export of a column."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from wagtail.models import Page

from cms.columns.models import ColumnPage

from .exporting import export_filename, write_column_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_column(request: HttpRequest, page_id: int) -> HttpResponse:
    """Download a column's items as .xlsx; only for users who may edit the column (else 403).

    The 403 is returned, not raised: Wagtail's admin turns a raised ``PermissionDenied`` into
    a redirect to the dashboard, and a download link should fail plainly.
    """
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, ColumnPage):
        raise Http404("不是栏目")
    if not page.permissions_for_user(request.user).can_edit():
        return HttpResponseForbidden("您没有编辑该栏目的权限，不能导出。", content_type="text/plain; charset=utf-8")
    # Large columns are spooled to disk rather than held in memory.
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_column_xlsx(page, output, request=request)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=export_filename(page), content_type=XLSX_TYPE)
