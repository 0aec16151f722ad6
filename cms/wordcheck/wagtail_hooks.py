"""Admin menu “错敏词库”: the dictionary of wrong and sensitive words.

Rule: shown and usable only with the ``wordcheck.*_wordentry`` permissions, held by superusers
and the 门户编辑 group; department staff see no menu item and are refused the views.  Saving or
deleting an entry bumps the dictionary version (``signals``), so every process rebuilds its
matcher.  The list's “more” menu leads to the .xlsx import and export (``admin_views``).
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from . import admin_views
from .models import WordEntry


def _exception_count(entry: WordEntry) -> str:
    count = len(entry.exception_list())
    return f"{count} 条" if count else ""


class WordEntryIndexView(IndexView):
    """The list, with 导入 Excel and 导出 Excel in its “more” menu for those allowed."""

    @cached_property
    def header_more_buttons(self) -> list:
        buttons = list(super().header_more_buttons)
        user = self.request.user
        if admin_views.may_import(user):
            buttons.append(Button("导入 Excel", url=reverse("wagtailsnippets_wordcheck_wordentry:import"),
                                  icon_name="upload", priority=50))
        if admin_views.may_export(user):
            buttons.append(Button("导出 Excel", url=reverse("wagtailsnippets_wordcheck_wordentry:export"),
                                  icon_name="download", priority=60))
        return buttons


class WordEntryViewSet(SnippetViewSet):
    """错敏词库: list filtered by kind and state, searchable by word, correction and note."""

    model = WordEntry
    icon = "warning"
    menu_label = "错敏词库"
    menu_name = "wordcheck-words"
    menu_order = 240
    add_to_admin_menu = True
    list_display = [
        "word",
        "kind",
        "correction",
        Column("exception_count", label="例外短语", accessor=_exception_count),
        "note",
        BooleanColumn("enabled", label="启用"),
        "updated_at",
    ]
    list_filter = ["kind", "enabled"]
    search_fields = ["word", "correction", "note", "exceptions"]
    ordering = ["kind", "word"]
    list_per_page = 50
    index_view_class = WordEntryIndexView

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("import/", admin_views.ImportWordsView.as_view(), name="import"),
            path("export.xlsx", admin_views.export_words, name="export"),
        ]


register_snippet(WordEntryViewSet)
