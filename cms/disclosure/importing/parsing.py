"""Reading import files: .xlsx workbooks and CSV in UTF-8 (with or without BOM) or GBK/GB18030.

The result is a :class:`Sheet`: the canonical header of each column and, for each data row,
the row number the user sees in Excel (the header is row 1) with the cell values.  Cells
keep their type (text, number, date) so the validation can accept real Excel date cells.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .columns import TITLE, canonical_header
from .errors import ImportValidationError, RowError

#: Rows searched for the header row (templates sometimes carry a caption above it).
HEADER_SEARCH_ROWS = 10


@dataclass
class Sheet:
    """The table read from a file: headers by column and the data rows with their numbers."""

    headers: list[str]
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    header_row: int = 1
    name: str = ""


# --- cell values --------------------------------------------------------------------------


def clean_cell(value: object) -> object:
    """One cell as the validation wants it: stripped text or ``None``, dates as ``date``."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return value or None
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0) and value.tzinfo is None:
            return value.date()
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def cell_text(value: object) -> str:
    """A cell shown as text (numbers without a trailing ``.0``, dates as ``2024-03-01``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?)?"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
# Excel stores dates as days since 1899-12-30; accept serials of 1954..2119 from number cells.
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_SERIALS = range(20_000, 80_000)


def parse_date(value: object) -> datetime.date:
    """Parse 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301 or a real date cell.

    Raises ``ValueError`` with the message shown to the user.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value in _EXCEL_SERIALS:
        return _EXCEL_EPOCH + datetime.timedelta(days=value)
    text = unicodedata.normalize("NFKC", cell_text(value)).strip()
    if "年" in text:
        text = re.sub(r"\s+", "", text)
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                break
    raise ValueError(f"无法识别的日期“{cell_text(value)}”")


# --- files -------------------------------------------------------------------------------


def _file_error(message: str) -> ImportValidationError:
    return ImportValidationError([RowError(0, "", message)])


def read_sheet(path: str | Path) -> Sheet:
    """Read an .xlsx or .csv file; raise :class:`ImportValidationError` if it cannot be read."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise _file_error(f"无法打开文件“{path}”：{exc.strerror or exc}") from exc
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        sheet = _read_xlsx(path)
    elif head.startswith(b"\xd0\xcf\x11\xe0") or suffix in (".xls", ".et", ".wps"):
        raise _file_error("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入。")
    elif suffix in (".csv", ".txt", ""):
        sheet = read_csv_bytes(path.read_bytes())
    else:
        raise _file_error(f"不支持的文件类型“{path.suffix}”，请使用 .xlsx 或 .csv 文件。")
    sheet.name = path.name
    return sheet


def _read_xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise _file_error(f"无法读取 Excel 文件：{exc}") from exc
    try:
        worksheet = workbook.worksheets[0]
        return _table(worksheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def decode_text(data: bytes) -> str:
    """Decode CSV bytes: UTF-16 by BOM, else UTF-8 (with or without BOM), else GB18030 (GBK)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise _file_error("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码。")
    return str(best)


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", "\t", ";", "，")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv_bytes(data: bytes) -> Sheet:
    """Read CSV bytes (encoding and delimiter detected) into a :class:`Sheet`."""
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _table(reader)
    except csv.Error as exc:
        raise _file_error(f"CSV 文件格式有误：{exc}") from exc


def _table(rows) -> Sheet:
    """Find the header row, then collect the data rows with their Excel row numbers."""
    iterator = iter(rows)
    header_cells: list[object] | None = None
    header_row = 0
    for number, cells in enumerate(iterator, start=1):
        canonical = [canonical_header(cell) for cell in cells]
        if TITLE in canonical:
            header_cells, header_row = list(cells), number
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header_cells is None:
        raise _file_error(f"找不到表头行：前 {HEADER_SEARCH_ROWS} 行中没有“{TITLE}”列。")
    headers = [canonical_header(cell) for cell in header_cells]
    sheet = Sheet(headers=headers, header_row=header_row)
    width = len(headers)
    for number, cells in enumerate(iterator, start=header_row + 1):
        values: dict[str, object] = {}
        extra: list[object] = []
        for index, raw in enumerate(cells):
            value = clean_cell(raw)
            if value is None:
                continue
            if index >= width or not headers[index]:
                extra.append(value)
                continue
            values[headers[index]] = value
        if extra:
            values[""] = extra[0]  # data under no header: reported by the validation
        if values:
            sheet.rows.append((number, values))
    return sheet
