"""The report of a real check of the test portal (the check's own scoring, not rows written by hand)."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from cms.inspection.models import DepartmentScore, Observation, RunStatus, Trigger
from cms.inspection.reporting import build_docx, build_report, build_xlsx
from cms.inspection.runner import execute_inline, start_run

pytestmark = pytest.mark.django_db

C = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}


def test_report_of_a_real_monthly_check(dept_a, dept_b):
    run = execute_inline(start_run(trigger=Trigger.MONTHLY, today=datetime.date(2026, 12, 1), enqueue=False))
    assert run.status == RunStatus.FINISHED
    report = build_report(run)
    assert report.title.endswith("网站 2026年11月 部门栏目检查情况通报")
    scores = list(DepartmentScore.objects.filter(run=run))
    assert {row.department for row in report.departments} == {s.department.name for s in scores}
    assert [row.rank for row in report.departments] == sorted(s.rank for s in scores)
    # The new departments' columns are empty: blank columns counted in the table and the summary.
    assert report.figures.blank_columns == sum(s.blank_columns for s in scores) > 0
    assert f"空白栏目{report.figures.blank_columns}个" in report.summary

    document = Document(io.BytesIO(build_docx(run)))
    assert [c.text for c in document.tables[0].rows[0].cells][-3:] == ["得分", "排名", "环比"]
    chart = next(r.target_part for r in document.part.rels.values() if r.reltype == RT.CHART)
    labels = [v.text for v in etree.fromstring(chart.blob).findall(".//c:cat//c:pt/c:v", C)]
    assert labels == [row.chart_label for row in report.departments]

    sheet = openpyxl.load_workbook(io.BytesIO(build_xlsx(run)))["问题清单"]
    assert sheet.max_row == 1 + Observation.objects.filter(run=run).count()
