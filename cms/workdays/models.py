"""Days the State Council's holiday notice changes: a holiday on a weekday, or a 调休 working weekend.

chinese-calendar knows only the years up to its release; each December the State Council
publishes the next year's arrangement (《国务院办公厅关于××年部分节假日安排的通知》), and an
editor enters it here so deadlines running into that year stay right.  An entry here always
wins over chinese-calendar, which also lets a county correct a local arrangement.
"""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假（非工作日）"
    WORKDAY = "workday", "调休上班（工作日）"


class CalendarDay(models.Model):
    """One day whose working status is set by a holiday notice."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("节日名称", max_length=30, help_text="例如：春节、国庆节。")
    notice = models.CharField("依据通知", max_length=100, blank=True,
                              help_text="例如：国务院办公厅关于2027年部分节假日安排的通知。")

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name"), FieldPanel("notice")]

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"
