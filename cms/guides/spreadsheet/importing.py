"""The import service: read the workbook, validate every row, then write all guides in one transaction.

Used by the admin view and ``manage.py import_guides``::

    from cms.guides.spreadsheet.importing import import_guides, GuideImportError

    report = import_guides("catalogue.xlsx", user=user)
    report.created, report.updated, report.published, report.drafts

All or nothing: one malformed cell raises :class:`GuideImportError` carrying every problem
(sheet, row, column, reason in Chinese) and nothing is written; a failure while writing
rolls the whole import back.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.db import transaction

from cms.guides.setup import guide_index

from .errors import GuideImportError, file_error
from .permissions import department_scope
from .reading import read_workbook
from .validation import validate
from .writing import DRAFT, PUBLISHED, SUBMITTED, Outcome, plan, write_guides


@dataclass
class ImportReport:
    """The rows of an import and what became of each."""

    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False
    source: str = ""
    seconds: float = 0.0

    def _with(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def created(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.created]

    @property
    def updated(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.created]

    @property
    def published(self) -> list[Outcome]:
        return self._with(PUBLISHED)

    @property
    def submitted(self) -> list[Outcome]:
        return self._with(SUBMITTED)

    @property
    def drafts(self) -> list[Outcome]:
        return self._with(DRAFT)

    def summary(self) -> str:
        counts = (f"共 {len(self.outcomes)} 项：新增 {len(self.created)} 项，更新 {len(self.updated)} 项；"
                  f"发布 {len(self.published)} 项，提交审核 {len(self.submitted)} 项，"
                  f"因缺少要素存为草稿 {len(self.drafts)} 项")
        if self.dry_run:
            return f"校验通过（未写入）。{counts}。"
        return f"导入完成。{counts}，用时 {self.seconds:.1f} 秒。"


def import_guides(source: str | Path | IO[bytes], *, user=None, dry_run: bool = False, progress: bool = False,
                  source_name: str = "") -> ImportReport:
    """Import a guide workbook (a path or a binary file object) as ``user`` (``None``: the system).

    ``user`` limits the rows to the departments the user may reach (see ``permissions``) and
    decides whether complete guides are published or submitted for review.
    """
    started = time.perf_counter()
    if not source_name:
        source_name = Path(source).name if isinstance(source, str | Path) else getattr(source, "name", "") or ""
    scope = department_scope(user) if user is not None else None
    if scope is not None and not scope:
        raise file_error("您不属于任何部门，也不是政务服务中心或门户编辑，不能导入办事指南。")
    if guide_index() is None:
        raise file_error("网站还没有“办事指南”栏目，无法导入办事指南。")
    tables = read_workbook(source)
    validated = validate(tables, allowed_departments=scope, user=user)
    if validated.errors:
        raise GuideImportError(validated.errors)
    report = ImportReport(dry_run=dry_run, source=Path(source_name).name)
    if dry_run:
        report.outcomes = plan(validated.guides, user)
    else:
        from cms.disclosure.importing.progress import counter

        bar = counter(enabled=progress, desc="导入办事指南", total=len(validated.guides), unit="项")
        try:
            with transaction.atomic():
                report.outcomes = write_guides(validated.guides, user=user, source=report.source, bar=bar)
        finally:
            bar.close()
    report.seconds = time.perf_counter() - started
    return report
