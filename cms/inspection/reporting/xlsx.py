"""The report's workbook: every finding the run saw (问题清单) and the ranking (得分排名).

Rules:
- 问题清单 has one row per finding the run observed, with its department (网站公共部分 when it
  has none), column, page, kind, severity, description, object, 首次发现, 整改期限 (real dates),
  its rectification status now, and whether it was overdue on the check day (deadline before
  the day of the check);
- the header row is bold, frozen, and carries an auto-filter over the whole list;
- the workbook is streamed (openpyxl write-only) from one query read in chunks, so a run with
  tens of thousands of findings is written in seconds and constant memory per row.
"""

from __future__ import annotations

import io

from django.db.models import F
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..models import CheckRun, DepartmentScore, Observation
from .data import NO_VALUE, RULE_LABELS, SEVERITY_LABELS, SITE_PART, STATUS_LABELS, format_change

FINDING_HEADERS = ("部门", "栏目", "页面标题", "页面地址", "问题类型", "性质", "问题描述", "问题对象", "首次发现",
                   "整改期限", "整改状态", "是否逾期")
FINDING_WIDTHS = (22, 16, 30, 40, 18, 10, 40, 30, 12, 12, 12, 10)
RANKING_HEADERS = ("排名", "部门", "栏目数", "空白栏目", "不更新栏目", "错误链接", "错敏信息", "其他问题", "提示",
                   "逾期未整改", "扣分", "得分", "上期得分", "环比", "单项否决", "否决原因")
RANKING_WIDTHS = (8, 24, 8, 10, 10, 10, 10, 10, 8, 10, 8, 8, 10, 8, 10, 40)
SCORE_FORMAT = "0.0#"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
CHUNK = 2000


def build_xlsx(run: CheckRun) -> bytes:
    """The run's 问题清单 and 得分排名 as .xlsx bytes."""
    workbook = Workbook(write_only=True)
    _findings_sheet(workbook.create_sheet("问题清单"), run)
    _ranking_sheet(workbook.create_sheet("得分排名"), run)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _start(sheet, headers, widths) -> None:
    """Widths, the frozen header row and the header itself (before any row is written)."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        cells.append(cell)
    sheet.append(cells)


def _finish(sheet, columns: int, rows: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def _findings_sheet(sheet, run: CheckRun) -> None:
    _start(sheet, FINDING_HEADERS, FINDING_WIDTHS)
    rows = (Observation.objects.filter(run=run)
            .order_by(F("department__order").asc(nulls_first=True), "department__name", "finding__rule",
                      "finding__deadline", "finding_id")
            .values_list("department__name", "finding__column__title", "finding__page_title", "finding__url",
                         "finding__rule", "finding__severity", "finding__evidence", "finding__target",
                         "finding__first_seen", "finding__deadline", "finding__status"))
    count = 0
    for (department, column, title, url, rule, severity, evidence, target, first_seen, deadline,
         status) in rows.iterator(chunk_size=CHUNK):
        sheet.append([
            department or SITE_PART, column or "", title, url, RULE_LABELS.get(rule, rule),
            SEVERITY_LABELS.get(severity, severity), evidence, target, first_seen, deadline,  # dates: yyyy-mm-dd
            STATUS_LABELS.get(status, status), "是" if deadline < run.checked_on else "否",
        ])
        count += 1
    _finish(sheet, len(FINDING_HEADERS), count)


def _ranking_sheet(sheet, run: CheckRun) -> None:
    _start(sheet, RANKING_HEADERS, RANKING_WIDTHS)
    scores = (DepartmentScore.objects.filter(run=run).select_related("department")
              .order_by(F("rank").asc(nulls_last=True), "department__order", "department__name"))
    count = 0
    for score in scores:
        change = score.change
        cells = [score.rank if score.rank is not None else NO_VALUE, score.department.name, score.columns,
                 score.blank_columns, score.stale_columns, score.broken_links, score.word_errors,
                 score.other_findings, score.hints, score.overdue, score.deduction, score.score,
                 score.previous_score if score.previous_score is not None else NO_VALUE,
                 format_change(change), "是" if score.vetoed else "否", "、".join(score.veto_reasons or ())]
        row = []
        for index, value in enumerate(cells):
            cell = WriteOnlyCell(sheet, value=value)
            if index in (10, 11, 12) and value != NO_VALUE:
                cell.number_format = SCORE_FORMAT
            row.append(cell)
        sheet.append(row)
        count += 1
    _finish(sheet, len(RANKING_HEADERS), count)
