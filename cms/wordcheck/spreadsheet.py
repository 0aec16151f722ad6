"""The dictionary as an Excel workbook: export, and an import that writes all rows or none.

One sheet “错敏词库”, one entry a row, columns ``COLUMNS``.  Rules of the import:

- the header row is found by its titles (extra columns are ignored; 类型 and 词语 are required);
- 类型 is a kind's name (错别字/错误表述, 过时机构名称, 敏感词/禁用词), its short name (错别字,
  错误表述, 过时机构名称, 敏感词, 禁用词) or its code (wrong, outdated, banned);
- 例外短语 holds one phrase a line (a cell with line breaks) or phrases separated by “；”;
- 启用 is 是/否 (also 1/0, true/false; blank means 是);
- each row obeys the rules of ``WordEntry.clean``; a row with the kind and word of an entry
  already in the dictionary updates it, any other adds one; a kind and word twice in the file is
  an error;
- every row is checked first: with any error nothing is written, and every error is reported
  with its row number; otherwise all rows are written in one transaction and every process
  rebuilds its matcher once the transaction commits.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.core.spreadsheets import append_header

from .matcher import bump_version
from .models import WordEntry, WordKind

SHEET_TITLE = "错敏词库"
COLUMNS = ("类型", "词语", "正确写法", "例外短语", "说明", "启用")
FIELDS = {"类型": "kind", "词语": "word", "正确写法": "correction", "例外短语": "exceptions", "说明": "note",
          "启用": "enabled"}
REQUIRED_COLUMNS = ("类型", "词语")
MAX_ROWS = 20_000

_KIND_NAMES: dict[str, str] = {}
for _kind in WordKind:
    _KIND_NAMES[_kind.value] = _kind.value
    _KIND_NAMES[str(_kind.label)] = _kind.value
    for _part in str(_kind.label).split("/"):
        _KIND_NAMES[_part] = _kind.value
_YES = {"是", "1", "true", "yes", "y", "启用", "√", "✓"}
_NO = {"否", "0", "false", "no", "n", "停用", "不启用", "×"}
_PHRASE_SPLIT = re.compile(r"[\n；;]+")


class WordImportError(Exception):
    """The file cannot be imported; ``errors`` lists every problem (row number first)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def summary(self) -> str:
        return f"新增 {len(self.created)} 条，更新 {len(self.updated)} 条，未变 {self.unchanged} 条。"


# --- export --------------------------------------------------------------------------------------


def write_words_xlsx(output: IO[bytes], entries=None) -> int:
    """Write ``entries`` (the whole dictionary by default; ``[]`` for an empty template) to
    ``output``; returns the number of rows written."""
    from openpyxl import Workbook

    if entries is None:
        entries = WordEntry.objects.order_by("kind", "word")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    for letter, width in zip("ABCDEF", (16, 24, 24, 30, 40, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    append_header(sheet, COLUMNS)
    count = 0
    for entry in entries:
        sheet.append([entry.get_kind_display(), entry.word, entry.correction, "\n".join(entry.exception_list()),
                      entry.note, "是" if entry.enabled else "否"])
        count += 1
    workbook.save(output)
    return count


# --- import --------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").strip()


def _header(value: object) -> str:
    return unicodedata.normalize("NFKC", _text(value)).replace(" ", "")


def read_rows(source: IO[bytes]) -> list[tuple[int, dict[str, str]]]:
    """The data rows of the first sheet as ``(Excel row number, {column: text})``."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WordImportError(["无法读取 Excel 文件，文件可能已损坏：请在 Excel 中打开并重新保存为 .xlsx。"]) from exc
    try:
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        columns: dict[int, str] = {}
        header_row = 0
        for header_row, values in enumerate(rows, start=1):
            found = {i: _header(v) for i, v in enumerate(values) if _header(v) in FIELDS}
            if found:
                columns = found
                break
            if header_row >= 10:
                break
        missing = [title for title in REQUIRED_COLUMNS if title not in columns.values()]
        if missing:
            raise WordImportError([f"找不到表头“{'”“'.join(missing)}”：请使用“下载导入模板”得到的格式。"])
        data = []
        for number, values in enumerate(rows, start=header_row + 1):
            row = {title: _text(values[i]) if i < len(values) else "" for i, title in columns.items()}
            if any(row.values()):
                data.append((number, row))
            if len(data) > MAX_ROWS:
                raise WordImportError([f"一次最多导入 {MAX_ROWS} 行，请拆分文件。"])
        return data
    finally:
        workbook.close()


def _enabled(value: str) -> bool | None:
    lowered = value.lower()
    if not lowered or lowered in _YES:
        return True
    if lowered in _NO:
        return False
    return None


def _check_row(number: int, row: dict[str, str], existing: dict[tuple[str, str], WordEntry],
               errors: list[str]) -> WordEntry | None:
    """The entry this row creates or updates (unsaved), or ``None`` with its errors added."""
    kind = _KIND_NAMES.get(row.get("类型", "").replace(" ", ""))
    if kind is None:
        errors.append(f"第 {number} 行：类型“{row.get('类型', '')}”无效，应为错别字/错误表述、过时机构名称或敏感词/禁用词。")
        return None
    enabled = _enabled(row.get("启用", ""))
    if enabled is None:
        errors.append(f"第 {number} 行：启用“{row['启用']}”无效，应为“是”或“否”。")
        return None
    word = row.get("词语", "").strip()
    entry = existing.get((kind, word)) or WordEntry(kind=kind, word=word)
    entry.correction = row.get("正确写法", "")
    entry.exceptions = "\n".join(p.strip() for p in _PHRASE_SPLIT.split(row.get("例外短语", "")) if p.strip())
    entry.note = row.get("说明", "")[:200]
    entry.enabled = enabled
    try:
        entry.full_clean(exclude=["updated_at"], validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = WordEntry._meta.get_field(name).verbose_name if name != "__all__" else ""
            for message in messages:
                errors.append(f"第 {number} 行：{label + '：' if label else ''}{message}")
        return None
    return entry


def _fields(entry: WordEntry) -> tuple:
    return entry.correction, entry.exceptions, entry.note, entry.enabled


def import_words(source: IO[bytes], *, dry_run: bool = False) -> ImportReport:
    """Check every row of the workbook, then write them all (or raise ``WordImportError``)."""
    rows = read_rows(source)
    if not rows:
        raise WordImportError(["文件中没有数据行。"])
    existing = {(e.kind, e.word): e for e in WordEntry.objects.all()}
    before = {key: _fields(entry) for key, entry in existing.items()}
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    entries: list[WordEntry] = []
    for number, row in rows:
        entry = _check_row(number, row, existing, errors)
        if entry is None:
            continue
        key = (entry.kind, entry.word)
        if key in seen:
            errors.append(f"第 {number} 行：“{entry.word}”（{entry.get_kind_display()}）与第 {seen[key]} 行重复。")
            continue
        seen[key] = number
        entries.append(entry)
    if errors:
        raise WordImportError(errors)
    report = ImportReport()
    new = [e for e in entries if e.pk is None]
    changed = [e for e in entries if e.pk is not None and _fields(e) != before[(e.kind, e.word)]]
    report.created = [e.word for e in new]
    report.updated = [e.word for e in changed]
    report.unchanged = len(entries) - len(new) - len(changed)
    if dry_run or not (new or changed):
        return report
    now = timezone.now()
    try:
        with transaction.atomic():
            for entry in new + changed:
                entry.updated_at = now
            WordEntry.objects.bulk_create(new, batch_size=500)
            WordEntry.objects.bulk_update(changed, ["correction", "exceptions", "note", "enabled", "updated_at"],
                                          batch_size=500)
            transaction.on_commit(bump_version)  # bulk writes send no signals
    except IntegrityError as exc:  # someone added one of the words while the file was checked
        raise WordImportError(["导入期间词库被其他人修改，未导入任何词语，请重新导入。"]) from exc
    return report
