"""How many items each demo column gets, on which dates, and the generated items themselves.

The plan is built for a target number of items (``--items``); columns get a share of it by
weight.  A few columns are deliberately stale or left empty so the monthly column checks
have something to find: 动态 columns silent for weeks, 通知公告/政策文件 for over six months,
人事信息 for over a year, and some blank columns.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from cms.demo.departments import DEPARTMENTS, DemoDepartment
from cms.demo.themes import Task, tasks_of
from cms.demo.writing import news, policy, records
from cms.demo.writing.common import Item, Writer, workday

YEARS = 3
#: Items per column over three years at full size: (department, township).
BASE = {"gzdt": (30, 20), "zcwj": (12, 8), "tzgg": (10, 8), "rsxx": (4, 3), "ghjh": (4, 3), "qt": (2, 2)}
BASE_OVERRIDES = {("xzfb", "gzdt"): 45, ("xzfb", "zcwj"): 18, ("jyj", "gzdt"): 40, ("jyj", "zcwj"): 16}
FULL_STRUCTURE = 1000  # from this size on, every organ gets its budgets, annual reports, functions...
PAIRS = 2  # policy documents with an interpretation, per organ
COUNTY_NEWS, COUNTY_NOTICES = 130, 45
#: Days since the last item of deliberately stale columns.
STALE = {
    ("sfj", "gzdt"): 35, ("sjj", "gzdt"): 52, ("ghx", "gzdt"): 24, ("sjj", "tzgg"): 215, ("ltx", "tzgg"): 250,
    ("ltx", "zcwj"): 240, ("swj", "rsxx"): 420, ("ghx", "rsxx"): 400, ("ltx", "gzdt"): 75,
}
#: Columns deliberately left blank.
EMPTY = {("gaj", "qt"), ("sjj", "qt"), ("ltx", "qt"), ("ghx", "qt"), ("ltx", "ghjh")}


@dataclass
class ColumnPlan:
    slug: str
    items: list[Item] = field(default_factory=list)


@dataclass
class DepartmentPlan:
    department: DemoDepartment
    columns: dict[str, ColumnPlan] = field(default_factory=dict)

    def column(self, slug: str) -> ColumnPlan:
        return self.columns.setdefault(slug, ColumnPlan(slug))


@dataclass
class Plan:
    departments: list[DepartmentPlan]
    county_news: list[Item]
    county_notices: list[Item]

    @property
    def total(self) -> int:
        own = sum(len(c.items) for d in self.departments for c in d.columns.values())
        return own + len(self.county_news) + len(self.county_notices)


def _base_counts() -> dict[tuple[str, str], int]:
    counts = {}
    for d in DEPARTMENTS:
        for slug, (dept, town) in BASE.items():
            counts[(d.slug, slug)] = 0 if (d.slug, slug) in EMPTY else BASE_OVERRIDES.get(
                (d.slug, slug), town if d.is_township else dept)
    return counts


def _scaled(counts: dict, target: int, fixed: int, rng) -> dict:
    """Scale ``counts`` so that they and the ``fixed`` items add up to ``target`` (stochastic rounding)."""
    scale = max(target - fixed, 0) / max(sum(counts.values()), 1)
    scaled = {}
    for key, n in counts.items():
        exact = n * scale
        scaled[key] = int(exact) + (1 if rng.random() < exact - int(exact) else 0)
    news_keys = [k for k in counts if k[1] == "gzdt" and counts[k]]
    i, gap = 0, target - fixed - sum(scaled.values())
    while gap != 0 and news_keys:  # settle the rounding on the news columns
        key = news_keys[i % len(news_keys)]
        if gap > 0 or scaled[key] > 0:
            scaled[key] += 1 if gap > 0 else -1
            gap += -1 if gap > 0 else 1
        i += 1
        if i > 10 * len(news_keys) and gap < 0:
            break
    return scaled


class Dates:
    """Publication dates inside the demo's three years, on working days."""

    def __init__(self, today: datetime.date, rng) -> None:
        self.today, self.rng = today, rng
        self.start = today - datetime.timedelta(days=365 * YEARS)

    def spread(self, n: int, stale_days: int = 0) -> list[datetime.date]:
        """``n`` dates up to ``stale_days`` ago; the newest one falls on that end (± 3 days when active)."""
        if n <= 0:
            return []
        end = self.today - datetime.timedelta(days=stale_days or self.rng.randint(0, 3))
        span = (end - self.start).days
        days = [end] + [self.start + datetime.timedelta(days=self.rng.randint(0, span)) for _ in range(n - 1)]
        return sorted(workday(d, end) for d in days)


def _task_for(w: Writer, tasks: list[Task], day: datetime.date) -> Task:
    seasonal = [t for t in tasks if day.month in t.seasons]
    general = [t for t in tasks if not t.seasons]
    pool = seasonal * 2 + general if seasonal else general or tasks
    return w.pick(pool)


def _unique(column: ColumnPlan, make, tries: int = 8) -> None:
    """Add the item ``make()`` returns unless its title is already in the column (after a few tries)."""
    titles = {i.title for i in column.items}
    for _ in range(tries):
        item = make()
        if item.title not in titles:
            column.items.append(item)
            return


def plan_department(demo: DemoDepartment, counts: dict, today: datetime.date, full: float, pairs: int,
                    seed: str) -> DepartmentPlan:
    w = Writer(f"{seed}:{demo.slug}")
    dates = Dates(today, w.rng)
    tasks = tasks_of(demo.slug)
    numbers = policy.DocNumbers(w, demo.doc_prefix)
    plan = DepartmentPlan(demo)
    events: list[tuple[datetime.date, str]] = []
    for slug in BASE:
        n = counts.get((demo.slug, slug), 0)
        events += [(d, slug) for d in dates.spread(n, STALE.get((demo.slug, slug), 0))]
    for year in range(dates.start.year, today.year + 1):  # scheduled items, kept in proportion at small sizes
        for slug, day, extra in (
            ("czyjs", datetime.date(year, 2, w.rng.randint(5, 25)), ("budget", year)),
            ("czyjs", datetime.date(year, 8, w.rng.randint(10, 31)), ("final", year - 1)),
            ("ndbg", datetime.date(year, 1, w.rng.randint(8, 28)), ("report", year - 1)),
            ("ndbg", datetime.date(year, 3, w.rng.randint(10, 28)), ("county", year - 1)),
        ):
            if extra[0] == "county" and demo.slug != "xzfb":
                continue
            if dates.start <= day <= today and w.rng.random() < full:
                events.append((workday(day, today), f"{slug}:{extra[0]}:{extra[1]}"))
    if w.rng.random() < full:
        events.append((workday(dates.start + datetime.timedelta(days=w.rng.randint(0, 60)), today), "jgzn"))
        events.append((workday(today - datetime.timedelta(days=w.rng.randint(30, 400)), today), "ldxx"))
    events.sort()
    policy_days = [d for d, s in events if s == "zcwj"]
    interpreted = set(w.sample(range(len(policy_days)), pairs))

    policy_index = 0
    for day, slug in events:
        kind = slug.split(":")
        column = plan.column(kind[0])
        if kind[0] == "zcwj":
            substantive = policy_index in interpreted
            policy_index += 1
            task = _task_for(w, tasks, day)
            before = len(column.items)
            _unique(column, lambda task=task, s=substantive, d=day: policy.policy(w, demo, task, d, numbers, s, today))
            if substantive and len(column.items) > before:
                plan.column("zcjd").items.append(policy.interpretation(w, demo, task, column.items[-1], today))
        elif kind[0] == "gzdt":
            _unique(column, lambda d=day: news.work_news(w, demo, _task_for(w, tasks, d), d))
        elif kind[0] == "tzgg":
            _unique(column, lambda d=day: policy.notice(w, demo, _task_for(w, tasks, d), d, numbers))
        elif kind[0] == "rsxx":
            _unique(column, lambda d=day: records.personnel(w, demo, tasks, d))
        elif kind[0] == "ghjh":
            _unique(column, lambda d=day: records.planning(w, demo, tasks, d))
        elif kind[0] == "qt":
            _unique(column, lambda d=day: records.other(w, demo, tasks, d))
        elif kind[0] == "czyjs":
            column.items.append(records.budget(w, demo, int(kind[2]), kind[1] == "final", day))
        elif kind[0] == "ndbg":
            column.items.append(records.annual_report(w, demo, int(kind[2]), day, county=kind[1] == "county"))
        elif kind[0] == "jgzn":
            column.items.append(records.functions(w, demo, tasks, day))
        elif kind[0] == "ldxx":
            column.items.append(records.leaders(w, demo, tasks, day))
    return plan


def make_plan(target: int, today: datetime.date, seed: str = "yunxi") -> Plan:
    """The demo content for about ``target`` items (never fewer than the structure needs)."""
    w = Writer(f"{seed}:county")
    full = min(1.0, target / FULL_STRUCTURE)
    scheduled = round(len(DEPARTMENTS) * 10 * full)
    n_news = max(1, round(COUNTY_NEWS * full))
    n_notices = max(1, round(COUNTY_NOTICES * full))
    pairs_total = max(3, round(len(DEPARTMENTS) * PAIRS * full))
    counts = _scaled(_base_counts(), target, scheduled + n_news + n_notices + pairs_total, w.rng)
    pairs = {d.slug: 0 for d in DEPARTMENTS}
    for i in range(pairs_total):  # interpretation pairs, round-robin over the organs
        slug = DEPARTMENTS[i % len(DEPARTMENTS)].slug
        pairs[slug] += 1
        counts[(slug, "zcwj")] = max(counts[(slug, "zcwj")], pairs[slug])
    departments = [plan_department(d, counts, today, full, pairs[d.slug], seed) for d in DEPARTMENTS]
    own = sum(len(c.items) for d in departments for c in d.columns.values())
    _top_up(w, departments, target - own - n_news - n_notices, today)

    dates = Dates(today, w.rng)
    all_tasks = [(d, t) for d in DEPARTMENTS for t in tasks_of(d.slug)]
    county_news, county_notices = ColumnPlan("ywdt"), ColumnPlan("tzgg")
    for day in dates.spread(n_news):
        _unique(county_news, lambda d=day: news.county_news(w, *_department_task(w, all_tasks, d), d))
    throwaway = policy.DocNumbers(w, "云政办通")
    for day in dates.spread(n_notices):
        _unique(county_notices, lambda d=day: news.county_notice(w, *_department_task(w, all_tasks, d), d, throwaway))
    return Plan(departments, county_news.items, county_notices.items)


def _top_up(w: Writer, departments: list[DepartmentPlan], missing: int, today: datetime.date) -> None:
    """Add work news to the active organs until the plan reaches its target (titles may collide)."""
    active = [d for d in departments if (d.department.slug, "gzdt") not in STALE | dict.fromkeys(EMPTY)]
    dates = Dates(today, w.rng)
    for attempt in range(max(missing, 0) * 4):
        if missing <= 0:
            break
        plan = active[attempt % len(active)]
        column = plan.column("gzdt")
        before = len(column.items)
        day = dates.spread(2)[0]
        tasks = tasks_of(plan.department.slug)
        _unique(column, lambda d=day, p=plan, t=tasks: news.work_news(w, p.department, _task_for(w, t, d), d))
        missing -= len(column.items) - before


def _department_task(w: Writer, pairs: list[tuple[DemoDepartment, Task]], day: datetime.date):
    fitting = [(d, t) for d, t in pairs if day.month in t.seasons]
    return w.pick(fitting + [(d, t) for d, t in pairs if not t.seasons])

