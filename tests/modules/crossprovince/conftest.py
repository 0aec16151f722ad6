"""Fixtures of the 跨省通办 tests: a partner, an agreement with a batch, items of two departments."""

from __future__ import annotations

import datetime

import pytest

from modules.crossprovince.models import Agreement, CrossItem, ItemBatch, Mode, PartnerRegion, ProxyCase
from modules.crossprovince.permissions import ensure_crossprovince_permissions
from tests.conftest import make_user

SIGNED = datetime.date(2025, 3, 1)


def make_partner(slug: str = "zj-test", code: str = "331191", county: str = "试点县") -> PartnerRegion:
    return PartnerRegion.objects.create(province="浙江省", city="丽水市", county=county, region_code=code, slug=slug)


def make_agreement(partner: PartnerRegion, **fields) -> Agreement:
    values = dict(
        title=f"云溪县—{partner.county}跨省通办合作协议", signed_on=SIGNED, valid_from=SIGNED,
        valid_until=datetime.date(2028, 2, 28), our_window="云溪县政务服务中心跨省通办专窗", our_contact="陈思远",
        our_phone="0760-5129018", their_window=f"{partner.county}政务服务中心专窗", their_contact="叶晓燕",
        their_phone="0578-6123301", liability="收件地对材料负责，办理地对结果负责，寄递遗失由寄出方负责。",
    )
    values.update(fields)
    return Agreement.objects.create(partner=partner, **values)


def make_item(batch: ItemBatch, name: str, department, mode: str = Mode.PROXY, time_limit: int = 5,
              **fields) -> CrossItem:
    return CrossItem.objects.create(batch=batch, name=name, mode=mode, department=department,
                                    time_limit=time_limit, **fields)


@pytest.fixture
def rights(portal, dept_a, dept_b):
    ensure_crossprovince_permissions()


@pytest.fixture
def centre_user(rights):
    from cms.workflows.roles import SERVICE_CENTRE

    return make_user("centre", SERVICE_CENTRE)


@pytest.fixture
def partner(db) -> PartnerRegion:
    return make_partner()


@pytest.fixture
def agreement(partner) -> Agreement:
    return make_agreement(partner)


@pytest.fixture
def batch(agreement) -> ItemBatch:
    return ItemBatch.objects.create(agreement=agreement, number=1, added_on=datetime.date(2025, 3, 1))


@pytest.fixture
def item_a(batch, dept_a) -> CrossItem:
    return make_item(batch, "教师资格认定", dept_a, time_limit=10)


@pytest.fixture
def item_b(batch, dept_b) -> CrossItem:
    return make_item(batch, "道路运输从业资格证补发", dept_b, time_limit=5)


@pytest.fixture
def case_a(item_a) -> ProxyCase:
    return ProxyCase.objects.create(item=item_a, applicant="李建华", received_at=datetime.date(2026, 11, 2))


@pytest.fixture
def case_b(item_b) -> ProxyCase:
    return ProxyCase.objects.create(item=item_b, applicant="王秀英", received_at=datetime.date(2026, 11, 2))
