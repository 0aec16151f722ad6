"""Projects: publication, sign-ups, sealed quotes, the deadlines and the rest of the life cycle.

Rules (issue 5 points 3, 4 and 9):
- publishing a draft checks the notice (报名截止 in the future, 选取时间 not before it, 最高限价
  not above the budget, published criteria for 择优选取), gives it its number (ZJ<year>-<4-digit
  serial>, per year of publication) and, for 随机抽取 and 竞价选取, a secret whose SHA-256 is
  published as ``lottery_commitment`` (the secret decides draws and exact ties, see LOTTERY.md);
- agencies sign up while the project is 报名中 and before 报名截止, when ``may_bid`` allows it;
  they may quote (and re-quote) until the deadline: the quote is sealed at once (``sealing``) and
  ``quote_visible`` is False for everyone before the deadline;
- at 报名截止 (``close_signup``, run by ``advance_due_projects`` every minute) the sign-ups are
  checked again as of the deadline day (approval, sanctions, qualifications), the quotes opened
  (``opened_quote``) and checked; 竞价选取 needs a valid quote; none qualified → 无效 and the
  owner's people are told by e-mail; else → 选取中;
- at 选取时间 随机抽取 and 竞价选取 decide by themselves (``selecting.run_selection``); 直接选取 and
  择优选取 wait for the owner;
- after the selection: 已选取 → 服务中 once the owner confirmed the contract → 服务完成; the
  owner (or the operator) may 中止 a project with a reason.
Every move is checked against ``TRANSITIONS`` and logged (``states.move``).
"""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ..models import Agency, Contract, Project, ProjectState, SelectionMethod, SignUp
from . import lottery
from .agencies import may_bid
from .audit import record
from .bidding import quote_problem
from .errors import MarketplaceError
from .notices import notify_owner
from .sealing import open_sealed, seal
from .selecting import finish_merit, record_merit_score, run_selection, select_directly
from .states import label, local_day, locked, move, now_or, require_owner

__all__ = [
    "advance_due_projects", "ceiling", "close_signup", "complete_service", "confirm_contract", "finish_merit",
    "publish_project", "quote_visible", "record_merit_score", "run_selection", "select_directly", "sign_up",
    "start_service", "submit_quote", "terminate", "withdraw",
]

logger = logging.getLogger("modules.marketplace")
NUMBER_PREFIX = "ZJ"
NUMBER_LOCK = 0x5A4A_0000  # advisory-lock key of the project numbers ("ZJ"), plus the year
#: Methods whose project gets a committed secret at publication (draws and exact ties).
SECRET_METHODS = (SelectionMethod.LOTTERY, SelectionMethod.BIDDING)


def ceiling(project: Project) -> Decimal | None:
    """The highest valid amount of a quote: 最高限价, or the budget when none was set."""
    return project.max_price if project.max_price is not None else project.budget


def _check_notice(project: Project, now: datetime.datetime) -> None:
    project.full_clean(exclude=["number", "created_by"])
    if project.budget <= 0:
        raise MarketplaceError("预算金额应大于 0。")
    if project.max_price is not None and project.max_price > project.budget:
        raise MarketplaceError("最高限价不能高于预算金额。")
    if project.signup_deadline <= now:
        raise MarketplaceError("报名截止时间应晚于发布时间。")
    if project.selection_at < project.signup_deadline:
        raise MarketplaceError("选取时间不能早于报名截止时间。")
    if not project.category.active:
        raise MarketplaceError(f"服务类型“{project.category}”已停用，不能发布项目。")
    if project.method == SelectionMethod.MERIT and not project.criteria.exists():
        raise MarketplaceError("择优选取的项目须在发布前设置评分项（评分标准随公告公开）。")


def _next_number(year: int) -> str:
    """The next free number of ``year``. On PostgreSQL publications take their numbers one at a
    time (a transaction-scoped advisory lock); elsewhere the unique constraint and a retry do."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NUMBER_LOCK + year])
    prefix = f"{NUMBER_PREFIX}{year}-"
    serials = [int(n.rsplit("-", 1)[1]) for n in Project.objects.filter(number__startswith=prefix)
               .values_list("number", flat=True) if n.rsplit("-", 1)[1].isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:04d}"


@transaction.atomic
def publish_project(project: Project, user: Any, *, now: datetime.datetime | None = None) -> Project:
    """Publish a draft: checked notice, number, lottery commitment, state 报名中."""
    now = now_or(now)
    require_owner(user, project, "发布项目")
    if project.pk is None:
        project.save()
    project = locked(project)
    if project.state != ProjectState.DRAFT:
        raise MarketplaceError(f"项目当前为“{label(project.state)}”，不能再次发布。")
    _check_notice(project, now)
    if project.method in SECRET_METHODS:
        project.lottery_secret = lottery.new_secret()
        project.lottery_commitment = lottery.commitment(project.lottery_secret)
    project.published_at = now
    project.created_by = project.created_by or (user if getattr(user, "is_authenticated", False) else None)
    fields = ("number", "published_at", "created_by", "lottery_secret", "lottery_commitment")
    for _ in range(10):
        project.number = _next_number(local_day(now).year)
        try:
            with transaction.atomic():
                move(project, ProjectState.SIGNUP, user=user, fields=fields,
                     summary=f"发布项目 {project.number}“{project.title}”", commitment=project.lottery_commitment,
                     signup_deadline=project.signup_deadline, selection_at=project.selection_at)
            return project
        except IntegrityError:  # another project took the number at the same moment
            project.state = ProjectState.DRAFT
    raise MarketplaceError("项目编号生成冲突，请稍后重试。")


def _open_for_signup(project: Project, now: datetime.datetime) -> None:
    if project.state != ProjectState.SIGNUP:
        raise MarketplaceError(f"项目当前为“{label(project.state)}”，不在报名期内。")
    if now >= project.signup_deadline:
        raise MarketplaceError(f"报名已于 {local_day(project.signup_deadline):%Y-%m-%d} 截止。")


@transaction.atomic
def sign_up(project: Project, agency: Agency, *, now: datetime.datetime | None = None) -> SignUp:
    """Sign ``agency`` up for ``project``; ``MarketplaceError`` says why not."""
    now = now_or(now)
    project = Project.objects.select_related("category").get(pk=project.pk)
    _open_for_signup(project, now)
    allowed, why = may_bid(agency, project.category, local_day(now), required_level=project.required_level)
    if not allowed:
        raise MarketplaceError(why)
    if SignUp.objects.filter(project=project, agency=agency).exists():
        raise MarketplaceError("已报名该项目，不能重复报名。")
    try:
        with transaction.atomic():
            signup = SignUp.objects.create(project=project, agency=agency)
    except IntegrityError as exc:
        raise MarketplaceError("已报名该项目，不能重复报名。") from exc
    record(signup, "sign_up", f"{agency.name}报名项目 {project.number}", user=agency.user, project=project.pk)
    return signup


def _parse_quote(value: Any) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise MarketplaceError("报价格式不正确，请填写数字。") from exc
    if not amount.is_finite():
        raise MarketplaceError("报价格式不正确，请填写数字。")
    if amount.as_tuple().exponent < -2:
        raise MarketplaceError("报价最多保留两位小数。")
    return amount


@transaction.atomic
def submit_quote(signup: SignUp, value: Decimal, *, now: datetime.datetime | None = None) -> SignUp:
    """Seal the agency's quote (a new one replaces the old) until 报名截止; nobody can read it before."""
    now = now_or(now)
    signup = SignUp.objects.select_for_update().select_related("project", "agency").get(pk=signup.pk)
    project = signup.project
    _open_for_signup(project, now)
    amount = _parse_quote(value)
    problem = quote_problem(amount, project.quote_method, ceiling(project))
    if problem:
        raise MarketplaceError(f"报价无效：{problem}。")
    signup.sealed_quote = seal(amount)
    signup.quoted_at = now
    signup.save(update_fields=["sealed_quote", "quoted_at"])
    record(signup, "quote", f"{signup.agency.name}提交项目 {project.number} 的密封报价", user=signup.agency.user,
           project=project.pk, quoted_at=now)
    return signup


@transaction.atomic
def withdraw(signup: SignUp, *, now: datetime.datetime | None = None) -> None:
    """Withdraw a sign-up (and its quote) before 报名截止."""
    now = now_or(now)
    signup = SignUp.objects.select_for_update().select_related("project", "agency").get(pk=signup.pk)
    _open_for_signup(signup.project, now)
    project, agency = signup.project, signup.agency
    signup.delete()
    record(project, "withdraw", f"{agency.name}撤回对项目 {project.number} 的报名", user=agency.user, agency=agency.pk)


def quote_visible(signup: SignUp, now: datetime.datetime | None = None) -> bool:
    """May anyone (the owner and the operator included) see this quote? Only from 报名截止 on."""
    project = signup.project
    return project.state != ProjectState.DRAFT and now_or(now) >= project.signup_deadline


def _qualify(signup: SignUp, project: Project, day: datetime.date) -> None:
    allowed, why = may_bid(signup.agency, project.category, day, required_level=project.required_level)
    signup.opened_quote = open_sealed(signup.sealed_quote) if signup.sealed_quote else None
    if allowed and (signup.opened_quote is not None or project.method == SelectionMethod.BIDDING):
        why = quote_problem(signup.opened_quote, project.quote_method, ceiling(project))
        allowed = not why
    signup.qualified, signup.disqualified_reason = allowed, ("" if allowed else why[:200])
    signup.save(update_fields=["qualified", "disqualified_reason", "opened_quote"])


def _close_locked(project: Project, now: datetime.datetime) -> Project | None:
    project = locked(project)
    if project.state != ProjectState.SIGNUP:
        if project.state == ProjectState.DRAFT:
            raise MarketplaceError("项目尚未发布。")
        return None
    if now < project.signup_deadline:
        raise MarketplaceError("报名尚未截止，不能开启报价。")
    day = local_day(project.signup_deadline)
    signups = list(project.signups.select_related("agency", "project"))
    for signup in signups:
        _qualify(signup, project, day)
    qualified = [s for s in signups if s.qualified]
    data = {"signups": len(signups), "qualified": len(qualified)}
    if qualified:
        return move(project, ProjectState.SELECTING, summary=(
            f"项目 {project.number} 报名截止：{len(signups)} 家报名，{len(qualified)} 家合格，进入选取"), **data)
    project.void_reason = "报名截止时无机构报名。" if not signups else "报名截止时无合格的报名机构。"
    move(project, ProjectState.VOID, fields=("void_reason",), summary=f"项目 {project.number} 无效：{project.void_reason}",
         **data)
    notify_owner(project, f"【中介服务超市】项目 {project.number} 因无合格报名已无效", (
        f"贵单位发布的项目“{project.title}”（{project.number}）已于 {project.signup_deadline:%Y-%m-%d %H:%M} 报名截止，"
        f"共有 {len(signups)} 家机构报名，其中合格 0 家，项目状态已变为“无效”。\n"
        "如仍需采购该服务，请调整资质要求或报名期限后重新发布项目。"))
    return project


@transaction.atomic
def close_signup(project: Project, *, now: datetime.datetime | None = None) -> Project:
    """At 报名截止: qualify the sign-ups, open the quotes; → 选取中, or 无效 (owner notified).

    Does nothing on a project already past 报名中; refuses before the deadline.
    """
    closed = _close_locked(project, now_or(now))
    return closed if closed is not None else Project.objects.get(pk=project.pk)


@transaction.atomic
def confirm_contract(contract: Contract, user: Any) -> Contract:
    """The owner confirms the contract record (合同备案) the selected agency uploaded."""
    contract = Contract.objects.select_for_update().select_related("project").get(pk=contract.pk)
    project = contract.project
    require_owner(user, project, "确认合同备案")
    if contract.confirmed_at is not None:
        raise MarketplaceError("该合同已确认。")
    if project.state not in (ProjectState.SELECTED, ProjectState.IN_SERVICE):
        raise MarketplaceError(f"项目当前为“{label(project.state)}”，不能确认合同。")
    contract.confirmed_at, contract.confirmed_by = timezone.now(), user
    contract.save(update_fields=["confirmed_at", "confirmed_by"])
    record(contract, "confirm", f"业主确认项目 {project.number} 的合同 {contract.number}", user=user,
           project=project.pk, amount=contract.amount)
    return contract


@transaction.atomic
def start_service(project: Project, user: Any) -> Project:
    """已选取 → 服务中, once the contract is recorded and confirmed by the owner."""
    require_owner(user, project, "开始服务")
    project = locked(project)
    contract = Contract.objects.filter(project=project).first()
    if contract is None or contract.confirmed_at is None:
        raise MarketplaceError("合同备案经业主确认后才能开始服务。")
    return move(project, ProjectState.IN_SERVICE, user=user)


@transaction.atomic
def complete_service(project: Project, user: Any, *, now: datetime.datetime | None = None) -> Project:
    """服务中 → 服务完成; the owner's 180 days to evaluate start now."""
    require_owner(user, project, "确认服务完成")
    project = locked(project)
    project.completed_at = now_or(now)
    return move(project, ProjectState.COMPLETED, user=user, fields=("completed_at",), completed_at=project.completed_at)


@transaction.atomic
def terminate(project: Project, reason: str, user: Any) -> Project:
    """中止 a project (owner or operator) with a stated reason."""
    from ..roles import is_operator, may_manage_project

    if not (may_manage_project(user, project) or is_operator(user)):
        raise MarketplaceError("只有业主单位或中介超市运营方可以中止项目。")
    reason = (reason or "").strip()
    if not reason:
        raise MarketplaceError("中止项目必须填写原因。")
    project = locked(project)
    project.void_reason = reason[:300]
    return move(project, ProjectState.TERMINATED, user=user, fields=("void_reason",),
                summary=f"项目 {project.number} 中止：{reason}"[:300], reason=reason)


def advance_due_projects(now: datetime.datetime | None = None) -> int:
    """Close every project past 报名截止 and decide every lottery/bidding project past 选取时间.

    Each project in its own transaction under a row lock: safe to run twice at once (the second
    finds the state moved and does nothing); a failing project is logged and the others go on.
    Returns the number of projects moved.
    """
    now = now_or(now)
    moved = 0
    due = Project.objects.filter(state=ProjectState.SIGNUP, signup_deadline__lte=now).order_by("signup_deadline")
    for project in due:
        try:
            with transaction.atomic():
                moved += _close_locked(project, now) is not None
        except Exception:
            logger.exception("项目 %s 报名截止处理失败", project.number)
    deciding = Project.objects.filter(state=ProjectState.SELECTING, selection_at__lte=now,
                                      method__in=SECRET_METHODS, selection__isnull=True).order_by("selection_at")
    for project in deciding:
        try:
            moved += run_selection(project, now=now) is not None
        except Exception:
            logger.exception("项目 %s 自动选取失败", project.number)
    return moved

