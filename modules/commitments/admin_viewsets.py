"""The “告知承诺制” admin menu: items, cases, credit records, the overdue list and statistics.

Rules:
- listings show a department's staff their own department's rows only (``get_queryset``); the
  service centre and portal editors see all;
- the edit, delete, copy, history, usage and inspect views refuse a row of another department
  (``PermissionDenied``) even when its address is typed in;
- an item's status change (草稿/已发布/已停止) is logged as ``commitments.item_status`` and a new
  case as ``commitments.case_register``, besides Wagtail's own create/edit/delete entries.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log
from wagtail.snippets.views import snippets as generic

from . import admin_views, services
from .choices import CaseState
from .filters import CaseFilterSet, CreditFilterSet
from .forms import CommitmentCaseForm, CommitmentItemForm, CreditRecordForm
from .models import CommitmentCase, CommitmentItem, CreditRecord
from .permissions import cases_for, credit_records_for, items_for, may_clear_credit, may_manage, may_verify, may_view


def _department_of(obj: Any) -> int | None:
    return obj.department_id


class ScopedObjectMixin:
    """Refuse an object of another department: ``change`` views need may_manage, others may_view."""

    scope = "view"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        user = self.request.user
        allowed = may_manage(user, _department_of(obj)) if self.scope == "change" else may_view(
            user, _department_of(obj))
        if not allowed:
            raise PermissionDenied
        return obj


class ScopedEdit(ScopedObjectMixin, generic.EditView):
    scope = "change"


class ScopedDelete(ScopedObjectMixin, generic.DeleteView):
    """Delete, or explain why not: an item with cases and a case with a credit record are kept."""

    scope = "change"

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, "该记录已有关联的承诺办件或信用记录，不能删除；"
                                         "不再实行告知承诺的事项，请将状态改为“已停止”。")
            return redirect(self.get_success_url())


class ScopedCopy(ScopedObjectMixin, generic.CopyView):
    scope = "change"


class ScopedHistory(ScopedObjectMixin, generic.HistoryView):
    pass


class ScopedUsage(ScopedObjectMixin, generic.UsageView):
    pass


class ScopedInspect(ScopedObjectMixin, generic.InspectView):
    pass


class ItemEditView(ScopedEdit):
    def save_instance(self):
        previous = CommitmentItem.objects.filter(pk=self.object.pk).values_list("status", flat=True).first()
        with transaction.atomic():
            instance = super().save_instance()
            if previous != instance.status:
                services.log_item_status(instance, previous, user=self.request.user)
        return instance


class ItemCreateView(generic.CreateView):
    def save_instance(self):
        with transaction.atomic():
            instance = super().save_instance()
            services.log_item_status(instance, "", user=self.request.user)
        return instance


class ScopedViews:
    edit_view_class = ScopedEdit
    delete_view_class = ScopedDelete
    copy_view_class = ScopedCopy
    history_view_class = ScopedHistory
    usage_view_class = ScopedUsage
    inspect_view_class = ScopedInspect


class CommitmentItemViewSet(ScopedViews, generic.SnippetViewSet):
    """承诺事项: the list each department keeps and publishes."""

    model = CommitmentItem
    icon = "doc-full"
    menu_label = "承诺事项"
    menu_name = "commitment-items"
    add_view_class = ItemCreateView
    edit_view_class = ItemEditView
    list_display = ["name", "department", "area", "verification_days", "status", "updated_at"]
    list_filter = ["status", "area", "department"]
    search_fields = ["name", "legal_basis", "replaced"]
    ordering = ["department__order", "name"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            MultiFieldPanel([FieldPanel("name"), FieldRowPanel([FieldPanel("department"), FieldPanel("status")]),
                             FieldPanel("guide"), FieldRowPanel([FieldPanel("area")]), FieldPanel("involved_areas")],
                            heading="事项信息"),
            MultiFieldPanel([FieldPanel("legal_basis"), FieldPanel("replaced"), FieldPanel("notice_conditions"),
                             FieldPanel("notice_materials")], heading="行政机关告知"),
            MultiFieldPanel([FieldPanel("commitment_text"), FieldPanel("liability")], heading="申请人承诺"),
            MultiFieldPanel([FieldPanel("verification_method"), FieldPanel("verification_days")],
                            heading="事中事后核查"),
        ],
        base_form_class=CommitmentItemForm,
    )

    def get_queryset(self, request: HttpRequest):
        return items_for(request.user)


def _state(case: CommitmentCase) -> str:
    if case.is_overdue:
        return format_html('<strong style="color:#cd4444">⚠ 逾期未核查（截止 {}）</strong>', case.due_on)
    if case.state in (CaseState.VERIFIED_TRUE, CaseState.VERIFIED_FALSE) and case.verified_on_time is False:
        return f"{case.get_state_display()}（逾期核查）"
    return case.get_state_display()


class CaseIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.state == CaseState.PENDING and may_verify(self.request.user, instance):
            buttons.append(Button("核查", url=reverse("commitments_case_verify", args=[instance.pk]),
                                  icon_name="tasks", priority=5))
        return buttons

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        query = self.request.GET.urlencode()
        url = reverse("commitments_cases_export") + (f"?{query}" if query else "")
        buttons.append(HeaderButton("导出 Excel", url=url, icon_name="download"))
        return buttons


class CaseCreateView(generic.CreateView):
    def save_instance(self):
        with transaction.atomic():
            instance = super().save_instance()
            log(instance, services.REGISTER, user=self.request.user, data={
                "item": instance.item.name, "mode": instance.get_mode_display(),
                "accepted_on": instance.accepted_on.isoformat(), "due_on": instance.due_on.isoformat(),
            })
        return instance


class CommitmentCaseViewSet(ScopedViews, generic.SnippetViewSet):
    """承诺办件: cases with their verification (核查 button) and the 逾期未核查 filter."""

    model = CommitmentCase
    icon = "tasks"
    menu_label = "承诺办件"
    menu_name = "commitment-cases"
    index_view_class = CaseIndexView
    add_view_class = CaseCreateView
    list_display = [
        "applicant_name", Column("item", label="事项", accessor="item"), "mode", "accepted_on", "due_on",
        Column("state_flag", label="状态", accessor=_state),
    ]
    filterset_class = CaseFilterSet
    search_fields = ["applicant_name", "id_number", "item__name"]
    ordering = ["-accepted_on", "-id"]
    list_per_page = 50
    edit_handler = ObjectList(
        [FieldPanel("item"), FieldRowPanel([FieldPanel("applicant_name"), FieldPanel("mode")]),
         FieldRowPanel([FieldPanel("id_type"), FieldPanel("id_number")]), FieldPanel("accepted_on")],
        base_form_class=CommitmentCaseForm,
    )

    def get_queryset(self, request: HttpRequest):
        return cases_for(request.user)


class CreditIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.cleared_on is None and may_clear_credit(self.request.user):
            buttons.append(Button("信用修复", url=reverse("commitments_credit_clear", args=[instance.pk]),
                                  icon_name="success", priority=5))
        return buttons


def _cleared(record: CreditRecord) -> str:
    if record.cleared_on:
        return f"已修复（{record.cleared_on:%Y-%m-%d}）"
    return format_html('<strong style="color:#cd4444">{}</strong>', "未修复，不适用告知承诺制")


class CreditCreateView(generic.CreateView):
    """A credit record entered by hand (严重失信, or a false commitment found elsewhere)."""

    def save_instance(self):
        self.form.instance.recorded_by = self.request.user
        with transaction.atomic():
            instance = super().save_instance()
            log(instance, services.CREDIT_RECORD, user=self.request.user, data={"kind": instance.get_kind_display()})
        return instance


class CreditRecordViewSet(ScopedViews, generic.SnippetViewSet):
    """信用记录: false commitments (from verification) and serious bad-credit entries (entered here)."""

    model = CreditRecord
    icon = "warning"
    menu_label = "信用记录"
    menu_name = "commitment-credit"
    index_view_class = CreditIndexView
    add_view_class = CreditCreateView
    list_display = ["applicant_name", "id_number", "kind", "recorded_on", Column("cleared", label="修复状态",
                                                                                accessor=_cleared)]
    filterset_class = CreditFilterSet
    search_fields = ["applicant_name", "id_number", "reason"]
    ordering = ["-recorded_on", "-id"]
    list_per_page = 50
    edit_handler = ObjectList(
        [FieldRowPanel([FieldPanel("applicant_name"), FieldPanel("kind")]),
         FieldRowPanel([FieldPanel("id_type"), FieldPanel("id_number")]), FieldPanel("reason"),
         FieldPanel("recorded_on")],
        base_form_class=CreditRecordForm,
    )

    def get_queryset(self, request: HttpRequest):
        return credit_records_for(request.user)


class _CaseViewerMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.can_view_cases(request.user)


class OverdueViewSet(ViewSet):
    """逾期未核查 (``/admin/commitments-overdue/``)."""

    name = "commitments_overdue"
    url_prefix = "commitments-overdue"
    icon = "warning"
    menu_label = "逾期未核查"
    menu_name = "commitment-overdue"
    menu_item_class = _CaseViewerMenuItem

    def get_urlpatterns(self) -> list[Any]:
        return [path("", admin_views.OverdueView.as_view(), name="index")]


class StatisticsViewSet(ViewSet):
    """统计 (``/admin/commitments-statistics/``)."""

    name = "commitments_statistics"
    url_prefix = "commitments-statistics"
    icon = "table"
    menu_label = "统计"
    menu_name = "commitment-statistics"
    menu_item_class = _CaseViewerMenuItem

    def get_urlpatterns(self) -> list[Any]:
        return [path("", admin_views.StatisticsView.as_view(), name="index")]


class CommitmentsGroup(generic.SnippetViewSetGroup):
    """The “告知承诺制” menu; hidden when none of its items is shown to the user."""

    menu_label = "告知承诺制"
    menu_icon = "doc-full-inverse"
    menu_name = "commitments"
    menu_order = 250
    items = (CommitmentItemViewSet, CommitmentCaseViewSet, CreditRecordViewSet, OverdueViewSet, StatisticsViewSet)
