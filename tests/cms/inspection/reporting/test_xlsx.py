"""The Excel list of findings and the ranking, opened with openpyxl; 50,000 findings in one run."""

from __future__ import annotations

import datetime
import io
import time

import openpyxl
import pytest

from cms.inspection.models import Finding, Observation, RuleCode, Severity
from cms.inspection.reporting import build_xlsx

from .conftest import CHECKED_ON

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(scenario):
    return openpyxl.load_workbook(io.BytesIO(build_xlsx(scenario.run)))


def test_sheets_and_header(workbook):
    assert workbook.sheetnames == ["问题清单", "得分排名"]
    sheet = workbook["问题清单"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["部门", "栏目", "页面标题", "页面地址", "问题类型", "性质", "问题描述", "问题对象", "首次发现",
                      "整改期限", "整改状态", "是否逾期"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{sheet.max_row}"


def test_rows_are_the_findings_the_run_saw(scenario, workbook):
    sheet = workbook["问题清单"]
    rows = {tuple(row) for row in sheet.iter_rows(min_row=2, values_only=True)}
    expected = set()
    for finding in scenario.observed:
        expected.add((
            finding.department.name if finding.department else "网站公共部分",
            finding.column.title if finding.column else None, finding.page_title or None, finding.url or None,
            finding.get_rule_display(), finding.get_severity_display(), finding.evidence or None,
            finding.target or None, datetime.datetime.combine(finding.first_seen, datetime.time()),
            datetime.datetime.combine(finding.deadline, datetime.time()), finding.get_status_display(),
            "是" if finding.deadline < CHECKED_ON else "否",
        ))
    assert rows == expected
    assert sheet.max_row == 1 + len(scenario.observed)
    assert not any(row[7] == "帐号" for row in rows)  # a finding the run did not see


def test_dates_are_dates(workbook):
    sheet = workbook["问题清单"]
    first_seen, deadline = sheet.cell(row=2, column=9), sheet.cell(row=2, column=10)
    assert first_seen.is_date and deadline.is_date
    assert "yy" in deadline.number_format


def test_overdue_and_status_columns(workbook):
    sheet = workbook["问题清单"]
    stale = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[4] == "栏目不更新")
    assert stale[0] == "云溪县教育局" and stale[1] == "工作动态"
    assert stale[10:] == ("整改中", "是")


def test_ranking_sheet(workbook):
    sheet = workbook["得分排名"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("排名", "部门")
    assert [(r[0], r[1], r[11], r[13], r[14], r[15]) for r in rows[1:]] == [
        (1, "云溪县林业局", 93, "—", "否", None),
        (1, "云溪县教育局", 93, "+3.0", "否", None),
        (3, "云溪县交通运输局", 88, "-7.0", "是", "空白栏目过多"),
    ]
    assert sheet.freeze_panes == "A2"


def test_fifty_thousand_findings(scenario, dept_a):
    run = scenario.run
    total = 50_000
    day = datetime.date(2026, 11, 2)
    for start in range(0, total, 5000):
        findings = Finding.objects.bulk_create([
            Finding(fingerprint=f"bulk-{n}", department=dept_a, rule=RuleCode.BROKEN_LINK, severity=Severity.DEDUCT,
                    page_title=f"页面{n}", url=f"/xxgk/jyj/gzdt/{n}/", target=f"http://127.0.0.2/{n}",
                    evidence="链接返回 404。", first_seen_run=run, last_seen_run=run, first_seen=day, last_seen=day,
                    deadline=day + datetime.timedelta(days=7))
            for n in range(start, start + 5000)
        ])
        Observation.objects.bulk_create([
            Observation(run=run, finding=f, department=dept_a, rule=f.rule, severity=f.severity) for f in findings])
    began = time.perf_counter()
    content = build_xlsx(run)
    seconds = time.perf_counter() - began
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True)["问题清单"]
    targets = set()
    count = 0
    for row in sheet.iter_rows(min_row=2, values_only=True):
        count += 1
        if (row[2] or "").startswith("页面"):
            targets.add(row[7])
    assert count == total + len(scenario.observed)
    assert targets == {f"http://127.0.0.2/{n}" for n in range(total)}
    assert seconds < 60, f"50,000 findings took {seconds:.1f} s"
    print(f"\n50,000 findings: {seconds:.1f} s, {len(content) / 1e6:.1f} MB")
