"""The filters of the public project notice list: keyword, category, state, owner, date range.

Rules: every value comes from the query string and may be anything; a bad value (an unknown
category, state or owner, a malformed date, a range that ends before it starts) is reported in
Chinese next to the form and that filter is left out, the others still apply — the page never
fails on bad input. Only public states can be chosen (never 草稿). Dates are 发布日期, inclusive,
in the portal's time zone.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from cms.departments.models import Department

from ..models import PUBLIC_STATES, Project, ProjectState, ServiceCategory

MAX_QUERY = 50
STATE_CHOICES = [("", "全部状态")] + [(s, ProjectState(s).label) for s in PUBLIC_STATES]


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label="项目名称或编号", required=False, max_length=MAX_QUERY,
                        error_messages={"max_length": "关键词不能超过 %(limit_value)d 个字。"})
    category = forms.ModelChoiceField(
        label="服务类型", required=False, queryset=ServiceCategory.objects.all(), to_field_name="code",
        empty_label="全部服务类型", error_messages={"invalid_choice": "没有这个服务类型。"},
    )
    state = forms.ChoiceField(label="项目状态", required=False, choices=STATE_CHOICES,
                              error_messages={"invalid_choice": "没有这个项目状态。"})
    owner = forms.ModelChoiceField(
        label="业主单位", required=False, queryset=Department.objects.none(), to_field_name="slug",
        empty_label="全部业主单位", error_messages={"invalid_choice": "没有这个业主单位。"},
    )
    date_from = forms.DateField(label="发布日期自", required=False, input_formats=["%Y-%m-%d"],
                                widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": "日期格式应为 年-月-日，例如 2026-01-31。"})
    date_to = forms.DateField(label="至", required=False, input_formats=["%Y-%m-%d"],
                              widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": "日期格式应为 年-月-日，例如 2026-01-31。"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ServiceCategory.objects.filter(projects__state__in=PUBLIC_STATES) \
            .distinct().order_by("order", "name")
        self.fields["owner"].queryset = Department.objects.filter(marketplace_projects__state__in=PUBLIC_STATES) \
            .distinct().order_by("order", "name")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return cleaned

    def values(self) -> dict:
        """The filters that are valid (a bad one is left out, with its error on the form)."""
        self.is_valid()  # fills cleaned_data with the valid fields, errors with the others
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if name not in self.errors and value not in (None, "")}

    def apply(self, projects: QuerySet[Project]) -> QuerySet[Project]:
        values = self.values()
        q = " ".join((values.get("q") or "").split())
        for word in q.split(" ") if q else ():
            projects = projects.filter(Q(title__icontains=word) | Q(number__iexact=word))
        if "category" in values:
            projects = projects.filter(category=values["category"])
        if "state" in values:
            projects = projects.filter(state=values["state"])
        if "owner" in values:
            projects = projects.filter(owner=values["owner"])
        if "date_from" in values:
            projects = projects.filter(published_at__gte=_day_start(values["date_from"]))
        if "date_to" in values:
            projects = projects.filter(published_at__lt=_day_start(values["date_to"] + datetime.timedelta(days=1)))
        return projects

    def chips(self) -> list[str]:
        """Labels of the filters in force, for the summary line."""
        values = self.values()
        chips = []
        if values.get("q"):
            chips.append(f"“{values['q']}”")
        for name in ("category", "owner"):
            if name in values:
                chips.append(str(values[name]))
        if "state" in values:
            chips.append(ProjectState(values["state"]).label)
        if "date_from" in values or "date_to" in values:
            start = values.get("date_from")
            end = values.get("date_to")
            chips.append(f"{start or '…'} 至 {end or '…'}")
        return chips


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
