"""Admin integration: the “告知承诺制” menu, the verify/clear/export URLs and the log labels."""

from __future__ import annotations

from django.urls import path
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from . import admin_views, services
from .admin_viewsets import CommitmentsGroup

register_snippet(CommitmentsGroup)


@hooks.register("register_admin_urls")
def register_commitment_urls():
    return [
        path("commitments/cases/<int:pk>/verify/", admin_views.VerifyCaseView.as_view(),
             name="commitments_case_verify"),
        path("commitments/credit/<int:pk>/clear/", admin_views.ClearCreditView.as_view(),
             name="commitments_credit_clear"),
        path("commitments/cases/export.xlsx", admin_views.export_cases, name="commitments_cases_export"),
    ]


def _data(entry) -> dict:
    return entry.data or {}


@hooks.register("register_log_actions")
def register_commitment_actions(actions) -> None:
    @actions.register_action(services.REGISTER)
    class CaseRegistered(LogFormatter):
        label = "登记承诺办件"

        def format_message(self, log_entry) -> str:
            data = _data(log_entry)
            return f"登记办件（{data.get('mode', '')}），受理 {data.get('accepted_on', '')}，核查截止 {data.get('due_on', '')}"

    @actions.register_action(services.VERIFY_TRUE)
    class VerifiedTrue(LogFormatter):
        label = "核查属实"

        def format_message(self, log_entry) -> str:
            data = _data(log_entry)
            late = "" if data.get("on_time", True) else "（逾期核查）"
            return f"{data.get('verified_on', '')} 核查属实{late}"

    @actions.register_action(services.VERIFY_FALSE)
    class VerifiedFalse(LogFormatter):
        label = "核查不实"

        def format_message(self, log_entry) -> str:
            data = _data(log_entry)
            late = "" if data.get("on_time", True) else "（逾期核查）"
            return f"{data.get('verified_on', '')} 核查不实{late}，处理措施：{data.get('action', '')}"

    @actions.register_action(services.CREDIT_RECORD)
    class CreditRecorded(LogFormatter):
        label = "记入信用记录"

        def format_message(self, log_entry) -> str:
            data = _data(log_entry)
            return f"记入信用记录（{data.get('kind') or '虚假承诺'}）"

    @actions.register_action(services.CREDIT_CLEAR)
    class CreditCleared(LogFormatter):
        label = "信用修复"

        def format_message(self, log_entry) -> str:
            data = _data(log_entry)
            return f"{data.get('cleared_on', '')} 信用修复：{data.get('reason', '')}"

    @actions.register_action(services.ITEM_STATUS)
    class ItemStatusChanged(LogFormatter):
        label = "事项状态变更"

        def format_message(self, log_entry) -> str:
            data = _data(log_entry)
            before = data.get("from") or "新建"
            return f"事项状态：{before} → {data.get('to', '')}"
