"""State changes of cases and credit records, each in one transaction and in the audit log.

Rules:
- a case is registered only when the applicant may use the chosen mode (``applicant_excluded``
  for 告知承诺; anyone may submit the proof);
- only a 待核查 case can be verified; the verification date is compared with the due date and
  the result recorded as on time or late;
- a false commitment needs the action taken and writes a credit record (国办发〔2020〕42号: 对虚假
  承诺的，依法终止办理、责令限期整改、撤销行政决定或者予以行政处罚，并纳入信用记录);
- a credit record is cleared only once, with a reason.
Every change is logged with ``wagtail.log_actions.log`` (actions ``commitments.*``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.log_actions import log

from cms.core.models import local_today

from .choices import CaseState, CreditKind, FalseAction, ItemStatus, Mode
from .models import CommitmentCase, CommitmentItem, CreditRecord
from .models.cases import EXCLUDED_APPLICANT, applicant_excluded, blocking_record

__all__ = [
    "EXCLUDED_APPLICANT", "applicant_excluded", "blocking_record", "clear_credit", "register_case",
    "set_item_status", "verify_case",
]

REGISTER = "commitments.case_register"
VERIFY_TRUE = "commitments.verify_true"
VERIFY_FALSE = "commitments.verify_false"
CREDIT_RECORD = "commitments.credit_record"
CREDIT_CLEAR = "commitments.credit_clear"
ITEM_STATUS = "commitments.item_status"


@transaction.atomic
def register_case(case: CommitmentCase, *, user: Any = None) -> CommitmentCase:
    """Validate and save a new case (due date from the working-day calendar) and log it."""
    if case.pk is not None:
        raise ValidationError("该办件已登记。")
    case.full_clean(exclude=["due_on"])
    case.save()
    log(case, REGISTER, user=user, data={
        "item": case.item.name, "mode": case.get_mode_display(), "accepted_on": case.accepted_on.isoformat(),
        "due_on": case.due_on.isoformat(),
    })
    return case


@transaction.atomic
def verify_case(
    case: CommitmentCase, *, truthful: bool, note: str = "", action: str = "", user: Any = None,
    on: datetime.date | None = None,
) -> CommitmentCase:
    """Record the verification of a 待核查 case; a false commitment also gets a credit record."""
    case = CommitmentCase.objects.select_for_update().select_related("item").get(pk=case.pk)
    if case.mode != Mode.COMMITMENT:
        raise ValidationError("该办件以提交证明方式办理，无需核查承诺。")
    if case.state != CaseState.PENDING:
        raise ValidationError(f"该办件已核查（{case.get_state_display()}），不能重复核查。")
    on = on or local_today()
    if on < case.accepted_on:
        raise ValidationError("核查日期不能早于受理日期。")
    if on > local_today():
        raise ValidationError("核查日期不能晚于今天。")
    note = (note or "").strip()
    if not truthful:
        if action not in FalseAction.values:
            raise ValidationError("核查不实的，必须选择处理措施：终止办理、责令整改、撤销决定或行政处罚。")
        if not note:
            raise ValidationError("核查不实的，必须填写核查情况（虚假承诺的具体内容）。")
    elif action:
        raise ValidationError("核查属实的办件不需要处理措施。")
    case.state = CaseState.VERIFIED_TRUE if truthful else CaseState.VERIFIED_FALSE
    case.verified_on = on
    case.verified_on_time = on <= case.due_on
    case.verification_note = note
    case.action = "" if truthful else action
    case.verified_by = user if getattr(user, "is_authenticated", False) else None
    case.save()
    data = {"verified_on": on.isoformat(), "due_on": case.due_on.isoformat(), "on_time": case.verified_on_time}
    if truthful:
        log(case, VERIFY_TRUE, user=user, data=data)
        return case
    data.update(action=case.get_action_display(), note=note)
    log(case, VERIFY_FALSE, user=user, data=data)
    record = CreditRecord.objects.create(
        kind=CreditKind.FALSE_COMMITMENT, applicant_name=case.applicant_name, id_type=case.id_type,
        id_number=case.id_number, case=case, recorded_on=on, recorded_by=case.verified_by,
        reason=f"办理“{case.item.name}”时虚假承诺：{note}（处理措施：{case.get_action_display()}）",
    )
    log(record, CREDIT_RECORD, user=user, data={"case": case.pk, "action": case.get_action_display()})
    return case


@transaction.atomic
def clear_credit(record: CreditRecord, *, reason: str, user: Any = None,
                 on: datetime.date | None = None) -> CreditRecord:
    """信用修复: clear an uncleared credit record with a reason; the applicant may commit again."""
    record = CreditRecord.objects.select_for_update().get(pk=record.pk)
    if record.cleared_on is not None:
        raise ValidationError(f"该信用记录已于 {record.cleared_on:%Y-%m-%d} 修复，不能重复修复。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写修复理由（例如：已完成整改并提交信用修复申请）。")
    on = on or local_today()
    if on < record.recorded_on:
        raise ValidationError("修复日期不能早于记录日期。")
    record.cleared_on = on
    record.cleared_by = user if getattr(user, "is_authenticated", False) else None
    record.clear_reason = reason
    record.save()
    log(record, CREDIT_CLEAR, user=user, data={"cleared_on": on.isoformat(), "reason": reason})
    return record


@transaction.atomic
def record_bad_credit(record: CreditRecord, *, user: Any = None) -> CreditRecord:
    """Enter a serious bad-credit record (严重失信) that excludes the applicant from commitment."""
    record.kind = CreditKind.SERIOUS_BAD_CREDIT
    record.full_clean()
    record.recorded_by = user if getattr(user, "is_authenticated", False) else None
    record.save()
    log(record, CREDIT_RECORD, user=user, data={"kind": record.get_kind_display()})
    return record


@transaction.atomic
def set_item_status(item: CommitmentItem, status: str, *, user: Any = None) -> CommitmentItem:
    """Publish, stop or return an item to draft, logging the change."""
    if status not in ItemStatus.values:
        raise ValidationError("未知的事项状态。")
    previous = item.status
    if previous == status:
        return item
    item.status = status
    item.full_clean()
    item.save()
    log_item_status(item, previous, user=user)
    return item


def log_item_status(item: CommitmentItem, previous: str, *, user: Any = None) -> None:
    log(item, ITEM_STATUS, user=user, data={
        "from": ItemStatus(previous).label if previous in ItemStatus.values else previous,
        "to": item.get_status_display(),
    })
