"""入驻审核 and 中介机构: the operator's review queue, the agency list and page, approve / reject.

Rules:
- operator only (中介超市运营, or a superuser): everyone else gets a 403 with the reason;
- the queue lists 待审核 registrations and 待审核 qualification changes of already reviewed
  agencies, the oldest due date first; the due date is 2 working days after submission
  (``review_due``), shown in red once passed;
- approving and rejecting go through ``services.agencies`` (rejecting needs a reason); a refused
  step shows the service's Chinese reason;
- the licence and certificate files are served to the operator only, never from a public address.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from cms.core.models import local_today

from ..models import Agency, AgencyStatus, AuditEntry, Qualification, QualificationStatus, ServiceCategory
from ..services import agencies as agency_services
from ..services.errors import MarketplaceError
from .forms import ReasonForm
from .links import AGENCIES, REVIEW, agency_url, review_url
from .permissions import forbidden, is_operator

OPERATOR_ONLY = "只有中介超市运营方可以审核中介机构。"


def due_badge(day, pending: bool = True) -> str:
    """The review due date, red with a warning once it has passed."""
    if day is None:
        return "—"
    if pending and day < local_today():
        return format_html('<strong style="color:#cd4444">⚠ {}（已逾期）</strong>', f"{day:%Y-%m-%d}")
    return f"{day:%Y-%m-%d}"


class OperatorRequiredMixin:
    """Refuse everyone but the operator with a plain 403 and the reason."""

    refusal = OPERATOR_ONLY

    def dispatch(self, request, *args, **kwargs):
        if not is_operator(request.user):
            return forbidden(self.refusal)
        return super().dispatch(request, *args, **kwargs)


class ReviewQueueView(OperatorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """入驻审核: what waits for the operator, oldest due date first.

    Qualification changes are listed for approved agencies; those of a pending registration are
    reviewed with it, those of a rejected one come back when it resubmits.
    """

    template_name = "marketplace/admin/review_queue.html"
    page_title = "入驻审核"
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": "入驻审核"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = local_today()
        agencies = list(Agency.objects.filter(status=AgencyStatus.PENDING).order_by("review_due", "submitted_at"))
        qualifications = list(
            Qualification.objects.filter(status=QualificationStatus.PENDING, agency__status=AgencyStatus.APPROVED)
            .select_related("agency", "category").order_by("review_due", "updated_at"))
        for row in agencies + qualifications:
            row.overdue = row.review_due is not None and row.review_due < today
        context.update(agencies=agencies, qualifications=qualifications, today=today,
                       overdue=sum(row.overdue for row in agencies + qualifications))
        return context


class AgencyFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="入驻状态", choices=AgencyStatus.choices, empty_label="全部")
    categories = django_filters.ModelChoiceFilter(label="服务类型", queryset=ServiceCategory.objects.all(),
                                                  empty_label="全部")

    class Meta:
        model = Agency
        fields: list[str] = []


class AgencyIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Agency.objects.prefetch_related("categories")

    @cached_property
    def columns(self):
        name = self._get_title_column_class(TitleColumn)(
            "name", label="机构名称", get_url=lambda agency: agency_url("detail", agency), sort_key="name")
        return [
            name,
            Column("credit_code", label="统一社会信用代码"),
            Column("categories", label="服务类型", accessor=lambda a: "、".join(c.name for c in a.categories.all())),
            Column("status", label="入驻状态", accessor="get_status_display", sort_key="status"),
            Column("review_due", label="审核期限", sort_key="review_due",
                   accessor=lambda a: due_badge(a.review_due, a.status == AgencyStatus.PENDING)),
            Column("rating", label="信用星级", sort_key="rating", accessor=lambda a: a.rating or "—"),
        ]


class AgencyDetailView(OperatorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "marketplace/admin/agency_detail.html"
    header_icon = "group"

    def dispatch(self, request, pk: int, *args, **kwargs):
        self.agency = get_object_or_404(Agency.objects.select_related("user", "reviewed_by"), pk=pk)
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_title(self) -> str:
        return self.agency.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": agency_url("index"), "label": "中介机构"}, {"url": "", "label": self.agency.name}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency, today = self.agency, local_today()
        qualifications = list(agency.qualifications.select_related("category"))
        for q in qualifications:
            q.overdue = q.status == QualificationStatus.PENDING and q.review_due is not None and q.review_due < today
            q.valid_today = q.valid_on(today)
        sanctions = list(agency.sanctions.all())
        for s in sanctions:
            s.active_today = s.active_on(today)
        audit = AuditEntry.objects.filter(
            Q(object_type="agency", object_id=agency.pk)
            | Q(object_type="qualification", object_id__in=[q.pk for q in qualifications])
        ).select_related("user")[:100]
        context.update(
            agency=agency, today=today, qualifications=qualifications, staff=list(agency.staff.all()),
            categories=list(agency.categories.all()), sanctions=sanctions,
            ratings=list(agency.credit_ratings.select_related("project")[:50]),
            signups=agency.signups.count(), selections=agency.selections.count(), audit=audit,
            pending=agency.status == AgencyStatus.PENDING,
            overdue=agency.status == AgencyStatus.PENDING and agency.review_due < today,
            listed=agency_services.is_listed(agency, today), sanction=agency_services.active_sanction(agency, today),
        )
        return context


class DecisionView(OperatorRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """Approve (a confirmation) or reject (with a reason) a registration or a qualification."""

    template_name = "marketplace/admin/decision.html"
    header_icon = "tasks"
    reject = False

    def get_form_class(self):
        from django import forms

        return ReasonForm if self.reject else forms.Form

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": agency_url("index"), "label": "中介机构"},
                {"url": agency_url("detail", self.agency), "label": self.agency.name},
                {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(agency=self.agency, reject=self.reject, action_url=self.request.path,
                       back_url=agency_url("detail", self.agency), subject=self.subject())
        return context

    def form_valid(self, form):
        try:
            with transaction.atomic():
                message = self.decide(form.cleaned_data.get("reason", ""))
        except (MarketplaceError, ValidationError) as exc:
            form.add_error(None, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
            return self.form_invalid(form)
        messages.success(self.request, message)
        if self.request.GET.get("next") == "queue":
            return redirect(review_url())
        return redirect(agency_url("detail", self.agency))


class AgencyDecisionView(DecisionView):
    def dispatch(self, request, pk: int, *args, **kwargs):
        self.agency = get_object_or_404(Agency, pk=pk)
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_title(self) -> str:
        return "退回入驻申请" if self.reject else "通过入驻审核"

    def subject(self) -> str:
        return f"{self.agency.name}（{self.agency.credit_code}）的入驻申请"

    def decide(self, reason: str) -> str:
        if self.reject:
            agency_services.reject_agency(self.agency, self.request.user, reason)
            return f"已退回“{self.agency.name}”的入驻申请。"
        agency_services.approve_agency(self.agency, self.request.user)
        return f"“{self.agency.name}”已通过入驻审核。"


class QualificationDecisionView(DecisionView):
    def dispatch(self, request, pk: int, *args, **kwargs):
        self.qualification = get_object_or_404(Qualification.objects.select_related("agency", "category"), pk=pk)
        self.agency = self.qualification.agency
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_title(self) -> str:
        return "退回资质" if self.reject else "通过资质审核"

    def subject(self) -> str:
        q = self.qualification
        return (f"{self.agency.name}的资质“{q.name}”（{q.category.name}，证书编号 {q.certificate_number}，"
                f"{q.level or '无等级'}，有效期至 {q.expires_on:%Y-%m-%d}）")

    def decide(self, reason: str) -> str:
        if self.reject:
            agency_services.reject_qualification(self.qualification, self.request.user, reason)
            return f"已退回资质“{self.qualification.name}”。"
        agency_services.approve_qualification(self.qualification, self.request.user)
        return f"资质“{self.qualification.name}”已通过审核。"


def _file(field_file) -> HttpResponse:
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    return FileResponse(handle, filename=field_file.name.rsplit("/", 1)[-1])


def licence_file(request, pk: int) -> HttpResponse:
    if not is_operator(request.user):
        return forbidden(OPERATOR_ONLY)
    return _file(get_object_or_404(Agency, pk=pk).licence)


def certificate_file(request, pk: int) -> HttpResponse:
    if not is_operator(request.user):
        return forbidden(OPERATOR_ONLY)
    return _file(get_object_or_404(Qualification, pk=pk).certificate)


class AgencyViewSet(ModelViewSet):
    """中介机构 (``/admin/marketplace/agencies/``): list and page; agencies change in their own area."""

    model = Agency
    name = AGENCIES
    url_prefix = "marketplace/agencies"
    icon = "group"
    menu_label = "中介机构"
    menu_name = "marketplace-agencies"
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = AgencyIndexView
    filterset_class = AgencyFilterSet
    search_fields = ["name", "credit_code", "contact_name", "legal_representative"]
    ordering = ["name"]
    list_per_page = 50
    form_fields = ["name"]  # no add or edit view is reachable: the policy allows ``view`` only

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", AgencyDetailView.as_view(), name="detail"),
            path("<int:pk>/approve/", AgencyDecisionView.as_view(), name="approve"),
            path("<int:pk>/reject/", AgencyDecisionView.as_view(reject=True), name="reject"),
            path("<int:pk>/licence/", licence_file, name="licence"),
            path("qualifications/<int:pk>/approve/", QualificationDecisionView.as_view(), name="approve_qualification"),
            path("qualifications/<int:pk>/reject/", QualificationDecisionView.as_view(reject=True),
                 name="reject_qualification"),
            path("qualifications/<int:pk>/certificate/", certificate_file, name="certificate"),
        ]


class ReviewViewSet(ViewSet):
    """入驻审核 (``/admin/marketplace/review/``)."""

    name = REVIEW
    url_prefix = "marketplace/review"
    icon = "tasks"
    menu_label = "入驻审核"
    menu_name = "marketplace-review"

    @cached_property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        return type("ReviewMenuItem", (MenuItem,), {"is_shown": lambda _self, request: is_operator(request.user)})

    def get_urlpatterns(self) -> list[Any]:
        return [path("", ReviewQueueView.as_view(), name="index")]
