"""Problems found in an import file, reported with the row number the user sees in Excel."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` as numbered in Excel (the header is row 1), the column, the reason.

    ``row`` is 0 for problems of the whole file (unreadable file, missing data).
    """

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        if self.field:
            return f"{where} {self.field}：{self.message}"
        return f"{where}：{self.message}"


class ImportValidationError(Exception):
    """The rows did not pass validation; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = list(errors)
        super().__init__(self.summary())

    def summary(self) -> str:
        return f"发现 {len(self.errors)} 个问题，未导入任何条目。"

    def __str__(self) -> str:
        return "\n".join([self.summary(), *(str(error) for error in self.errors)])


class ImportTargetError(Exception):
    """The department or column given for an import does not exist or is not unique."""
