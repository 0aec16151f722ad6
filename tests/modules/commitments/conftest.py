"""Fixtures of the notice-and-commitment tests: items, cases and the people who handle them."""

from __future__ import annotations

import datetime

import pytest

from cms.workflows.roles import SERVICE_CENTRE
from modules.commitments.choices import Area, ItemStatus
from modules.commitments.models import CommitmentCase, CommitmentItem
from modules.commitments.permissions import ensure_commitments_permissions
from tests.conftest import make_user

# Valid identifiers: 居民身份证号码 (GB 11643-1999 check digit) and 统一社会信用代码 (GB 32100-2015).
ID_1 = "11010519491231002X"
ID_2 = "539901198506120020"
ID_3 = "110101199003070097"
ID_4 = "53990120010918432X"
CREDIT = "91350100M000100Y43"


def make_item(department, name: str = "食品经营许可（仅销售预包装食品）", *, status=ItemStatus.PUBLISHED,
              **fields) -> CommitmentItem:
    values = dict(
        area=Area.FOOD_DRUG, legal_basis="《中华人民共和国食品安全法》第三十五条",
        replaced="经营场所使用证明", notice_conditions="具有与经营的食品品种、数量相适应的经营场所。",
        notice_materials="食品经营许可申请书；营业执照复印件。", commitment_text="本人承诺经营场所符合食品经营要求。",
        verification_method="现场核查", verification_days=5, liability="虚假承诺的，依法撤销许可并记入信用记录。",
        status=status,
    )
    values.update(fields)
    return CommitmentItem.objects.create(department=department, name=name, **values)


def make_case(item, *, accepted_on=datetime.date(2026, 9, 30), id_number=ID_1, **fields) -> CommitmentCase:
    case = CommitmentCase(item=item, applicant_name=fields.pop("applicant_name", "张三"), id_number=id_number,
                          accepted_on=accepted_on, **fields)
    case.full_clean(exclude=["due_on"])
    case.save()
    return case


@pytest.fixture
def perms(portal, dept_a, dept_b):
    ensure_commitments_permissions()


@pytest.fixture
def centre(perms):
    return make_user("centre", SERVICE_CENTRE)


@pytest.fixture
def item_a(dept_a):
    return make_item(dept_a)


@pytest.fixture
def item_b(dept_b):
    return make_item(dept_b, "道路普通货物运输经营许可", area=Area.TRANSPORT, verification_days=20,
                     replaced="车辆技术等级评定证明", legal_basis="《中华人民共和国道路运输条例》第二十一条")
