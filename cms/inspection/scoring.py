"""The end of a run: single-veto rules, closing what is fixed, scores and the ranking.

Rules:
- single veto (单项否决, 国办秘函〔2019〕19号) per department: ≥ ``blank_veto_count`` blank
  columns; ≥ ``stale_veto_count`` stale columns; stale 动态 + 通知公告 + 政策文件 columns
  together ≥ ``combined_veto_count``;
- an open finding in the run's scope that the run did not see is closed (销号): the check passed;
- score = 100 − Σ per 扣分 rule min(points × findings, cap), never below 0; a department with a
  单项否决 finding is marked 否决 and ranked after every department without one;
- ranks are shared by equal results (1, 2, 2, 4); 环比 compares with the department's score in the
  previous finished site-wide run.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from cms.columns.models import ColumnPage

from .models import (
    COMBINED_VETO_KINDS,
    OPEN_STATUSES,
    CheckRun,
    DepartmentScore,
    Finding,
    FindingEvent,
    FindingStatus,
    InspectionSettings,
    Observation,
    Rule,
    RuleCode,
    RunStatus,
    Severity,
)
from .planning import departments_of_run
from .recording import Defect, Recorder

WORD_RULES = (RuleCode.WRONG_WORD, RuleCode.OUTDATED_NAME, RuleCode.BANNED_WORD)
COUNTED = (RuleCode.COLUMN_BLANK, RuleCode.COLUMN_STALE, RuleCode.BROKEN_LINK, *WORD_RULES)


def finish_run(run: CheckRun) -> None:
    departments = departments_of_run(run)
    _record_vetoes(run, departments)
    _close_unseen(run, departments)
    _score(run, departments)


def _record_vetoes(run: CheckRun, departments: list[int]) -> None:
    limits = InspectionSettings.current()
    counts: dict[int, Counter] = defaultdict(Counter)
    stale_kinds: dict[int, Counter] = defaultdict(Counter)
    observed = (Observation.objects.filter(run=run, rule__in=(RuleCode.COLUMN_BLANK, RuleCode.COLUMN_STALE))
                .values_list("department_id", "rule", "finding__column__kind"))
    for department_id, rule, kind in observed:
        counts[department_id][rule] += 1
        if rule == RuleCode.COLUMN_STALE:
            stale_kinds[department_id][kind] += 1
    recorder = Recorder(run)
    for department_id in departments:
        blank = counts[department_id][RuleCode.COLUMN_BLANK]
        stale = counts[department_id][RuleCode.COLUMN_STALE]
        combined = sum(stale_kinds[department_id][kind] for kind in COMBINED_VETO_KINDS)
        vetoes = []
        if blank >= limits.blank_veto_count:
            vetoes.append((RuleCode.VETO_BLANK, f"空白栏目 {blank} 个，达到 {limits.blank_veto_count} 个。"))
        if stale >= limits.stale_veto_count:
            vetoes.append((RuleCode.VETO_STALE, f"应更新而长期未更新的栏目 {stale} 个，达到 {limits.stale_veto_count} 个。"))
        if combined >= limits.combined_veto_count:
            vetoes.append((RuleCode.VETO_COMBINED,
                           f"动态、通知公告、政策文件栏目未按期更新合计 {combined} 个，达到 {limits.combined_veto_count} 个。"))
        for rule, evidence in vetoes:
            recorder.record_all([Defect(rule, department_id=department_id, evidence=evidence)])


def _close_unseen(run: CheckRun, departments: list[int]) -> None:
    scope = Finding.objects.filter(status__in=OPEN_STATUSES).exclude(observations__run=run)
    scope = scope.filter(department_id__in=departments) if run.department_id else scope
    now = timezone.now()
    closing = list(scope.values_list("pk", flat=True))
    for start in range(0, len(closing), 500):
        batch = closing[start:start + 500]
        Finding.objects.filter(pk__in=batch).update(status=FindingStatus.CLOSED, closed_at=now, closed_by_run=run)
        FindingEvent.objects.bulk_create([
            FindingEvent(finding_id=pk, action=FindingEvent.Action.CLOSED, run=run, note="本次检查未再发现该问题。")
            for pk in batch
        ])


def _score(run: CheckRun, departments: list[int]) -> None:
    rules = {rule.code: rule for rule in Rule.objects.all()}
    per_rule: dict[int, Counter] = defaultdict(Counter)
    vetoed: dict[int, set] = defaultdict(set)
    hints: Counter = Counter()
    rows = Observation.objects.filter(run=run).values_list("department_id", "rule", "severity")
    for department_id, rule, severity in rows.iterator(chunk_size=2000):
        per_rule[department_id][rule] += 1
        if severity == Severity.VETO:
            vetoed[department_id].add(rule)
        elif severity == Severity.HINT:
            hints[department_id] += 1
    columns = dict(ColumnPage.objects.live().filter(department_id__in=departments).order_by().values("department_id")
                   .annotate(n=Count("pk")).values_list("department_id", "n"))
    overdue = dict(Finding.objects.filter(status__in=OPEN_STATUSES, deadline__lt=run.checked_on,
                                          department_id__in=departments)
                   .order_by().values("department_id").annotate(n=Count("pk")).values_list("department_id", "n"))
    previous = _previous_scores(run)
    scores = []
    for department_id in departments:
        counts = per_rule[department_id]
        deduction = sum((rules[code].deduction(n) for code, n in counts.items() if code in rules), Decimal("0"))
        scores.append(DepartmentScore(
            run=run, department_id=department_id, columns=columns.get(department_id, 0),
            blank_columns=counts[RuleCode.COLUMN_BLANK], stale_columns=counts[RuleCode.COLUMN_STALE],
            broken_links=counts[RuleCode.BROKEN_LINK], word_errors=sum(counts[code] for code in WORD_RULES),
            other_findings=sum(n for code, n in counts.items() if code not in COUNTED) - hints[department_id],
            hints=hints[department_id], overdue=overdue.get(department_id, 0), deduction=deduction,
            score=max(Decimal("100") - deduction, Decimal("0")), vetoed=bool(vetoed[department_id]),
            veto_reasons=sorted(RuleCode(code).label for code in vetoed[department_id]),
            previous_score=previous.get(department_id),
        ))
    if run.is_site_wide:
        _rank(scores)
    DepartmentScore.objects.filter(run=run).delete()
    DepartmentScore.objects.bulk_create(scores)
    run.summary = {
        "departments": len(departments),
        "findings": sum(sum(c.values()) for c in per_rule.values()),
        "site_findings": sum(per_rule[None].values()),
        "vetoed": sum(1 for s in scores if s.vetoed),
        "new_findings": Finding.objects.filter(first_seen_run=run).count(),
        "closed_findings": Finding.objects.filter(closed_by_run=run).count(),
    }
    CheckRun.objects.filter(pk=run.pk).update(summary=run.summary)


def _rank(scores: list[DepartmentScore]) -> None:
    ordered = sorted(scores, key=lambda s: (s.vetoed, -s.score))
    rank, previous_key = 0, None
    for position, score in enumerate(ordered, start=1):
        key = (score.vetoed, score.score)
        if key != previous_key:
            rank, previous_key = position, key
        score.rank = rank


def _previous_scores(run: CheckRun) -> dict[int, Decimal]:
    earlier = (CheckRun.objects.filter(status=RunStatus.FINISHED, department__isnull=True, created_at__lt=run.created_at)
               .exclude(pk=run.pk).order_by("-period", "-created_at").first())
    if earlier is None:
        return {}
    return dict(DepartmentScore.objects.filter(run=earlier).values_list("department_id", "score"))
