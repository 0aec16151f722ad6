"""Bulk import of disclosure items from .xlsx and .csv files (or rows built in code).

Public API::

    import_rows(column, rows, *, user=None, progress=False, dry_run=False) -> ImportReport
    import_file(path, column, *, user=None, progress=False, dry_run=False) -> ImportReport
    find_column(department_code_or_slug, column_kind_or_slug=None) -> ColumnPage

``rows`` are dicts keyed by the Chinese headers (标题, 正文, 内容概述, 成文日期, 发布日期, 文号,
主题分类, 体裁分类, 有效性, 失效废止日期, 关键词, 发布机构; 解读的政策文件 in 政策解读 columns).
All rows are validated first; any problem raises :class:`ImportValidationError` carrying every
:class:`RowError` and nothing is written.  Rows already in the column (same 标题 + 文号 +
成文日期) are skipped, so importing the same file twice creates nothing the second time.
"""

from .columns import ITEM_HEADERS, headers_for
from .errors import ImportTargetError, ImportValidationError, RowError
from .service import ImportReport, find_column, find_department, import_file, import_rows

__all__ = [
    "ITEM_HEADERS",
    "ImportReport",
    "ImportTargetError",
    "ImportValidationError",
    "RowError",
    "find_column",
    "find_department",
    "headers_for",
    "import_file",
    "import_rows",
]
