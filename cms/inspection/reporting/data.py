"""What the monthly report (通报) of a column check says, read from a finished run.

Rules:
- the title is 「<网站名称>网站 <年>年<月>月 部门栏目检查情况通报」, the site name from the default
  site's ``PortalSettings``; a run of one department names that department instead;
- the department table lists the run's ``DepartmentScore`` rows in rank order; 环比 is the change
  against the previous monthly run, written "+3.0", "-2.0", "0.0", or "—" when there is none;
- the report is a picture of the check day: the single-veto problems, the overdue rectifications
  and the site-level findings are the findings *the run saw* (an ``Observation``), so a report
  opened later does not change when findings are closed afterwards.  A finding the run saw was
  open on the check day (a run that no longer sees a finding closes it);
- overdue (逾期未整改) means its rectification deadline was before the check day; how far is
  counted in working days (holidays and 调休 from ``cms.workdays``);
- findings without a department (home page, site chrome, the county's own columns) are shown
  as 网站公共部分, outside the department table;
- building the report takes a constant number of queries, whatever the number of departments
  and findings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q

from cms.core.models import PortalSettings
from cms.workdays.calendar import WorkdayCalendar

from ..models import CheckRun, DepartmentScore, Finding, FindingStatus, Observation, RuleCode, Severity

SITE_PART = "网站公共部分"
NO_VALUE = "—"
DEFAULT_SITE_TITLE = "云溪县人民政府"

#: The nine columns of the department table, in order (the docx, HTML and xlsx use them).
TABLE_HEADERS = ("部门", "栏目数", "空白栏目", "不更新栏目", "错误链接", "错敏信息", "得分", "排名", "环比")

RULE_LABELS = dict(RuleCode.choices)
SEVERITY_LABELS = dict(Severity.choices)
STATUS_LABELS = dict(FindingStatus.choices)


def format_number(value: Decimal | None) -> str:
    """A score for reading: one decimal ("95.0"), two when the score has them ("97.25")."""
    if value is None:
        return NO_VALUE
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:.1f}" if value == value.quantize(Decimal("0.1")) else f"{value:.2f}"


def format_change(value: Decimal | None) -> str:
    """环比 with its sign: "+3.0", "-2.0", "0.0"; "—" without a previous score."""
    if value is None:
        return NO_VALUE
    text = format_number(abs(value))
    if value > 0:
        return "+" + text
    return "-" + text if value < 0 else text


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_month(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月"


@dataclass(frozen=True)
class Figures:
    """The numbers of the summary paragraph (the category counts are the table's totals)."""

    departments: int
    columns: int
    blank_columns: int
    stale_columns: int
    broken_links: int
    word_errors: int
    vetoed_departments: int
    findings: int
    site_findings: int
    new_findings: int
    closed_findings: int
    overdue: int


@dataclass(frozen=True)
class DepartmentRow:
    department_id: int
    department: str
    short_name: str
    columns: int
    blank_columns: int
    stale_columns: int
    broken_links: int
    word_errors: int
    score: Decimal
    rank: int | None
    change: Decimal | None
    vetoed: bool
    veto_reasons: tuple[str, ...] = ()

    @property
    def score_text(self) -> str:
        return format_number(self.score) + ("（否决）" if self.vetoed else "")

    @property
    def rank_text(self) -> str:
        return NO_VALUE if self.rank is None else str(self.rank)

    @property
    def change_text(self) -> str:
        return format_change(self.change)

    @property
    def chart_label(self) -> str:
        return self.short_name or self.department

    def cells(self) -> list[str]:
        """The row of the department table, under ``TABLE_HEADERS``."""
        return [self.department, str(self.columns), str(self.blank_columns), str(self.stale_columns),
                str(self.broken_links), str(self.word_errors), self.score_text, self.rank_text, self.change_text]


@dataclass(frozen=True)
class VetoRow:
    """A single-veto (单项否决) problem the run saw."""

    department: str
    rule: str
    evidence: str
    page_title: str = ""
    url: str = ""


@dataclass(frozen=True)
class OverdueRow:
    """A finding still there on the check day although its rectification deadline had passed."""

    department: str
    problem: str
    first_seen: datetime.date
    deadline: datetime.date
    days_overdue: int
    url: str = ""


@dataclass(frozen=True)
class SiteFindingRow:
    """A finding of the site's common part (no department)."""

    rule: str
    severity: str
    page_title: str
    url: str
    target: str
    evidence: str


@dataclass(frozen=True)
class MonthlyReport:
    run_id: int
    title: str
    site_title: str
    issuer: str
    doc_number: str
    period: datetime.date
    checked_on: datetime.date
    scope: str
    figures: Figures
    summary: str
    departments: list[DepartmentRow] = field(default_factory=list)
    vetoes: list[VetoRow] = field(default_factory=list)
    overdue: list[OverdueRow] = field(default_factory=list)
    site_findings: list[SiteFindingRow] = field(default_factory=list)

    headers = TABLE_HEADERS

    @property
    def period_label(self) -> str:
        return chinese_month(self.period)

    @property
    def checked_on_label(self) -> str:
        return chinese_date(self.checked_on)


def build_report(run: CheckRun) -> MonthlyReport:
    """The report of a finished run (constant number of queries)."""
    portal = _portal_settings()
    site_title = (portal.site_title if portal else "") or DEFAULT_SITE_TITLE
    issuer = (portal.sponsor if portal else "") or f"{site_title}办公室"
    scope_name = "" if run.is_site_wide else run.department.name
    departments = _department_rows(run)
    vetoes = _vetoes(run)
    overdue = _overdue(run)
    site_findings = _site_findings(run)
    observed = Observation.objects.filter(run=run).aggregate(
        total=Count("pk"), site=Count("pk", filter=Q(department__isnull=True)))
    changed = Finding.objects.filter(Q(first_seen_run=run) | Q(closed_by_run=run)).aggregate(
        new=Count("pk", filter=Q(first_seen_run=run)), closed=Count("pk", filter=Q(closed_by_run=run)))
    figures = Figures(
        departments=len(departments),
        columns=sum(row.columns for row in departments),
        blank_columns=sum(row.blank_columns for row in departments),
        stale_columns=sum(row.stale_columns for row in departments),
        broken_links=sum(row.broken_links for row in departments),
        word_errors=sum(row.word_errors for row in departments),
        vetoed_departments=sum(1 for row in departments if row.vetoed),
        findings=observed["total"], site_findings=observed["site"],
        new_findings=changed["new"], closed_findings=changed["closed"], overdue=len(overdue),
    )
    period = chinese_month(run.period)
    subject = f"{scope_name}栏目检查情况" if scope_name else "部门栏目检查情况通报"
    title = f"{site_title}网站 {period} {subject}"
    return MonthlyReport(
        run_id=run.pk, title=title, site_title=site_title, issuer=issuer,
        doc_number=f"栏目检查通报〔{run.period.year}〕{run.period.month}号", period=run.period,
        checked_on=run.checked_on, scope=scope_name or "全站", figures=figures,
        summary=summary_text(figures, run.checked_on, run.period, scope_name),
        departments=departments, vetoes=vetoes, overdue=overdue, site_findings=site_findings,
    )


def summary_text(figures: Figures, checked_on: datetime.date, period: datetime.date, scope_name: str = "") -> str:
    """The summary paragraph, written from the figures."""
    if scope_name:
        checked = f"对{scope_name}的{figures.columns}个栏目进行了检查"
    else:
        checked = f"对{figures.departments}个部门（单位）的{figures.columns}个政府信息公开栏目进行了检查"
    found = (f"共发现空白栏目{figures.blank_columns}个、不更新栏目{figures.stale_columns}个、"
             f"错误链接{figures.broken_links}个、错敏信息{figures.word_errors}处")
    if figures.site_findings:
        found += f"，网站公共部分另有问题{figures.site_findings}个"
    vetoed = (f"{figures.vetoed_departments}个部门（单位）存在单项否决问题" if figures.vetoed_departments
              else "未发现部门（单位）存在单项否决问题")
    return (f"{chinese_date(checked_on)}，按照《政府网站与政务新媒体检查指标》，{checked}"
            f"（检查月份：{chinese_month(period)}）。{found}；{vetoed}。本次新发现问题{figures.new_findings}个，"
            f"经复查整改销号{figures.closed_findings}个，逾期未整改问题{figures.overdue}个。现将有关情况通报如下。")


def _portal_settings() -> PortalSettings | None:
    return PortalSettings.objects.filter(site__is_default_site=True).first() or PortalSettings.objects.first()


def _department_rows(run: CheckRun) -> list[DepartmentRow]:
    scores = (DepartmentScore.objects.filter(run=run).select_related("department")
              .order_by(F("rank").asc(nulls_last=True), "department__order", "department__name"))
    return [
        DepartmentRow(
            department_id=score.department_id, department=score.department.name,
            short_name=score.department.short_name, columns=score.columns, blank_columns=score.blank_columns,
            stale_columns=score.stale_columns, broken_links=score.broken_links, word_errors=score.word_errors,
            score=score.score, rank=score.rank, change=score.change, vetoed=score.vetoed,
            veto_reasons=tuple(score.veto_reasons or ()),
        )
        for score in scores
    ]


def _observed(run: CheckRun):
    return Observation.objects.filter(run=run).select_related("finding", "department")


def _vetoes(run: CheckRun) -> list[VetoRow]:
    rows = _observed(run).filter(severity=Severity.VETO).order_by(
        F("department__order").asc(nulls_first=True), "department__name", "rule", "finding__page_title", "pk")
    return [
        VetoRow(department=obs.department.name if obs.department_id else SITE_PART,
                rule=RULE_LABELS.get(obs.rule, obs.rule), evidence=obs.finding.evidence,
                page_title=obs.finding.page_title, url=obs.finding.url)
        for obs in rows
    ]


def describe(finding: Finding) -> str:
    """The problem in one line: its kind, where, and what."""
    label = RULE_LABELS.get(finding.rule, finding.rule)
    where = finding.page_title or ""
    what = finding.target if finding.target and finding.target != where else ""
    parts = [part for part in (where, what) if part]
    text = f"{label}：{'，'.join(parts)}" if parts else label
    if finding.evidence and finding.evidence not in text:
        text += f"（{finding.evidence}）"
    return text


def _overdue(run: CheckRun) -> list[OverdueRow]:
    rows = list(_observed(run).filter(finding__deadline__lt=run.checked_on).order_by(
        F("department__order").asc(nulls_first=True), "department__name", "finding__deadline", "pk"))
    if not rows:
        return []
    calendar = WorkdayCalendar()
    return [
        OverdueRow(department=obs.department.name if obs.department_id else SITE_PART,
                   problem=describe(obs.finding), first_seen=obs.finding.first_seen, deadline=obs.finding.deadline,
                   days_overdue=calendar.working_days_between(obs.finding.deadline, run.checked_on),
                   url=obs.finding.url)
        for obs in rows
    ]


def _site_findings(run: CheckRun) -> list[SiteFindingRow]:
    rows = _observed(run).filter(department__isnull=True).order_by("rule", "finding__url", "pk")
    return [
        SiteFindingRow(rule=RULE_LABELS.get(obs.rule, obs.rule), severity=SEVERITY_LABELS.get(obs.severity, ""),
                       page_title=obs.finding.page_title, url=obs.finding.url, target=obs.finding.target,
                       evidence=obs.finding.evidence)
        for obs in rows
    ]
