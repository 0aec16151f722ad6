"""Builds the demo's projects from their plans (``demo_plan``), step by step through the services.

Each project is written as its owner would (a draft, then ``publish_project``), agencies sign up
and seal quotes (``sign_up``, ``submit_quote``), the deadline and the selection time are passed to
``advance_due_projects`` exactly as the django-q2 schedule would, owners select (``select_directly``,
``record_merit_score``, ``finish_merit``), the winner files the contract and results, the owner
confirms, starts, completes, evaluates or terminates. After each step the project must be in the
state the plan expects, or the build stops with a message (a demo never hides a broken rule).
"""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from .demo_data import (
    AVOIDANCE,
    BY_CODE,
    COMPLAINT_PHONE,
    CONTENT,
    CRITERIA,
    DIRECT_REASONS,
    EVALUATION_COMMENTS,
    SCORER_ROLES,
    SERVICE_PERIODS,
    TERMINATIONS,
)
from .demo_files import demo_pdf
from .demo_plan import SEED, ProjectPlan
from .demo_story import AgencyRecord, Story
from .models import (
    Contract,
    CreditRating,
    Evaluation,
    MeritCriterion,
    Project,
    ProjectState,
    RatingSource,
    Selection,
    SelectionMethod,
    ServiceCategory,
    ServiceResult,
    SignUp,
)
from .services import contracts, projects

FINAL_STATES = {
    "draft": ProjectState.DRAFT, "signup": ProjectState.SIGNUP, "selecting_owner": ProjectState.SELECTING,
    "selecting_auto": ProjectState.SELECTING, "selected_fresh": ProjectState.SELECTED,
    "selected_waiting": ProjectState.SELECTED, "selected_contract": ProjectState.SELECTED,
    "void_nobody": ProjectState.VOID, "void_unquoted": ProjectState.VOID, "in_service": ProjectState.IN_SERVICE,
    "completed": ProjectState.COMPLETED, "completed_pending": ProjectState.COMPLETED,
    "completed_lapsed": ProjectState.COMPLETED, "terminated_signup": ProjectState.TERMINATED,
    "terminated_selected": ProjectState.TERMINATED, "terminated_service": ProjectState.TERMINATED,
}
HOUR = datetime.timedelta(hours=1)


class ProjectBuilder:
    """Runs plans against the services; remembers what the later steps (grievances) need."""

    def __init__(self, story: Story, categories: dict[str, ServiceCategory], agencies: list[AgencyRecord],
                 featured: AgencyRecord) -> None:
        self.story, self.categories, self.agencies, self.featured = story, categories, agencies, featured
        self.rng = story.rng
        self.by_agency = {r.agency.pk: r for r in agencies}
        self.tie_shown = False
        self.quotes: dict[int, Decimal] = {}  # sign-up → the value its agency sealed (the demo knows it)
        self.built: list[tuple[ProjectPlan, Project]] = []

    # --- one project ------------------------------------------------------------------------

    def build(self, plan: ProjectPlan) -> Project:
        story = self.story
        owner = story.department(plan.owners)
        user = story.staff_of(owner)
        story.latest = None  # the last moment something happened to this project
        project = self._draft(plan, owner, user)
        if plan.publish is not None:
            project = projects.publish_project(project, user, now=plan.publish)
            story.stamp(plan.publish)
            self._sign_up(plan, project)
            if plan.terminate and plan.scenario == "terminated_signup":
                self._terminate(plan, project, user)
            elif plan.deadline < story.now:
                self._close(plan, project, user)
        story.date(Project, project.pk, created_at=plan.created, updated_at=story.latest or plan.created)
        self.built.append((plan, project))
        return project

    def check(self) -> None:
        """Every project ended where its plan said (else the build stops: the demo never hides a broken rule)."""
        states = dict(Project.objects.filter(pk__in=[p.pk for _, p in self.built]).values_list("pk", "state"))
        for plan, project in self.built:
            if states[project.pk] != FINAL_STATES[plan.scenario]:
                raise RuntimeError(f"演示项目“{plan.title}”应为{ProjectState(FINAL_STATES[plan.scenario]).label}，"
                                   f"实为{ProjectState(states[project.pk]).label}（{plan.scenario}）。")

    def _draft(self, plan: ProjectPlan, owner, user) -> Project:
        category = BY_CODE[plan.category]
        level = f"{plan.required_level}及以上" if plan.required_level else ""
        requirement = f"具有有效的{category.qualification}{level}"
        project = Project.objects.create(
            title=plan.title, owner=owner, category=self.categories[plan.category], budget=plan.budget,
            max_price=plan.max_price, quote_method="rate" if plan.rate else "amount",
            qualification_requirement=requirement, required_level=plan.required_level,
            signup_deadline=plan.deadline, selection_at=plan.selection_at, method=plan.method, avoidance=AVOIDANCE,
            content=CONTENT.format(requirement="国家和本省现行技术标准及业主单位的任务要求", what=plan.title,
                                   result=category.result),
            service_period=SERVICE_PERIODS[plan.service_days * len(SERVICE_PERIODS) // 91],
            complaint_phone=COMPLAINT_PHONE, contact=f"{self.story.person()} {owner.phone or '0870-5120000'}",
            created_by=user,
        )
        if plan.method == SelectionMethod.MERIT:
            rows = CRITERIA[plan.index % len(CRITERIA)]
            MeritCriterion.objects.bulk_create(
                MeritCriterion(project=project, name=name, max_points=Decimal(points), description=text)
                for name, points, text in rows)
        return project

    # --- sign-ups and quotes --------------------------------------------------------------------

    def _candidates(self, plan: ProjectPlan, first: datetime.datetime) -> list[AgencyRecord]:
        def fits(record: AgencyRecord) -> bool:
            return (record.may_bid(plan.category, first, plan.required_level)
                    and record.may_bid(plan.category, plan.deadline, plan.required_level))

        others = [r for r in self.agencies if r is not self.featured and fits(r)]
        chosen = self.rng.sample(others, min(len(others), plan.signups))
        if plan.featured and fits(self.featured):
            chosen = [self.featured, *chosen[:max(plan.signups - 1, 1)]]
        elif plan.scenario != "signup" and fits(self.featured) and self.rng.random() < 0.4:
            chosen.append(self.featured)
        return chosen

    def _sign_up(self, plan: ProjectPlan, project: Project) -> list[SignUp]:
        story = self.story
        if plan.signups == 0:
            return []
        end = min(plan.deadline - 2 * HOUR, plan.terminate or plan.deadline,
                  story.days.at(story.today, 0) - 5 * HOUR)
        first = plan.publish + HOUR
        agencies = self._candidates(plan, first)
        moments = sorted(self._office_hours(first, end) for _ in agencies)
        signups = []
        for number, (record, moment) in enumerate(zip(agencies, moments, strict=True)):
            signup = projects.sign_up(project, record.agency, now=moment)
            story.date(SignUp, signup.pk, created_at=moment)
            story.stamp(moment)
            signups.append(signup)
            if self._quotes(plan, record, number, len(agencies)):
                quoted = self._office_hours(min(moment + datetime.timedelta(minutes=10), end), end)
                value = self._quote_value(plan, record)
                projects.submit_quote(signup, value, now=quoted)
                story.stamp(quoted)
                self.quotes[signup.pk] = value
        self._show_tie(plan, signups)
        return signups

    def _office_hours(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        """A moment between ``start`` and ``end``, in office hours (8:30–19:00) when there are any."""
        span = max(int((end - start).total_seconds() // 60), 1)
        for _ in range(30):
            moment = start + datetime.timedelta(minutes=self.rng.randrange(span))
            local = moment.astimezone(self.story.tz)
            if datetime.time(8, 30) <= local.time() <= datetime.time(19) and local.weekday() < 5:
                return moment
        return moment

    def _quotes(self, plan: ProjectPlan, record: AgencyRecord, number: int, count: int) -> bool:
        if plan.scenario == "signup" and record is self.featured:
            return plan.index != 2  # one sign-up of the demo account still waits for its quote
        if plan.scenario == "void_unquoted":
            return False
        if plan.method == SelectionMethod.BIDDING:
            return number >= plan.unquoted or record is self.featured
        return True

    def _quote_value(self, plan: ProjectPlan, record: AgencyRecord) -> Decimal:
        best = record is self.featured and plan.featured
        if plan.rate:
            rate = Decimal(self.rng.randrange(300, 1800)) / 100
            return rate + (Decimal(6) if best else 0)
        share = Decimal(self.rng.randrange(780, 975)) / 1000
        if best:
            share = Decimal("0.74")
        return (plan.ceiling * share).quantize(Decimal("10"), ROUND_HALF_UP)

    def _show_tie(self, plan: ProjectPlan, signups: list[SignUp]) -> None:
        """Once: two bidders seal the same lowest amount (the earlier quote wins, see the rule)."""
        quoted = [s for s in signups if s.pk in self.quotes]
        if (self.tie_shown or plan.method != SelectionMethod.BIDDING or plan.rate or plan.featured
                or plan.scenario != "completed" or len(quoted) < 3):
            return
        first, second = sorted(quoted, key=lambda s: SignUp.objects.get(pk=s.pk).quoted_at)[:2]
        low = min(self.quotes[s.pk] for s in quoted) - 100
        for signup in (first, second):
            moment = SignUp.objects.get(pk=signup.pk).quoted_at
            projects.submit_quote(signup, low, now=moment)
            self.story.stamp(moment)
            self.quotes[signup.pk] = low
        self.tie_shown = True

    # --- deadline, selection, contract, service ---------------------------------------------

    def _expect(self, plan: ProjectPlan, project: Project, *states: str) -> Project:
        project.refresh_from_db()
        if project.state not in states:
            raise RuntimeError(f"演示项目 {project.number}“{plan.title}”处理后为{project.get_state_display()}，"
                               f"与计划（{plan.scenario}）不符。")
        return project

    def _close(self, plan: ProjectPlan, project: Project, user) -> None:
        story = self.story
        projects.advance_due_projects(now=plan.deadline)
        story.stamp(plan.deadline)
        project = self._expect(plan, project, ProjectState.SELECTING, ProjectState.VOID)
        if project.state == ProjectState.VOID:
            return
        qualified = list(project.signups.filter(qualified=True).select_related("agency").order_by("created_at"))
        if plan.method in (SelectionMethod.LOTTERY, SelectionMethod.BIDDING):
            if plan.selection_at >= story.now:
                return  # the schedule draws or opens at 选取时间, after the demo
            projects.advance_due_projects(now=plan.selection_at)
            story.stamp(plan.selection_at)
        elif plan.method == SelectionMethod.DIRECT:
            if plan.decide is None:
                return  # waits for the owner
            chosen = self._direct_choice(plan, qualified)
            projects.select_directly(project, chosen, self.rng.choice(DIRECT_REASONS), user, now=plan.decide)
            story.stamp(plan.decide)
        else:
            self._score(plan, project, qualified)
            if plan.decide is None:
                return
            projects.finish_merit(project, user, now=plan.decide)
            story.stamp(plan.decide)
        project = self._expect(plan, project, ProjectState.SELECTED)
        self._after_selection(plan, project, user)

    def _direct_choice(self, plan: ProjectPlan, qualified: list[SignUp]) -> SignUp:
        for signup in qualified:
            if signup.agency_id == self.featured.agency.pk and plan.featured:
                return signup
        return min(qualified, key=lambda s: (self.quotes.get(s.pk, Decimal("1e12")), s.created_at))

    def _score(self, plan: ProjectPlan, project: Project, qualified: list[SignUp]) -> None:
        """Three named scorers (the owner's representative and two experts) score every qualified
        sign-up on every published criterion, as entered by the owner."""
        criteria = list(project.criteria.all())
        scorers = [f"{self.story.person()}（{role}）" for role in SCORER_ROLES]
        for number, signup in enumerate(qualified):
            strength = 0.93 if signup.agency_id == self.featured.agency.pk and plan.featured else \
                self.rng.uniform(0.62, 0.9)
            # half scored: the last scorer has entered the points of the first agency only
            for scorer in scorers[:-1] if plan.partial_scores and number else scorers:
                for criterion in criteria:
                    share = min(strength + self.rng.uniform(-0.06, 0.06), 1.0)
                    points = (criterion.max_points * Decimal(str(round(share, 3)))).quantize(Decimal("0.1"))
                    projects.record_merit_score(signup, criterion, scorer, points)

    def _after_selection(self, plan: ProjectPlan, project: Project, user) -> None:
        story = self.story
        if plan.scenario == "terminated_selected":
            self._terminate(plan, project, user)
            return
        if plan.contract is None:
            return
        selection = Selection.objects.select_related("agency").get(project=project)
        agency = selection.agency
        start = plan.confirm.date() if plan.confirm else plan.contract.date() + datetime.timedelta(days=3)
        amount = selection.amount if selection.amount is not None else plan.ceiling
        number = f"HT{project.number.removeprefix('ZJ')}"
        contract = contracts.upload_contract(project, agency, {
            "number": number, "amount": amount, "starts_on": start,
            "ends_on": start + datetime.timedelta(days=plan.service_days)},
            demo_pdf("合同.pdf", "中介服务合同", [f"合同编号：{number}", f"项目：{project.title}",
                                               f"服务机构：{agency.name}", f"合同金额：{amount} 元"]))
        story.date(Contract, contract.pk, uploaded_at=plan.contract)
        story.stamp(plan.contract)
        if plan.confirm is None:
            return
        projects.confirm_contract(contract, user)
        story.date(Contract, contract.pk, confirmed_at=plan.confirm)
        story.stamp(plan.confirm)
        projects.start_service(project, user)
        story.stamp(plan.confirm + datetime.timedelta(minutes=30))
        self._service(plan, project, agency, user)

    def _service(self, plan: ProjectPlan, project: Project, agency, user) -> None:
        story = self.story
        category = BY_CODE[plan.category]
        for number, moment in enumerate(plan.results):
            if plan.complete and moment > plan.complete:
                continue
            final = plan.complete is not None and number == len(plan.results) - 1
            title = category.result if final else f"{category.result}（阶段成果）"
            result = contracts.upload_result(
                project, agency, title, demo_pdf("成果.pdf", title, [f"项目：{project.title}", f"服务机构：{agency.name}"]),
                "最终成果，已按业主意见修改完善。" if final else "阶段成果，供业主单位审阅。")
            story.date(ServiceResult, result.pk, uploaded_at=moment)
            story.stamp(moment)
        if plan.terminate:
            self._terminate(plan, project, user)
            return
        if plan.complete is None:
            return
        projects.complete_service(project, user, now=plan.complete)
        story.stamp(plan.complete)
        if plan.evaluate is not None:
            self._evaluate(plan, project, agency, user)

    def _evaluate(self, plan: ProjectPlan, project: Project, agency, user) -> None:
        record = self.by_agency[agency.pk]
        # a random source of its own: who is evaluated may depend on a draw, the rest of the demo must not
        rng = random.Random(f"{SEED}:{plan.title}")
        scores = {field: max(1, min(5, round(rng.gauss(record.quality, 0.55)))) for field in contracts.SCORE_FIELDS}
        mean = round(sum(scores.values()) / len(scores))
        comment = rng.choice(EVALUATION_COMMENTS[max(2, min(5, mean))])
        evaluation = contracts.evaluate(project, user, scores, comment, now=plan.evaluate)
        self.story.date(Evaluation, evaluation.pk, evaluated_at=plan.evaluate)
        rating = CreditRating.objects.values_list("pk", flat=True).get(project=project, source=RatingSource.OWNER)
        self.story.date(CreditRating, rating, rated_at=plan.evaluate)
        self.story.stamp(plan.evaluate)

    def _terminate(self, plan: ProjectPlan, project: Project, user) -> None:
        kind = plan.scenario.removeprefix("terminated_")
        projects.terminate(project, self.rng.choice(TERMINATIONS[kind]), user)
        self.story.stamp(plan.terminate)
