"""Figures of the marketplace for the public statistics page (issue 5 point 5).

Rules: drafts are never counted; ``listed`` agencies are approved and not blacklisted today;
amounts are the budgets of public projects, the selected prices and the confirmed-or-not contract
amounts; the saving of a selected project is ``1 − selected price / budget`` and the average
saving is the plain mean of those savings over the projects with a selected price, in percent
(rounded half-up to 0.01), overall and per service category.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum

from cms.core.models import local_today

from ..models import (
    PUBLIC_STATES,
    Agency,
    AgencyStatus,
    Contract,
    Project,
    ProjectState,
    Sanction,
    SanctionKind,
    Selection,
    SelectionMethod,
    ServiceCategory,
)
from .agencies import listed_agencies

CENT = Decimal("0.01")


def _percent(savings: list[Decimal]) -> Decimal | None:
    if not savings:
        return None
    return (sum(savings, Decimal(0)) / len(savings) * 100).quantize(CENT, ROUND_HALF_UP)


def marketplace_statistics(today: datetime.date | None = None) -> dict:
    """Agencies, projects by state and method, amounts and the average saving against budget."""
    today = today or local_today()
    public = Project.objects.filter(state__in=PUBLIC_STATES)
    active = Sanction.objects.filter(lifted_at=None, starts_on__lte=today, ends_on__gte=today)
    by_state = dict(public.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    by_method = dict(public.values_list("method").annotate(n=Count("pk")).values_list("method", "n"))
    selections = list(Selection.objects.filter(project__state__in=PUBLIC_STATES)
                      .values_list("project__category_id", "amount", "project__budget"))
    savings: dict[int, list[Decimal]] = defaultdict(list)
    for category_id, amount, budget in selections:
        if amount is not None and budget:
            savings[category_id].append(1 - amount / budget)
    budgets = dict(public.values_list("category_id").annotate(total=Sum("budget")).values_list("category_id", "total"))
    counts = dict(public.values_list("category_id").annotate(n=Count("pk")).values_list("category_id", "n"))
    categories = [
        {"category": c, "projects": counts.get(c.pk, 0), "budget": budgets.get(c.pk) or Decimal(0),
         "selected": len(savings.get(c.pk, [])), "average_saving": _percent(savings.get(c.pk, []))}
        for c in ServiceCategory.objects.all() if counts.get(c.pk)
    ]
    all_savings = [s for values in savings.values() for s in values]
    return {
        "agencies": {
            "total": Agency.objects.count(),
            "approved": Agency.objects.filter(status=AgencyStatus.APPROVED).count(),
            "pending": Agency.objects.filter(status=AgencyStatus.PENDING).count(),
            "listed": listed_agencies(today).count(),
            "suspended": active.filter(kind=SanctionKind.SUSPENSION).values("agency").distinct().count(),
            "blacklisted": active.filter(kind=SanctionKind.BLACKLIST).values("agency").distinct().count(),
        },
        "projects": {
            "total": sum(by_state.values()),
            "by_state": [{"state": s, "label": s.label, "count": by_state.get(s.value, 0)}
                         for s in ProjectState if s != ProjectState.DRAFT],
            "by_method": [{"method": m, "label": m.label, "count": by_method.get(m.value, 0)} for m in SelectionMethod],
        },
        "amounts": {
            "budget": public.aggregate(total=Sum("budget"))["total"] or Decimal(0),
            "selected": sum((a for _, a, _ in selections if a is not None), Decimal(0)),
            "contracts": Contract.objects.filter(project__state__in=PUBLIC_STATES).aggregate(
                total=Sum("amount"))["total"] or Decimal(0),
        },
        "saving": {"average": _percent(all_savings), "projects": len(all_savings)},
        "by_category": categories,
    }
