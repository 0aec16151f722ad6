"""Statistics per partner region: items by mode, cases received, completed, overdue, on time.

- 收件: every proxy case of the partner's items;
- 办结: cases delivered (送达办结);
- 逾期: open cases whose next step is past its due date, plus cases with a step done late;
- 按时办结率: completed cases with no late step ÷ completed cases.
Each figure is one grouped query, whatever the number of partners and cases.  The public summary
shows counts only (no applicants, no case numbers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from cms.core.models import local_today

from .models import CrossItem, Mode, PartnerRegion, ProxyCase, current_agreements


@dataclass
class PartnerStats:
    partner: PartnerRegion
    items: int = 0
    by_mode: dict[str, int] = field(default_factory=dict)
    received: int = 0
    completed: int = 0
    overdue_open: int = 0
    late: int = 0
    on_time: int = 0

    @property
    def overdue(self) -> int:
        return self.overdue_open + self.late

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.completed if self.completed else None

    @property
    def on_time_percent(self) -> str:
        rate = self.on_time_rate
        return "—" if rate is None else f"{rate * 100:.1f}%"

    def mode_counts(self) -> list[tuple[str, int]]:
        return [(label, self.by_mode.get(value, 0)) for value, label in Mode.choices]


def partner_statistics(*, items=None, cases=None, public: bool = False) -> list[PartnerStats]:
    """One row per partner.  ``items``/``cases`` are pre-scoped querysets (department staff);
    ``public`` counts only items of agreements still in force."""
    items = CrossItem.objects.all() if items is None else items
    cases = ProxyCase.objects.all() if cases is None else cases
    if public:
        items = items.filter(batch__agreement__in=_current_agreement_ids())
    rows = {p.pk: PartnerStats(p) for p in PartnerRegion.objects.all()}
    for row in items.values("batch__agreement__partner", "mode").annotate(n=Count("pk")).order_by():
        stats = rows.get(row["batch__agreement__partner"])
        if stats is not None:
            stats.by_mode[row["mode"]] = row["n"]
            stats.items += row["n"]
    today = local_today()
    grouped = (
        cases.values("item__batch__agreement__partner")
        .annotate(
            received=Count("pk"),
            completed=Count("pk", filter=Q(delivered_at__isnull=False)),
            overdue_open=Count("pk", filter=Q(delivered_at__isnull=True, next_due__lt=today)),
            late=Count("pk", filter=Q(late_steps__gt=0) & ~Q(delivered_at__isnull=True, next_due__lt=today)),
            on_time=Count("pk", filter=Q(delivered_at__isnull=False, late_steps=0)),
        )
        .order_by()
    )
    for row in grouped:
        stats = rows.get(row["item__batch__agreement__partner"])
        if stats is not None:
            for name in ("received", "completed", "overdue_open", "late", "on_time"):
                setattr(stats, name, row[name])
    return list(rows.values())


def _current_agreement_ids():
    from .models import Agreement

    return Agreement.objects.filter(current_agreements()).values("pk")
