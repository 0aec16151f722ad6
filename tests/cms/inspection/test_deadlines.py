"""Rectification deadlines count Chinese working days: holidays and 调休 respected."""

from __future__ import annotations

import datetime

import pytest

from cms.inspection.models import Finding, InspectionSettings
from cms.inspection.runner import execute_inline, start_run
from cms.workdays.models import CalendarDay, DayKind

pytestmark = pytest.mark.django_db


def _deadline(dept, today) -> datetime.date:
    run = execute_inline(start_run(department=dept, today=today, enqueue=False))
    return Finding.objects.filter(first_seen_run=run).values_list("deadline", flat=True).first()


def test_five_working_days_skip_the_national_day_holiday(dept_a):
    # Found on 2026-09-30 (Wed): 10-01..10-07 is the holiday, 10-10 (Sat) a 调休 working day:
    # 10-08, 10-09, 10-10, 10-12, 10-13.
    assert _deadline(dept_a, datetime.date(2026, 9, 30)) == datetime.date(2026, 10, 13)


def test_plain_week_is_five_weekdays(dept_a):
    assert _deadline(dept_a, datetime.date(2026, 11, 20)) == datetime.date(2026, 11, 27)


def test_admin_calendar_entries_move_the_deadline(dept_a):
    CalendarDay.objects.create(date=datetime.date(2027, 1, 4), kind=DayKind.HOLIDAY, name="测试假日")
    # 2026-12-31 (Thu) + 5 working days: 01-01 holiday, 01-04 entered as holiday → 01-08.
    assert _deadline(dept_a, datetime.date(2026, 12, 31)) == datetime.date(2027, 1, 8)


def test_the_number_of_days_is_a_setting(dept_a):
    settings = InspectionSettings.current()
    settings.rectification_working_days = 1
    settings.save()
    assert _deadline(dept_a, datetime.date(2026, 11, 20)) == datetime.date(2026, 11, 23)
