"""Admin menu “错敏词库”: the dictionary of wrong and sensitive words.

Rule: shown and usable only with the ``wordcheck.*_wordentry`` permissions, held by superusers
and the 门户编辑 group; department staff see no menu item and are refused the views.  Saving or
deleting an entry bumps the dictionary version (``signals``), so every process rebuilds its
matcher.
"""

from __future__ import annotations

from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import WordEntry


def _exception_count(entry: WordEntry) -> str:
    count = len(entry.exception_list())
    return f"{count} 条" if count else ""


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


register_snippet(WordEntryViewSet)
