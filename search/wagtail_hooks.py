"""Admin menu “站内搜索”: the editors' dictionaries (用户词典, 同义词, 推荐结果) and the search
report (搜索统计).

Rule: each item is shown and usable only with its permission — the dictionaries with their
model permissions, the report with ``search.view_querylog`` — held by superusers and the
门户编辑 group; department staff see no “站内搜索” menu and are refused the views.
Saving or deleting a user word or synonym bumps the lexicon version (``search.signals``),
so every process reloads the dictionaries.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import BestBet, Synonym, UserWord


class UserWordViewSet(SnippetViewSet):
    """用户词典: words the segmenter keeps whole (rules: ``admin_views.UserWordForm``)."""

    model = UserWord
    icon = "doc-full"
    menu_label = "用户词典"
    menu_name = "search-user-words"
    add_view_class = admin_views.UserWordCreateView
    list_display = ["word", "note", "created_at"]
    search_fields = ["word", "note"]
    ordering = ["word"]
    list_per_page = 50
    edit_handler = ObjectList(
        [FieldPanel("word", help_text="2–40 个字符，不含空格和标点，例如：跨省通办。繁体和全角字符会转为简体、半角。"),
         FieldPanel("note")],
        base_form_class=admin_views.UserWordForm,
    )


def _terms(synonym: Synonym) -> str:
    return " = ".join(synonym.term_list())


class SynonymViewSet(SnippetViewSet):
    """同义词: groups of words a query for one of which finds all (rules: ``admin_views.SynonymForm``)."""

    model = Synonym
    icon = "link"
    menu_label = "同义词"
    menu_name = "search-synonyms"
    add_view_class = admin_views.SynonymCreateView
    list_display = [Column("terms", label="同义词", accessor=_terms), "note", "updated_at"]
    search_fields = ["terms", "note"]
    ordering = ["terms"]
    list_per_page = 50
    edit_handler = ObjectList([FieldPanel("terms"), FieldPanel("note")], base_form_class=admin_views.SynonymForm)


def _target(best_bet: BestBet) -> str:
    if best_bet.page_id:
        return f"页面：{best_bet.page.title}"
    return best_bet.url


class BestBetViewSet(SnippetViewSet):
    """推荐结果: pages or addresses pinned to the top for a query (rules: ``admin_views.BestBetForm``)."""

    model = BestBet
    icon = "thumbtack"
    menu_label = "推荐结果"
    menu_name = "search-best-bets"
    add_view_class = admin_views.BestBetCreateView
    list_display = [
        "query",
        Column("display_title", label="标题", accessor="display_title"),
        Column("target", label="链接到", accessor=_target),
        "sort_order",
        BooleanColumn("active", label="启用"),
    ]
    list_filter = ["active"]
    search_fields = ["query", "title", "description"]
    ordering = ["query", "sort_order"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("query", help_text="访客搜索这个词时，推荐结果显示在最前面。"),
            FieldPanel("page", help_text="选择本站页面；或留空并填写下面的网址。"),
            FieldPanel("url"),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("sort_order"),
            FieldPanel("active"),
        ],
        base_form_class=admin_views.BestBetForm,
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[BestBet]:
        """The listing reads each row's page title: one join instead of a query per row."""
        return BestBet.objects.select_related("page")


class SearchReportViewSet(ViewSet):
    """搜索统计 (``/admin/search-report/``) and its export (``/admin/search-report/export.xlsx``),
    both for :func:`admin_views.can_view_report` only."""

    name = "search_report"
    url_prefix = "search-report"
    icon = "table"
    menu_label = "搜索统计"
    menu_name = "search-report"

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", admin_views.SearchReportView.as_view(), name="index"),
            path("export.xlsx", admin_views.export_report, name="export"),
        ]

    @cached_property
    def menu_item_class(self) -> type[MenuItem]:
        class SearchReportMenuItem(MenuItem):
            def is_shown(self, request: HttpRequest) -> bool:
                return admin_views.can_view_report(request.user)

        return SearchReportMenuItem


class SiteSearchGroup(SnippetViewSetGroup):
    """The “站内搜索” menu; hidden when none of its items is shown to the user."""

    menu_label = "站内搜索"
    menu_icon = "search"
    menu_name = "site-search"
    menu_order = 230
    items = (UserWordViewSet, SynonymViewSet, BestBetViewSet, SearchReportViewSet)


register_snippet(SiteSearchGroup)


@hooks.register("register_permissions")
def report_permission() -> QuerySet[Permission]:
    """Offer “查看搜索统计” (``search.view_querylog``) in the admin's group editor, so a
    superuser can grant the report to other groups."""
    return Permission.objects.filter(content_type__app_label="search", codename="view_querylog")
