"""Admin integration of the 跨省通办 module: the menu group, custom views and log actions."""

from __future__ import annotations

from django.urls import path
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_views
from .admin_viewsets import CrossProvinceGroup
from .importing import IMPORT_ACTION
from .models import CrossItem, ProxyCase
from .permissions import DepartmentScopedPolicy
from .steps import STEP_ACTION

register_permission_policy(CrossItem, DepartmentScopedPolicy(CrossItem))
register_permission_policy(ProxyCase, DepartmentScopedPolicy(ProxyCase))
register_snippet(CrossProvinceGroup)


@hooks.register("register_admin_urls")
def register_crossprovince_urls():
    return [
        path("crossprovince/batches/import/", admin_views.BatchImportView.as_view(),
             name="crossprovince_batch_import"),
        path("crossprovince/agreements/<int:pk>/items.xlsx", admin_views.export_items,
             name="crossprovince_export_items"),
        path("crossprovince/cases/<int:pk>/progress/", admin_views.case_progress,
             name="crossprovince_case_progress"),
        path("crossprovince/statistics/", admin_views.statistics, name="crossprovince_statistics"),
    ]


@hooks.register("register_log_actions")
def register_crossprovince_actions(actions) -> None:
    @actions.register_action(STEP_ACTION)
    class CaseStep(LogFormatter):
        label = "代收代办环节"

        def format_message(self, log_entry) -> str:
            data = log_entry.data or {}
            late = "（逾期）" if data.get("late") else ""
            tracking = f"，快递单号 {data['tracking_number']}" if data.get("tracking_number") else ""
            return f"{data.get('date', '')} 办理“{data.get('label', '')}”{late}{tracking}"

    @actions.register_action(IMPORT_ACTION)
    class BatchImport(LogFormatter):
        label = "批量添加事项"

        def format_message(self, log_entry) -> str:
            data = log_entry.data or {}
            source = f"（文件“{data['source']}”）" if data.get("source") else ""
            return f"新增第{data.get('number', '')}批事项 {data.get('items', 0)} 个{source}"
