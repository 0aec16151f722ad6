"""Export of cases as an .xlsx sheet (openpyxl write-only workbook, the shared header row).

Rule: the sheet holds exactly the cases the user may see, with the filters of the listing
applied; it is written in chunks so a large export stays cheap.
"""

from __future__ import annotations

from typing import IO

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from cms.core.models import local_today
from cms.core.spreadsheets import append_header

from .choices import CaseState
from .models import CommitmentCase

HEADERS = (
    "办件编号", "事项名称", "实施部门", "申请人", "证件类型", "证件号码", "办理方式", "受理日期", "核查截止日期",
    "状态", "是否逾期未核查", "核查日期", "按期核查", "处理措施", "核查情况",
)
CHUNK = 2000


def _text(value: object) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))


def case_row(case: CommitmentCase, today) -> list:
    on_time = "" if case.verified_on_time is None else ("是" if case.verified_on_time else "否（逾期核查）")
    overdue = "是" if case.state == CaseState.PENDING and case.due_on < today else "否"
    return [
        case.pk, _text(case.item.name), _text(case.item.department.name), _text(case.applicant_name),
        case.get_id_type_display(), case.id_number, case.get_mode_display(), case.accepted_on, case.due_on,
        case.get_state_display(), overdue, case.verified_on, on_time, case.get_action_display() or "",
        _text(case.verification_note),
    ]


def write_cases_xlsx(cases: QuerySet[CommitmentCase], output: IO[bytes]) -> int:
    """Write ``cases`` to ``output``; returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("承诺办件")
    for letter, width in zip("ABCDEFGHIJKLMNO", (8, 30, 22, 14, 14, 22, 10, 12, 12, 10, 10, 12, 14, 10, 40),
                             strict=True):
        sheet.column_dimensions[letter].width = width
    append_header(sheet, HEADERS)
    today = local_today()
    count = 0
    cases = cases.select_related("item", "item__department").order_by("-accepted_on", "-id")
    for case in cases.iterator(chunk_size=CHUNK):
        sheet.append(case_row(case, today))
        count += 1
    workbook.save(output)
    return count


def export_filename() -> str:
    return f"承诺办件-{local_today():%Y%m%d}.xlsx"
