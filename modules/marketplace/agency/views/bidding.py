"""Projects open for sign-up, the agency's sign-ups and its sealed quotes.

Rules:
- the list shows projects in 报名中 before their 报名截止, each with whether this agency may sign
  up (``services.agencies.may_bid``: approved, no active sanction, a valid qualification of the
  category at the required level) and, when not, why;
- signing up, quoting and withdrawing go through ``services.projects`` (which enforce the
  deadline and the rules again); a refusal is shown as the service words it;
- sealed quotes: the server never decrypts a quote before 报名截止, not even for the agency that
  made it. The agency sees "已提交（密封）" and the time of its last quote; it types the quote
  twice when submitting and may quote again until the deadline (the last one counts). From the
  deadline on (``quote_visible``) it sees the opened value, like everyone else;
- an agency reaches only its own sign-ups: another agency's sign-up answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from cms.core.pagination import page_or_404

from ...models import PUBLIC_STATES, Project, ProjectState, SelectionMethod, ServiceCategory, SignUp
from ...services.agencies import may_bid
from ...services.errors import MarketplaceError
from ...services.projects import quote_visible, submit_quote
from ...services.projects import sign_up as sign_up_for
from ...services.projects import withdraw as withdraw_signup
from ..decorators import agency_required, own_or_404
from ..forms import QuoteForm
from . import render

PER_PAGE = 20


def _eligibility(agency, projects, today) -> dict[int, tuple[bool, str]]:
    """``may_bid`` for each project, asked once per (category, required level)."""
    answers: dict[tuple[int, str], tuple[bool, str]] = {}
    result = {}
    for project in projects:
        key = (project.category_id, project.required_level)
        if key not in answers:
            answers[key] = may_bid(agency, project.category, today, required_level=project.required_level)
        result[project.pk] = answers[key]
    return result


def open_for_signup(project: Project, now) -> bool:
    return project.state == ProjectState.SIGNUP and now < project.signup_deadline


@agency_required
def projects(request: HttpRequest) -> HttpResponse:
    agency, now = request.agency, timezone.now()
    open_projects = list(Project.objects.filter(state=ProjectState.SIGNUP, signup_deadline__gt=now)
                         .select_related("category", "owner").order_by("signup_deadline", "pk"))
    categories = ServiceCategory.objects.filter(projects__in=[p.pk for p in open_projects]).distinct()
    category = None
    code = request.GET.get("category") or ""
    if code:
        category = next((c for c in categories if c.code == code), None)
        open_projects = [p for p in open_projects if category and p.category_id == category.pk]
    eligibility = _eligibility(agency, open_projects, timezone.localdate(now))
    only_eligible = request.GET.get("eligible") == "1"
    if only_eligible:
        open_projects = [p for p in open_projects if eligibility[p.pk][0]]
    signed = set(SignUp.objects.filter(agency=agency, project__in=[p.pk for p in open_projects])
                 .values_list("project_id", flat=True))
    page_obj = page_or_404(request, open_projects, PER_PAGE)
    rows = [{"project": p, "allowed": eligibility[p.pk][0], "why": eligibility[p.pk][1], "signed": p.pk in signed}
            for p in page_obj]
    return render(request, "projects.html", "可报名项目", "projects", rows=rows, page_obj=page_obj,
                  categories=categories, category=category, only_eligible=only_eligible)


@agency_required
def project(request: HttpRequest, pk: int) -> HttpResponse:
    agency, now = request.agency, timezone.now()
    item = get_object_or_404(Project.objects.filter(state__in=PUBLIC_STATES).select_related("category", "owner"),
                             pk=pk)
    signup = SignUp.objects.filter(project=item, agency=agency).first()
    allowed, why = may_bid(agency, item.category, timezone.localdate(now), required_level=item.required_level)
    return render(request, "project.html", item.title, "projects", project=item, signup=signup, allowed=allowed,
                  why=why, open=open_for_signup(item, now))


@require_POST
@agency_required
def sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Project.objects.filter(state__in=PUBLIC_STATES), pk=pk)
    try:
        signup = sign_up_for(item, request.agency)
    except MarketplaceError as exc:
        messages.error(request, f"报名未成功：{exc}")
        return redirect("marketplace:agency:project", pk=item.pk)
    note = "竞价选取项目须在报名截止前提交密封报价，未报价的报名无效。" if item.method == SelectionMethod.BIDDING else ""
    messages.success(request, f"已报名项目 {item.number}。{note}")
    return redirect("marketplace:agency:signup", pk=signup.pk)


def _own_signups(agency):
    return SignUp.objects.filter(agency=agency).select_related(
        "project", "project__category", "project__owner", "project__selection")


@agency_required
def signups(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    page_obj = page_or_404(request, _own_signups(request.agency).order_by("-created_at", "-pk"), PER_PAGE)
    rows = [{"signup": s, "open": open_for_signup(s.project, now), "visible": quote_visible(s, now),
             "outcome": _outcome(s)} for s in page_obj]
    return render(request, "signups.html", "我的报名", "signups", rows=rows, page_obj=page_obj)


def _outcome(signup: SignUp) -> str:
    """The sign-up's result in words: 中选, 未中选, 不合格, or the project's state."""
    project = signup.project
    selection = getattr(project, "selection", None)
    if selection is not None:
        return "中选" if selection.agency_id == signup.agency_id else "未中选"
    if signup.qualified is False:
        return "资格审查不合格"
    if project.state in (ProjectState.VOID, ProjectState.TERMINATED):
        return f"项目{project.get_state_display()}"
    if signup.qualified:
        return "资格审查合格，等待选取"
    return "报名中" if project.state == ProjectState.SIGNUP else project.get_state_display()


def _signup_page(request: HttpRequest, signup: SignUp, form: QuoteForm | None = None, status: int = 200):
    now = timezone.now()
    is_open = open_for_signup(signup.project, now)
    if form is None and is_open:
        form = QuoteForm(signup.project)
    return render(request, "signup.html", signup.project.title, "signups", status=status, signup=signup,
                  project=signup.project, open=is_open, form=form, visible=quote_visible(signup, now),
                  outcome=_outcome(signup), required=signup.project.method == SelectionMethod.BIDDING)


@agency_required
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    return _signup_page(request, own_or_404(_own_signups(request.agency), request.agency, pk=pk))


@require_POST
@agency_required
def quote(request: HttpRequest, pk: int) -> HttpResponse:
    item = own_or_404(_own_signups(request.agency), request.agency, pk=pk)
    form = QuoteForm(item.project, request.POST)
    if not form.is_valid():
        return _signup_page(request, item, form)
    try:
        saved = submit_quote(item, form.cleaned_data["value"])
    except MarketplaceError as exc:
        messages.error(request, f"报价未提交：{exc}")
    else:
        messages.success(request, f"报价已密封提交（{timezone.localtime(saved.quoted_at):%Y-%m-%d %H:%M:%S}）。"
                                  "报名截止前任何人都无法查看报价，包括本机构；截止前可以重新报价，以最后一次为准。")
    return redirect("marketplace:agency:signup", pk=item.pk)


@require_POST
@agency_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = own_or_404(_own_signups(request.agency), request.agency, pk=pk)
    try:
        withdraw_signup(item)
    except MarketplaceError as exc:
        messages.error(request, f"未能撤回报名：{exc}")
        return redirect("marketplace:agency:signup", pk=item.pk)
    messages.success(request, f"已撤回对项目 {item.project.number} 的报名，报价一并作废。")
    return redirect("marketplace:agency:signups")
