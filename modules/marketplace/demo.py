"""Demo data of the agency-services marketplace (网上中介服务超市): a catalogue of 13 service
categories, 42 agencies and 146 projects of the county's departments, with the history that led
each one to where it stands today.

``build_marketplace_demo`` is idempotent: when the marketplace has any agency or project it does
nothing. Everything goes through the services (``register_agency``, ``approve_agency``,
``publish_project``, ``sign_up``, ``submit_quote``, ``advance_due_projects(now=…)`` …) with
explicit moments relative to today, so 报名中 projects have deadlines ahead and every state and
every selection method is present (``demo_plan``); the moments the services take from the wall
clock are set to the story's afterwards (``demo_story``). The one value changed outside the
services is the expiry date of the two certificates that have run out since they were approved
(the operator can only approve a certificate valid on the day of approval, so the demo approves
them valid and then lets the time pass on them). Texts, counts and dates come from a
fixed seed; the one input the demo cannot choose is the lottery secret ``publish_project`` draws
from the operating system, so which agency a lottery picks (and what follows from it) differs
from one build to the next — as it must.

Agencies: most approved two years ago (some ten months ago), three registrations waiting for
review (one past its 2-working-day due date), one rejected with a reason; one suspended, one
blacklisted (and delisted), one whose suspension was lifted early; certificates expiring within
30 days, one expired, one expired with its renewal waiting for review, one new category waiting.
Credit: owner evaluations, regulator and centre ratings (5 : 3 : 2); two grievances answered and
one open. The featured agency belongs to the agency-area demo account (``FEATURED_USERNAME``).
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from cms.core.models import local_today
from cms.demo.departments import organization_code
from cms.departments.credit_code import check_character
from cms.departments.models import Department

from .demo_data import (
    AGENCIES,
    BY_CODE,
    CATEGORIES,
    CENTRE_NOTE,
    COMPLAINT,
    COMPLAINT_ANSWER,
    COMPLAINT_GENERAL,
    FEATURED_USERNAME,
    INTRODUCTION,
    LIFT_REASON,
    LIFTED_ON,
    OBJECTION,
    OBJECTION_ANSWER,
    OPEN_OBJECTION,
    REGULATOR_NOTE,
    REJECTION,
    SANCTIONS,
    DemoAgency,
)
from .demo_files import demo_pdf
from .demo_plan import SEED, make_plan
from .demo_projects import ProjectBuilder
from .demo_story import AgencyRecord, Qual, Story
from .models import (
    Agency,
    CreditRating,
    Grievance,
    Project,
    ProjectState,
    Qualification,
    RatingSource,
    Sanction,
    ServiceCategory,
)
from .roles import OPERATORS, ensure_marketplace_permissions, ensure_operators
from .services import agencies as agency_services
from .services import credit

NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"
REGION = {"云溪县": "539901", "云岭市": "539900"}
CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def agency_credit_code(serial: int, city: str) -> str:
    """A valid 统一社会信用代码 of a company (91) registered in ``city``: the organization code
    is ``MA`` + 6 characters made from ``serial`` with its GB 11714 check character."""
    body, n = [], serial * 7919 + 104729
    for _ in range(6):
        n, rest = divmod(n, len(CODE_ALPHABET))
        body.append(CODE_ALPHABET[rest])
    first_17 = "91" + REGION[city] + organization_code("MA" + "".join(reversed(body)))
    return first_17 + check_character(first_17)


def _categories() -> dict[str, ServiceCategory]:
    found = {}
    for order, spec in enumerate(CATEGORIES, start=1):
        category = (ServiceCategory.objects.filter(name=spec.name).first()
                    or ServiceCategory.objects.filter(code=spec.code).first())
        if category is None:
            category = ServiceCategory.objects.create(name=spec.name, code=spec.code, description=spec.description,
                                                      order=order * 10)
        found[spec.code] = category
    return found


def _operator(story: Story):
    """The operator who reviews, rates and answers: the first member of 中介超市运营, else a new one."""
    group = ensure_operators()
    user = group.user_set.filter(is_active=True).order_by("pk").first()
    if user is None:
        name = story.person()
        user = get_user_model().objects.create_user(username="zjcs_yy", password=None, last_name=name[0],
                                                    first_name=name[1:], email="zjcs_yy@yunxi.example")
        user.groups.add(group)
    return user


class AgencyBuilder:
    """Registers, reviews and sanctions the demo agencies."""

    def __init__(self, story: Story, categories: dict[str, ServiceCategory], operator) -> None:
        self.story, self.categories, self.operator = story, categories, operator
        self.rng = story.rng
        self.records: list[AgencyRecord] = []

    def _user(self, serial: int, contact: str):
        User = get_user_model()  # noqa: N806
        if serial == 1:
            user = User.objects.filter(username=FEATURED_USERNAME).first()
            if user is not None and not Agency.objects.filter(user=user).exists():
                return user
        username = FEATURED_USERNAME if serial == 1 else f"jg{serial:02d}"
        while User.objects.filter(username=username).exists():
            username += "x"
        return User.objects.create_user(username=username, password=None, email=f"{username}@agency.yunxi.example",
                                        last_name=contact[0], first_name=contact[1:])

    def _level(self, spec: DemoAgency, code: str) -> str:
        levels = BY_CODE[code].levels
        return spec.level if spec.level in levels else levels[0]

    def register(self, serial: int, spec: DemoAgency, submitted: datetime.datetime) -> Agency:
        story, rng = self.story, self.rng
        contact, legal = story.person(), story.person()
        user = self._user(serial, contact)
        contact = f"{user.last_name}{user.first_name}" or contact  # the account's holder is the contact
        code = agency_credit_code(serial, spec.city)
        staff, qualifications = [], []
        for code_ in spec.categories:
            category = BY_CODE[code_]
            expires = self.story.today + datetime.timedelta(days=rng.randrange(300, 1500))
            if spec.expiry.get(code_) == "soon":
                expires = self.story.today + datetime.timedelta(days=rng.randrange(8, 26))
            level = self._level(spec, code_)
            qualifications.append({
                "category": self.categories[code_], "name": category.qualification, "level": level,
                "certificate_number": category.number.format(grade=level[:1], n=serial * 1013 + 52000),
                "expires_on": expires,
                "certificate": demo_pdf("资质证书.pdf", category.qualification, [
                    f"机构名称：{spec.name}", f"资质等级：{level or '—'}", f"有效期至：{expires:%Y年%m月%d日}"]),
            })
            for title in category.staff_titles[:rng.randrange(2, 4)]:
                staff.append({"name": story.person(), "title": title,
                              "certificate_number": f"{code_.upper()}{rng.randrange(10**7, 10**8)}"})
        main = BY_CODE[spec.categories[0]]
        data = {
            "name": spec.name, "credit_code": code, "legal_representative": legal, "contact_name": contact,
            "contact_phone": f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
            "contact_email": f"service{serial:02d}@agency.yunxi.example",
            "address": spec.street if spec.street.startswith("云岭市") else f"云溪县{spec.street}",
            "introduction": INTRODUCTION.format(
                name=spec.name, founded=spec.founded,
                qualification="、".join(BY_CODE[c].qualification for c in spec.categories),
                services="、".join(BY_CODE[c].description.rstrip("。") for c in spec.categories[:1]),
                staff=len(staff) + rng.randrange(8, 40), title=main.staff_titles[0], titled=rng.randrange(2, 9),
                projects=rng.randrange(12, 80)),
        }
        licence = demo_pdf("营业执照.pdf", "营业执照（副本）", [
            f"名称：{spec.name}", f"统一社会信用代码：{code}", f"法定代表人：{legal}", f"成立日期：{spec.founded}年"])
        agency = agency_services.register_agency(
            user=user, data=data, categories=[self.categories[c] for c in spec.categories],
            licence=licence, qualifications=qualifications, staff=staff, now=submitted)
        story.date(Agency, agency.pk, submitted_at=submitted)
        story.stamp(submitted)
        return agency

    def approve(self, agency: Agency, spec: DemoAgency, moment: datetime.datetime) -> AgencyRecord:
        agency = agency_services.approve_agency(agency, self.operator)
        self.story.date(Agency, agency.pk, reviewed_at=moment)
        for pk in agency.qualifications.values_list("pk", flat=True):
            self.story.date(Qualification, pk, updated_at=moment)
        self.story.stamp(moment)
        code_of = {category.pk: code for code, category in self.categories.items()}
        quals = {code_of[q.category_id]: Qual(q.level, q.expires_on) for q in agency.qualifications.all()}
        quality = {"suspended": 2.8, "blacklisted": 2.4}.get(spec.sanction, self.rng.uniform(3.8, 4.9))
        record = AgencyRecord(agency, spec, moment, quals, quality=quality)
        self.records.append(record)
        return record

    def expire(self, record: AgencyRecord) -> None:
        """A certificate approved when it was valid has run out since (it cannot bid in that category)."""
        for code, how in record.spec.expiry.items():
            if how in ("expired", "renewing"):
                expired = self.story.today - datetime.timedelta(days=self.rng.randrange(20, 61))
                category = self.categories[code]
                Qualification.objects.filter(agency=record.agency, category=category).update(expires_on=expired)
                record.quals[code].expires_on = expired

    def sanction(self, record: AgencyRecord) -> None:
        kind, level, reason, first, last = SANCTIONS[record.spec.sanction]
        starts = self.story.today + datetime.timedelta(days=first)
        ends = self.story.today + datetime.timedelta(days=last)
        moment = self.story.days.at(self.story.days.on_or_before(starts), 15)
        sanction = credit.impose_sanction(record.agency, kind, level, reason, starts, ends, self.operator)
        self.story.date(Sanction, sanction.pk, created_at=moment)
        self.story.stamp(moment)
        if record.spec.sanction == "lifted":
            lifted = self.story.ago(-LIFTED_ON, 16)
            credit.lift_sanction(sanction, self.operator, reason=LIFT_REASON)
            self.story.date(Sanction, sanction.pk, lifted_at=lifted)
            self.story.stamp(lifted)
            ends = lifted.date()
        record.barred.append((starts, ends))


def _agencies(story: Story, builder: AgencyBuilder) -> list[tuple[int, DemoAgency]]:
    """The approved agencies and their history up to the first project; returns the others to review."""
    later = []
    for serial, spec in enumerate(AGENCIES, start=1):
        if spec.review:
            later.append((serial, spec))
            continue
        days_ago = story.rng.randrange(290, 321) if spec.joined_late else story.rng.randrange(570, 601)
        submitted = story.ago(days_ago, story.rng.randrange(9, 17), story.rng.choice((5, 20, 35, 50)))
        agency = builder.register(serial, spec, submitted)
        approved = story.days.at(story.days.after(submitted.date(), 1), story.rng.randrange(9, 17), 10)
        record = builder.approve(agency, spec, approved)
        builder.expire(record)
        if spec.sanction:
            builder.sanction(record)
    return later


def _recent_registrations(story: Story, builder: AgencyBuilder, waiting) -> None:
    """Registrations the operator has not finished with, and qualification changes under review."""
    for serial, spec in waiting:
        days = {"pending": 1, "pending_overdue": 6, "rejected": 12}[spec.review]
        while spec.review == "pending_overdue" and agency_services.review_due_from(story.ago(days).date()) >= story.today:
            days += 1  # (after a long holiday) far enough back to be past its due date
        submitted = story.ago(days, 15, 40)
        agency = builder.register(serial, spec, submitted)
        if spec.review == "rejected":
            moment = story.days.at(story.days.after(submitted.date(), 2), 11)
            agency_services.reject_agency(agency, builder.operator, REJECTION)
            story.date(Agency, agency.pk, reviewed_at=moment)
            story.stamp(moment)
    for record in builder.records:
        for code, how in record.spec.expiry.items():
            if how == "renewing":
                _new_certificate(story, builder, record, code, "换发")
    surveyors = next(r for r in builder.records if r.spec.name == "云岭市地信测绘院有限公司")
    _new_certificate(story, builder, surveyors, "ghsj", "新增")


def _new_certificate(story: Story, builder: AgencyBuilder, record: AgencyRecord, code: str, why: str) -> None:
    category = BY_CODE[code]
    moment = story.ago(2, 14, 30)
    level = builder._level(record.spec, code)
    expires = story.today + datetime.timedelta(days=1826)
    number = category.number.format(grade=level[:1], n=record.agency.pk * 1013 + 91000)
    qualification = agency_services.submit_qualification(
        record.agency, {"category": builder.categories[code], "name": category.qualification, "level": level,
                        "certificate_number": number, "expires_on": expires},
        demo_pdf("资质证书.pdf", f"{category.qualification}（{why}）", [f"机构名称：{record.agency.name}",
                                                                     f"有效期至：{expires:%Y年%m月%d日}"]),
        user=record.agency.user, now=moment)
    story.date(Qualification, qualification.pk, updated_at=moment)
    story.stamp(moment)


def _ratings(story: Story, records: list[AgencyRecord], operator) -> int:
    """Regulator ratings from each trade's department and the centre's yearly review."""
    made = 0
    for record in records:
        if record.approved_at >= story.ago(200):
            continue
        code = record.spec.categories[0]
        regulator = story.staff_of(story.department((BY_CODE[code].regulator,)))
        low = record.spec.sanction in ("suspended", "blacklisted")
        for source, user, note, days_ago in (
                (RatingSource.REGULATOR, regulator, REGULATOR_NOTE, story.rng.randrange(60, 200)),
                (RatingSource.CENTRE, operator, CENTRE_NOTE, story.rng.randrange(20, 50))):
            if source == RatingSource.REGULATOR and not low and story.rng.random() < 0.35:
                continue
            moment = story.ago(days_ago, 11)
            stars = Decimal("2") if low else Decimal(story.rng.choice(("3.5", "4", "4", "4.5", "4.5", "5")))
            rating = credit.add_rating(record.agency, source, stars, user=user,
                                       note=note.format(year=moment.year, category=BY_CODE[code].name))
            story.date(CreditRating, rating.pk, rated_at=moment)
            story.stamp(moment)
            made += 1
    return made


def _objection(story: Story, builder: ProjectBuilder, scenario: str, answer: str | None, operator) -> None:
    """A losing bidder objects during the publicity period of a result (answered, or still open)."""
    for plan, built in builder.built:
        if plan.scenario != scenario or plan.method not in ("bidding", "lottery"):
            continue
        project = Project.objects.select_related("selection").get(pk=built.pk)
        loser = (project.signups.filter(qualified=True).exclude(agency_id=project.selection.agency_id)
                 .select_related("agency").first())
        if loser is not None:
            break
    else:
        raise RuntimeError(f"演示数据中没有可提出异议的项目（{scenario}）。")
    decided = project.selection.decided_at
    if answer:  # the day after the decision
        filed = story.days.at(decided.date() + datetime.timedelta(days=1), 16)
    else:  # a few hours ago, in the publicity period
        filed = decided + datetime.timedelta(hours=3)
    grievance = credit.file_grievance(
        Grievance.Kind.OBJECTION, submitter=loser.agency.contact_name, contact=loser.agency.contact_phone,
        content=OBJECTION if answer else OPEN_OBJECTION, project=project, agency=loser.agency, today=filed.date())
    _answer(story, grievance, filed, answer, operator)


def _grievances(story: Story, builder: ProjectBuilder, records: list[AgencyRecord], operator) -> None:
    """An objection answered, a complaint answered (it led to the blacklisting), an objection open."""
    _objection(story, builder, "completed", OBJECTION_ANSWER, operator)
    _objection(story, builder, "selected_fresh", None, operator)
    blacklisted = next(r for r in records if r.spec.sanction == "blacklisted")
    filed = story.ago(135, 9, 40)
    served = (Project.objects.filter(selection__agency=blacklisted.agency, selection__decided_at__lt=filed)
              .order_by("-published_at").first())
    content = COMPLAINT.format(title=served.title) if served else COMPLAINT_GENERAL
    grievance = credit.file_grievance(Grievance.Kind.COMPLAINT, submitter=story.person(), contact="13987012345",
                                      content=content, project=served, agency=blacklisted.agency)
    _answer(story, grievance, filed, COMPLAINT_ANSWER, operator, answered=story.ago(121, 15))


def _answer(story: Story, grievance: Grievance, filed: datetime.datetime, answer: str | None, operator,
            answered: datetime.datetime | None = None) -> None:
    story.date(Grievance, grievance.pk, submitted_at=filed)
    story.stamp(filed)
    if answer:
        answered = answered or story.days.at(story.days.after(filed.date(), 3), 10)
        credit.answer_grievance(grievance, answer, operator)
        story.date(Grievance, grievance.pk, answered_at=answered)
        story.stamp(answered)


def _build(story: Story, out: Callable[[str], object]) -> int:
    ensure_marketplace_permissions()
    categories = _categories()
    operator = _operator(story)
    agencies = AgencyBuilder(story, categories, operator)
    waiting = _agencies(story, agencies)
    projects = ProjectBuilder(story, categories, agencies.records, featured=agencies.records[0])
    for plan in make_plan(story.today, story.tz):
        projects.build(plan)
    projects.check()
    ratings = _ratings(story, agencies.records, operator)
    _grievances(story, projects, agencies.records, operator)
    _recent_registrations(story, agencies, waiting)
    story.flush()
    states = Counter(Project.objects.values_list("state", flat=True))
    out(f"中介机构 {Agency.objects.count()} 家（已入驻 {len(agencies.records)} 家）；服务类型 {len(categories)} 个；"
        f"监管部门和服务中心评价 {ratings} 条")
    out("中介服务项目 {} 个：{}".format(
        sum(states.values()), "，".join(f"{ProjectState(s).label} {states[s]}" for s in ProjectState.values)))
    return Agency.objects.count() + Project.objects.count()


def build_marketplace_demo(out: Callable[[str], object] = print) -> int:
    """Build the marketplace demo once; returns how many agencies and projects were created (0 when
    the marketplace already has data or the portal has no department)."""
    if Agency.objects.exists() or Project.objects.exists():
        out("中介服务超市已有数据，跳过演示数据。")
        return 0
    if not Department.objects.exists():
        out("还没有部门，跳过中介服务超市演示数据。")
        return 0
    started = time.process_time()
    story = Story(timezone.now(), local_today(), timezone.get_current_timezone(), SEED)
    with override_settings(EMAIL_BACKEND=NO_MAIL), story:  # the demo's addresses are fictional
        with transaction.atomic():
            created = _build(story, out)
    out(f"中介服务超市演示数据用时 {time.process_time() - started:.1f} 秒（CPU）")
    return created


__all__ = ["OPERATORS", "agency_credit_code", "build_marketplace_demo"]
