"""Export of an agreement's items as an .xlsx sheet.

The first four columns are the import columns (事项名称, 办理模式, 本地主管部门, 办理时限), so an
edited export can be imported again as a new batch; 批次, 新增日期, 对方受理部门 and 办事指南
follow.  Written with openpyxl's write-only mode.
"""

from __future__ import annotations

from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from cms.core.spreadsheets import append_header

from .importing import HEADERS
from .models import Agreement, CrossItem

EXPORT_HEADERS = (*HEADERS, "批次", "新增日期", "对方受理部门", "办事指南")
_WIDTHS = (40, 14, 24, 10, 8, 12, 28, 50)


def _text(value) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))


def write_agreement_items(agreement: Agreement, output: IO[bytes] | str, *, items=None) -> int:
    """Write the agreement's items (or ``items``, already scoped) to ``output``; return the row count."""
    if items is None:
        items = CrossItem.objects.filter(batch__agreement=agreement)
    items = items.select_related("batch", "department", "guide").order_by("batch__number", "pk")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="跨省通办事项")
    sheet.freeze_panes = "B2"
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    append_header(sheet, EXPORT_HEADERS)
    count = 0
    for item in items.iterator(chunk_size=500):
        sheet.append([
            _text(item.name), item.get_mode_display(), item.department.name, item.time_limit,
            item.batch.number, item.batch.added_on, _text(item.partner_authority),
            item.guide.url if item.guide_id and item.guide.url else "",
        ])
        count += 1
    workbook.save(output)
    return count


def export_filename(agreement: Agreement) -> str:
    return f"跨省通办事项-{agreement.partner.county}-{agreement.signed_on:%Y%m%d}.xlsx"
