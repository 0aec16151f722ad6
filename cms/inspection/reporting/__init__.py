"""The monthly report (通报) of the column check: its content, the Word report, the Excel list
of findings and the admin pages that show and download them.

- ``build_report(run)``: what the report says (``data.MonthlyReport``);
- ``build_docx(run)``: the report as a Word document with a native chart of the scores;
- ``build_xlsx(run)``: 问题清单 (every finding the run saw) and 得分排名;
- ``views.urlpatterns``: the admin pages, mounted with the namespace "inspection".
"""

from .data import MonthlyReport, build_report
from .docx import build_docx
from .xlsx import build_xlsx

__all__ = ["MonthlyReport", "build_docx", "build_report", "build_xlsx"]
