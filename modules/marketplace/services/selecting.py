"""Selection (选取) by the four methods; a project has one selection at most (a draw is never repeated).

Rules (issue 5 point 4):
- 随机抽取: at 选取时间, ``lottery.draw`` over the qualified sign-ups' credit codes with the
  project number and the secret committed at publication (checked against the commitment
  first); the selection stores every input (candidates, commitment, revealed secret, seed, index,
  algorithm) so anyone can re-run the draw;
- 竞价选取: at 选取时间, the lowest valid amount (or the highest 下浮率) of the opened quotes
  (``bidding.rank_quotes``: ties to the earlier quote, then by the lottery rule);
- 直接选取: the owner picks a qualified sign-up, from 选取时间 on, with a stated reason;
- 择优选取: named scorers score every qualified sign-up on every published criterion; the total of
  a sign-up is the mean over scorers of each scorer's sum; the highest total wins, ties to the
  earlier sign-up; the owner closes the scoring when every score is in;
- after the selection the project is 已选取 and the result notice (中选公示) is public until
  ``publicity_until`` = the decision day + ``publicity_days`` working days; the winner is told.
Because ``Selection.project`` is unique, a second run does nothing (and a race fails safely).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction

from cms.workdays.calendar import add_working_days

from ..models import (
    MeritCriterion,
    MeritScore,
    Project,
    ProjectState,
    QuoteMethod,
    Selection,
    SelectionMethod,
    SignUp,
)
from . import lottery
from .bidding import Quote, rank_quotes
from .errors import MarketplaceError
from .notices import notify_agency
from .states import label, local_day, locked, move, now_or, require_owner

CENT = Decimal("0.01")
BIDDING_RULE = ("报价金额最低者中选（下浮率项目为下浮率最高者中选）；超过最高限价（未设最高限价时为预算）或下浮率不在 0～100 之间的报价无效；"
                "报价相同时，报价时间在先者中选；报价和报价时间均相同时，按随机抽取规则（LOTTERY.md）依次抽取排序。")
MERIT_RULE = "每位评分人对各评分项打分求和，各评分人合计的平均值为总分，总分最高者中选；总分相同时，报名在先者中选。"


def _prices(project: Project, signup: SignUp) -> tuple[Decimal | None, Decimal | None]:
    """The selected price (元) and rate (%): a rate is applied to the ceiling (最高限价 or budget)."""
    quote = signup.opened_quote
    if quote is None:
        return None, None
    if project.quote_method == QuoteMethod.RATE:
        base = project.max_price if project.max_price is not None else project.budget
        return (base * (1 - quote / 100)).quantize(CENT, ROUND_HALF_UP), quote.quantize(CENT, ROUND_HALF_UP)
    return quote.quantize(CENT, ROUND_HALF_UP), None


def _qualified(project: Project) -> list[SignUp]:
    return list(project.signups.filter(qualified=True).select_related("agency").order_by("created_at", "pk"))


def _select(project: Project, signup: SignUp, *, inputs: dict, reason: str, user: Any,
            now: datetime.datetime) -> Selection:
    amount, rate = _prices(project, signup)
    day = local_day(now)
    try:
        with transaction.atomic():
            selection = Selection.objects.create(
                project=project, agency=signup.agency, method=project.method, amount=amount, rate=rate,
                reason=reason, inputs=inputs, decided_at=now,
                decided_by=user if getattr(user, "is_authenticated", False) else None,
                publicity_until=add_working_days(day, project.publicity_days))
    except IntegrityError as exc:
        raise MarketplaceError("该项目已有选取结果，不能重复选取。") from exc
    move(project, ProjectState.SELECTED, user=user, summary=(
        f"项目 {project.number} {project.get_method_display()}：{signup.agency.name}中选"),
        agency=signup.agency.pk, amount=amount, rate=rate, publicity_until=selection.publicity_until)
    notify_agency(signup.agency, f"【中介服务超市】贵机构在项目 {project.number} 中选", (
        f"贵机构在项目“{project.title}”（{project.number}）中以{project.get_method_display()}方式中选，"
        f"中选公示至 {selection.publicity_until:%Y-%m-%d}。请登录机构专区上传合同备案。"), project_number=project.number)
    return selection


def _ready(project: Project, now: datetime.datetime, method: str) -> None:
    if project.method != method:
        raise MarketplaceError(f"该项目的选取方式为“{project.get_method_display()}”。")
    if project.state != ProjectState.SELECTING:
        raise MarketplaceError(f"项目当前为“{label(project.state)}”，不在选取阶段。")
    if Selection.objects.filter(project=project).exists():
        raise MarketplaceError("该项目已有选取结果，不能重复选取。")
    if now < project.selection_at:
        raise MarketplaceError(f"未到选取时间（{local_day(project.selection_at):%Y-%m-%d}）。")


def lottery_inputs(project: Project, signups: list[SignUp]) -> tuple[lottery.DrawResult, dict]:
    """The draw of a 随机抽取 project and its published inputs; checks the secret first."""
    if not lottery.verify_commitment(project.lottery_secret, project.lottery_commitment):
        raise MarketplaceError("抽取随机值与发布时公开的承诺值不符，已停止抽取，请联系中介超市运营方。")
    names = {s.agency.credit_code: s.agency.name for s in signups}
    result = lottery.draw(project.number, project.lottery_secret, list(names))
    codes = lottery.ordered(list(names))
    return result, {
        "algorithm": result.algorithm, "algorithm_text": lottery.ALGORITHM_TEXT, "project_number": project.number,
        "commitment": project.lottery_commitment, "secret": project.lottery_secret,
        "candidates": [{"code": c, "name": names[c]} for c in codes], "seed": result.seed_hex,
        "index": result.index, "winner": result.winner,
    }


def run_selection(project: Project, *, now: datetime.datetime | None = None) -> Selection | None:
    """At 选取时间: decide a 随机抽取 or 竞价选取 project. Returns None when nothing was done
    (already decided, not 选取中, or a method the owner decides)."""
    now = now_or(now)
    with transaction.atomic():
        project = locked(project)
        if project.state != ProjectState.SELECTING or Selection.objects.filter(project=project).exists():
            return None
        if project.method not in (SelectionMethod.LOTTERY, SelectionMethod.BIDDING):
            return None
        if now < project.selection_at:
            raise MarketplaceError(f"未到选取时间（{local_day(project.selection_at):%Y-%m-%d}）。")
        signups = _qualified(project)
        if project.method == SelectionMethod.LOTTERY:
            result, inputs = lottery_inputs(project, signups)
            winner = next(s for s in signups if s.agency.credit_code == result.winner)
            return _select(project, winner, inputs=inputs, user=None, now=now,
                           reason=f"随机抽取：{len(signups)} 家合格机构中抽取第 {result.index + 1} 家。")
        return _bid(project, signups, now)


def _bid(project: Project, signups: list[SignUp], now: datetime.datetime) -> Selection | None:
    by_code = {s.agency.credit_code: s for s in signups}
    quotes = [Quote(key=code, value=s.opened_quote, quoted_at=s.quoted_at, signup_id=s.pk) for code, s in by_code.items()]
    ceiling = project.max_price if project.max_price is not None else project.budget
    ranked = rank_quotes(quotes, project.quote_method, ceiling, project_number=project.number,
                         secret=project.lottery_secret)
    if not ranked:
        project.void_reason = "选取时无有效报价。"
        move(project, ProjectState.VOID, fields=("void_reason",), summary=f"项目 {project.number} 无效：无有效报价")
        return None
    unit = "%" if project.quote_method == QuoteMethod.RATE else "元"
    inputs = {
        "rule": BIDDING_RULE, "quote_method": project.quote_method, "ceiling": ceiling,
        "commitment": project.lottery_commitment, "secret": project.lottery_secret,
        "quotes": [{"rank": i + 1, "code": q.key, "name": by_code[q.key].agency.name, "value": str(q.value),
                    "quoted_at": q.quoted_at.isoformat() if q.quoted_at else None} for i, q in enumerate(ranked)],
        "invalid": [{"code": q.key, "name": by_code[q.key].agency.name} for q in quotes
                    if q.key not in {r.key for r in ranked}],
    }
    inputs = _jsonable(inputs)
    best = ranked[0]
    return _select(project, by_code[best.key], inputs=inputs, user=None, now=now,
                   reason=f"竞价选取：{len(ranked)} 家有效报价，最优报价 {best.value:.2f} {unit}。")


def _jsonable(data: Any) -> Any:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@transaction.atomic
def select_directly(project: Project, signup: SignUp, reason: str, user: Any, *,
                    now: datetime.datetime | None = None) -> Selection:
    """直接选取: the owner picks a qualified sign-up, with a stated reason."""
    now = now_or(now)
    require_owner(user, project, "直接选取中介机构")
    project = locked(project)
    _ready(project, now, SelectionMethod.DIRECT)
    reason = (reason or "").strip()
    if not reason:
        raise MarketplaceError("直接选取必须说明选取理由。")
    signup = SignUp.objects.select_related("agency").filter(pk=signup.pk, project=project).first()
    if signup is None or not signup.qualified:
        raise MarketplaceError("只能在资格审查合格的报名机构中选取。")
    candidates = _qualified(project)
    inputs = {"candidates": [{"code": s.agency.credit_code, "name": s.agency.name} for s in candidates],
              "chosen": signup.agency.credit_code}
    return _select(project, signup, inputs=inputs, reason=reason, user=user, now=now)


@transaction.atomic
def record_merit_score(signup: SignUp, criterion: MeritCriterion, scorer: str, points: Decimal, *,
                       user: Any = None) -> MeritScore:
    """One named scorer's points for a qualified sign-up on a published criterion (re-scoring replaces)."""
    signup = SignUp.objects.select_related("project", "agency").get(pk=signup.pk)
    project = signup.project
    if user is not None:
        require_owner(user, project, "录入评分")
    if project.method != SelectionMethod.MERIT:
        raise MarketplaceError("只有择优选取的项目需要评分。")
    if project.state != ProjectState.SELECTING or Selection.objects.filter(project=project).exists():
        raise MarketplaceError(f"项目当前为“{label(project.state)}”，不能评分。")
    if criterion.project_id != project.pk:
        raise MarketplaceError("评分项不属于该项目。")
    if not signup.qualified:
        raise MarketplaceError("只对资格审查合格的报名机构评分。")
    scorer = (scorer or "").strip()
    if not scorer:
        raise MarketplaceError("请填写评分人姓名。")
    try:
        points = Decimal(str(points))
    except ArithmeticError as exc:
        raise MarketplaceError("得分格式不正确。") from exc
    if not points.is_finite() or points < 0 or points > criterion.max_points:
        raise MarketplaceError(f"“{criterion.name}”的得分应在 0 至 {criterion.max_points} 之间。")
    if points.as_tuple().exponent < -1:
        raise MarketplaceError("得分最多保留一位小数。")
    score, _ = MeritScore.objects.update_or_create(criterion=criterion, signup=signup, scorer=scorer,
                                                   defaults={"points": points})
    return score


def merit_totals(project: Project) -> list[dict]:
    """Each qualified sign-up's sums per scorer and total (mean of the sums), best first."""
    signups = _qualified(project)
    criteria = list(project.criteria.all())
    scores = list(MeritScore.objects.filter(signup__in=signups, criterion__in=criteria))
    scorers = sorted({s.scorer for s in scores})
    have = {(s.signup_id, s.criterion_id, s.scorer) for s in scores}
    missing = [f"{s.agency.name}“{c.name}”（{who}）" for s in signups for c in criteria for who in scorers
               if (s.pk, c.pk, who) not in have]
    if not scores or missing:
        raise MarketplaceError("评分尚未完成：" + ("没有评分" if not scores else "、".join(missing[:10])) + "。")
    rows = []
    for order, signup in enumerate(signups):
        sums = {who: sum((s.points for s in scores if s.signup_id == signup.pk and s.scorer == who), Decimal(0))
                for who in scorers}
        total = sum(sums.values(), Decimal(0)) / len(scorers)
        rows.append({"signup": signup, "order": order, "sums": sums, "total": total})
    rows.sort(key=lambda r: (-r["total"], r["order"]))
    return rows


@transaction.atomic
def finish_merit(project: Project, user: Any, *, now: datetime.datetime | None = None) -> Selection:
    """择优选取: close the scoring; the highest total wins (ties: the earlier sign-up)."""
    now = now_or(now)
    require_owner(user, project, "确定择优选取结果")
    project = locked(project)
    _ready(project, now, SelectionMethod.MERIT)
    rows = merit_totals(project)
    criteria = list(project.criteria.all())
    inputs = _jsonable({
        "rule": MERIT_RULE,
        "criteria": [{"name": c.name, "description": c.description, "max_points": c.max_points} for c in criteria],
        "scorers": sorted(rows[0]["sums"]),
        "ranking": [{"rank": i + 1, "code": r["signup"].agency.credit_code, "name": r["signup"].agency.name,
                     "sums": r["sums"], "total": r["total"].quantize(CENT, ROUND_HALF_UP)}
                    for i, r in enumerate(rows)],
    })
    best = rows[0]
    return _select(project, best["signup"], inputs=inputs, user=user, now=now,
                   reason=f"择优选取：总分 {best['total'].quantize(CENT, ROUND_HALF_UP)} 分，排名第一。")


__all__ = ["finish_merit", "lottery_inputs", "merit_totals", "record_merit_score", "run_selection",
           "select_directly"]
