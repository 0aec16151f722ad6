"""The agency's account: login, logout, dashboard, profile, staff, qualifications and own files.

Rules:
- the agency area has its own login page (Chinese) and never leads into the Wagtail admin;
- the dashboard shows the registration status (with the review due date, or the operator's note
  when rejected), an active suspension or blacklisting with its reason and period, and each
  qualification with its expiry: expired ones are marked as stopping sign-ups in that category,
  ones expiring within 30 days are warned about;
- profile changes go through ``services.agencies.update_profile`` (a new name, legal
  representative or licence — or any correction after a rejection — goes back to review);
  a new or changed qualification through ``submit_qualification`` (back to review);
- files are downloaded from here only by the agency they belong to.
"""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from ...models import AgencyStatus, Contract, Project, ProjectState, Qualification, ServiceResult, SignUp
from ...services.agencies import active_sanction, set_staff, submit_qualification, update_profile
from ...services.audit import record
from ...services.errors import MarketplaceError
from ..decorators import agency_required, own_or_404
from ..files import discard_new_files
from ..forms import ProfileForm, QualificationForm, staff_formset
from . import add_service_errors, render

#: A qualification expiring within this many days is warned about on the dashboard.
EXPIRY_WARNING_DAYS = 30


class AgencyAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "登录账号或密码不正确（区分大小写），请重新输入。",
        "inactive": "该账号已停用，请联系中介超市运营方。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "登录账号"
        self.fields["password"].label = "密码"


class AgencyLoginView(LoginView):
    template_name = "marketplace/agency/login.html"
    authentication_form = AgencyAuthenticationForm
    redirect_authenticated_user = True
    extra_context = {"title": "机构登录"}

    def get_default_redirect_url(self) -> str:
        return reverse("marketplace:agency:dashboard")


class AgencyLogoutView(LogoutView):
    next_page = "marketplace:agency:login"


def qualification_rows(qualifications, today: datetime.date) -> list[dict]:
    """Each qualification with its days left and a state: expired, expiring or valid."""
    rows = []
    for q in qualifications:
        days_left = (q.expires_on - today).days
        state = "expired" if days_left < 0 else "expiring" if days_left <= EXPIRY_WARNING_DAYS else "valid"
        rows.append({"q": q, "days_left": days_left, "state": state})
    return rows


@agency_required
def dashboard(request: HttpRequest) -> HttpResponse:
    agency, now = request.agency, timezone.now()
    today = timezone.localdate(now)
    qualifications = agency.qualifications.select_related("category")
    signups = SignUp.objects.filter(agency=agency)
    context = {
        "sanction": active_sanction(agency, today),
        "qualifications": qualification_rows(qualifications, today),
        "open_projects": Project.objects.filter(state=ProjectState.SIGNUP, signup_deadline__gt=now,
                                                category__in=agency.qualifications.values("category")).count(),
        "active_signups": signups.filter(project__state__in=(ProjectState.SIGNUP, ProjectState.SELECTING)).count(),
        "selections": agency.selections.count(),
        "contracts_due": agency.selections.filter(project__state=ProjectState.SELECTED,
                                                  project__contract__isnull=True).count(),
        "review_overdue": agency.status == AgencyStatus.PENDING and agency.review_due < today,
    }
    return render(request, "dashboard.html", "工作台", "dashboard", **context)


@agency_required
def profile(request: HttpRequest) -> HttpResponse:
    agency = request.agency
    # The form works on its own copy: a rejected input must not change request.agency.
    form = ProfileForm(request.POST or None, request.FILES or None, instance=type(agency).objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        licence = form.cleaned_data["licence"] if "licence" in form.changed_data else None
        try:
            with discard_new_files(), transaction.atomic():
                updated = update_profile(agency, form.details(), licence=licence,
                                         categories=form.cleaned_data["categories"], user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except MarketplaceError as exc:
            form.add_error(None, str(exc))
        else:
            if updated.status == AgencyStatus.PENDING and agency.status != AgencyStatus.PENDING:
                messages.success(request, f"机构资料已保存并重新提交审核，审核期限 {updated.review_due:%Y年%m月%d日}。")
            else:
                messages.success(request, "机构资料已保存。")
            return redirect("marketplace:agency:dashboard")
    return render(request, "profile.html", "机构资料", "profile", form=form)


@agency_required
def staff(request: HttpRequest) -> HttpResponse:
    agency = request.agency
    initial = [{"name": s.name, "title": s.title, "certificate_number": s.certificate_number}
               for s in agency.staff.all()]
    formset = staff_formset(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        rows = formset.rows()
        try:
            with transaction.atomic():
                set_staff(agency, rows)
                record(agency, "staff", f"{agency.name}更新从业人员名单（{len(rows)} 人）", user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"从业人员名单已保存，共 {len(rows)} 人。")
            return redirect("marketplace:agency:staff")
    return render(request, "staff.html", "从业人员", "staff", formset=formset)


@agency_required
def qualifications(request: HttpRequest) -> HttpResponse:
    agency = request.agency
    rows = qualification_rows(agency.qualifications.select_related("category"), timezone.localdate())
    return render(request, "qualifications.html", "资质管理", "qualifications", rows=rows,
                  warning_days=EXPIRY_WARNING_DAYS)


@agency_required
def qualification_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a qualification, or change one (a renewed certificate): either goes back to review."""
    agency = request.agency
    existing = own_or_404(Qualification.objects, agency, pk=pk) if pk is not None else None
    initial = None
    if existing is not None:
        initial = {"category": existing.category_id, "name": existing.name, "level": existing.level,
                   "certificate_number": existing.certificate_number, "expires_on": existing.expires_on}
    form = QualificationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with discard_new_files(), transaction.atomic():
                saved = submit_qualification(agency, form.data_dict(), form.cleaned_data["certificate"],
                                             qualification=existing, user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except MarketplaceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"资质“{saved.name}”已提交，待运营方审核（审核期限 {saved.review_due:%Y年%m月%d日}）。"
                                      "审核通过前不能以该资质报名。")
            return redirect("marketplace:agency:qualifications")
    title = f"变更资质：{existing.name}" if existing else "新增资质"
    return render(request, "qualification_form.html", title, "qualifications", form=form, existing=existing)


def _file_of(agency, kind: str, pk: int | None):
    if kind == "licence":
        return agency.licence
    if kind == "certificate":
        return own_or_404(Qualification.objects, agency, pk=pk).certificate
    if kind == "contract":
        return own_or_404(Contract.objects, agency, field="project__selection__agency", pk=pk).signed_file
    if kind == "result":
        return own_or_404(ServiceResult.objects, agency, field="project__selection__agency", pk=pk).file
    raise Http404("没有这类文件。")


@agency_required
def own_file(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """Download one of the agency's own files (another agency's answers 404)."""
    stored = _file_of(request.agency, kind, pk)
    if not stored or not stored.storage.exists(stored.name):
        raise Http404("文件不存在。")
    return FileResponse(stored.storage.open(stored.name, "rb"), as_attachment=True,
                        filename=PurePath(stored.name).name)


logout = AgencyLogoutView.as_view()
login = AgencyLoginView.as_view()
