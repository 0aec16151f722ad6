"""Public pages of the marketplace (/marketplace/), for anyone, without an account.

Rules:
- the project notice list shows published projects only (never drafts), newest first, 20 a page,
  filterable by keyword, service category, state, owner and publication date (bad filter values
  are reported, not fatal);
- a notice shows every field of the 项目公告 (DESIGN), the lottery commitment of a 随机抽取
  project and the published scoring criteria of a 择优选取 project; before the sign-up deadline it
  shows how many agencies signed up, never who or what they quoted;
- the result notice (中选公示) shows the winner, the price, the method and its inputs (for a lottery
  the candidates, the revealed value, the seed and the algorithm; for bidding the opened quotes; for
  merit the scorers' points) and the publicity period; a void project shows why it is void;
- the agency directory lists approved agencies that are not blacklisted, best rated first;
- no page ever reads a sealed quote (``sealed_quote``); quotes appear only once opened, after the
  deadline (``queries.signups_public``).
Each page costs a constant number of queries whatever the data.
"""

from __future__ import annotations

import datetime

from django.db.models import Avg, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from cms.core.pagination import page_or_404
from cms.departments.credit_code import check_character

from ..models import (
    RATING_WEIGHTS,
    Project,
    ProjectState,
    Qualification,
    QualificationStatus,
    RatingSource,
    Sanction,
    SanctionKind,
    Selection,
    SelectionMethod,
    ServiceCategory,
)
from ..services import lottery
from ..services.statistics import marketplace_statistics
from .filters import ProjectFilterForm
from .queries import (
    METHOD_NOTES,
    listed_agencies,
    public_projects,
    public_signups,
    selected_price,
    signups_public,
    star_text,
)

PER_PAGE = 20


def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    projects = form.apply(public_projects()).select_related("selection__agency").order_by("-published_at", "-pk")
    page_obj = page_or_404(request, projects, PER_PAGE)
    context = {
        "form": form, "page_obj": page_obj, "total": page_obj.paginator.count, "chips": form.chips(),
        "filtered": bool(form.values()), "now": timezone.now(),
    }
    return TemplateResponse(request, "marketplace/public/project_list.html", context)


def _project(pk: int) -> Project:
    return get_object_or_404(public_projects().select_related("selection__agency"), pk=pk)


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    now = timezone.now()
    context = {
        "project": project,
        "now": now,
        "signups_open": project.state == ProjectState.SIGNUP and now < project.signup_deadline,
        "signups_public": signups_public(project, now),
        "signups": public_signups(project, now),
        "criteria": list(project.criteria.all()) if project.method == SelectionMethod.MERIT else [],
        "method_note": METHOD_NOTES.get(project.method, ""),
        "selection": getattr(project, "selection", None),
        "price": selected_price(project),
    }
    return TemplateResponse(request, "marketplace/public/project_detail.html", context)


def project_result(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    selection: Selection | None = getattr(project, "selection", None)
    if selection is None and project.state != ProjectState.VOID:
        raise Http404("该项目尚无选取结果")
    context = {
        "project": project, "selection": selection, "price": selected_price(project),
        "method_note": METHOD_NOTES.get(project.method, ""), "signup_count": project.signup_count,
        "in_publicity": selection is not None and timezone.localdate() <= selection.publicity_until,
        "inputs": selection.inputs if selection is not None else {},
    }
    if selection is not None and selection.method == SelectionMethod.LOTTERY:
        context["lottery"] = _lottery_check(project, selection)
    if selection is not None and selection.method == SelectionMethod.BIDDING:
        context["quotes"] = [{**q, "quoted_at": _moment(q.get("quoted_at"))}
                             for q in context["inputs"].get("quotes") or [] if isinstance(q, dict)]
    return TemplateResponse(request, "marketplace/public/project_result.html", context)


def _moment(text: str | None) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _lottery_check(project: Project, selection: Selection) -> dict:
    """The published inputs of a draw, checked here the way anyone can check them: the revealed
    value against the commitment, and the draw re-run on the inputs."""
    inputs = selection.inputs or {}
    codes = [str(c.get("code", "")) if isinstance(c, dict) else str(c) for c in inputs.get("candidates") or []]
    secret = str(inputs.get("secret") or "")
    commitment = str(inputs.get("commitment") or project.lottery_commitment or "")
    check = None
    if codes and secret:
        try:
            check = lottery.draw(str(inputs.get("project_number") or project.number), secret, codes)
        except ValueError:
            check = None
    return {
        "secret": secret, "commitment": commitment,
        "commitment_ok": bool(secret) and lottery.verify_commitment(secret, commitment),
        "check": check, "reproduced": check is not None and check.winner == selection.agency.credit_code,
        "algorithm_text": inputs.get("algorithm_text") or lottery.ALGORITHM_TEXT,
    }


def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = listed_agencies().prefetch_related(
        Prefetch("categories", queryset=ServiceCategory.objects.order_by("order", "name")))
    slug = request.GET.get("category") or ""
    category = None
    if slug:
        category = ServiceCategory.objects.filter(code=slug[:30]).first()
        if category is None:
            raise Http404("没有这个服务类型")
        agencies = agencies.filter(categories=category)
    page_obj = page_or_404(request, agencies, PER_PAGE)
    for agency in page_obj.object_list:
        agency.stars = star_text(agency.rating)
    context = {
        "page_obj": page_obj, "total": page_obj.paginator.count, "category": category,
        "categories": ServiceCategory.objects.filter(active=True).order_by("order", "name"),
    }
    return TemplateResponse(request, "marketplace/public/agency_list.html", context)


def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    agency = get_object_or_404(listed_agencies(today).prefetch_related(
        Prefetch("categories", queryset=ServiceCategory.objects.order_by("order", "name")),
        Prefetch("qualifications", queryset=Qualification.objects.filter(
            status=QualificationStatus.APPROVED).select_related("category")),
    ), pk=pk)
    agency.stars = star_text(agency.rating)
    sources = dict(agency.credit_ratings.values_list("source").annotate(avg=Avg("stars")))
    won = (public_projects().filter(selection__agency=agency).select_related("selection")
           .order_by("-selection__decided_at")[:10])
    context = {
        "agency": agency, "today": today,
        "ratings": [(label, RATING_WEIGHTS[value], sources.get(value)) for value, label in RatingSource.choices],
        "qualifications": [(q, q.expires_on >= today) for q in agency.qualifications.all()],
        "won": won,
        "suspension": Sanction.objects.filter(agency=agency, kind=SanctionKind.SUSPENSION, lifted_at__isnull=True,
                                              starts_on__lte=today, ends_on__gte=today).first(),
    }
    return TemplateResponse(request, "marketplace/public/agency_detail.html", context)


def statistics(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "marketplace/public/statistics.html", marketplace_statistics())


def lottery_help(request: HttpRequest) -> HttpResponse:
    """How anyone checks a draw: the algorithm, a worked example and a script to run."""
    example_codes = [f"{head}{check_character(head)}" for head in ("91530100MA6K0001A", "91530100MA6K0002B",
                                                                    "91530100MA6K0003C")]
    example_secret = "6b1f" * 16
    context = {
        "algorithm": lottery.ALGORITHM, "algorithm_text": lottery.ALGORITHM_TEXT,
        "example": {"number": "ZJ2026-0001", "secret": example_secret, "codes": lottery.ordered(example_codes),
                    "commitment": lottery.commitment(example_secret),
                    "result": lottery.draw("ZJ2026-0001", example_secret, example_codes)},
    }
    return TemplateResponse(request, "marketplace/public/lottery.html", context)
