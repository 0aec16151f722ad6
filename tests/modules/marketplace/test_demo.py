"""The marketplace demo: ≥ 35 agencies and ≥ 140 projects in every state and every method, a
history that holds together (every moment past except the deadlines still ahead), built once, and
the public pages and the agency area work with it.

The demo is built once for the module (``demo``: inside a transaction rolled back at the end, with
its private files in a temporary directory); each test runs on top of it in its own savepoint.
"""

from __future__ import annotations

import datetime
import re
import time
from collections import Counter
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from cms.core.models import local_today
from cms.departments.access import departments_of
from cms.departments.credit_code import is_valid_credit_code
from modules.marketplace.demo import agency_credit_code, build_marketplace_demo
from modules.marketplace.demo_data import AGENCIES, CATEGORIES, FEATURED_USERNAME
from modules.marketplace.demo_plan import make_plan
from modules.marketplace.demo_projects import FINAL_STATES
from modules.marketplace.models import (
    EVALUATION_DAYS,
    Agency,
    AgencyStatus,
    AuditEntry,
    Contract,
    CreditRating,
    Evaluation,
    Grievance,
    Project,
    ProjectState,
    Qualification,
    QualificationStatus,
    QuoteMethod,
    RatingSource,
    Sanction,
    SanctionKind,
    Selection,
    SelectionMethod,
    ServiceCategory,
    ServiceResult,
    SignUp,
)
from modules.marketplace.roles import OPERATORS, ensure_operators
from modules.marketplace.services import lottery
from modules.marketplace.services.agencies import listed_agencies
from modules.marketplace.services.credit import recompute_rating
from modules.marketplace.services.errors import MarketplaceError
from modules.marketplace.services.projects import quote_visible
from modules.marketplace.services.sealing import open_sealed
from modules.marketplace.services.selecting import merit_totals
from modules.marketplace.uploads import check_upload
from tests.conftest import PASSWORD, _departments, make_user

TODAY = datetime.date(2026, 11, 23)  # a Monday
TZ = timezone.get_default_timezone()
#: CPU seconds the demo may take here (measured about 8 s on a shared 2-core test machine).
CPU_LIMIT = 30


# --- the plan and the agencies ----------------------------------------------------


def test_plan_is_deterministic_and_covers_every_state_and_method(db):  # db: the working-day calendar
    plans, again = make_plan(TODAY, TZ), make_plan(TODAY, TZ)
    assert [(p.title, p.publish, p.method, p.signups) for p in plans] == \
        [(p.title, p.publish, p.method, p.signups) for p in again]
    assert len(plans) >= 140
    assert len({p.title for p in plans}) == len(plans)
    assert {FINAL_STATES[p.scenario] for p in plans} == set(ProjectState.values)
    assert {p.method for p in plans} == set(SelectionMethod.values)
    completed = {p.method for p in plans if p.scenario == "completed"}
    assert completed == set(SelectionMethod.values)
    assert {p.category for p in plans} == {c.code for c in CATEGORIES}
    assert any(p.rate for p in plans) and any(p.required_level for p in plans)


def test_plan_moments_are_past_except_what_lies_ahead(db):
    start_of_today = datetime.datetime.combine(TODAY, datetime.time(0), tzinfo=TZ)
    for plan in make_plan(TODAY, TZ):
        done = [plan.created, plan.publish, plan.decide, plan.contract, plan.confirm, plan.complete, plan.evaluate,
                plan.terminate, *plan.results]
        assert all(m < start_of_today for m in done if m is not None), plan
        if plan.publish:
            assert plan.publish < plan.deadline <= plan.selection_at
        assert (plan.deadline > start_of_today) == (plan.scenario in ("draft", "signup")), plan
        assert (plan.selection_at > start_of_today) == (plan.scenario in ("draft", "signup", "selecting_auto")
                                                        or plan.scenario == "selecting_owner"
                                                        and plan.selection_at > start_of_today), plan
        chain = [m for m in (plan.selection_at if plan.method in ("lottery", "bidding") else plan.decide,
                             plan.contract, plan.confirm, plan.complete, plan.evaluate) if m is not None]
        assert chain == sorted(chain), plan
        if plan.complete and plan.evaluate:
            assert plan.evaluate - plan.complete <= datetime.timedelta(days=EVALUATION_DAYS)


def test_agencies_have_distinct_valid_credit_codes():
    codes = [agency_credit_code(serial, spec.city) for serial, spec in enumerate(AGENCIES, start=1)]
    assert len(AGENCIES) >= 35
    assert len(set(codes)) == len(codes)
    assert all(is_valid_credit_code(code) and code.startswith("9153990") for code in codes)
    assert len({spec.name for spec in AGENCIES}) == len(AGENCIES)


# --- the demo in the database --------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once on the test portal (its departments 教育局 and 交通运输局 own the projects)."""
    private = str(tmp_path_factory.mktemp("private"))
    with django_db_blocker.unblock(), override_settings(
            STORAGES={**_storages(), "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                 "OPTIONS": {"location": private, "base_url": None}}}):
        ContentType.objects.clear_cache()  # as tests/conftest.py does before each test (flushed databases)
        with transaction.atomic():
            education, _ = _departments()
            ensure_operators()
            # as cms.demo.accounts makes them before the marketplace demo
            user = get_user_model().objects.create_user(FEATURED_USERNAME, password=PASSWORD)
            operator = make_user("zjcs", OPERATORS)
            owner = make_user("jyj_xxy", education.contributors)
            lines: list[str] = []
            started = time.process_time()
            created = build_marketplace_demo(out=lines.append)
            cpu = time.process_time() - started
            yield SimpleNamespace(created=created, lines=lines, cpu=cpu, user=user, operator=operator, owner=owner,
                                  private=private)
            transaction.set_rollback(True)


def _storages() -> dict:
    from django.conf import settings

    return dict(settings.STORAGES)


@pytest.fixture
def built(demo, db, settings):
    """The demo, in a savepoint of this test, with its private files where the build put them."""
    settings.STORAGES = {**settings.STORAGES, "private": {**settings.STORAGES["private"],
                                                          "OPTIONS": {"location": demo.private, "base_url": None}}}
    return demo


def test_the_demo_is_big_enough_in_every_state_and_method(built):
    assert built.cpu < CPU_LIMIT, built.lines
    assert any("中介服务项目" in line for line in built.lines)
    assert built.created == Agency.objects.count() + Project.objects.count()
    assert Agency.objects.count() >= 35 and Project.objects.count() >= 140
    assert ServiceCategory.objects.count() >= 12
    states = Counter(Project.objects.values_list("state", flat=True))
    assert set(states) == set(ProjectState.values), states
    assert set(Project.objects.values_list("method", flat=True)) == set(SelectionMethod.values)
    assert set(Selection.objects.values_list("method", flat=True)) == set(SelectionMethod.values)
    assert Project.objects.filter(quote_method=QuoteMethod.RATE, selection__isnull=False).exists()
    owners = set(Project.objects.values_list("owner__slug", flat=True))
    assert owners == {"jyj", "jtysj"}
    for project in Project.objects.exclude(state=ProjectState.DRAFT).select_related("created_by", "owner"):
        assert project.owner in departments_of(project.created_by)


def test_agencies_reviews_sanctions_and_qualifications(built):
    today = local_today()
    approved = Agency.objects.filter(status=AgencyStatus.APPROVED)
    assert approved.count() >= 30
    pending = Agency.objects.filter(status=AgencyStatus.PENDING)
    assert pending.count() == 3
    assert pending.filter(review_due__lt=today).count() == 1
    assert pending.filter(review_due__gte=today).count() == 2
    rejected = Agency.objects.get(status=AgencyStatus.REJECTED)
    assert "营业执照" in rejected.review_note and rejected.reviewed_at >= rejected.submitted_at
    for agency in Agency.objects.all():
        assert is_valid_credit_code(agency.credit_code)
        assert agency.staff.count() == agency.staff_count >= 2
        assert agency.introduction and agency.qualifications.exists()
        check_upload(agency.licence.open("rb"))
        agency.licence.close()
    active = Sanction.objects.filter(lifted_at=None, starts_on__lte=today, ends_on__gte=today)
    suspended = active.get(kind=SanctionKind.SUSPENSION).agency
    blacklisted = active.get(kind=SanctionKind.BLACKLIST).agency
    assert Sanction.objects.filter(lifted_at__isnull=False).count() == 1
    listed = set(listed_agencies(today))
    assert suspended in listed and blacklisted not in listed
    suspension = Sanction.objects.get(agency=suspended)
    assert not SignUp.objects.filter(agency=suspended, created_at__date__gte=suspension.starts_on).exists()
    valid = Qualification.objects.filter(status=QualificationStatus.APPROVED)
    assert valid.filter(expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=30)).count() >= 2
    expired = valid.filter(expires_on__lt=today)
    assert expired.count() == 2
    for qualification in expired:  # no sign-up of that category after it ran out
        assert not SignUp.objects.filter(agency=qualification.agency, project__category=qualification.category,
                                         created_at__date__gt=qualification.expires_on).exists()
    assert Qualification.objects.filter(status=QualificationStatus.PENDING, agency__status=AgencyStatus.APPROVED
                                        ).count() == 2


def test_sealed_and_opened_quotes(built):
    now = timezone.now()
    open_projects = Project.objects.filter(state=ProjectState.SIGNUP)
    assert open_projects.count() >= 10 and all(p.signup_deadline > now for p in open_projects)
    sealed = SignUp.objects.filter(project__state=ProjectState.SIGNUP).exclude(sealed_quote="")
    assert sealed.exists()
    for signup in sealed.select_related("project"):
        assert signup.opened_quote is None and signup.qualified is None
        assert not quote_visible(signup, now)
        assert str(open_sealed(signup.sealed_quote)) not in signup.sealed_quote
    closed = SignUp.objects.exclude(qualified=None).exclude(sealed_quote="")
    assert closed.count() >= 200
    for signup in closed:
        assert signup.opened_quote == open_sealed(signup.sealed_quote)
    never_closed = SignUp.objects.filter(qualified=None).exclude(project__state=ProjectState.SIGNUP)
    assert never_closed.exists()  # projects stopped during the sign-up period: quotes stay sealed
    assert set(never_closed.values_list("project__state", flat=True)) == {ProjectState.TERMINATED}
    assert not never_closed.filter(opened_quote__isnull=False).exists()
    assert SignUp.objects.filter(qualified=False, disqualified_reason="未报价").exists()
    waiting = Project.objects.filter(state=ProjectState.SELECTING)
    assert waiting.filter(method__in=("lottery", "bidding"), selection_at__gt=now).count() >= 2
    merit = waiting.filter(method=SelectionMethod.MERIT)
    half_scored = []
    for project in merit:
        try:
            merit_totals(project)
        except MarketplaceError:
            half_scored.append(project)
    assert len(half_scored) == 1 and merit.count() >= 2


def test_every_selection_follows_its_method(built):
    for selection in Selection.objects.select_related("project", "agency"):
        project, inputs = selection.project, selection.inputs
        assert project.published_at < project.signup_deadline <= selection.decided_at
        assert selection.publicity_until > selection.decided_at.date()
        qualified = list(project.signups.filter(qualified=True).select_related("agency"))
        assert selection.agency in [s.agency for s in qualified]
        if selection.method == SelectionMethod.LOTTERY:
            assert lottery.verify_commitment(inputs["secret"], project.lottery_commitment)
            redo = lottery.draw(project.number, inputs["secret"], [c["code"] for c in inputs["candidates"]])
            assert redo.winner == selection.agency.credit_code
        elif selection.method == SelectionMethod.BIDDING:
            quotes = [s.opened_quote for s in qualified]
            best = max(quotes) if project.quote_method == QuoteMethod.RATE else min(quotes)
            assert project.signups.get(agency=selection.agency).opened_quote == best
        elif selection.method == SelectionMethod.DIRECT:
            assert selection.reason and selection.decided_by is not None
        else:
            ranking = inputs["ranking"]
            assert ranking[0]["code"] == selection.agency.credit_code and len(inputs["scorers"]) == 3
    tie = [s for s in Selection.objects.filter(method=SelectionMethod.BIDDING)
           if len(s.inputs["quotes"]) > 1 and s.inputs["quotes"][0]["value"] == s.inputs["quotes"][1]["value"]]
    assert len(tie) == 1  # the tie rule at work: the earlier of two equal quotes wins
    assert tie[0].inputs["quotes"][0]["quoted_at"] < tie[0].inputs["quotes"][1]["quoted_at"]


def test_contracts_service_evaluations_and_credit(built):
    now, today = timezone.now(), local_today()
    selected = Project.objects.filter(state=ProjectState.SELECTED)
    assert selected.filter(selection__publicity_until__gte=today).exists()
    assert selected.filter(contract__isnull=True).exists()
    assert selected.filter(contract__confirmed_at__isnull=True, contract__isnull=False).exists()
    for contract in Contract.objects.select_related("project__selection"):
        assert contract.amount <= (contract.project.max_price or contract.project.budget)
        assert contract.project.selection.decided_at < contract.uploaded_at
        assert contract.confirmed_at is None or contract.uploaded_at < contract.confirmed_at < now
    for state in (ProjectState.IN_SERVICE, ProjectState.COMPLETED):
        assert not Project.objects.filter(state=state, contract__confirmed_at__isnull=True).exists()
    assert ServiceResult.objects.filter(project__state=ProjectState.IN_SERVICE).exists()
    completed = Project.objects.filter(state=ProjectState.COMPLETED)
    assert completed.filter(evaluation__isnull=False).count() >= 40
    window = now - datetime.timedelta(days=EVALUATION_DAYS)
    assert completed.filter(evaluation__isnull=True, completed_at__gte=window).count() >= 2  # to evaluate
    assert completed.filter(evaluation__isnull=True, completed_at__lt=window).exists()  # too late now
    for evaluation in Evaluation.objects.select_related("project"):
        assert evaluation.project.completed_at < evaluation.evaluated_at < now
        assert evaluation.evaluated_at - evaluation.project.completed_at <= datetime.timedelta(days=EVALUATION_DAYS)
    assert set(CreditRating.objects.values_list("source", flat=True)) == set(RatingSource.values)
    for agency in Agency.objects.filter(credit_ratings__isnull=False).distinct():
        stored = agency.rating
        assert recompute_rating(agency) == stored
    grievances = Grievance.objects.all()
    assert grievances.filter(status=Grievance.Status.ANSWERED).count() == 2
    still_open = grievances.get(status=Grievance.Status.OPEN)
    assert still_open.kind == Grievance.Kind.OBJECTION
    assert still_open.project.selection.publicity_until >= today


def test_the_history_holds_together(built):
    now = timezone.now()
    assert not AuditEntry.objects.filter(at__gt=now).exists()
    numbers: dict[int, list[tuple]] = {}
    for project in Project.objects.exclude(state=ProjectState.DRAFT).order_by("published_at", "number"):
        year, serial = re.fullmatch(r"ZJ(\d{4})-(\d{4})", project.number).groups()
        assert int(year) == timezone.localtime(project.published_at).year
        numbers.setdefault(int(year), []).append(int(serial))
        published = AuditEntry.objects.get(object_type="project", object_id=project.pk, action="state_signup")
        assert published.at == project.published_at
        assert project.created_at < project.published_at <= project.updated_at
        for signup in project.signups.all():
            assert project.published_at < signup.created_at < project.signup_deadline
            assert signup.quoted_at is None or signup.created_at <= signup.quoted_at < project.signup_deadline
    times = [timezone.localtime(s.created_at).time() for s in SignUp.objects.all()]
    office = [t for t in times if datetime.time(8, 30) <= t <= datetime.time(19)]
    assert len(office) >= 0.9 * len(times)  # agencies sign up in office hours
    for serials in numbers.values():
        assert serials == list(range(1, len(serials) + 1))
    assert not Project.objects.filter(state=ProjectState.DRAFT, number__isnull=False).exists()
    for agency in Agency.objects.exclude(status=AgencyStatus.PENDING):
        assert agency.submitted_at < agency.reviewed_at < now
    approvals = AuditEntry.objects.filter(object_type="agency", action="approve")
    assert approvals.count() >= 30 and all(entry.user is not None for entry in approvals)


def test_the_featured_agency_has_something_to_do(built):
    agency = Agency.objects.get(user=built.user)
    assert agency.status == AgencyStatus.APPROVED
    open_signups = agency.signups.filter(project__state=ProjectState.SIGNUP)
    assert open_signups.exclude(sealed_quote="").exists() and open_signups.filter(sealed_quote="").exists()
    assert Project.objects.filter(state=ProjectState.SIGNUP, category__in=agency.categories.all()) \
        .exclude(signups__agency=agency).exists()
    assert Project.objects.filter(state=ProjectState.SELECTED, selection__agency=agency, contract__isnull=True).exists()
    assert Project.objects.filter(state=ProjectState.IN_SERVICE, selection__agency=agency).exists()
    assert Project.objects.filter(state=ProjectState.COMPLETED, selection__agency=agency).exists()


def test_a_second_build_changes_nothing(built):
    counts = (Agency.objects.count(), Project.objects.count(), SignUp.objects.count(), AuditEntry.objects.count())
    lines: list[str] = []
    assert build_marketplace_demo(out=lines.append) == 0
    assert "跳过" in lines[0]
    assert counts == (Agency.objects.count(), Project.objects.count(), SignUp.objects.count(),
                      AuditEntry.objects.count())


# --- pages ---------------------------------------------------------------------------------------


def test_public_pages_render_the_demo(built, client):
    page = client.get(reverse("marketplace:project_list"))
    assert page.status_code == 200
    total = Project.objects.exclude(state=ProjectState.DRAFT).count()
    assert str(total) in page.content.decode()
    for state in ProjectState.values[1:]:
        assert client.get(reverse("marketplace:project_list"), {"state": state}).status_code == 200
    survey = ServiceCategory.objects.get(name="测绘")
    assert client.get(reverse("marketplace:project_list"), {"category": survey.code, "owner": "jyj"}).status_code == 200
    assert client.get(reverse("marketplace:project_list"), {"page": 7}).status_code == 200
    for state in ProjectState.values:
        project = Project.objects.filter(state=state).first()
        status = client.get(reverse("marketplace:project_detail", args=[project.pk])).status_code
        assert status == (404 if state == ProjectState.DRAFT else 200), state
    for method in SelectionMethod.values:
        selection = Selection.objects.filter(method=method).select_related("agency").first()
        result = client.get(reverse("marketplace:project_result", args=[selection.project_id]))
        assert result.status_code == 200 and selection.agency.name in result.content.decode(), method
    void = Project.objects.filter(state=ProjectState.VOID).first()
    assert client.get(reverse("marketplace:project_result", args=[void.pk])).status_code == 200
    for signup in SignUp.objects.filter(project__state=ProjectState.SIGNUP).exclude(sealed_quote=""):
        body = client.get(reverse("marketplace:project_detail", args=[signup.project_id])).content.decode()
        value = open_sealed(signup.sealed_quote)
        assert f"{value:.2f}" not in body and signup.agency.name not in body

    directory = client.get(reverse("marketplace:agency_list")).content.decode()
    assert "家" in directory
    blacklisted = Sanction.objects.get(kind=SanctionKind.BLACKLIST).agency
    agencies = client.get(reverse("marketplace:agency_list"), {"page": 2})
    assert agencies.status_code == 200
    assert blacklisted.name not in directory + agencies.content.decode()
    assert client.get(reverse("marketplace:agency_detail", args=[blacklisted.pk])).status_code == 404
    best = listed_agencies().first()
    assert client.get(reverse("marketplace:agency_detail", args=[best.pk])).status_code == 200
    statistics = client.get(reverse("marketplace:statistics"))
    assert statistics.status_code == 200 and "%" in statistics.content.decode()
    assert client.get(reverse("marketplace:lottery_help")).status_code == 200


def test_open_data_of_the_demo(built, client):
    package = client.get(reverse("marketplace:ocds")).json()
    assert package["releases"]
    selected = Selection.objects.filter(method=SelectionMethod.LOTTERY).first()
    releases = client.get(reverse("marketplace:project_ocds", args=[selected.project_id])).json()["releases"]
    awards = [award for release in releases for award in release.get("awards", [])]
    assert awards and selected.agency.name in str(awards)


def test_the_operator_and_an_owner_work_in_the_admin(built, client):
    assert AuditEntry.objects.filter(object_type="agency", action="approve", user=built.operator).count() >= 30
    client.force_login(built.operator)
    queue = client.get("/admin/marketplace/review/")
    assert queue.status_code == 200
    for agency in Agency.objects.filter(status=AgencyStatus.PENDING):
        assert agency.name in queue.content.decode()
    for url in ("/admin/marketplace/grievances/", "/admin/marketplace/sanctions/", "/admin/marketplace/audit/"):
        assert client.get(url).status_code == 200, url
    client.force_login(built.owner)
    own = Project.objects.filter(owner__slug="jyj")
    assert own.exists() and not own.exclude(created_by=built.owner).exclude(state=ProjectState.DRAFT).exists()
    listing = client.get("/admin/marketplace/projects/").content.decode()
    assert own.first().title in listing
    for state in ProjectState.values:
        project = own.filter(state=state).first() or Project.objects.filter(state=state).first()
        status = client.get(f"/admin/marketplace/projects/{project.pk}/").status_code
        assert status == (200 if project.owner.slug == "jyj" else 404), (state, status)


def test_the_agency_account_works_in_the_agency_area(built, client):
    assert client.login(username=FEATURED_USERNAME, password=PASSWORD)
    agency = Agency.objects.get(user=built.user)
    dashboard = client.get(reverse("marketplace:agency:dashboard"))
    assert dashboard.status_code == 200 and agency.name in dashboard.content.decode()
    for name in ("projects", "signups", "selections", "evaluations", "qualifications", "profile"):
        assert client.get(reverse(f"marketplace:agency:{name}")).status_code == 200, name
    signups = client.get(reverse("marketplace:agency:signups")).content.decode()
    assert "已提交（密封）" in signups
    sealed = agency.signups.filter(project__state=ProjectState.SIGNUP).exclude(sealed_quote="").first()
    assert f"{open_sealed(sealed.sealed_quote):.2f}" not in signups
    won = Project.objects.filter(state=ProjectState.SELECTED, selection__agency=agency, contract__isnull=True).first()
    page = client.get(reverse("marketplace:agency:selection", args=[won.pk]))
    assert page.status_code == 200 and won.title in page.content.decode()
    other = Project.objects.filter(selection__isnull=False).exclude(selection__agency=agency).first()
    assert client.get(reverse("marketplace:agency:selection", args=[other.pk])).status_code == 404
