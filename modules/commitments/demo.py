"""Demo data of the notice-and-commitment lists: items of the demo county and cases in every state.

``build_commitments_demo`` is idempotent: when any commitment item exists it does nothing.  Items
go to the department that usually handles the matter when the portal has it (by slug), otherwise
to the existing departments in turn; each is linked to a live guide of its department whose title
matches, else to a live guide of that department, else to none.  Cases are dated relative to
today, so every state is present whenever the demo is built: pending, pending overdue, verified
on time, verified late, false with each action (one credit record cleared, the others not) and
handled with proof.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from itertools import cycle

from django.db import transaction

from cms.core.models import local_today
from cms.departments.credit_code import check_character
from cms.departments.models import Department
from cms.guides.models import ServiceGuidePage

from . import services
from .choices import CaseState, FalseAction, IdType, ItemStatus, Mode
from .demo_items import ITEMS, LIABILITY, DemoItem, commitment_text, materials
from .models import CommitmentCase, CommitmentItem
from .rules import id_card_check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = ["建国", "秀英", "志强", "丽华", "海燕", "国庆", "文杰", "春梅", "永红", "晓东", "子涵", "浩然", "雨桐", "明辉",
         "桂兰", "德明", "玉珍", "俊杰", "思琪", "立新"]
COMPANY_WORDS = ["溪源", "青石", "白沙", "龙潭", "桂香", "云岭", "兴业", "通达", "康宁", "文昌"]
COMPANY_KINDS = ["商贸有限公司", "餐饮店", "运输有限公司", "建筑工程有限公司", "文化传媒有限公司", "人力资源有限公司"]
REGION = "539901"

#: How many cases of each kind the demo makes (62 in all).
PLAN = {"pending": 12, "overdue": 10, "on_time": 20, "late": 8, "false": 6, "proof": 6}
FALSE_NOTES = [
    "现场核查发现承诺的经营场所实际用于居住，与承诺不符",
    "经向出具单位核实，申请人隐瞒了三年内的交通责任事故记录",
    "数据共享核查显示，申请人家庭收入明显高于承诺的收入水平",
    "核查发现技术负责人未在申请单位缴纳社会保险，承诺不实",
    "经营场所租赁合同系伪造，出租人否认签订",
    "核查发现申请人与被投靠人不存在所承诺的亲属关系",
]


def _guide_for(department: Department, name: str) -> ServiceGuidePage | None:
    guides = list(ServiceGuidePage.objects.live().filter(department=department).order_by("id").only("id", "title"))
    core = name.split("（")[0]
    for guide in guides:
        if core in guide.title or guide.title in name:
            return guide
    return guides[0] if guides else None


def _departments_for(specs: list[DemoItem]) -> dict[str, Department]:
    departments = list(Department.objects.order_by("order", "name"))
    by_slug = {d.slug: d for d in departments}
    fallback = cycle(departments)
    return {spec.name: by_slug.get(spec.slug) or next(fallback) for spec in specs}


def _make_items(out: Callable[[str], object]) -> list[CommitmentItem]:
    departments = _departments_for(ITEMS)
    items = []
    for number, spec in enumerate(ITEMS):
        department = departments[spec.name]
        status = ItemStatus.PUBLISHED
        if number == len(ITEMS) - 2:
            status = ItemStatus.DRAFT
        elif number == len(ITEMS) - 1:
            status = ItemStatus.STOPPED
        item = CommitmentItem(
            name=spec.name, department=department, guide=_guide_for(department, spec.name), area=spec.area,
            legal_basis=spec.basis, replaced=spec.replaced, notice_conditions=spec.condition,
            notice_materials=materials(spec), commitment_text=commitment_text(spec),
            verification_method=spec.method, verification_days=spec.days, liability=LIABILITY, status=status,
        )
        item.full_clean()
        item.save()
        items.append(item)
    out(f"告知承诺事项：{len(items)} 个（{len(set(departments.values()))} 个部门）")
    return items


class _Applicants:
    """Distinct demo applicants: people with valid 身份证号码, companies with valid credit codes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.serial = 0

    def next(self) -> tuple[str, str, str]:
        self.serial += 1
        if self.serial % 4 == 0:
            body = f"92{REGION}MA{self.serial:07d}"[:17]
            body = body.replace("I", "1").replace("O", "0")
            name = f"云溪县{self.rng.choice(COMPANY_WORDS)}{self.rng.choice(COMPANY_KINDS)}"
            return name, IdType.CREDIT_CODE, body + check_character(body)
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=self.rng.randrange(0, 365 * 52))
        first_17 = f"{REGION}{born:%Y%m%d}{self.serial % 1000:03d}"
        name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
        return name, IdType.ID_CARD, first_17 + id_card_check_digit(first_17)


def _register(item: CommitmentItem, applicants: _Applicants, accepted_on: datetime.date,
              mode: str = Mode.COMMITMENT) -> CommitmentCase:
    name, id_type, number = applicants.next()
    case = CommitmentCase(item=item, applicant_name=name, id_type=id_type, id_number=number,
                          accepted_on=accepted_on, mode=mode)
    return services.register_case(case)


def _make_cases(items: list[CommitmentItem], out: Callable[[str], object]) -> list[CommitmentCase]:
    rng = random.Random(2020_42)
    today = local_today()
    published = [i for i in items if i.status == ItemStatus.PUBLISHED]
    pool = cycle(rng.sample(published, len(published)))
    applicants = _Applicants(rng)
    cases: list[CommitmentCase] = []
    for _ in range(PLAN["pending"]):  # accepted this week: not yet due
        cases.append(_register(next(pool), applicants, today - datetime.timedelta(days=rng.randrange(0, 5))))
    for _ in range(PLAN["overdue"]):  # accepted three months ago and never verified
        cases.append(_register(next(pool), applicants, today - datetime.timedelta(days=rng.randrange(80, 120))))
    for _ in range(PLAN["on_time"]):
        case = _register(next(pool), applicants, today - datetime.timedelta(days=rng.randrange(60, 200)))
        span = (case.due_on - case.accepted_on).days
        on = min(case.accepted_on + datetime.timedelta(days=rng.randrange(1, max(span, 2))), today)
        services.verify_case(case, truthful=True, note="核查属实。", on=on)
        cases.append(case)
    for _ in range(PLAN["late"]):
        case = _register(next(pool), applicants, today - datetime.timedelta(days=rng.randrange(120, 240)))
        services.verify_case(case, truthful=True, note="核查属实，但超过核查时限。",
                             on=min(case.due_on + datetime.timedelta(days=rng.randrange(3, 30)), today))
        cases.append(case)
    actions = list(FalseAction.values) + [FalseAction.RECTIFY, FalseAction.TERMINATED]
    for number in range(PLAN["false"]):
        case = _register(next(pool), applicants, today - datetime.timedelta(days=rng.randrange(150, 300)))
        services.verify_case(case, truthful=False, action=actions[number % len(actions)], note=FALSE_NOTES[number],
                             on=case.due_on - datetime.timedelta(days=1))
        cases.append(case)
        if number == 0:  # this applicant rectified and had the record cleared
            services.clear_credit(case.credit_record, reason="已按要求完成整改，提交信用修复申请并经审核同意。",
                                  on=min(case.due_on + datetime.timedelta(days=40), today))
    for _ in range(PLAN["proof"]):
        cases.append(_register(next(pool), applicants, today - datetime.timedelta(days=rng.randrange(0, 90)),
                               mode=Mode.PROOF))
    states = {state: sum(1 for c in cases if CommitmentCase.objects.get(pk=c.pk).state == state)
              for state in CaseState.values}
    out("承诺办件：{} 件（{}）".format(
        len(cases), "，".join(f"{CaseState(s).label} {n}" for s, n in states.items())))
    return cases


@transaction.atomic
def build_commitments_demo(out: Callable[[str], object] = print) -> int:
    """Create the demo items and cases; returns the number of items created (0 when some exist)."""
    if CommitmentItem.objects.exists():
        out("告知承诺事项已存在，跳过演示数据。")
        return 0
    if not Department.objects.exists():
        out("还没有部门，跳过告知承诺演示数据。")
        return 0
    from .permissions import ensure_commitments_permissions

    ensure_commitments_permissions()
    items = _make_items(out)
    _make_cases(items, out)
    return len(items)
