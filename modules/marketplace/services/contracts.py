"""After selection: the contract record (合同备案), service results, the owner's evaluation.

Rules (issue 5 point 6):
- only the selected agency uploads the contract (number, amount, period, signed file: PDF/JPG/PNG
  up to 10 MB), while the project is 已选取 or 服务中; it may replace it until the owner confirms;
  the amount may not exceed the ceiling (最高限价, or the budget);
- only the selected agency uploads service results, while the project is 服务中 or 服务完成;
- the owner evaluates a completed service once, on 服务质量, 时效, 态度, 收费, 规范 (1–5 stars
  each, with a comment), within ``EVALUATION_DAYS`` (180) days of completion; the evaluation's
  mean becomes an owner rating (``credit.add_rating``) of the agency;
- ``remind_evaluations`` (daily) e-mails the owner's people about each completed, unevaluated
  project still in its 180 days, at most once every 30 days per project (``evaluation_reminded_at``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import (
    EVALUATION_DAYS,
    Agency,
    Contract,
    Evaluation,
    Project,
    ProjectState,
    RatingSource,
    Selection,
    ServiceResult,
)
from ..uploads import check_upload
from .audit import record
from .credit import add_rating
from .errors import MarketplaceError
from .notices import notify_owner
from .states import label, local_day, now_or, require_owner

REMINDER_INTERVAL = datetime.timedelta(days=30)
SCORE_FIELDS = {"quality": "服务质量", "timeliness": "时效", "attitude": "态度", "fees": "收费", "conduct": "规范"}


def _winner(project: Project, agency: Agency) -> None:
    selection = Selection.objects.filter(project=project).first()
    if selection is None or selection.agency_id != agency.pk:
        raise MarketplaceError("只有该项目的中选机构可以上传。")


def evaluation_deadline(project: Project) -> datetime.datetime | None:
    """The last moment the owner may evaluate (completion + 180 days)."""
    return project.completed_at + datetime.timedelta(days=EVALUATION_DAYS) if project.completed_at else None


@transaction.atomic
def upload_contract(project: Project, agency: Agency, data: dict, file) -> Contract:
    """The selected agency records (or, before the owner's confirmation, replaces) the contract."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _winner(project, agency)
    if project.state not in (ProjectState.SELECTED, ProjectState.IN_SERVICE):
        raise MarketplaceError(f"项目当前为“{label(project.state)}”，不能上传合同。")
    contract = Contract.objects.filter(project=project).first()
    if contract is not None and contract.confirmed_at is not None:
        raise MarketplaceError("合同已经业主确认，不能修改。")
    number = (data.get("number") or "").strip()
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if not number:
        raise MarketplaceError("请填写合同编号。")
    try:
        amount = Decimal(str(data.get("amount")).strip())
    except (InvalidOperation, ValueError) as exc:
        raise MarketplaceError("合同金额格式不正确。") from exc
    if not amount.is_finite() or amount <= 0:
        raise MarketplaceError("合同金额应大于 0。")
    ceiling = project.max_price if project.max_price is not None else project.budget
    if amount > ceiling:
        raise MarketplaceError(f"合同金额不能超过最高限价（{ceiling} 元）。")
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date):
        raise MarketplaceError("请填写服务开始和结束日期。")
    if ends_on < starts_on:
        raise MarketplaceError("服务结束日期不能早于开始日期。")
    if contract is None and not file:
        raise MarketplaceError("请上传合同扫描件。")
    if file:
        check_upload(file)
    contract = contract or Contract(project=project)
    contract.number, contract.amount, contract.starts_on, contract.ends_on = number, amount, starts_on, ends_on
    if file:
        contract.signed_file = file
    try:
        contract.full_clean(exclude=["project"])
    except ValidationError as exc:
        raise MarketplaceError("；".join(exc.messages)) from exc
    contract.save()
    record(contract, "upload", f"{agency.name}上传项目 {project.number} 的合同 {number}", user=agency.user,
           project=project.pk, amount=amount, starts_on=starts_on, ends_on=ends_on)
    notify_owner(project, f"【中介服务超市】项目 {project.number} 合同待确认",
                 f"中选机构{agency.name}已上传项目“{project.title}”的合同备案（合同编号 {number}，金额 {amount} 元），请登录后台确认。")
    return contract


@transaction.atomic
def upload_result(project: Project, agency: Agency, title: str, file, note: str = "") -> ServiceResult:
    """The selected agency uploads a service result (服务成果) while serving or after completion."""
    _winner(project, agency)
    project = Project.objects.get(pk=project.pk)
    if project.state not in (ProjectState.IN_SERVICE, ProjectState.COMPLETED):
        raise MarketplaceError(f"项目当前为“{label(project.state)}”，不能上传服务成果。")
    title = (title or "").strip()
    if not title:
        raise MarketplaceError("请填写成果名称。")
    check_upload(file)
    result = ServiceResult.objects.create(project=project, title=title[:150], file=file, note=(note or "").strip())
    record(result, "upload", f"{agency.name}上传项目 {project.number} 的服务成果“{title}”", user=agency.user,
           project=project.pk)
    return result


def _stars(scores: dict) -> dict[str, int]:
    values = {}
    for field, name in SCORE_FIELDS.items():
        value = scores.get(field)
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise MarketplaceError(f"请为“{name}”打分（1～5 星）。") from exc
        if str(value).strip() != str(number) or not 1 <= number <= 5:
            raise MarketplaceError(f"“{name}”的评分应为 1～5 的整数。")
        values[field] = number
    return values


@transaction.atomic
def evaluate(project: Project, user: Any, scores: dict, comment: str, *,
             now: datetime.datetime | None = None) -> Evaluation:
    """The owner's one evaluation of a completed service, within 180 days; feeds the owner rating."""
    now = now_or(now)
    project = Project.objects.select_for_update().get(pk=project.pk)
    require_owner(user, project, "评价中介服务")
    if project.state != ProjectState.COMPLETED:
        raise MarketplaceError(f"项目当前为“{label(project.state)}”，服务完成后才能评价。")
    if Evaluation.objects.filter(project=project).exists():
        raise MarketplaceError("该项目已评价，不能重复评价。")
    deadline = evaluation_deadline(project)
    if deadline is not None and now > deadline:
        raise MarketplaceError(f"评价期限已于 {local_day(deadline):%Y-%m-%d} 届满（服务完成后 {EVALUATION_DAYS} 日内评价）。")
    stars = _stars(scores)
    comment = (comment or "").strip()
    if not comment:
        raise MarketplaceError("请填写评价意见。")
    evaluation = Evaluation.objects.create(project=project, comment=comment, evaluated_by=user, **stars)
    agency = Selection.objects.select_related("agency").get(project=project).agency
    add_rating(agency, RatingSource.OWNER, Decimal(str(evaluation.average)), project=project, user=user,
               note=f"项目 {project.number} 业主评价")
    record(evaluation, "evaluate", f"业主评价项目 {project.number}：平均 {evaluation.average:.1f} 星", user=user,
           project=project.pk, **stars)
    return evaluation


def remind_evaluations(now: datetime.datetime | None = None) -> int:
    """Remind owners of completed, unevaluated projects (≤ 1 reminder per project per 30 days)."""
    now = now_or(now)
    window_start = now - datetime.timedelta(days=EVALUATION_DAYS)
    due = (Project.objects.filter(state=ProjectState.COMPLETED, completed_at__gte=window_start,
                                  evaluation__isnull=True).select_related("owner").order_by("completed_at"))
    sent = 0
    for project in due:
        with transaction.atomic():
            project = Project.objects.select_for_update().select_related("owner").get(pk=project.pk)
            last = project.evaluation_reminded_at
            if last is not None and now - last < REMINDER_INTERVAL:
                continue
            deadline = evaluation_deadline(project)
            project.evaluation_reminded_at = now
            project.save(update_fields=["evaluation_reminded_at"])
            notify_owner(project, f"【中介服务超市】请评价项目 {project.number} 的中介服务", (
                f"贵单位的项目“{project.title}”（{project.number}）已于 {local_day(project.completed_at):%Y-%m-%d} 服务完成，"
                f"尚未评价。请于 {local_day(deadline):%Y-%m-%d} 前登录后台，对服务质量、时效、态度、收费、规范作出评价。"))
            record(project, "remind_evaluation", f"提醒业主评价项目 {project.number}", deadline=deadline)
            sent += 1
    return sent
