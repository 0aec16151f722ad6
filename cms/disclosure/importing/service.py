"""The import service: validate every row, then write all items in one transaction.

Used by ``manage.py import_disclosure``, the admin and the demo-content builder::

    from cms.disclosure.importing import import_file, import_rows, ImportValidationError

    report = import_rows(column, [{"标题": "关于……的通知", "发布日期": "2024-03-01"}], user=user)
    report.created, report.skipped, report.errors
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import Page

from cms.columns.models import ColumnPage
from cms.departments.models import Department
from cms.disclosure.models import InterpretationPage, PolicyDocumentPage

from .columns import canonical_header
from .errors import ImportTargetError, ImportValidationError, RowError
from .parsing import clean_cell, read_sheet
from .signals import items_imported, items_written
from .validation import is_interpretation_column, validate
from .writing import IMPORT_RUN_ACTION, write_items


@dataclass
class ImportReport:
    """What an import did: items created, rows skipped as already present, problems found."""

    created: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    total_rows: int = 0
    page_ids: list[int] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False
    source: str = ""

    @property
    def items_per_second(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        if self.dry_run:
            return f"校验通过：共 {self.total_rows} 行，可新增 {self.created} 条，已存在 {self.skipped} 条（未写入）。"
        return (
            f"导入完成：共 {self.total_rows} 行，新增 {self.created} 条，跳过已存在的 {self.skipped} 条，"
            f"用时 {self.seconds:.1f} 秒。"
        )


def _as_column(column) -> ColumnPage:
    if isinstance(column, ColumnPage):
        return column
    if isinstance(column, Page):
        specific = column.specific
        if isinstance(specific, ColumnPage):
            return specific
    if isinstance(column, int):
        found = ColumnPage.objects.filter(pk=column).first()
        if found is not None:
            return found
    raise ImportTargetError(f"“{column}”不是栏目，无法导入。")


def _check_column(column: ColumnPage) -> None:
    if column.department_id is None:
        raise ImportTargetError(f"栏目“{column.title}”没有所属部门，无法生成索引号，不能导入。")


def _run(
    column: ColumnPage,
    rows: Sequence[tuple[int, dict[str, object]]],
    *,
    headers: Sequence[str] | None,
    header_row: int,
    user,
    progress: bool,
    dry_run: bool,
    source: str,
) -> ImportReport:
    started = time.perf_counter()
    validated = validate(column, rows, headers=headers, header_row=header_row, progress=progress)
    if validated.errors:
        raise ImportValidationError(validated.errors)
    if not validated.items and not validated.skipped_rows and not dry_run:
        raise ImportValidationError([RowError(0, "", "文件中没有数据行。")])
    report = ImportReport(
        created=len(validated.items),
        skipped=len(validated.skipped_rows),
        total_rows=validated.total,
        skipped_rows=validated.skipped_rows,
        dry_run=dry_run,
        source=source,
    )
    if not dry_run and validated.items:
        with transaction.atomic():
            report.page_ids = write_items(column, validated.items, user=user, progress=progress, source=source)
            log(
                instance=column, action=IMPORT_RUN_ACTION, user=user,
                data={"created": report.created, "skipped": report.skipped, "rows": report.total_rows,
                      "source": source},
            )
            model = InterpretationPage if is_interpretation_column(column) else PolicyDocumentPage
            page_ids = report.page_ids
            items_written.send(sender=model, column=column, page_ids=page_ids, user=user)
            # robust: the items are committed; a failure to queue their indexing is logged, not raised
            transaction.on_commit(
                lambda: items_imported.send(sender=model, column=column, page_ids=page_ids, user=user),
                robust=True,
            )
    if report.page_ids and len(report.page_ids) >= ANALYZE_AFTER:
        _refresh_statistics()
    report.seconds = time.perf_counter() - started
    return report


#: Imports at least this large refresh the planner statistics (PostgreSQL) right away.
ANALYZE_AFTER = 2000
_ANALYZED_MODELS = ("wagtailcore.Page", "core.ContentItemPage", "disclosure.PolicyDocumentPage",
                    "disclosure.InterpretationPage", "wagtailcore.Revision", "wagtailcore.PageLogEntry")


def _refresh_statistics() -> None:
    """``ANALYZE`` the tables a large import grew, so that queries are planned for their new size.

    Autovacuum would do it within minutes; until then PostgreSQL plans public pages (and the
    next import) for the old row counts.  SQLite needs nothing here.
    """
    from django.apps import apps
    from django.db import connection

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for label in _ANALYZED_MODELS:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(apps.get_model(label)._meta.db_table)}")


def import_rows(
    column,
    rows: Sequence[dict[str, object]],
    *,
    user=None,
    progress: bool = False,
    dry_run: bool = False,
    source: str = "",
) -> ImportReport:
    """Import ``rows`` (dicts keyed by the Chinese headers, values text, dates or ``None``).

    Row *i* of the list is reported as row *i + 2*, as if the rows came from a sheet whose
    header is row 1.  Raises :class:`ImportValidationError` (nothing written) on any problem.
    """
    column = _as_column(column)
    _check_column(column)
    numbered = [
        (index + 2, {canonical_header(key): clean_cell(value) for key, value in row.items() if clean_cell(value) is not None})
        for index, row in enumerate(rows)
    ]
    headers = list(dict.fromkeys(canonical_header(key) for row in rows for key in row))
    return _run(column, numbered, headers=headers, header_row=1, user=user, progress=progress,
                dry_run=dry_run, source=source)


def import_file(
    path: str | Path,
    column,
    *,
    user=None,
    progress: bool = False,
    dry_run: bool = False,
    source: str = "",
) -> ImportReport:
    """Import an .xlsx or .csv file (UTF-8 or GBK) into ``column``; see :func:`import_rows`.

    ``source`` names the file in the audit log (default: the file's own name).
    """
    column = _as_column(column)
    _check_column(column)
    sheet = read_sheet(path)
    return _run(column, sheet.rows, headers=sheet.headers, header_row=sheet.header_row, user=user,
                progress=progress, dry_run=dry_run, source=source or sheet.name)


def find_department(reference: str) -> Department:
    """A department by its 统一社会信用代码 (or 索引号前缀) or its 网址标识 (slug)."""
    reference = (reference or "").strip()
    department = (
        Department.objects.filter(credit_code=reference.upper()).first()
        or Department.objects.filter(slug=reference.lower()).first()
        or Department.objects.filter(issuer_code=reference.upper()).exclude(issuer_code="").first()
    )
    if department is None:
        raise ImportTargetError(f"找不到统一社会信用代码或网址标识为“{reference}”的部门。")
    return department


def find_column(department: Department | str, column: str | None = None) -> ColumnPage:
    """The department's column with slug or kind ``column`` (default: its 政策文件 column)."""
    from cms.columns.kinds import ColumnKind

    if not isinstance(department, Department):
        department = find_department(department)
    reference = (column or ColumnKind.POLICY).strip()
    candidates = ColumnPage.objects.filter(department=department)
    by_slug = list(candidates.filter(slug=reference))
    matches = by_slug or list(candidates.filter(kind=reference))
    if len(matches) > 1:
        root = getattr(department, "disclosure_page", None)
        own = [m for m in matches if root is not None and m.path.startswith(root.path)]
        matches = own if own else matches
    if not matches:
        kinds = "、".join(f"{value}（{label}）" for value, label in ColumnKind.choices)
        raise ImportTargetError(
            f"{department.name}没有网址标识或类型为“{reference}”的栏目（栏目类型可填：{kinds}）。"
        )
    if len(matches) > 1:
        slugs = "、".join(m.slug for m in matches)
        raise ImportTargetError(f"{department.name}有多个“{reference}”类型的栏目，请改用栏目网址标识：{slugs}。")
    return matches[0]
