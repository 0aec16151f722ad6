"""Forms of the column-check admin: start a run, filter findings, mark fixed, choose trend departments."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.db.models import Q, QuerySet

from cms.departments.models import Department

from ..models import OPEN_STATUSES, Finding, FindingStatus, RuleCode, Severity

SITE_LEVEL = "site"

#: Status filter: "open" is every finding not yet closed (未销号); "waiting" is the status 待整改.
STATUS_FILTERS = {
    "open": ("未销号（全部待处理）", Q(status__in=OPEN_STATUSES)),
    "waiting": (FindingStatus.OPEN.label, Q(status=FindingStatus.OPEN)),
    "acknowledged": (FindingStatus.ACKNOWLEDGED.label, Q(status=FindingStatus.ACKNOWLEDGED)),
    "fixed": (FindingStatus.FIXED.label, Q(status=FindingStatus.FIXED)),
    "closed": (FindingStatus.CLOSED.label, Q(status=FindingStatus.CLOSED)),
}
DEFAULT_STATUS = "open"
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class RunStartForm(forms.Form):
    """立即检查: the whole site, or one department."""

    department = forms.ModelChoiceField(
        label="检查范围", queryset=Department.objects.order_by("order", "name"), required=False,
        empty_label="全站（所有部门和首页）",
    )


class FindingFilterForm(forms.Form):
    """Filters of 问题清单; the department filter is offered to editors only."""

    department = forms.ChoiceField(label="部门", required=False)
    rule = forms.ChoiceField(label="问题类型", required=False, choices=[("", "全部类型"), *RuleCode.choices])
    severity = forms.ChoiceField(label="性质", required=False, choices=[("", "全部"), *Severity.choices])
    status = forms.ChoiceField(
        label="整改状态", required=False,
        choices=[("", "全部状态"), *((key, label) for key, (label, _) in STATUS_FILTERS.items())],
    )
    overdue = forms.BooleanField(label="只看逾期", required=False)
    month = forms.CharField(label="发现月份", required=False, widget=forms.TextInput(attrs={"type": "month"}),
                            help_text="格式：2026-11")

    def __init__(self, data, *, editor: bool, **kwargs) -> None:
        data = data.copy()
        if "status" not in data:
            data["status"] = DEFAULT_STATUS  # the list opens on what still needs work
        super().__init__(data, **kwargs)
        if editor:
            departments = Department.objects.order_by("order", "name").values_list("pk", "name")
            self.fields["department"].choices = [("", "全部部门"), (SITE_LEVEL, "全站公共部分（首页、导航）"),
                                                 *((str(pk), name) for pk, name in departments)]
        else:
            del self.fields["department"]

    def clean_month(self) -> datetime.date | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError("请按“年-月”填写，例如 2026-11。")
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)

    def filter(self, findings: QuerySet[Finding], today: datetime.date) -> QuerySet[Finding]:
        """``findings`` narrowed by the valid filters (an invalid field is ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        department = data.get("department")
        if department == SITE_LEVEL:
            findings = findings.filter(department__isnull=True)
        elif department:
            findings = findings.filter(department_id=int(department))
        if data.get("rule"):
            findings = findings.filter(rule=data["rule"])
        if data.get("severity"):
            findings = findings.filter(severity=data["severity"])
        if data.get("status"):
            findings = findings.filter(STATUS_FILTERS[data["status"]][1])
        if data.get("overdue"):
            findings = findings.filter(status__in=OPEN_STATUSES, deadline__lt=today)
        month = data.get("month")
        if month:
            following = (month + datetime.timedelta(days=32)).replace(day=1)
            findings = findings.filter(first_seen__gte=month, first_seen__lt=following)
        return findings


class FixForm(forms.Form):
    """标记已整改: what was done (required)."""

    note = forms.CharField(label="整改说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                           help_text="写明整改的内容和结果，例如已补充发布的信息或已修正的链接。")


class TrendForm(forms.Form):
    """得分排名: the departments whose trend is drawn (editors choose; default the top 10)."""

    department = forms.TypedMultipleChoiceField(
        label="显示部门", required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, data, *, departments: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields["department"].choices = departments

    def chosen(self) -> list[int]:
        return list(self.cleaned_data["department"]) if self.is_valid() else []
