"""The clock and the cast of the marketplace demo.

The demo tells its history through the real services with explicit ``now=`` moments. Some
moments the services take from the wall clock instead (``auto_now_add`` fields, approval and
confirmation times, the audit log); after each call ``Story.stamp`` notes the story's moment for
the audit entries just written and ``Story.date`` for the other fields, and ``Story.flush`` writes
them all at the end in a few bulk updates, so pages, the audit log and OCDS tell one consistent
history. ``AgencyRecord`` is the demo's own account of who may bid when (approval,
qualifications, sanctions), used to pick sign-ups that the services will accept.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_save

from cms.departments.models import Department

from .demo_data import GIVEN, SURNAMES
from .demo_plan import Days
from .models import Agency, AuditEntry
from .services.agencies import level_satisfies


@dataclass
class Qual:
    level: str
    expires_on: datetime.date
    approved: bool = True


@dataclass
class AgencyRecord:
    """What the demo knows of an agency: when it was approved, its certificates, when it was barred."""

    agency: Agency
    spec: object  # demo_data.DemoAgency
    approved_at: datetime.datetime | None
    quals: dict[str, Qual] = field(default_factory=dict)
    barred: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)
    quality: float = 4.5  # how well it serves: the owners' evaluations scatter around it

    def may_bid(self, category: str, moment: datetime.datetime, required_level: str = "") -> bool:
        day = moment.date()
        if self.approved_at is None or self.approved_at >= moment:
            return False
        if any(start <= day <= end for start, end in self.barred):
            return False
        qual = self.quals.get(category)
        return bool(qual and qual.approved and qual.expires_on >= day and level_satisfies(qual.level, required_level))


class Story:
    """Now, today, the working days, the random source and the people of the demo."""

    def __init__(self, now: datetime.datetime, today: datetime.date, tz, seed: int) -> None:
        self.now, self.today, self.tz = now, today, tz
        self.days = Days(today, tz)
        self.rng = random.Random(seed)
        self.departments = list(Department.objects.order_by("order", "name"))
        self.by_slug = {d.slug: d for d in self.departments}
        self._fallback = itertools.cycle(self.departments)
        self._staff: dict[int, object] = {}
        self._names = itertools.count()
        self._written: list[int] = []  # audit entries not stamped yet
        self.latest: datetime.datetime | None = None  # the latest moment stamped
        self._dates: dict[tuple[type[Model], str], dict[int, datetime.datetime]] = defaultdict(dict)

    # --- time ----------------------------------------------------------------------------------

    def ago(self, days: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
        return self.days.at(self.days.ago(days), hour, minute)

    def __enter__(self) -> Story:
        post_save.connect(self._collect, sender=AuditEntry, dispatch_uid="marketplace-demo-story", weak=False)
        return self

    def __exit__(self, *exc) -> None:
        post_save.disconnect(sender=AuditEntry, dispatch_uid="marketplace-demo-story")

    def _collect(self, sender, instance: AuditEntry, created: bool = False, **kwargs) -> None:
        if created:
            self._written.append(instance.pk)

    def _past(self, moment: datetime.datetime) -> datetime.datetime:
        if moment >= self.now:
            raise ValueError(f"演示数据的时间 {moment:%Y-%m-%d %H:%M} 晚于当前时间。")
        return moment

    def stamp(self, moment: datetime.datetime) -> None:
        """The audit entries written since the last stamp happened at ``moment`` (a past moment)."""
        self._past(moment)
        self.latest = max(self.latest or moment, moment)
        dates = self._dates[(AuditEntry, "at")]
        for pk in self._written:
            dates[pk] = moment
        self._written.clear()

    def date(self, model: type[Model], pk: int, **fields: datetime.datetime) -> None:
        """``model`` row ``pk`` has these moments (written by ``flush``)."""
        for name, moment in fields.items():
            self._dates[(model, name)][pk] = self._past(moment)

    def flush(self) -> None:
        """Write the noted moments: one ``executemany`` per model and field."""
        if self._written:
            raise RuntimeError("演示数据中有未标注时间的操作记录。")
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for (model, name), values in self._dates.items():
                column = model._meta.get_field(name)
                sql = (f"UPDATE {quote(model._meta.db_table)} SET {quote(column.column)} = %s "
                       f"WHERE {quote(model._meta.pk.column)} = %s")
                cursor.executemany(sql, [(column.get_db_prep_value(moment, connection), pk)
                                         for pk, moment in values.items()])
        self._dates.clear()

    # --- people --------------------------------------------------------------------------------

    def person(self) -> str:
        """A plausible name (family name + given name), different each time for a while."""
        n = next(self._names)
        surname = SURNAMES[(n * 7 + self.rng.randrange(3)) % len(SURNAMES)]
        return surname + GIVEN[(n * 11 + self.rng.randrange(5)) % len(GIVEN)]

    def department(self, slugs: tuple[str, ...]) -> Department:
        """The first of ``slugs`` the portal has, else the next department in turn."""
        for slug in slugs:
            if slug in self.by_slug:
                return self.by_slug[slug]
        return next(self._fallback)

    def staff_of(self, department: Department):
        """Who acts for ``department`` in the marketplace: its first 信息员 (or 审核员), else a
        record-keeping account of its own (no password: it cannot sign in) in its 信息员 group."""
        user = self._staff.get(department.pk)
        if user is not None:
            return user
        User = get_user_model()  # noqa: N806
        for group_id in (department.contributors_id, department.reviewers_id):
            if group_id:
                user = User.objects.filter(groups=group_id, is_active=True).order_by("pk").first()
                if user is not None:
                    break
        if user is None:
            username = f"{department.slug}_zjjb"
            user = User.objects.filter(username=username).first()
            if user is None:
                name = self.person()
                user = User.objects.create_user(username=username, password=None, last_name=name[0],
                                                first_name=name[1:], email=f"{username}@yunxi.example")
            if department.contributors_id:
                user.groups.add(department.contributors_id)
        self._staff[department.pk] = user
        return user
