"""Shared pieces of the .xlsx files the portal writes (openpyxl, write-only workbooks)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill


def append_header(sheet: Any, titles: Iterable[str]) -> None:
    """Append the header row: bold titles on a light blue fill, the same in every export."""
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = bold, fill
        cells.append(cell)
    sheet.append(cells)
