"""Proxy case steps: in order, dated, due dates in working days over holidays, overdue flags, audit log."""

from __future__ import annotations

import datetime

import pytest
from wagtail.models import ModelLogEntry

from cms.workdays.models import CalendarDay, DayKind
from modules.crossprovince.models import ProxyCase, Stage
from modules.crossprovince.steps import StepError, record_step

D = datetime.date


def test_due_dates_count_working_days_over_national_day(item_a):
    """2026-09-30 + 5 working days = 2026-10-13: 10-01..10-08 are holidays, Saturday 10-10 is a 调休 workday."""
    item_a.check_days = 5
    item_a.save()
    case = ProxyCase.objects.create(item=item_a, applicant="张伟", received_at=D(2026, 9, 30))
    assert case.next_due == D(2026, 10, 13)
    assert case.stage == Stage.RECEIVED


def test_a_step_done_after_its_due_date_is_late(item_a):
    item_a.check_days = 5
    item_a.save()
    case = ProxyCase.objects.create(item=item_a, applicant="张伟", received_at=D(2026, 9, 30))
    case = record_step(case, "checked", D(2026, 10, 13))
    assert case.late_steps == 0
    case.checked_at = None
    case.save()
    case = record_step(case, "checked", D(2026, 10, 14))
    assert case.late_steps == 1
    assert case.is_overdue  # and 寄递 (due 2026-10-15) is not done either


def test_admin_calendar_holidays_move_the_due_date(item_a):
    CalendarDay.objects.create(date=D(2026, 11, 3), kind=DayKind.HOLIDAY)
    case = ProxyCase.objects.create(item=item_a, applicant="张伟", received_at=D(2026, 11, 2))
    assert case.next_due == D(2026, 11, 4)


def test_steps_run_in_order_to_completion_with_a_log_entry_each(case_a, centre_user):
    # item_a: check 1, post 1, result 10, deliver 2 working days
    record_step(case_a, "checked", D(2026, 11, 3), user=centre_user)
    record_step(case_a, "posted", D(2026, 11, 4), user=centre_user, tracking_number="SF1460000000001")
    case = ProxyCase.objects.get(pk=case_a.pk)
    assert case.stage == Stage.POSTED and case.tracking_number == "SF1460000000001"
    assert case.next_due == D(2026, 11, 18)
    record_step(case, "result", D(2026, 11, 18), user=centre_user)
    case = record_step(case, "delivered", D(2026, 11, 20), user=centre_user)
    assert case.is_completed and case.stage == Stage.DELIVERED and case.next_due is None
    assert case.late_steps == 0 and case.overdue_label() == ""
    logs = ModelLogEntry.objects.filter(object_id=str(case.pk), action="crossprovince.step").order_by("timestamp")
    assert [entry.data["step"] for entry in logs] == ["checked", "posted", "result", "delivered"]
    assert logs[1].data["tracking_number"] == "SF1460000000001"
    assert all(entry.user_id == centre_user.pk for entry in logs)


def test_a_step_cannot_be_skipped(case_a):
    with pytest.raises(StepError) as info:
        record_step(case_a, "posted", D(2026, 11, 3), tracking_number="SF1460000000001")
    assert info.value.messages == ["当前应办理“初审”环节，不能跳过直接办理“寄递”。"]
    assert ProxyCase.objects.get(pk=case_a.pk).posted_at is None


def test_a_step_cannot_be_dated_before_the_previous_one(case_a):
    with pytest.raises(StepError) as info:
        record_step(case_a, "checked", D(2026, 11, 1))
    assert info.value.messages == ["“初审”日期（2026-11-01）不能早于“收件”日期（2026-11-02）。"]


def test_a_step_cannot_be_dated_in_the_future(case_a):
    from cms.core.models import local_today

    with pytest.raises(StepError, match="不能晚于今天"):
        record_step(case_a, "checked", local_today() + datetime.timedelta(days=1))


def test_posting_needs_a_tracking_number(case_a):
    record_step(case_a, "checked", D(2026, 11, 3))
    with pytest.raises(StepError) as info:
        record_step(case_a, "posted", D(2026, 11, 4), tracking_number=" ")
    assert info.value.messages == ["寄递时必须填写快递单号。"]
    assert ProxyCase.objects.get(pk=case_a.pk).posted_at is None


def test_a_done_step_cannot_be_recorded_again(case_a):
    record_step(case_a, "checked", D(2026, 11, 3))
    with pytest.raises(StepError, match="已于 2026-11-03 办理"):
        record_step(case_a, "checked", D(2026, 11, 4))


def test_an_open_case_past_its_due_date_is_overdue(case_a):
    # received 2026-11-02, 初审 due 2026-11-03, not done: overdue today (2026-11 onwards)
    assert case_a.next_due == D(2026, 11, 3)
    assert case_a.is_overdue and case_a.overdue_label() == "逾期"
    assert ProxyCase.objects.filter(next_due__lt=D(2026, 11, 4), delivered_at=None).filter(pk=case_a.pk).exists()


def test_model_validation_reports_steps_out_of_order(case_a):
    case_a.posted_at = D(2026, 11, 5)
    with pytest.raises(Exception) as info:
        case_a.full_clean()
    errors = info.value.message_dict
    assert errors["posted_at"] == ["尚未“初审”，不能办理“寄递”。"]
    assert errors["tracking_number"] == ["寄递时必须填写快递单号。"]


def test_case_numbers_are_given_on_creation(case_a, case_b):
    assert case_a.number == f"KS2026{case_a.pk:06d}"
    assert case_a.number != case_b.number
