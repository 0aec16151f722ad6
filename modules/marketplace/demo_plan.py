"""The plan of the marketplace demo's projects: what happens to each project and when.

Pure and deterministic (a seeded ``random.Random``, no database): ``make_plan(today, now)`` gives
the same plans for the same day. Every moment of a plan is before ``now`` except the deadlines of
projects still open (报名中) and the selection times of lottery and bidding projects still waiting
for their draw (选取中), which lie ahead so the django-q2 schedule, not the demo, moves them on.
Each plan ends in one scenario; together they cover every state and every selection method:

============================  ===========================================================
scenario                      the project …
============================  ===========================================================
draft                         was written but not published (草稿, no number)
signup                        is open for sign-ups, deadline ahead (报名中)
selecting_owner               direct or merit: waits for its owner (选取中); one merit half scored
selecting_auto                lottery or bidding: closed, draw or opening still ahead (选取中)
selected_fresh                was decided in the last working days: result notice in its publicity
selected_waiting              was decided, the agency has not filed the contract yet (已选取)
selected_contract             the contract is filed and waits for the owner's confirmation
void_nobody / void_unquoted   nobody signed up / no bidder quoted (无效)
in_service                    contract confirmed, service running (服务中)
completed                     finished and evaluated (服务完成)
completed_pending             finished in the last 180 days, not evaluated yet (reminders due)
completed_lapsed              finished more than 180 days ago, never evaluated
terminated_*                  stopped by its owner (中止) during sign-up, after selection, in service
============================  ===========================================================
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from cms.workdays.calendar import WorkdayCalendar

from .demo_data import HOSPITALS, ROADS, SCHOOLS, STREETS, TITLES, TOWNS, VILLAGES, WATERS

SEED = 2026_05
D, L, B, M = "direct", "lottery", "bidding", "merit"
#: scenario → (how many, methods to cycle through or None for the usual mix)
SCENARIOS: tuple[tuple[str, int, tuple[str, ...] | None], ...] = (
    ("completed", 54, None), ("completed_pending", 6, None), ("completed_lapsed", 2, None),
    ("in_service", 24, None), ("void_nobody", 5, (L, D, M, L, B)), ("void_unquoted", 3, (B,)),
    ("terminated_signup", 3, None), ("terminated_selected", 2, (D, L)), ("terminated_service", 3, None),
    ("selected_waiting", 4, (D, L, B, M)), ("selected_contract", 5, (L, B, D, M, L)),
    ("selected_fresh", 5, (B, L, L, B, D)),
    ("selecting_owner", 6, (D, M, D, M, D, M)), ("selecting_auto", 4, (L, B, L, B)),
    ("signup", 16, (L, B, L, B, D, M, L, B, L, B, D, M, L, B, L, B)), ("draft", 4, (D, L, B, M)),
)
#: the usual mix of methods (a county marketplace mostly draws lots or takes the lowest price)
METHOD_WEIGHTS = {L: 44, B: 38, D: 13, M: 5}
CATEGORY_WEIGHTS = {"chzh": 19, "zjzx": 15, "jsjc": 11, "glsy": 7, "fwjd": 6, "hpjg": 6, "zcpg": 6, "cwsj": 6,
                    "aqpj": 5, "dzpg": 5, "sbfa": 5, "ghsj": 5, "jnpg": 4}
BUDGETS = {"chzh": (30, 400), "jsjc": (20, 300), "glsy": (50, 500), "hpjg": (30, 150), "aqpj": (20, 100),
           "zcpg": (10, 80), "zjzx": (20, 600), "dzpg": (20, 120), "sbfa": (20, 150), "jnpg": (20, 80),
           "fwjd": (10, 150), "ghsj": (80, 600), "cwsj": (20, 150)}  # thousands of yuan
#: scenarios and methods that give the demo accounts of 教育局 and 交通运输局 something to do
OWNER_HINTS = {("selecting_owner", 0): "jyj", ("selecting_owner", 1): "jtysj", ("selected_contract", 0): "jyj",
               ("selected_contract", 1): "jtysj", ("completed_pending", 0): "jyj", ("completed_pending", 1): "jtysj",
               ("signup", 4): "jtysj", ("draft", 0): "jyj"}
#: plans in which the featured agency (the agency-area demo account) takes part, and wins unless
#: the lottery says otherwise; its other open projects are left for the account to sign up itself
FEATURED = {("signup", 0), ("signup", 1), ("signup", 2), ("signup", 5), ("selected_waiting", 0),
            ("in_service", 0), ("in_service", 1), ("completed", 0), ("completed", 1), ("completed", 2),
            ("selecting_auto", 0)}
FORCED_CATEGORY = {**{key: "chzh" for key in FEATURED}, ("signup", 3): "chzh", ("signup", 5): "ghsj"}
FORCED_METHOD = {("in_service", 0): D, ("in_service", 1): B, ("completed", 0): M, ("completed", 1): B,
                 ("completed", 2): D}


@dataclass
class ProjectPlan:
    scenario: str
    index: int  # within its scenario
    method: str
    category: str
    title: str
    owners: tuple[str, ...]  # department slugs, best first
    budget: Decimal
    max_price: Decimal | None
    rate: bool  # quotes are 下浮率 (bidding only)
    required_level: str
    created: datetime.datetime
    publish: datetime.datetime | None
    deadline: datetime.datetime
    selection_at: datetime.datetime
    signups: int = 0  # how many agencies sign up (as many as qualify, at most)
    unquoted: int = 0  # bidding sign-ups that never quote
    decide: datetime.datetime | None = None  # direct and merit: the owner's decision
    contract: datetime.datetime | None = None
    confirm: datetime.datetime | None = None
    results: list[datetime.datetime] = field(default_factory=list)
    complete: datetime.datetime | None = None
    evaluate: datetime.datetime | None = None
    terminate: datetime.datetime | None = None
    featured: bool = False
    partial_scores: bool = False
    service_days: int = 30

    @property
    def ceiling(self) -> Decimal:
        return self.max_price if self.max_price is not None else self.budget


class Days:
    """Working days around ``today`` and moments on them (in the portal's time zone)."""

    def __init__(self, today: datetime.date, tz) -> None:
        self.today, self.tz, self.calendar = today, tz, WorkdayCalendar()

    def on_or_before(self, day: datetime.date) -> datetime.date:
        while not self.calendar.is_working_day(day):
            day -= datetime.timedelta(days=1)
        return day

    def on_or_after(self, day: datetime.date) -> datetime.date:
        while not self.calendar.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def ago(self, days: int) -> datetime.date:
        return self.on_or_before(self.today - datetime.timedelta(days=days))

    def after(self, day: datetime.date, days: int) -> datetime.date:
        return self.on_or_after(day + datetime.timedelta(days=days))

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.tz)


def _title(rng: random.Random, category: str, used: set[str], year: int) -> tuple[str, tuple[str, ...]]:
    for attempt in range(60):
        pattern, owners = rng.choice(TITLES[category])
        town, town_slug = rng.choice(TOWNS)
        title = pattern.format(town=town, village=rng.choice(VILLAGES), road=rng.choice(ROADS),
                               school=rng.choice(SCHOOLS), hospital=rng.choice(HOSPITALS), water=rng.choice(WATERS),
                               street=rng.choice(STREETS), batch="一二三四五六"[rng.randrange(6)])
        if attempt > 30:
            title = f"{title}（{year}年）"
        if title not in used:
            used.add(title)
            slugs = tuple(town_slug if o == "town" else o for o in owners)
            return title, slugs
    raise RuntimeError(f"演示项目名称不够用：{category}")


def _money(rng: random.Random, category: str) -> tuple[Decimal, Decimal | None]:
    low, high = BUDGETS[category]
    budget = Decimal(rng.randrange(low, high + 1)) * 1000
    roll = rng.random()
    if roll < 0.6:
        return budget, budget
    if roll < 0.9:
        return budget, (budget * Decimal(rng.randrange(90, 99)) / 100).quantize(Decimal("100"))
    return budget, None


def _publication(days: Days, rng: random.Random, scenario: str) -> datetime.date:
    """The publication day of a plan whose later steps are laid out forwards from it."""
    ranges = {"completed": (540, 140), "completed_pending": (165, 135), "completed_lapsed": (520, 420),
              "in_service": (150, 40), "void_nobody": (420, 20), "void_unquoted": (400, 20),
              "terminated_signup": (300, 30), "terminated_selected": (200, 60), "terminated_service": (300, 120)}
    first, last = ranges[scenario]
    return days.ago(rng.randrange(last, first + 1))


def _forward(plan: ProjectPlan, days: Days, rng: random.Random, published: datetime.date) -> None:
    """Lay out sign-up, selection, contract and service from the publication day."""
    plan.publish = days.at(published, rng.randrange(9, 12), rng.choice((0, 15, 30)))
    plan.created = plan.publish - datetime.timedelta(days=rng.randrange(1, 4), hours=rng.randrange(1, 5))
    deadline = days.after(published, rng.randrange(5, 9))
    plan.deadline = days.at(deadline, 17)
    selection = days.after(deadline, 1)
    plan.selection_at = days.at(selection, 9, 30)
    if plan.method in (D, M):
        plan.decide = days.at(selection, rng.randrange(10, 16), rng.choice((0, 20, 40)))
    decided = plan.decide or plan.selection_at
    upload = days.after(decided.date(), rng.randrange(2, 7))
    plan.contract = days.at(upload, rng.randrange(10, 17))
    confirm = days.after(upload, rng.randrange(1, 4))
    plan.confirm = days.at(confirm, rng.randrange(9, 12))
    plan.service_days = rng.randrange(15, 91)
    done = days.after(confirm, plan.service_days)
    plan.complete = days.at(done, 16)
    plan.results = [days.at(done, 11)]
    if plan.service_days >= 45:  # a longer service hands in an interim result first
        plan.results.insert(0, days.at(days.after(confirm, plan.service_days // 2), 15))
    plan.evaluate = days.at(days.after(done, rng.randrange(2, 26)), 10)


def _recent(plan: ProjectPlan, days: Days, rng: random.Random, decided: datetime.date) -> None:
    """Lay out a plan backwards from the day its selection was decided (recent scenarios)."""
    plan.selection_at = days.at(decided, 9, 30)
    deadline = days.on_or_before(decided - datetime.timedelta(days=1))
    plan.deadline = days.at(deadline, 17)
    published = days.on_or_before(deadline - datetime.timedelta(days=rng.randrange(5, 8)))
    plan.publish = days.at(published, rng.randrange(9, 12))
    plan.created = plan.publish - datetime.timedelta(days=1, hours=2)
    if plan.method in (D, M):
        plan.decide = days.at(decided, rng.randrange(10, 16))


def _lay_out(plan: ProjectPlan, days: Days, rng: random.Random) -> None:
    scenario, today = plan.scenario, days.today
    if scenario == "draft":
        plan.created = days.at(days.ago(rng.randrange(1, 4)), rng.randrange(9, 17))
        plan.publish = None
        plan.deadline = days.at(days.after(today, rng.randrange(10, 16)), 17)
        plan.selection_at = days.at(days.after(plan.deadline.date(), 1), 9, 30)
    elif scenario == "signup":
        published = days.ago(rng.randrange(1, 8))
        plan.publish = days.at(published, rng.randrange(9, 12))
        plan.created = plan.publish - datetime.timedelta(days=1)
        deadline = max(days.after(published, rng.randrange(7, 12)), days.after(today, 1 + plan.index % 5))
        plan.deadline = days.at(deadline, 17)
        plan.selection_at = days.at(days.after(deadline, 1), 9, 30)
    elif scenario in ("selecting_owner", "selecting_auto"):
        deadline = days.ago(1 + plan.index % 3)
        plan.deadline = days.at(deadline, 17)
        published = days.on_or_before(deadline - datetime.timedelta(days=7))
        plan.publish = days.at(published, 10)
        plan.created = plan.publish - datetime.timedelta(days=1)
        ahead = days.after(today, 1 + plan.index % 2) if scenario == "selecting_auto" else days.after(deadline, 1)
        plan.selection_at = days.at(ahead, 9, 30)
        plan.partial_scores = scenario == "selecting_owner" and plan.index == 1
    elif scenario == "selected_fresh":
        _recent(plan, days, rng, days.ago(1 + plan.index % 2))
    elif scenario == "selected_waiting":
        _recent(plan, days, rng, days.ago(rng.randrange(4, 12)))
    elif scenario == "selected_contract":
        _recent(plan, days, rng, days.ago(rng.randrange(10, 20)))
        decided = plan.decide or plan.selection_at
        plan.contract = days.at(days.after(decided.date(), rng.randrange(2, 6)), 15)
    else:
        _forward(plan, days, rng, _publication(days, rng, scenario))
        _trim(plan, days, rng)


def _trim(plan: ProjectPlan, days: Days, rng: random.Random) -> None:
    """Drop what a forward-laid plan does not reach in its scenario."""
    scenario = plan.scenario
    if scenario.startswith("void"):
        plan.decide = plan.contract = plan.confirm = plan.complete = plan.evaluate = None
        plan.results = []
    elif scenario == "terminated_signup":
        plan.terminate = plan.publish + datetime.timedelta(days=2, hours=3)
        plan.decide = plan.contract = plan.confirm = plan.complete = plan.evaluate = None
        plan.results = []
    elif scenario == "terminated_selected":
        decided = plan.decide or plan.selection_at
        plan.terminate = days.at(days.after(decided.date(), 12), 10)
        plan.contract = plan.confirm = plan.complete = plan.evaluate = None
        plan.results = []
    elif scenario in ("in_service", "terminated_service"):
        plan.complete = plan.evaluate = None
        limit = days.at(days.today, 0) - datetime.timedelta(days=1)
        plan.results = [r for r in plan.results[:1] if r < limit]
        if scenario == "terminated_service":
            plan.terminate = days.at(days.after(plan.confirm.date(), rng.randrange(20, 41)), 16)
            plan.results = [r for r in plan.results if r < plan.terminate]
    elif scenario in ("completed_pending", "completed_lapsed"):
        plan.evaluate = None


def _signups(plan: ProjectPlan, rng: random.Random) -> None:
    if plan.scenario == "void_nobody" or plan.scenario == "draft":
        plan.signups = 0
    elif plan.scenario == "void_unquoted":
        plan.signups, plan.unquoted = 1 + plan.index % 2, 1 + plan.index % 2
    elif plan.method == D:
        plan.signups = rng.randrange(1, 3)
    elif plan.method == M:
        plan.signups = rng.randrange(2, 4)
    else:
        plan.signups = rng.randrange(2, 5)
    if plan.method == B and plan.scenario != "void_unquoted" and rng.random() < 0.25:
        plan.unquoted = 1  # one bidder forgot to quote: disqualified at the deadline
    if plan.scenario == "signup":
        plan.signups = rng.randrange(1, 4)  # the sign-up period is still running


def make_plan(today: datetime.date, tz) -> list[ProjectPlan]:
    """All project plans, in the order they are built (by publication, drafts last)."""
    rng = random.Random(SEED)
    days = Days(today, tz)
    used: set[str] = set()
    plans: list[ProjectPlan] = []
    methods, method_weights = list(METHOD_WEIGHTS), list(METHOD_WEIGHTS.values())
    categories, category_weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    for scenario, count, cycle in SCENARIOS:
        for index in range(count):
            key = (scenario, index)
            method = cycle[index % len(cycle)] if cycle else rng.choices(methods, method_weights)[0]
            method = B if scenario == "void_unquoted" else FORCED_METHOD.get(key, method)
            featured = key in FEATURED
            category = FORCED_CATEGORY.get(key) or rng.choices(categories, category_weights)[0]
            hint = OWNER_HINTS.get(key)
            if hint:  # a category with titles of the hinted owner
                category = rng.choice(sorted(c for c, titles in TITLES.items()
                                             if any(hint in owners for _, owners in titles)))
            budget, max_price = _money(rng, category)
            plan = ProjectPlan(
                scenario=scenario, index=index, method=method, category=category, title="", owners=(),
                budget=budget, max_price=max_price, rate=method == B and rng.random() < 0.3,
                required_level="乙级" if category == "chzh" and key not in FORCED_CATEGORY and rng.random() < 0.3 else "",
                created=days.at(today, 0), publish=None, deadline=days.at(today, 0),
                selection_at=days.at(today, 0), featured=featured,
            )
            _lay_out(plan, days, rng)
            year = (plan.publish or plan.created).year
            for _ in range(40):
                plan.title, plan.owners = _title(rng, category, used, year)
                if not hint or hint in plan.owners:
                    break
                used.discard(plan.title)
            if hint:
                plan.owners = (hint, *[o for o in plan.owners if o != hint])
            _signups(plan, rng)
            plans.append(plan)
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    plans.sort(key=lambda p: (p.publish or far, p.created))
    return plans


__all__ = ["SCENARIOS", "ProjectPlan", "make_plan"]
