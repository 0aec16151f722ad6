"""What the report says: title, figures, the ranked table with 环比, vetoes, overdue, site findings."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from cms.inspection.models import DepartmentScore, RuleCode, Severity
from cms.inspection.reporting.data import build_report, format_change, format_number
from cms.workdays.models import CalendarDay, DayKind

from .conftest import TITLE, extra_department, make_finding, make_run

pytestmark = pytest.mark.django_db


def test_title_number_and_dates(scenario):
    report = build_report(scenario.run)
    assert report.title == TITLE
    assert report.doc_number == "栏目检查通报〔2026〕11号"
    assert report.issuer == "云溪县人民政府办公室"
    assert report.period_label == "2026年11月"
    assert report.checked_on_label == "2026年12月1日"
    assert report.scope == "全站"


def test_departments_in_rank_order_with_change(scenario):
    report = build_report(scenario.run)
    assert [row.cells() for row in report.departments] == [
        ["云溪县林业局", "9", "0", "0", "0", "0", "93.0", "1", "—"],
        ["云溪县教育局", "11", "1", "1", "1", "1", "93.0", "1", "+3.0"],
        ["云溪县交通运输局", "11", "6", "0", "0", "0", "88.0（否决）", "3", "-7.0"],
    ]
    assert [row.chart_label for row in report.departments] == ["林业局", "教育局", "交通运输局"]
    assert report.departments[2].veto_reasons == ("空白栏目过多",)


def test_figures_and_summary(scenario):
    report = build_report(scenario.run)
    figures = report.figures
    assert (figures.departments, figures.columns, figures.blank_columns, figures.stale_columns) == (3, 31, 7, 1)
    assert (figures.broken_links, figures.word_errors, figures.vetoed_departments) == (1, 1, 1)
    assert (figures.findings, figures.site_findings) == (13, 2)
    assert (figures.new_findings, figures.closed_findings, figures.overdue) == (11, 1, 2)
    assert report.summary.startswith("2026年12月1日，")
    for part in ("对3个部门（单位）的31个政府信息公开栏目", "空白栏目7个", "不更新栏目1个", "错误链接1个",
                 "错敏信息1处", "网站公共部分另有问题2个", "1个部门（单位）存在单项否决问题", "新发现问题11个",
                 "整改销号1个", "逾期未整改问题2个"):
        assert part in report.summary


def test_single_veto_problems_come_from_the_runs_observations(scenario):
    vetoes = build_report(scenario.run).vetoes
    assert [(v.department, v.rule, v.evidence) for v in vetoes] == [
        ("网站公共部分", "首页长期不更新", "首页最近更新于2026年11月5日，超过14天未更新。"),
        ("云溪县交通运输局", "空白栏目过多", "空白栏目 6 个，达到 5 个。"),
    ]


def test_overdue_counts_working_days_and_ignores_unseen_findings(scenario):
    overdue = build_report(scenario.run).overdue
    assert [(row.department, row.first_seen, row.deadline, row.days_overdue) for row in overdue] == [
        ("网站公共部分", datetime.date(2026, 11, 20), datetime.date(2026, 11, 27), 2),  # Mon 30 Nov, Tue 1 Dec
        ("云溪县教育局", datetime.date(2026, 11, 2), datetime.date(2026, 11, 9), 16),  # 10 Nov … 1 Dec
    ]
    assert overdue[1].problem == "栏目不更新：工作动态（最近更新于2026年9月1日，超过14天未更新。）"
    # 交通运输局's open finding past its deadline was not seen by this run: not in its report.
    assert all("帐号" not in row.problem for row in overdue)


def test_overdue_days_follow_the_admin_holiday_calendar(scenario):
    CalendarDay.objects.create(date=datetime.date(2026, 11, 30), kind=DayKind.HOLIDAY, name="临时放假")
    overdue = build_report(scenario.run).overdue
    assert [row.days_overdue for row in overdue] == [1, 15]


def test_site_level_findings(scenario):
    rows = build_report(scenario.run).site_findings
    assert [(r.rule, r.severity, r.url, r.target) for r in rows] == [
        ("错误链接", "扣分", "/", "http://127.0.0.2/old-partner"),
        ("首页长期不更新", "单项否决", "/", ""),
    ]


def test_a_department_run_is_titled_with_its_department(scenario):
    run = make_run(trigger="manual", department=scenario.dept_a)
    DepartmentScore.objects.create(run=run, department=scenario.dept_a, columns=11, score=Decimal("100"))
    report = build_report(run)
    assert report.title == "云溪县人民政府网站 2026年11月 云溪县教育局栏目检查情况"
    assert report.departments[0].rank_text == "—"
    assert report.summary.startswith("2026年12月1日，按照《政府网站与政务新媒体检查指标》，对云溪县教育局的11个栏目进行了检查")


def test_an_empty_run_reads_sensibly(scenario):
    report = build_report(make_run(datetime.date(2026, 12, 1), datetime.date(2027, 1, 4)))
    assert report.departments == [] and report.vetoes == [] and report.overdue == []
    assert "未发现部门（单位）存在单项否决问题" in report.summary


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("3"), "+3.0"), (Decimal("-2"), "-2.0"), (Decimal("0"), "0.0"), (None, "—"),
    (Decimal("0.25"), "+0.25"), (Decimal("-12.50"), "-12.5"),
])
def test_change_is_signed(value, text):
    assert format_change(value) == text


def test_scores_keep_the_decimals_they_have():
    assert [format_number(Decimal(v)) for v in ("100", "97.50", "97.75", "0")] == ["100.0", "97.5", "97.75", "0.0"]


def _grow(scenario, departments: int, findings_each: int) -> None:
    run = scenario.run
    for number in range(departments):
        department = extra_department(f"云溪县测试局{number}", f"测试局{number}", f"csj{number}", 100 + number)
        DepartmentScore.objects.create(run=run, department=department, columns=5, score=Decimal("80"), rank=4,
                                       previous_score=Decimal("81"), vetoed=number % 2 == 0)
        for index in range(findings_each):
            make_finding(run, department, RuleCode.VETO_STALE if index == 0 else RuleCode.BROKEN_LINK,
                         severity=Severity.VETO if index == 0 else Severity.DEDUCT, key=str(index),
                         first_seen=datetime.date(2026, 11, 2), deadline=datetime.date(2026, 11, 9),
                         target=f"http://127.0.0.2/{index}")


def test_constant_number_of_queries(scenario, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        small = build_report(scenario.run)
    _grow(scenario, departments=12, findings_each=5)
    with django_assert_max_num_queries(8):
        large = build_report(scenario.run)
    assert len(large.departments) == len(small.departments) + 12
    assert len(large.overdue) == len(small.overdue) + 60
    assert len(large.vetoes) == len(small.vetoes) + 12
