"""Credit: star ratings from three sources, sanctions, objections and complaints.

Rules (DESIGN, issue 5 point 7):
- a rating is 1–5 stars from one source: 业主 (the owner, from its evaluation), 监管部门 (the
  regulator) or 服务中心 (the centre, i.e. the operator);
- the agency's rating = the weighted mean of the mean stars of each source present, weights
  owner : regulator : centre = 5 : 3 : 2 (``RATING_WEIGHTS``); a source with no rating is left out
  and the weights of the others are renormalised; rounded half-up to 0.01; no rating → None;
- a suspension (暂停入驻) or a blacklisting (列入黑名单), with reason, level (一般/较重/严重) and
  period, stops sign-ups while in force; a blacklisting also delists the agency; a sanction may be
  lifted early with a reason;
- objections (异议, by an agency about a result, within its publicity period) and complaints
  (投诉, by anyone) are recorded and answered by the operator.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Avg
from django.utils import timezone

from cms.core.models import local_today

from ..models import (
    RATING_WEIGHTS,
    Agency,
    CreditRating,
    Grievance,
    Project,
    RatingSource,
    Sanction,
    SanctionKind,
    Selection,
)
from .audit import record
from .errors import MarketplaceError

LEVELS = ("一般", "较重", "严重")


def recompute_rating(agency: Agency) -> Decimal | None:
    """Store and return the agency's 5 : 3 : 2 weighted rating (None without any rating)."""
    means = dict(CreditRating.objects.filter(agency=agency).values_list("source").annotate(mean=Avg("stars"))
                 .values_list("source", "mean"))
    weighted = [(Decimal(RATING_WEIGHTS[source]), Decimal(str(mean))) for source, mean in means.items()
                if source in RATING_WEIGHTS and mean is not None]
    rating = None
    if weighted:
        total = sum(w for w, _ in weighted)
        rating = (sum(w * m for w, m in weighted) / total).quantize(Decimal("0.01"), ROUND_HALF_UP)
    Agency.objects.filter(pk=agency.pk).update(rating=rating)
    agency.rating = rating
    return rating


@transaction.atomic
def add_rating(agency: Agency, source: str, stars: Decimal, *, project: Project | None = None, note: str = "",
               user: Any = None) -> CreditRating:
    """Add one rating (1–5 stars) from ``source`` and recompute the agency's rating."""
    if source not in RatingSource.values:
        raise MarketplaceError("未知的评价来源。")
    try:
        stars = Decimal(str(stars)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    except ArithmeticError as exc:
        raise MarketplaceError("星级格式不正确。") from exc
    if not Decimal(1) <= stars <= Decimal(5):
        raise MarketplaceError("星级应在 1 至 5 之间。")
    if source == RatingSource.CENTRE:
        _require_operator(user, "作出服务中心评价")
    rating = CreditRating.objects.create(agency=agency, source=source, stars=stars, project=project,
                                         note=(note or "").strip()[:300],
                                         rated_by=user if getattr(user, "is_authenticated", False) else None)
    value = recompute_rating(agency)
    record(agency, "rating", f"{agency.name}获得{RatingSource(source).label} {stars} 星，信用星级 {value}", user=user,
           source=source, stars=stars, rating=value, project=project.pk if project else None)
    return rating


def _require_operator(user: Any, what: str) -> None:
    from ..roles import is_operator

    if not is_operator(user):
        raise MarketplaceError(f"只有中介超市运营方可以{what}。")


@transaction.atomic
def impose_sanction(agency: Agency, kind: str, level: str, reason: str, starts_on: datetime.date,
                    ends_on: datetime.date, user: Any) -> Sanction:
    """Suspend or blacklist ``agency`` for a period, with a reason and a level."""
    _require_operator(user, "作出信用惩戒")
    if kind not in SanctionKind.values:
        raise MarketplaceError("请选择处理类型（暂停入驻或列入黑名单）。")
    if level not in LEVELS:
        raise MarketplaceError("请选择情节等级（一般、较重、严重）。")
    reason = (reason or "").strip()
    if not reason:
        raise MarketplaceError("信用惩戒必须填写理由。")
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date):
        raise MarketplaceError("请填写惩戒期限。")
    if ends_on < starts_on:
        raise MarketplaceError("结束日期不能早于开始日期。")
    sanction = Sanction.objects.create(agency=agency, kind=kind, level=level, reason=reason, starts_on=starts_on,
                                       ends_on=ends_on, created_by=user)
    record(sanction, "impose", f"{agency.name}被{sanction.get_kind_display()}（{level}，{starts_on:%Y-%m-%d} 至 "
           f"{ends_on:%Y-%m-%d}）：{reason}"[:300], user=user, agency=agency.pk, kind=kind, level=level,
           starts_on=starts_on, ends_on=ends_on)
    return sanction


@transaction.atomic
def lift_sanction(s: Sanction, user: Any, *, reason: str = "") -> Sanction:
    """Lift a sanction early (信用修复); it stops counting at once."""
    _require_operator(user, "解除信用惩戒")
    s = Sanction.objects.select_for_update().select_related("agency").get(pk=s.pk)
    if s.lifted_at is not None:
        raise MarketplaceError("该惩戒已解除。")
    if s.ends_on < local_today():
        raise MarketplaceError("该惩戒已到期，无需解除。")
    s.lifted_at = timezone.now()
    s.save(update_fields=["lifted_at"])
    record(s, "lift", f"提前解除{s.agency.name}的{s.get_kind_display()}" + (f"：{reason}" if reason else ""), user=user,
           agency=s.agency_id, reason=reason)
    return s


@transaction.atomic
def file_grievance(kind: str, *, submitter: str, contact: str, content: str, project: Project | None = None,
                   agency: Agency | None = None, today: datetime.date | None = None) -> Grievance:
    """Record an objection (异议: an agency, about a result in its publicity period) or a complaint."""
    submitter, contact, content = (submitter or "").strip(), (contact or "").strip(), (content or "").strip()
    if kind not in Grievance.Kind.values:
        raise MarketplaceError("请选择异议或投诉。")
    if not submitter or not contact or not content:
        raise MarketplaceError("请填写提出人、联系方式和具体内容。")
    if kind == Grievance.Kind.OBJECTION:
        if project is None or agency is None:
            raise MarketplaceError("异议须由报名机构针对具体项目提出。")
        selection = Selection.objects.filter(project=project).first()
        if selection is None:
            raise MarketplaceError("该项目尚未公示选取结果，暂不能提出异议。")
        if not project.signups.filter(agency=agency).exists():
            raise MarketplaceError("只有报名该项目的机构可以提出异议。")
        if (today or local_today()) > selection.publicity_until:
            raise MarketplaceError(f"中选公示期已于 {selection.publicity_until:%Y-%m-%d} 结束，不能再提出异议。")
    grievance = Grievance.objects.create(kind=kind, project=project, agency=agency, submitter=submitter[:100],
                                         contact=contact[:100], content=content)
    record(grievance, "file", f"{submitter}提出{grievance.get_kind_display()}" + (
        f"（项目 {project.number}）" if project else ""), project=project.pk if project else None)
    return grievance


@transaction.atomic
def answer_grievance(g: Grievance, answer: str, user: Any) -> Grievance:
    """The operator answers an open objection or complaint."""
    _require_operator(user, "答复异议和投诉")
    answer = (answer or "").strip()
    if not answer:
        raise MarketplaceError("请填写答复内容。")
    g = Grievance.objects.select_for_update().get(pk=g.pk)
    if g.status == Grievance.Status.ANSWERED:
        raise MarketplaceError("该异议或投诉已答复。")
    g.status, g.answer, g.answered_at, g.answered_by = Grievance.Status.ANSWERED, answer, timezone.now(), user
    g.save(update_fields=["status", "answer", "answered_at", "answered_by"])
    record(g, "answer", f"答复{g.submitter}的{g.get_kind_display()}", user=user)
    return g
