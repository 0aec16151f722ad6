"""Working days: national holidays, 调休 make-up days and the admin calendar for unknown years."""

from __future__ import annotations

import datetime

import pytest

from cms.workdays.calendar import (
    WorkdayCalendar,
    add_working_days,
    is_working_day,
    working_days_between,
    year_is_known,
)
from cms.workdays.models import CalendarDay, DayKind

D = datetime.date

pytestmark = pytest.mark.django_db


def test_national_day_and_its_make_up_saturday():
    # 2026: 国庆节 10-01..10-07 off; Saturday 10-10 is a 调休 working day.
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert is_working_day(D(2026, 10, 10)) is True
    assert is_working_day(D(2026, 10, 5)) is False


def test_spring_festival_make_up_saturday_counts():
    assert is_working_day(D(2026, 2, 14)) is True  # Saturday before 春节, 调休
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)


def test_zero_days_is_the_start_and_negative_is_refused():
    assert add_working_days(D(2026, 11, 20), 0) == D(2026, 11, 20)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 20), -1)


def test_working_days_between_is_symmetric():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 13)) == 5
    assert working_days_between(D(2026, 10, 13), D(2026, 9, 30)) == -5
    assert working_days_between(D(2026, 11, 20), D(2026, 11, 20)) == 0


def test_unknown_year_falls_back_to_weekends():
    calendar = WorkdayCalendar(overrides={})
    assert calendar.year_is_known(2026) is True
    assert calendar.year_is_known(2031) is False
    assert calendar.add_working_days(D(2031, 1, 3), 1) == D(2031, 1, 6)  # Friday → Monday


def test_admin_entries_win_and_make_the_year_known():
    assert year_is_known(2031) is False
    CalendarDay.objects.create(date=D(2031, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    CalendarDay.objects.create(date=D(2031, 1, 4), kind=DayKind.WORKDAY, name="元旦调休")
    assert year_is_known(2031) is True
    # 2030-12-31 (Tue) + 3: 1-01 off, 1-02 Thu, 1-03 Fri, 1-04 Sat (调休).
    assert add_working_days(D(2030, 12, 31), 3) == D(2031, 1, 4)
    # An entry also overrides a year the library knows.
    CalendarDay.objects.create(date=D(2026, 11, 23), kind=DayKind.HOLIDAY, name="本地安排")
    assert is_working_day(D(2026, 11, 23)) is False
