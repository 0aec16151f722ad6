"""Filters of the case listing (and of its export): state, mode, department, 逾期未核查."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from wagtail.admin.filters import WagtailFilterSet

from cms.core.models import local_today
from cms.departments.models import Department

from .choices import CaseState, IdType, Mode
from .models import CommitmentCase, CreditRecord


class CaseFilterSet(WagtailFilterSet):
    overdue = django_filters.ChoiceFilter(
        label="逾期未核查", choices=(("yes", "只看逾期未核查"),), method="filter_overdue", empty_label="全部",
    )
    state = django_filters.ChoiceFilter(label="状态", choices=CaseState.choices, empty_label="全部")
    mode = django_filters.ChoiceFilter(label="办理方式", choices=Mode.choices, empty_label="全部")
    department = django_filters.ModelChoiceFilter(
        label="实施部门", field_name="item__department", queryset=Department.objects.all(), empty_label="全部",
    )
    id_type = django_filters.ChoiceFilter(label="证件类型", choices=IdType.choices, empty_label="全部")

    class Meta:
        model = CommitmentCase
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet[CommitmentCase], name: str, value: str):
        return queryset.overdue(local_today()) if value == "yes" else queryset


class CreditFilterSet(WagtailFilterSet):
    cleared = django_filters.ChoiceFilter(
        label="修复状态", choices=(("no", "未修复"), ("yes", "已修复")), method="filter_cleared", empty_label="全部",
    )

    class Meta:
        model = CreditRecord
        fields = ["kind"]

    def filter_cleared(self, queryset, name: str, value: str):
        if value == "no":
            return queryset.filter(cleared_on__isnull=True)
        if value == "yes":
            return queryset.filter(cleared_on__isnull=False)
        return queryset


def filter_cases(queryset: QuerySet[CommitmentCase], params) -> QuerySet[CommitmentCase]:
    """``queryset`` narrowed by the listing's filter parameters (invalid values are ignored)."""
    filterset = CaseFilterSet(params, queryset=queryset)
    if not filterset.is_valid():
        return queryset
    return filterset.qs
