"""Audit-log label of the guide import (``guides.import``), registered with Wagtail's log registry."""

from __future__ import annotations

from wagtail import hooks
from wagtail.log_actions import LogFormatter


def register_guide_import_action(actions) -> None:
    """Register ``guides.import`` with a Chinese label and a message naming the file and the result."""
    from .writing import IMPORT_ACTION, STATUS_LABELS

    @actions.register_action(IMPORT_ACTION)
    class ImportedGuide(LogFormatter):
        label = "从 Excel 导入办事指南"

        def format_message(self, log_entry) -> str:
            data = log_entry.data or {}
            verb = "新建" if data.get("created") else "更新"
            source = f"文件“{data['source']}”" if data.get("source") else "Excel 文件"
            status = STATUS_LABELS.get(data.get("status", ""), "")
            missing = data.get("missing") or []
            lacking = f"，缺少：{'、'.join(missing)}" if missing else ""
            return f"从{source}{verb}（{status}{lacking}）"


hooks.register("register_log_actions", register_guide_import_action)
