"""Adding a batch of items at once, from pasted lines or an uploaded .xlsx sheet.

Columns: 事项名称, 办理模式, 本地主管部门, 办理时限 (working days); a sheet may carry more
columns (an export of the agreement's items can be edited and imported again), they are
ignored.  Rules:
- every row is checked first, and the report lists every bad row with its line number;
- nothing is written if any row fails; otherwise the batch and all its items are created in
  one transaction (国办发〔2020〕35号: items are added to an agreement batch by batch, dated);
- an item already in the agreement, or twice in the sheet, is an error;
- the department is found by its full name or short name; a live guide of that department
  with exactly the item's name is linked automatically.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from wagtail.log_actions import log

from cms.departments.models import Department

from .models import Agreement, CrossItem, ItemBatch, mode_from_label, next_batch_number
from .permissions import sees_all_departments

HEADERS = ("事项名称", "办理模式", "本地主管部门", "办理时限")
IMPORT_ACTION = "crossprovince.batch_import"
MAX_ROWS = 2000
MAX_TIME_LIMIT = 365
_SPLIT = re.compile(r"\t|\s*[|｜,，]\s*")


class SheetError(Exception):
    """The input could not be read at all (wrong file, missing headers)."""


@dataclass
class ImportReport:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    batch: ItemBatch | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def rows_from_text(text: str) -> list[tuple[int, list[str]]]:
    """Lines pasted from Excel (tab-separated) or typed with ``,`` ``，`` or ``|`` between cells.

    A first line that is the header row is skipped.  Returns ``(line number, cells)``.
    """
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in _SPLIT.split(line.strip())]
        if not rows and cells and cells[0] == HEADERS[0]:
            continue
        rows.append((number, cells))
    return rows


def rows_from_xlsx(handle: IO[bytes]) -> list[tuple[int, list[str]]]:
    """Rows of the first sheet, reordered to ``HEADERS`` by the header row's titles."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a broken file
        raise SheetError("无法读取上传的文件，请确认是 Excel（.xlsx）格式。") from exc
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [str(cell).strip() if cell is not None else "" for cell in next(lines, ())]
        missing = [title for title in HEADERS if title not in header]
        if missing:
            raise SheetError(f"表头缺少列：{'、'.join(missing)}（第一行应为 {'、'.join(HEADERS)}）。")
        positions = [header.index(title) for title in HEADERS]
        rows = []
        for number, values in enumerate(lines, start=2):
            cells = [_cell_text(values[i]) if i < len(values) else "" for i in positions]
            if any(cells):
                rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise SheetError(f"一次最多导入 {MAX_ROWS} 个事项，请分批导入。")
        return rows
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _departments(user) -> dict[str, Department]:
    allowed = Department.objects.all()
    if user is not None and not sees_all_departments(user):
        from cms.departments.access import departments_of

        allowed = departments_of(user)
    lookup: dict[str, Department] = {}
    for department in allowed:
        lookup[department.name] = department
        lookup.setdefault(department.short_name, department)
    return lookup


def check_rows(agreement: Agreement, rows: list[tuple[int, list[str]]], user=None) -> ImportReport:
    """Check every row; the report holds the cleaned rows and every error found."""
    report = ImportReport()
    if not rows:
        report.errors.append("没有可导入的事项，请粘贴或上传至少一行。")
        return report
    if len(rows) > MAX_ROWS:
        report.errors.append(f"一次最多导入 {MAX_ROWS} 个事项，请分批导入。")
        return report
    departments = _departments(user)
    existing = set(CrossItem.objects.filter(batch__agreement=agreement).values_list("name", flat=True))
    seen: dict[str, int] = {}
    for number, cells in rows:
        if len(cells) < 4:
            cells = cells + [""] * (4 - len(cells))
        name, mode_text, department_text, limit_text = cells[:4]
        problems = []
        if len(cells) > 4 and any(cells[4:]):
            problems.append(f"多出 {len(cells) - 4} 列，每行应为 {'、'.join(HEADERS)} 四列")
        if not name:
            problems.append("缺少事项名称")
        elif len(name) > 200:
            problems.append("事项名称超过 200 字")
        elif name in existing:
            problems.append(f"该协议已包含事项“{name}”")
        elif name in seen:
            problems.append(f"与第{seen[name]}行事项名称重复")
        mode = mode_from_label(mode_text)
        if mode is None:
            problems.append(f"办理模式“{mode_text}”无效，应为 全程网办、异地代收代办 或 多地联办")
        department = departments.get(department_text)
        if department is None:
            if Department.objects.filter(name=department_text).exists() or \
                    Department.objects.filter(short_name=department_text).exists():
                problems.append(f"您不能为“{department_text}”添加事项（只能添加本部门的事项）")
            else:
                problems.append(f"找不到本地主管部门“{department_text}”" if department_text else "缺少本地主管部门")
        limit = _working_days(limit_text)
        if limit is None:
            problems.append(f"办理时限“{limit_text}”应为 1–{MAX_TIME_LIMIT} 之间的整数（工作日）")
        if problems:
            report.errors.append(f"第{number}行：" + "；".join(problems) + "。")
        else:
            seen[name] = number
            report.rows.append({"name": name, "mode": mode, "department": department, "time_limit": limit})
    return report


def _working_days(text: str) -> int | None:
    text = (text or "").strip().removesuffix("个工作日").removesuffix("工作日").removesuffix("天").strip()
    if not text.isdigit():
        return None
    value = int(text)
    return value if 1 <= value <= MAX_TIME_LIMIT else None


def _guide_for(name: str, department: Department):
    from cms.guides.models import ServiceGuidePage

    return ServiceGuidePage.objects.live().filter(department=department, title=name).first()


def import_batch(agreement: Agreement, rows: list[tuple[int, list[str]]], *, added_on: datetime.date,
                 note: str = "", user=None, source: str = "") -> ImportReport:
    """Check ``rows`` and, when all pass, create the batch and its items in one transaction."""
    report = check_rows(agreement, rows, user)
    if added_on < agreement.signed_on:
        report.errors.insert(0, f"新增日期不能早于协议签订日期（{agreement.signed_on:%Y-%m-%d}）。")
    if not report.ok:
        return report
    with transaction.atomic():
        Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
        batch = ItemBatch.objects.create(agreement=agreement, number=next_batch_number(agreement),
                                         added_on=added_on, note=note)
        for row in report.rows:
            item = CrossItem(batch=batch, guide=_guide_for(row["name"], row["department"]), **row)
            item.save()  # one save per item: the search outbox records each
        log(batch, IMPORT_ACTION, user=user, data={"items": len(report.rows), "source": source,
                                                    "number": batch.number})
    report.batch = batch
    return report
