"""Reading a guide workbook: both sheets, their header rows and the data rows with their numbers.

Only .xlsx is read (the province's catalogues are Excel workbooks); an old .xls, a renamed
file or a damaged archive is reported as such.  Header cells are matched after trimming and
full-width normalisation, so “事项名称 ” and “事项名称” are the same column.
"""

from __future__ import annotations

import datetime
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .columns import SHEETS
from .errors import GuideImportError, SheetError, file_error

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class Table:
    """The data rows of one sheet: (Excel row number, {header: cleaned value})."""

    name: str
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def clean_cell(value: object) -> object:
    """Stripped text (``None`` when blank), whole floats as ints, midnight datetimes as dates."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0, 0):
        return value.date()
    return value


def normalise_header(value: object) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).replace(" ", "").strip()


def _head(source: str | Path | IO[bytes]) -> bytes:
    if isinstance(source, str | Path):
        try:
            with Path(source).open("rb") as handle:
                return handle.read(8)
        except OSError as exc:
            raise file_error(f"无法打开文件“{source}”：{exc.strerror or exc}") from exc
    position = source.tell()
    head = source.read(8)
    source.seek(position)
    return head


def read_workbook(source: str | Path | IO[bytes]) -> dict[str, Table]:
    """Both sheets of the workbook, or :class:`GuideImportError` with every problem of the file."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    head = _head(source)
    if head.startswith(OLE_MAGIC):
        raise file_error("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入。")
    if not head.startswith(XLSX_MAGIC):
        raise file_error("文件不是 Excel（.xlsx）文件，请使用“下载导入模板”得到的格式。")
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise file_error("无法读取 Excel 文件，文件可能已损坏：请在 Excel 中打开并重新保存为 .xlsx。") from exc
    try:
        errors: list[SheetError] = []
        tables: dict[str, Table] = {}
        names = {normalise_header(name): name for name in workbook.sheetnames}
        for sheet_name, headers in SHEETS.items():
            actual = names.get(sheet_name)
            if actual is None:
                errors.append(SheetError("", 0, "", f"缺少工作表“{sheet_name}”（工作簿中有：{'、'.join(workbook.sheetnames)}）。"))
                continue
            table = _read_sheet(workbook[actual], sheet_name, headers, errors)
            if table is not None:
                tables[sheet_name] = table
    finally:
        workbook.close()
    if errors:
        raise GuideImportError(errors)
    return tables


def _read_sheet(worksheet, name: str, expected: tuple[str, ...], errors: list[SheetError]) -> Table | None:
    rows = worksheet.iter_rows(values_only=True)
    header_cells = next(rows, None)
    headers = [normalise_header(cell) for cell in header_cells or ()]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        errors.append(SheetError(name, 1, "", "表头行为空：第 1 行应为列名（" + "、".join(expected) + "）。"))
        return None
    problems: list[SheetError] = []
    seen: set[str] = set()
    for index, header in enumerate(headers, start=1):
        if not header:
            problems.append(SheetError(name, 1, f"第 {index} 列", "列名为空。"))
        elif header not in expected:
            problems.append(SheetError(name, 1, f"第 {index} 列", f"无法识别的列名“{header}”。"))
        elif header in seen:
            problems.append(SheetError(name, 1, header, "列名重复。"))
        seen.add(header)
    for header in expected:
        if header not in seen:
            problems.append(SheetError(name, 1, header, "缺少此列。"))
    if problems:
        errors.extend(problems)
        return None
    table = Table(name=name)
    width = len(headers)
    for number, cells in enumerate(rows, start=2):
        values: dict[str, object] = {}
        for index, raw in enumerate(cells):
            value = clean_cell(raw)
            if value is None:
                continue
            if index >= width:
                errors.append(SheetError(name, number, f"第 {index + 1} 列", "表头以外的列有内容。"))
                continue
            values[headers[index]] = value
        if values:
            table.rows.append((number, values))
    return table
