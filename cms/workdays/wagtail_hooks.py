"""Admin for the working-day calendar (设置 → 节假日安排)."""

from __future__ import annotations

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CalendarDay


class CalendarDayViewSet(SnippetViewSet):
    model = CalendarDay
    icon = "date"
    menu_label = "节假日安排"
    add_to_settings_menu = True
    list_display = ["date", "kind", "name", "notice"]
    list_filter = ["kind"]
    ordering = ["-date"]
    list_per_page = 50


register_snippet(CalendarDayViewSet)
