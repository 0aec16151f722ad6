"""Admin integration of the disclosure app: import log actions, column export and import buttons and URLs."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from cms.columns.models import ColumnPage

from . import views
from .importing.writing import IMPORT_ACTION, IMPORT_RUN_ACTION


@hooks.register("register_log_actions")
def register_import_actions(actions) -> None:
    @actions.register_action(IMPORT_ACTION)
    class ImportedItem(LogFormatter):
        label = "批量导入"

        def format_message(self, log_entry) -> str:
            source = (log_entry.data or {}).get("source")
            return f"从文件“{source}”批量导入并发布" if source else "批量导入并发布"

    @actions.register_action(IMPORT_RUN_ACTION)
    class ImportRun(LogFormatter):
        label = "批量导入条目"

        def format_message(self, log_entry) -> str:
            data = log_entry.data or {}
            source = f"（文件“{data['source']}”）" if data.get("source") else ""
            return f"批量导入 {data.get('created', 0)} 条，跳过已存在的 {data.get('skipped', 0)} 条{source}"


@hooks.register("register_admin_urls")
def register_column_urls():
    return [
        path("disclosure/columns/<int:page_id>/export.xlsx", views.export_column, name="disclosure_export_column"),
        path("disclosure/columns/<int:page_id>/import/", views.ImportItemsView.as_view(),
             name="disclosure_import_column"),
    ]


class ExportColumnButton(PageMenuItem):
    label = "导出 Excel"
    icon_name = "download"

    @property
    def url(self) -> str:
        return reverse("disclosure_export_column", args=[self.page.pk])

    def is_shown(self, user) -> bool:
        return self.page.specific_class is ColumnPage and self.page.permissions_for_user(user).can_edit()


class ImportColumnButton(PageMenuItem):
    label = "导入条目"
    icon_name = "upload"

    @property
    def url(self) -> str:
        return reverse("disclosure_import_column", args=[self.page.pk])

    def is_shown(self, user) -> bool:
        return self.page.specific_class is ColumnPage and views.can_import(self.page, user)


@hooks.register("register_page_header_buttons")
def column_header_buttons(page, user, view_name, next_url=None):
    yield ExportColumnButton(page=page, priority=66)
    yield ImportColumnButton(page=page, priority=67)


@hooks.register("register_page_listing_more_buttons")
def column_listing_buttons(page, user, next_url=None):
    yield ExportColumnButton(page=page, priority=55)
    yield ImportColumnButton(page=page, priority=56)
