"""Figures of the notice-and-commitment lists: items, cases, and verifications on time.

Rule: the on-time rate is the share of verified cases (属实 or 不实) whose verification date is on
or before the due date; cases still 待核查 and cases handled with proof are not in it.  The public
figures use published items only and never name an applicant.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from cms.core.models import local_today
from cms.departments.models import Department

from .choices import CaseState, ItemStatus, Mode
from .models import CommitmentCase, CommitmentItem

VERIFIED = (CaseState.VERIFIED_TRUE, CaseState.VERIFIED_FALSE)


@dataclass(frozen=True)
class Figures:
    """One row of the statistics: a department, or the whole county (``department`` None)."""

    department: str
    items: int
    cases: int
    commitment_cases: int
    proof_cases: int
    pending: int
    overdue: int
    verified: int
    on_time: int
    false_commitments: int

    @property
    def on_time_rate(self) -> float | None:
        """Share of verifications on time, 0–100 (None when nothing was verified yet)."""
        return round(100 * self.on_time / self.verified, 1) if self.verified else None

    @property
    def on_time_rate_text(self) -> str:
        rate = self.on_time_rate
        return "—" if rate is None else f"{rate:.1f}%"


def _case_counts(today: datetime.date) -> dict:
    return {
        "cases": Count("id"),
        "commitment_cases": Count("id", filter=Q(mode=Mode.COMMITMENT)),
        "proof_cases": Count("id", filter=Q(mode=Mode.PROOF)),
        "pending": Count("id", filter=Q(state=CaseState.PENDING)),
        "overdue": Count("id", filter=Q(state=CaseState.PENDING, due_on__lt=today)),
        "verified": Count("id", filter=Q(state__in=VERIFIED)),
        "on_time": Count("id", filter=Q(state__in=VERIFIED, verified_on_time=True)),
        "false_commitments": Count("id", filter=Q(state=CaseState.VERIFIED_FALSE)),
    }


def department_figures(
    items: QuerySet[CommitmentItem] | None = None, cases: QuerySet[CommitmentCase] | None = None,
    *, published_only: bool = False, today: datetime.date | None = None,
) -> tuple[list[Figures], Figures]:
    """Rows by department (those with items or cases) and the total, in two grouped queries."""
    today = today or local_today()
    items = CommitmentItem.objects.all() if items is None else items
    cases = CommitmentCase.objects.all() if cases is None else cases
    if published_only:
        items = items.filter(status=ItemStatus.PUBLISHED)
        cases = cases.filter(item__status=ItemStatus.PUBLISHED)
    item_counts = dict(items.order_by().values_list("department_id").annotate(n=Count("id")))
    case_rows = {
        row.pop("item__department_id"): row
        for row in cases.order_by().values("item__department_id").annotate(**_case_counts(today))
    }
    names = dict(Department.objects.filter(pk__in=set(item_counts) | set(case_rows)).values_list("pk", "name"))
    order = list(Department.objects.filter(pk__in=names).values_list("pk", flat=True))
    empty = dict.fromkeys(_case_counts(today), 0)
    rows = [Figures(department=names[pk], items=item_counts.get(pk, 0), **case_rows.get(pk, empty)) for pk in order]
    total = Figures(
        department="合计", items=sum(r.items for r in rows),
        **{key: sum(getattr(r, key) for r in rows) for key in empty},
    )
    return rows, total
