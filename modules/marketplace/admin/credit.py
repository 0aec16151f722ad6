"""The operator's credit work: 信用惩戒 (sanctions), 信用评价 (ratings), 异议投诉 (grievances) and
操作记录 (the audit log).

Rules:
- operator only (``OperatorPermissionPolicy``): everyone else is refused;
- a sanction is imposed with kind, level, reason and period and lifted early with a reason, both
  through ``services.credit``; sanctions, ratings and audit entries are never edited or deleted;
- the operator adds 监管部门 and 服务中心 ratings (owners rate through their evaluation); the
  agency's 5 : 3 : 2 star rating is recomputed by the service;
- an objection or complaint is answered once, with a written answer;
- the audit log is read only, filtered by object (type and number), action, user and date.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.views.generic import FormView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from cms.core.models import local_today

from ..models import AuditEntry, CreditRating, Grievance, Sanction, SanctionKind
from ..services import credit as credit_services
from ..services.errors import MarketplaceError
from .agencies import OperatorRequiredMixin
from .forms import AnswerForm, RatingForm, ReasonForm, SanctionForm
from .links import agency_url, project_url

OBJECT_TYPES = (("agency", "中介机构"), ("qualification", "资质"), ("project", "项目"), ("signup", "报名"),
                ("selection", "中选结果"), ("contract", "合同备案"), ("serviceresult", "服务成果"),
                ("evaluation", "服务评价"), ("sanction", "信用惩戒"), ("grievance", "异议和投诉"))


def _error(exc: Exception) -> str:
    return "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


class ServiceCreateView(generic.CreateView):
    """A create view whose saving is one service call (``create``); its refusal shows on the form."""

    def create(self, data: dict):  # pragma: no cover - each viewset's view overrides it
        raise NotImplementedError

    def get_success_buttons(self):
        return []  # the rows have no edit view

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                self.object = self.create(form.cleaned_data)
        except (MarketplaceError, ValidationError) as exc:
            form.add_error(None, _error(exc))
            self.produced_error_message = _error(exc)
            return self.form_invalid(form)
        return self.save_action()


class TitledIndexView(generic.IndexView):
    """The first column carries the row's buttons (提前解除, 答复 …) and links to ``title_url``."""

    def title_url(self, instance) -> str | None:
        return None

    @cached_property
    def columns(self):
        columns = list(super().columns)
        first = columns[0]
        columns[0] = self._get_title_column_class(TitleColumn)(
            first.name, label=first.label, accessor=first.accessor, get_url=self.title_url)
        return columns


# ---- sanctions -------------------------------------------------------------------------------


def _sanction_state(sanction: Sanction) -> str:
    today = local_today()
    if sanction.lifted_at:
        return f"已提前解除（{sanction.lifted_at:%Y-%m-%d}）"
    if sanction.active_on(today):
        return format_html('<strong style="color:#cd4444">{}</strong>', "执行中")
    return "未开始" if sanction.starts_on > today else "已到期"


class SanctionFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="处理类型", choices=SanctionKind.choices, empty_label="全部")
    active = django_filters.ChoiceFilter(label="状态", choices=(("yes", "执行中"),), method="filter_active",
                                         empty_label="全部")

    class Meta:
        model = Sanction
        fields: list[str] = []

    def filter_active(self, queryset, name, value):
        today = local_today()
        return queryset.filter(lifted_at=None, starts_on__lte=today, ends_on__gte=today) if value == "yes" else queryset


class SanctionIndexView(TitledIndexView):
    def get_base_queryset(self):
        return Sanction.objects.select_related("agency")

    def title_url(self, instance) -> str:
        return agency_url("detail", instance.agency_id)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.lifted_at is None and instance.ends_on >= local_today():
            buttons.append(Button("提前解除", url=reverse("marketplace_sanctions:lift", args=[instance.pk]),
                                  icon_name="undo", priority=5))
        return buttons


class SanctionCreateView(ServiceCreateView):
    page_title = "信用惩戒"

    def create(self, data: dict) -> Sanction:
        return credit_services.impose_sanction(data["agency"], data["kind"], data["level"], data["reason"],
                                               data["starts_on"], data["ends_on"], self.request.user)

    def get_success_url(self):
        return reverse("marketplace_sanctions:index")

    def get_success_message(self, instance):
        return f"已对“{instance.agency.name}”{instance.get_kind_display()}（{instance.starts_on} 至 {instance.ends_on}）。"


class LiftSanctionView(OperatorRequiredMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "marketplace/admin/decision.html"
    form_class = ReasonForm
    page_title = "提前解除信用惩戒"
    header_icon = "undo"
    refusal = "只有中介超市运营方可以解除信用惩戒。"

    def dispatch(self, request, pk: int, *args, **kwargs):
        self.sanction = get_object_or_404(Sanction.objects.select_related("agency"), pk=pk)
        return super().dispatch(request, pk, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        s = self.sanction
        context.update(agency=s.agency, reject=True, action_url=self.request.path, submit_label="提前解除",
                       back_url=reverse("marketplace_sanctions:index"),
                       subject=f"{s.agency.name}的{s.get_kind_display()}（{s.level}，{s.starts_on} 至 {s.ends_on}）：{s.reason}")
        return context

    def form_valid(self, form):
        try:
            credit_services.lift_sanction(self.sanction, self.request.user, reason=form.cleaned_data["reason"])
        except (MarketplaceError, ValidationError) as exc:
            form.add_error(None, _error(exc))
            return self.form_invalid(form)
        messages.success(self.request, f"已提前解除“{self.sanction.agency.name}”的{self.sanction.get_kind_display()}。")
        return redirect("marketplace_sanctions:index")


class SanctionViewSet(ModelViewSet):
    model = Sanction
    name = "marketplace_sanctions"
    url_prefix = "marketplace/sanctions"
    icon = "warning"
    menu_label = "信用惩戒"
    menu_name = "marketplace-sanctions"
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = SanctionIndexView
    add_view_class = SanctionCreateView
    filterset_class = SanctionFilterSet
    search_fields = ["agency__name", "agency__credit_code", "reason"]
    list_display = [Column("agency", label="中介机构", accessor="agency.name"), "kind", "level", "starts_on", "ends_on",
                    Column("state", label="状态", accessor=_sanction_state), Column("reason", label="理由")]
    ordering = ["-starts_on"]

    def get_form_class(self, for_update=False):
        return SanctionForm

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("<int:pk>/lift/", LiftSanctionView.as_view(), name="lift"),
        ]


# ---- ratings -------------------------------------------------------------------------------


class RatingCreateView(ServiceCreateView):
    page_title = "新增信用评价"

    def create(self, data: dict) -> CreditRating:
        return credit_services.add_rating(data["agency"], data["source"], data["stars"], project=data.get("project"),
                                          note=data["note"], user=self.request.user)

    def get_success_url(self):
        return reverse("marketplace_ratings:index")

    def get_success_message(self, instance):
        instance.agency.refresh_from_db(fields=["rating"])
        return f"已记录对“{instance.agency.name}”的{instance.get_source_display()}，当前信用星级 {instance.agency.rating}。"


class RatingViewSet(ModelViewSet):
    model = CreditRating
    name = "marketplace_ratings"
    url_prefix = "marketplace/ratings"
    icon = "pick"
    menu_label = "信用评价"
    menu_name = "marketplace-ratings"
    add_to_admin_menu = False
    copy_view_enabled = False
    add_view_class = RatingCreateView
    list_filter = ["source"]
    search_fields = ["agency__name", "agency__credit_code", "note"]
    list_display = [Column("agency", label="中介机构", accessor="agency.name"), "source", "stars",
                    Column("project", label="相关项目", accessor=lambda r: r.project.number if r.project else ""),
                    Column("note", label="说明"), DateColumn("rated_at", label="评价时间")]
    ordering = ["-rated_at"]

    def get_form_class(self, for_update=False):
        return RatingForm

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
        ]


# ---- grievances ----------------------------------------------------------------------------


def _grievance_status(g: Grievance) -> str:
    if g.status == Grievance.Status.OPEN:
        return format_html('<strong style="color:#b35900">{}</strong>', g.get_status_display())
    return g.get_status_display()


class GrievanceIndexView(TitledIndexView):
    def get_base_queryset(self):
        return Grievance.objects.select_related("project", "agency")

    def title_url(self, instance) -> str:
        return reverse("marketplace_grievances:answer", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        label = "答复" if instance.status == Grievance.Status.OPEN else "查看"
        buttons.append(Button(label, url=reverse("marketplace_grievances:answer", args=[instance.pk]),
                              icon_name="comment", priority=5))
        return buttons


class AnswerGrievanceView(OperatorRequiredMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "marketplace/admin/grievance_answer.html"
    form_class = AnswerForm
    header_icon = "comment"
    refusal = "只有中介超市运营方可以答复异议和投诉。"

    def dispatch(self, request, pk: int, *args, **kwargs):
        self.grievance = get_object_or_404(Grievance.objects.select_related("project", "agency", "answered_by"), pk=pk)
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"答复{self.grievance.get_kind_display()}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("marketplace_grievances:index"), "label": "异议和投诉"},
                {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        g = self.grievance
        context.update(grievance=g, is_open=g.status == Grievance.Status.OPEN, action_url=self.request.path,
                       project_link=project_url("detail", g.project) if g.project else "",
                       agency_link=agency_url("detail", g.agency) if g.agency else "")
        return context

    def form_valid(self, form):
        try:
            credit_services.answer_grievance(self.grievance, form.cleaned_data["answer"], self.request.user)
        except (MarketplaceError, ValidationError) as exc:
            form.add_error(None, _error(exc))
            return self.form_invalid(form)
        messages.success(self.request, f"已答复{self.grievance.submitter}的{self.grievance.get_kind_display()}。")
        return redirect("marketplace_grievances:index")


class GrievanceViewSet(ModelViewSet):
    model = Grievance
    name = "marketplace_grievances"
    url_prefix = "marketplace/grievances"
    icon = "comment"
    menu_label = "异议和投诉"
    menu_name = "marketplace-grievances"
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = GrievanceIndexView
    list_filter = ["kind", "status"]
    search_fields = ["submitter", "content", "project__number", "project__title", "agency__name"]
    list_display = [Column("kind", label="类型", accessor="get_kind_display"), Column("submitter", label="提出人"),
                    Column("project", label="项目", accessor=lambda g: g.project.number if g.project else ""),
                    Column("agency", label="机构", accessor=lambda g: g.agency.name if g.agency else ""),
                    DateColumn("submitted_at", label="提出时间"), Column("status", label="状态", accessor=_grievance_status)]
    ordering = ["status", "-submitted_at"]
    form_fields = ["answer"]

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/answer/", AnswerGrievanceView.as_view(), name="answer"),
        ]


# ---- audit log -----------------------------------------------------------------------------


class AuditFilterSet(WagtailFilterSet):
    object_type = django_filters.ChoiceFilter(label="对象类型", choices=OBJECT_TYPES, empty_label="全部")
    object_id = django_filters.NumberFilter(label="对象编号", min_value=1,
                                            widget=forms.NumberInput(attrs={"min": 1}))
    action = django_filters.CharFilter(label="操作", lookup_expr="exact")
    at = django_filters.DateFromToRangeFilter(label="时间", widget=DateRangePickerWidget)

    class Meta:
        model = AuditEntry
        fields: list[str] = []


def _object_label(entry: AuditEntry) -> str:
    return f"{dict(OBJECT_TYPES).get(entry.object_type, entry.object_type)} #{entry.object_id}"


def _at(entry: AuditEntry) -> str:
    return f"{timezone.localtime(entry.at):%Y-%m-%d %H:%M:%S}"


def _user_label(entry: AuditEntry) -> str:
    if entry.user is None:
        return "系统"
    return entry.user.get_full_name() or entry.user.get_username()


class AuditIndexView(generic.IndexView):
    def get_base_queryset(self):
        return AuditEntry.objects.select_related("user")


class AuditViewSet(ModelViewSet):
    model = AuditEntry
    name = "marketplace_audit"
    url_prefix = "marketplace/audit"
    icon = "history"
    menu_label = "操作记录"
    menu_name = "marketplace-audit"
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = AuditIndexView
    filterset_class = AuditFilterSet
    search_fields = ["summary"]
    list_display = [Column("at", label="时间", sort_key="at", accessor=_at), Column("object", label="对象", accessor=_object_label),
                    Column("action", label="操作"), Column("summary", label="摘要"),
                    Column("user", label="操作人", accessor=_user_label)]
    ordering = ["-at", "-pk"]
    list_per_page = 100
    form_fields = ["summary"]

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
