"""Problems found in a guide workbook, reported with the sheet, row and column the user sees."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SheetError:
    """One problem: ``row`` as numbered in Excel (the header is row 1); 0 for the whole sheet/file."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = [f"工作表“{self.sheet}”" if self.sheet else "文件"]
        if self.row:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(self.column)
        return f"{' '.join(where)}：{self.message}"


class GuideImportError(Exception):
    """The workbook did not pass validation, or could not be written; nothing was imported."""

    def __init__(self, errors: list[SheetError]) -> None:
        self.errors = list(errors)
        super().__init__(self.summary())

    def summary(self) -> str:
        return f"发现 {len(self.errors)} 个问题，未导入任何办事指南。"

    def __str__(self) -> str:
        return "\n".join([self.summary(), *(str(error) for error in self.errors)])


def file_error(message: str) -> GuideImportError:
    return GuideImportError([SheetError("", 0, "", message)])
