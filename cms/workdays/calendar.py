"""Working-day arithmetic for statutory deadlines (法定期限按工作日计算).

A day is a working day when the admin calendar (``CalendarDay``) says so; otherwise when
chinese-calendar says so for the years it knows; otherwise (a year nobody has entered yet)
when it is Monday to Friday.  ``year_is_known`` tells whether a year's holidays are known,
so screens can warn that a deadline in that year may move.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import chinese_calendar

from .models import CalendarDay, DayKind

#: A deadline search never walks further than this (a year and a half of calendar days).
MAX_SPAN_DAYS = 550


class WorkdayCalendar:
    """Working-day status for a range of dates, read from the database once per instance."""

    def __init__(self, overrides: dict[datetime.date, bool] | None = None) -> None:
        if overrides is None:
            overrides = {d: k == DayKind.WORKDAY for d, k in CalendarDay.objects.values_list("date", "kind")}
        self.overrides = overrides
        self.entered_years = {d.year for d in overrides}

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if _library_knows(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def year_is_known(self, year: int) -> bool:
        return year in self.entered_years or _library_knows(year)

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted).

        Rule: a period counted in working days starts the day after the event (《行政许可法》
        第八十二条: 期限以工作日计算，不含法定节假日); 0 days gives ``start`` itself.
        """
        if days < 0:
            raise ValueError("工作日天数不能为负数。")
        day, counted = start, 0
        for _ in range(MAX_SPAN_DAYS + days * 3):
            if counted == days:
                return day
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        if counted == days:
            return day
        raise ValueError("期限超出可计算范围。")

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        total, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                total += 1
        return total


@lru_cache(maxsize=64)
def _library_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """``start`` plus ``days`` working days, with holidays, 调休 and the admin calendar."""
    return WorkdayCalendar().add_working_days(start, days)


def is_working_day(day: datetime.date) -> bool:
    return WorkdayCalendar().is_working_day(day)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return WorkdayCalendar().working_days_between(start, end)


def year_is_known(year: int) -> bool:
    return WorkdayCalendar().year_is_known(year)
