"""Step transitions of a proxy case (代收代办件): one step at a time, dated, audit-logged.

Rules enforced here (国办发〔2020〕35号, 异地代收代办):
- the only step that can be recorded is the next one (收件 → 初审 → 寄递 → 收到办理结果 → 送达办结);
- its date is not before the previous step's date and not after today;
- 寄递 needs a 快递单号;
- the case row is locked while the step is written, so two clerks cannot record it twice;
- every transition writes a ``crossprovince.step`` log entry (who, which step, date, due date,
  late or not) in the same transaction.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.log_actions import log

from cms.core.models import local_today

from .models import STEP_BY_KEY, ProxyCase
from .validators import clean_tracking_number

STEP_ACTION = "crossprovince.step"


class StepError(ValidationError):
    """A step that cannot be recorded; the message says why, in Chinese."""


@transaction.atomic
def record_step(case: ProxyCase, step_key: str, on: datetime.date | None, *, user=None,
                tracking_number: str = "") -> ProxyCase:
    """Record step ``step_key`` of ``case`` on date ``on``; return the updated case."""
    case = ProxyCase.objects.select_for_update().select_related("item__batch__agreement").get(pk=case.pk)
    step = STEP_BY_KEY.get(step_key)
    if step is None:
        raise StepError("未知的办理环节。")
    expected = case.next_step()
    if expected is None:
        raise StepError("该办件已办结，不能再办理其他环节。")
    if step.key != expected.key:
        if case.step_date(step) is not None:
            raise StepError(f"“{step.label}”环节已于 {case.step_date(step):%Y-%m-%d} 办理，不能重复办理。")
        raise StepError(f"当前应办理“{expected.label}”环节，不能跳过直接办理“{step.label}”。")
    if on is None:
        raise StepError(f"请填写“{step.label}”日期。")
    if on > local_today():
        raise StepError(f"“{step.label}”日期不能晚于今天。")
    done = case.done_steps()
    previous = done[-1] if done else None
    if previous is not None and on < case.step_date(previous):
        raise StepError(
            f"“{step.label}”日期（{on:%Y-%m-%d}）不能早于“{previous.label}”日期（{case.step_date(previous):%Y-%m-%d}）。"
        )
    due = case.next_due
    if step.key == "posted":
        try:
            case.tracking_number = clean_tracking_number(tracking_number)
        except ValidationError as exc:
            raise StepError(exc.messages[0]) from exc
    setattr(case, step.field, on)
    case.save()
    data = {"step": step.key, "label": step.label, "date": on.isoformat(),
            "due": due.isoformat() if due else None, "late": bool(due and on > due)}
    if step.key == "posted":
        data["tracking_number"] = case.tracking_number
    log(case, STEP_ACTION, user=user, data=data)
    return case
