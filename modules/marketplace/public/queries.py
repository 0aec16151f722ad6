"""What the public may see of the marketplace: the one place public pages, the search index and
the OCDS export ask.

Rules:
- a project is public once published (every state but 草稿); drafts never appear;
- an agency is listed when approved (已入驻) and not blacklisted on the day (a blacklist in force,
  not lifted early); a suspended agency stays listed but cannot sign up;
- who signed up for a project, and any quote, are public only after the sign-up deadline and
  once the project has left 报名中 (the sign-ups have been closed and qualified); before that only
  their number is;
- a sealed quote is never read here: after the deadline the public sees ``opened_quote`` (what the
  closing step decrypted), never ``sealed_quote``.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.utils import timezone

from ..models import (
    PUBLIC_STATES,
    Agency,
    Project,
    ProjectState,
    Sanction,
    SanctionKind,
    SelectionMethod,
    SignUp,
)
from ..services import agencies
from ..services.selecting import BIDDING_RULE, MERIT_RULE

#: Where a project stands once its sign-ups are closed (the deadline has been processed).
CLOSED_STATES = tuple(s for s in PUBLIC_STATES if s != ProjectState.SIGNUP)


def public_projects() -> QuerySet[Project]:
    """Published projects with their owner, category and number of sign-ups (one query)."""
    return (
        Project.objects.filter(state__in=PUBLIC_STATES)
        .select_related("owner", "category")
        .annotate(signup_count=Count("signups", distinct=True))
    )


def signups_public(project: Project, now: datetime.datetime | None = None) -> bool:
    """Whether the public may see who signed up for ``project`` and their opened quotes."""
    now = now or timezone.now()
    return project.state in CLOSED_STATES and project.signup_deadline <= now


def public_signups(project: Project, now: datetime.datetime | None = None) -> list[SignUp]:
    """The sign-ups of ``project`` in the order they came, or none before the deadline."""
    if not signups_public(project, now):
        return []
    return list(
        project.signups.select_related("agency")
        .defer("sealed_quote")
        .order_by("created_at", "pk")
    )


def sanction_in_force(kind: str, day: datetime.date) -> Exists:
    """Whether an agency has a sanction of ``kind`` in force on ``day`` (not lifted early)."""
    return Exists(Sanction.objects.filter(
        agency=OuterRef("pk"), kind=kind, lifted_at__isnull=True, starts_on__lte=day, ends_on__gte=day,
    ))


def listed_agencies(day: datetime.date | None = None) -> QuerySet[Agency]:
    """The public directory (``services.agencies.listed_agencies``: approved, not blacklisted on
    ``day``), best rated first with unrated agencies last on every database; each is annotated with
    ``suspended`` (a suspension in force)."""
    day = day or timezone.localdate()
    return (
        agencies.listed_agencies(day)
        .annotate(suspended=sanction_in_force(SanctionKind.SUSPENSION, day))
        .order_by(F("rating").desc(nulls_last=True), "name", "pk")
    )


def price_of(budget: Decimal, max_price: Decimal | None, amount: Decimal | None,
             rate: Decimal | None) -> Decimal | None:
    """A selected price in yuan: the amount, or for a 下浮率 quote the ceiling (最高限价, else the
    budget) reduced by the rate."""
    if amount is not None:
        return amount
    if rate is not None:
        base = max_price if max_price is not None else budget
        return (base * (Decimal(100) - rate) / Decimal(100)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return None


def selected_price(project: Project) -> Decimal | None:
    """The price of ``project``'s selection (None without one)."""
    selection = getattr(project, "selection", None)
    if selection is None:
        return None
    return price_of(project.budget, project.max_price, selection.amount, selection.rate)


STAR = "★"
EMPTY_STAR = "☆"


def star_text(rating: Decimal | None) -> str:
    """Five stars for a rating of 0–5, rounded to whole stars: ``★★★★☆``; empty for no rating."""
    if rating is None:
        return ""
    full = int(Decimal(rating).quantize(Decimal(1), ROUND_HALF_UP))
    full = max(0, min(5, full))
    return STAR * full + EMPTY_STAR * (5 - full)


METHOD_NOTES = {
    SelectionMethod.DIRECT: "业主单位在资格审查合格的报名机构中直接选定中选机构，并书面说明选取理由。",
    SelectionMethod.LOTTERY: ("在选取时间从资格审查合格的报名机构中随机抽取。抽取所用随机值的 SHA-256 承诺值随公告发布，"
                              "抽取时公开随机值本身，任何人都可以按公开的算法重算并核对结果。"),
    SelectionMethod.BIDDING: ("报名机构在报名截止前提交密封报价，截止前任何人（包括业主单位）都无法查看；截止后开启。"
                              + BIDDING_RULE),
    SelectionMethod.MERIT: "由署名评分人按公告公布的评分项对资格审查合格的报名机构评分。" + MERIT_RULE,
}
