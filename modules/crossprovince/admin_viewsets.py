"""Snippet viewsets of the 跨省通办 admin menu: partners, agreements, batches, items, cases,
plus the 批量添加事项 and 统计 entries.

Rule: department staff see and edit only their own department's items and cases — the
listings are scoped (``get_queryset``), and the edit, delete and history views refuse any
other row (``PermissionDenied``); service-centre staff and portal editors see all.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.views.snippets import DeleteView, EditView, HistoryView, SnippetViewSet, SnippetViewSetGroup

from cms.core.models import local_today

from .forms import CrossItemForm, ProxyCaseForm
from .models import Agreement, CrossItem, Direction, ItemBatch, PartnerRegion, ProxyCase, Stage
from .permissions import may_manage, scope_cases, scope_items


class ScopedObjectMixin:
    """Refuse a row of another department (the listing never shows it; a typed URL is refused too)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not may_manage(self.request.user, obj):
            raise PermissionDenied
        return obj


class ScopedEditView(ScopedObjectMixin, EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, DeleteView):
    pass


class ScopedHistoryView(ScopedObjectMixin, HistoryView):
    pass


class PartnerViewSet(SnippetViewSet):
    model = PartnerRegion
    icon = "site"
    menu_label = "合作地区"
    menu_name = "crossprovince-partners"
    list_display = ["county", "city", "province", "region_code", "slug"]
    search_fields = ["county", "city", "province", "region_code"]
    ordering = ["order", "region_code"]
    list_per_page = 50


class AgreementViewSet(SnippetViewSet):
    model = Agreement
    icon = "doc-full"
    menu_label = "合作协议"
    menu_name = "crossprovince-agreements"
    list_display = [
        "title", Column("partner", label="合作地区"), "signed_on", Column("validity_text", label="有效期"),
        Column("get_status_display", label="状态"),
        Column("export", label="事项", accessor=lambda a: format_html(
            '<a href="{}">导出 Excel</a> · <a href="{}">批量添加</a>',
            reverse("crossprovince_export_items", args=[a.pk]),
            reverse("crossprovince_batch_import") + f"?agreement={a.pk}")),
    ]
    list_filter = ["partner"]
    search_fields = ["title"]
    list_per_page = 50

    def get_queryset(self, request):
        return Agreement.objects.select_related("partner")


class BatchViewSet(SnippetViewSet):
    model = ItemBatch
    icon = "list-ol"
    menu_label = "事项批次"
    menu_name = "crossprovince-batches"
    list_display = ["__str__", Column("agreement", label="合作协议"), "added_on", "note"]
    list_filter = ["agreement"]
    list_per_page = 50

    def get_queryset(self, request):
        return ItemBatch.objects.select_related("agreement__partner")


class CrossItemFilterSet(WagtailFilterSet):
    partner = django_filters.ModelChoiceFilter(
        label="合作地区", queryset=PartnerRegion.objects.all(), field_name="batch__agreement__partner",
    )

    class Meta:
        model = CrossItem
        fields = ["mode", "department", "batch"]


class CrossItemViewSet(SnippetViewSet):
    model = CrossItem
    icon = "list-ul"
    menu_label = "通办事项"
    menu_name = "crossprovince-items"
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    list_display = [
        "name", Column("partner", label="合作地区", accessor="batch.agreement.partner.county"),
        Column("batch", label="批次", accessor="batch.number"), "mode", "department", "time_limit",
    ]
    filterset_class = CrossItemFilterSet
    search_fields = ["name", "partner_authority"]
    list_per_page = 50
    edit_handler = ObjectList(CrossItem.panels, base_form_class=CrossItemForm)

    def get_queryset(self, request):
        items = CrossItem.objects.select_related("batch__agreement__partner", "department")
        return scope_items(items, request.user)


class OverdueFilter(django_filters.ChoiceFilter):
    """逾期: 当前逾期 (next step past its due date), 曾逾期 (a step done late), 未逾期."""

    def filter(self, qs, value):
        today = local_today()
        now = Q(delivered_at__isnull=True, next_due__lt=today)
        if value == "now":
            return qs.filter(now)
        if value == "late":
            return qs.filter(late_steps__gt=0)
        if value == "any":
            return qs.filter(now | Q(late_steps__gt=0))
        if value == "none":
            return qs.exclude(now).filter(late_steps=0)
        return qs


class ProxyCaseFilterSet(WagtailFilterSet):
    overdue = OverdueFilter(label="逾期", empty_label="全部", choices=[
        ("any", "逾期（当前或曾经）"), ("now", "当前逾期"), ("late", "有环节逾期办理"), ("none", "未逾期"),
    ])
    stage = django_filters.ChoiceFilter(label="办理环节", choices=Stage.choices, empty_label="全部")
    direction = django_filters.ChoiceFilter(label="办理方向", choices=Direction.choices, empty_label="全部")
    partner = django_filters.ModelChoiceFilter(
        label="合作地区", queryset=PartnerRegion.objects.all(), field_name="item__batch__agreement__partner",
    )

    class Meta:
        model = ProxyCase
        fields = ["stage", "direction"]


class ProxyCaseViewSet(SnippetViewSet):
    model = ProxyCase
    icon = "mail"
    menu_label = "代收代办件"
    menu_name = "crossprovince-cases"
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    list_display = [
        "number", Column("item", label="事项", accessor="item.name"),
        Column("partner", label="合作地区", accessor="item.batch.agreement.partner.county"),
        "applicant", "received_at", "stage", "next_due", Column("overdue_label", label="逾期"),
        Column("progress", label="办理", accessor=lambda c: format_html(
            '<a href="{}">办理进度</a>', reverse("crossprovince_case_progress", args=[c.pk]))),
    ]
    filterset_class = ProxyCaseFilterSet
    search_fields = ["number", "applicant", "tracking_number"]
    list_per_page = 50
    edit_handler = ObjectList(ProxyCase.panels, base_form_class=ProxyCaseForm)

    def get_queryset(self, request):
        cases = ProxyCase.objects.select_related("item__batch__agreement__partner", "item__department")
        return scope_cases(cases, request.user)


class PermissionMenuItem(MenuItem):
    """A menu entry shown only to users with ``permission``."""

    def __init__(self, *args, permission: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)


class LinkViewSet(ViewSet):
    """A menu entry of the group for a custom admin view (its URL is registered by the hooks)."""

    permission = ""
    url_name = ""

    @property
    def menu_url(self) -> str:
        return reverse(self.url_name)

    def get_menu_item(self, order=None):
        return PermissionMenuItem(self.menu_label, self.menu_url, name=self.menu_name, icon_name=self.icon,
                                  order=self.get_menu_item_order(order), permission=self.permission)


class BatchImportViewSet(LinkViewSet):
    name = "crossprovince_import"
    icon = "upload"
    menu_label = "批量添加事项"
    menu_name = "crossprovince-import"
    permission = "crossprovince.add_itembatch"
    url_name = "crossprovince_batch_import"


class StatisticsViewSet(LinkViewSet):
    name = "crossprovince_statistics"
    icon = "table"
    menu_label = "统计"
    menu_name = "crossprovince-statistics"
    permission = "crossprovince.view_crossitem"
    url_name = "crossprovince_statistics"


class CrossProvinceGroup(SnippetViewSetGroup):
    menu_label = "跨省通办"
    menu_name = "crossprovince"
    menu_icon = "globe"
    menu_order = 330
    items = (PartnerViewSet, AgreementViewSet, BatchViewSet, CrossItemViewSet, ProxyCaseViewSet,
             BatchImportViewSet, StatisticsViewSet)
