"""A finished monthly run written row by row, with what its report must say.

November 2026, checked on Tuesday 1 December 2026.  Three departments:
- 教育局 (A): 93.00, rank 1 (shared), 90.00 the month before (环比 +3.0); a blank column seen
  today, a stale column seen since 2 November (deadline 9 November, overdue), a broken link and a
  wrong word; one finding closed by this run, one open finding this run did not see;
- 林业局 (C): 93.00, rank 1 (shared), no previous run (环比 —), no findings;
- 交通运输局 (B): 88.00 but vetoed for 6 blank columns, rank 3, 95.00 before (环比 -7.0);
- the site itself: the home page stale (单项否决, seen since 20 November, deadline Friday
  27 November, overdue) and a broken link in the footer.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from cms.core.models import PortalSettings
from cms.departments.credit_code import check_character
from cms.departments.models import Department
from cms.inspection.models import (
    CheckRun,
    DepartmentScore,
    Finding,
    FindingStatus,
    Observation,
    RuleCode,
    RunStatus,
    Severity,
    Trigger,
)
from tests.conftest import column_of

CHECKED_ON = datetime.date(2026, 12, 1)
PERIOD = datetime.date(2026, 11, 1)
TITLE = "云溪县人民政府网站 2026年11月 部门栏目检查情况通报"


def extra_department(name: str, short: str, slug: str, serial: int, order: int = 100) -> Department:
    """A department row with a valid credit code (no columns: the report needs none)."""
    first_17 = f"1135010000{serial:07d}"
    return Department.objects.create(name=name, short_name=short, slug=slug, order=order,
                                     credit_code=first_17 + check_character(first_17))


def make_run(period=PERIOD, checked_on=CHECKED_ON, *, trigger=Trigger.MONTHLY, status=RunStatus.FINISHED,
             department=None) -> CheckRun:
    return CheckRun.objects.create(period=period, checked_on=checked_on, trigger=trigger, status=status,
                                   department=department, finished_at=datetime.datetime(
                                       checked_on.year, checked_on.month, checked_on.day, 8, tzinfo=datetime.UTC))


def make_finding(run: CheckRun, department, rule: str, *, severity: str = Severity.DEDUCT, observe: bool = True,
                 first_seen=CHECKED_ON, deadline=datetime.date(2026, 12, 8), status=FindingStatus.OPEN,
                 key: str = "", first_run: CheckRun | None = None, **fields) -> Finding:
    finding = Finding.objects.create(
        fingerprint=f"{department.pk if department else 's'}-{rule}-{key}-{Finding.objects.count()}",
        department=department, rule=rule, severity=severity, first_seen_run=first_run or run, last_seen_run=run,
        first_seen=first_seen, last_seen=CHECKED_ON, deadline=deadline, status=status, **fields)
    if observe:
        Observation.objects.create(run=run, finding=finding, department=department, rule=rule, severity=severity)
    return finding


@dataclass
class Scenario:
    run: CheckRun
    previous: CheckRun
    dept_a: Department
    dept_b: Department
    dept_c: Department
    observed: list[Finding] = field(default_factory=list)
    not_observed: list[Finding] = field(default_factory=list)


@pytest.fixture
def scenario(dept_a, dept_b) -> Scenario:
    settings = PortalSettings.objects.get(site__is_default_site=True)
    settings.site_title, settings.sponsor = "云溪县人民政府", "云溪县人民政府办公室"
    settings.save()
    dept_c = extra_department("云溪县林业局", "林业局", "lyj", 1, order=50)
    previous = make_run(datetime.date(2026, 10, 1), datetime.date(2026, 11, 2))
    DepartmentScore.objects.create(run=previous, department=dept_a, columns=11, score=Decimal("90"), rank=2)
    DepartmentScore.objects.create(run=previous, department=dept_b, columns=11, score=Decimal("95"), rank=1)
    run = make_run()
    DepartmentScore.objects.create(
        run=run, department=dept_a, columns=11, blank_columns=1, stale_columns=1, broken_links=1, word_errors=1,
        deduction=Decimal("7"), score=Decimal("93"), rank=1, previous_score=Decimal("90"))
    DepartmentScore.objects.create(run=run, department=dept_c, columns=9, score=Decimal("93"), rank=1)
    DepartmentScore.objects.create(
        run=run, department=dept_b, columns=11, blank_columns=6, deduction=Decimal("12"), score=Decimal("88"),
        vetoed=True, veto_reasons=["空白栏目过多"], rank=3, previous_score=Decimal("95"))

    policy_a, news_a = column_of(dept_a, "zcwj"), column_of(dept_a, "gzdt")
    s = Scenario(run=run, previous=previous, dept_a=dept_a, dept_b=dept_b, dept_c=dept_c)
    s.observed += [
        make_finding(run, dept_a, RuleCode.COLUMN_BLANK, column=policy_a, page=policy_a, page_title="政策文件",
                     url="/xxgk/jyj/zcwj/", evidence="栏目没有任何已发布的内容。"),
        make_finding(run, dept_a, RuleCode.COLUMN_STALE, column=news_a, page=news_a, page_title="工作动态",
                     url="/xxgk/jyj/gzdt/", evidence="最近更新于2026年9月1日，超过14天未更新。",
                     first_seen=datetime.date(2026, 11, 2), deadline=datetime.date(2026, 11, 9),
                     status=FindingStatus.ACKNOWLEDGED, first_run=previous),
        make_finding(run, dept_a, RuleCode.BROKEN_LINK, column=news_a, page_title="全县教育工作会议召开",
                     url="/xxgk/jyj/gzdt/hy/", target="http://127.0.0.2/gone", evidence="链接返回 404。"),
        make_finding(run, dept_a, RuleCode.WRONG_WORD, column=news_a, page_title="秋季开学通知",
                     url="/xxgk/jyj/gzdt/kx/", target="布署", evidence="“布署”应为“部署”。"),
    ]
    for number in range(6):
        s.observed.append(make_finding(run, dept_b, RuleCode.COLUMN_BLANK, page_title=f"空白栏目{number + 1}",
                                       evidence="栏目没有任何已发布的内容。", key=str(number)))
    s.observed += [
        make_finding(run, dept_b, RuleCode.VETO_BLANK, severity=Severity.VETO,
                     evidence="空白栏目 6 个，达到 5 个。"),
        make_finding(run, None, RuleCode.HOME_STALE, severity=Severity.VETO, page_title="云溪县人民政府", url="/",
                     evidence="首页最近更新于2026年11月5日，超过14天未更新。", first_seen=datetime.date(2026, 11, 20),
                     deadline=datetime.date(2026, 11, 27), first_run=previous),
        make_finding(run, None, RuleCode.BROKEN_LINK, page_title="云溪县人民政府", url="/",
                     target="http://127.0.0.2/old-partner", evidence="页脚链接返回 404。"),
    ]
    closed = make_finding(previous, dept_a, RuleCode.BROKEN_LINK, observe=False, status=FindingStatus.CLOSED,
                          first_seen=datetime.date(2026, 11, 2), deadline=datetime.date(2026, 11, 9),
                          target="http://127.0.0.2/fixed", evidence="链接返回 404。")
    Finding.objects.filter(pk=closed.pk).update(closed_by_run=run)
    s.not_observed += [
        closed,
        make_finding(previous, dept_b, RuleCode.WRONG_WORD, observe=False, first_seen=datetime.date(2026, 11, 2),
                     deadline=datetime.date(2026, 11, 9), target="帐号", evidence="不在本次检查范围。"),
    ]
    return s
