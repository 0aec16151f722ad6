"""Demo data of the 跨省通办 module: five partner counties, an agreement each, ≥ 30 items each in
two or three dated batches, and proxy cases in every step state (on time, overdue, completed
on time and late).

``build_crossprovince_demo`` is idempotent: partners, agreements, batches and items are found by
their natural keys, and an agreement that already has cases gets no new ones.  Case steps are
recorded through ``record_step``, so the demo cases carry the same audit log as real ones.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable

from django.db import transaction

from cms.core.models import local_today
from cms.departments.models import Department
from cms.workdays.calendar import WorkdayCalendar

from .demo_data import APPLICANTS, ITEMS, LIABILITY, OUR_CONTACT, OUR_PHONE, OUR_WINDOW, PARTNERS, REVIEW_POINTS
from .models import Agreement, CrossItem, Direction, ItemBatch, Mode, PartnerRegion, ProxyCase
from .permissions import ensure_crossprovince_permissions
from .steps import record_step

# (received N working days before today — "L" adds the item's time limit —, gaps of the later steps)
CASE_SCENARIOS: tuple[tuple[tuple[int, bool], tuple[tuple[int, bool], ...]], ...] = (
    ((0, False), ()),                                              # 已收件, on time
    ((6, False), ()),                                              # 已收件, 初审 overdue
    ((1, False), ((1, False),)),                                   # 已初审, on time
    ((8, False), ((1, False),)),                                   # 已初审, 寄递 overdue
    ((3, False), ((1, False), (1, False))),                        # 已寄递, waiting for the result
    ((10, True), ((1, False), (1, False))),                        # 已寄递, result overdue
    ((4, True), ((1, False), (1, False), (0, True))),              # 已收到结果, to deliver
    ((10, True), ((1, False), (1, False), (0, True), (2, False))),  # 已办结, on time
    ((20, True), ((1, False), (2, False), (3, True), (2, False))),  # 已办结, late (初审后寄递、结果超期)
)


def _back(calendar: WorkdayCalendar, day: datetime.date, days: int) -> datetime.date:
    while days > 0:
        day -= datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            days -= 1
    return day


def _department_for(slug: str, departments: list[Department], cycle) -> Department:
    for department in departments:
        if department.slug == slug:
            return department
    return next(cycle)


def _guide_for(name: str, department: Department, guides: dict[int, list]):
    from cms.guides.models import ServiceGuidePage

    exact = ServiceGuidePage.objects.live().filter(department=department, title=name).first()
    if exact is not None:
        return exact
    pool = guides.get(department.pk)
    if pool is None:
        pool = guides[department.pk] = list(ServiceGuidePage.objects.live().filter(department=department)[:20])
    return pool[len(name) % len(pool)] if pool else None


def _agreement(spec, partner: PartnerRegion) -> tuple[Agreement, bool]:
    signed = datetime.date.fromisoformat(spec.signed)
    return Agreement.objects.get_or_create(
        partner=partner, title=f"云溪县—{spec.county}政务服务“跨省通办”合作协议",
        defaults=dict(
            signed_on=signed, valid_from=signed,
            valid_until=datetime.date.fromisoformat(spec.until) if spec.until else None,
            our_window=OUR_WINDOW, our_contact=OUR_CONTACT, our_phone=OUR_PHONE,
            their_window=spec.window, their_contact=spec.contact, their_phone=spec.phone,
            review_points=REVIEW_POINTS, liability=LIABILITY,
        ),
    )


def _items(index: int, spec, agreement: Agreement, departments, cycle, guides) -> int:
    created = 0
    pool = ITEMS[index * 7:] + ITEMS[:index * 7]
    start = 0
    added_on = agreement.signed_on
    for number, size in enumerate(spec.batches, start=1):
        batch, made = ItemBatch.objects.get_or_create(
            agreement=agreement, number=number,
            defaults={"added_on": added_on, "note": "协议签订时首批纳入" if number == 1 else "双方会商后新增"},
        )
        created += made
        for name, slug, mode, days, authority in pool[start:start + size]:
            if CrossItem.objects.filter(batch__agreement=agreement, name=name).exists():
                continue
            department = _department_for(slug, departments, cycle)
            CrossItem.objects.create(
                batch=batch, name=name, mode=mode, department=department, time_limit=days,
                partner_authority=f"{spec.county}{authority}", guide=_guide_for(name, department, guides),
            )
            created += 1
        start += size
        added_on = min(added_on + datetime.timedelta(days=120), local_today())
    return created


def _cases(index: int, agreement: Agreement, calendar: WorkdayCalendar) -> int:
    if ProxyCase.objects.filter(item__batch__agreement=agreement).exists():
        return 0
    items = list(CrossItem.objects.filter(batch__agreement=agreement, mode=Mode.PROXY).order_by("pk"))
    if not items:
        return 0
    today = local_today()
    for number, ((received_back, plus_limit), gaps) in enumerate(CASE_SCENARIOS):
        item = items[number % len(items)]
        limit = item.time_limit
        received = _back(calendar, today, received_back + (limit if plus_limit else 0))
        case = ProxyCase.objects.create(
            item=item, applicant=APPLICANTS[(index * 5 + number) % len(APPLICANTS)],
            applicant_phone=f"1390760{index:02d}{number:02d}",
            direction=Direction.OUTBOUND if number % 3 else Direction.INBOUND, received_at=received,
        )
        day = received
        for step, (gap, add_limit) in zip(("checked", "posted", "result", "delivered"), gaps, strict=False):
            day = min(calendar.add_working_days(day, gap + (limit if add_limit else 0)), today)
            tracking = f"SF{1460000000000 + index * 100 + number}" if step == "posted" else ""
            record_step(case, step, day, tracking_number=tracking)
    return len(CASE_SCENARIOS)


@transaction.atomic
def build_crossprovince_demo(out: Callable[[str], object] = print) -> int:
    """Create the demo partners, agreements, items and cases; returns how many objects were created."""
    ensure_crossprovince_permissions()
    departments = list(Department.objects.order_by("order", "name"))
    if not departments:
        out("跨省通办演示数据：没有部门，跳过。")
        return 0
    cycle = itertools.cycle(departments)
    calendar = WorkdayCalendar()
    guides: dict[int, list] = {}
    created = 0
    for index, spec in enumerate(PARTNERS):
        partner, made = PartnerRegion.objects.get_or_create(
            region_code=spec.code,
            defaults=dict(province=spec.province, city=spec.city, county=spec.county, slug=spec.slug,
                          order=(index + 1) * 10),
        )
        created += made
        agreement, made = _agreement(spec, partner)
        created += made
        created += _items(index, spec, agreement, departments, cycle, guides)
        created += _cases(index, agreement, calendar)
    out(f"跨省通办演示数据：新建 {created} 条（合作地区 {len(PARTNERS)} 个）。")
    return created
