"""Partners, agreements, batches and items: validation with clear Chinese errors, derived status."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from modules.crossprovince.models import AgreementStatus, CrossItem, ItemBatch, Mode, PartnerRegion, mode_from_label
from modules.crossprovince.validators import clean_tracking_number, validate_phone, validate_region_code

from .conftest import make_agreement, make_item


@pytest.mark.parametrize("code, message", [
    ("33119", "6 位数字"), ("3311a0", "6 位数字"), ("991190", "不是有效的省级代码"), ("331100", "县级代码"),
])
def test_bad_region_codes_are_refused_with_the_reason(code, message):
    with pytest.raises(ValidationError) as info:
        validate_region_code(code)
    assert message in info.value.messages[0]


def test_a_county_code_passes():
    validate_region_code("522690")


def test_region_code_must_match_the_province(db):
    partner = PartnerRegion(province="贵州省", city="黔东南州", county="某县", region_code="331190", slug="x")
    with pytest.raises(ValidationError) as info:
        partner.full_clean()
    assert "浙江省" in str(info.value)


def test_full_name_skips_a_repeated_municipality(db):
    assert PartnerRegion(province="重庆市", city="重庆市", county="某某县").full_name == "重庆市某某县"


def test_agreement_end_before_start_is_an_error(partner):
    agreement = make_agreement(partner)
    agreement.valid_until = agreement.valid_from - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        agreement.full_clean()
    assert info.value.message_dict["valid_until"] == ["有效期截止日期不能早于生效日期。"]


def test_agreement_status_is_derived_from_its_dates(partner):
    agreement = make_agreement(partner, valid_from=datetime.date(2025, 3, 1), valid_until=datetime.date(2026, 2, 28))
    assert agreement.status_on(datetime.date(2025, 2, 28)) == AgreementStatus.PENDING
    assert agreement.status_on(datetime.date(2026, 2, 28)) == AgreementStatus.VALID
    assert agreement.status_on(datetime.date(2026, 3, 1)) == AgreementStatus.EXPIRED
    assert agreement.get_status_display() == "已到期"
    agreement.valid_until = None
    assert agreement.status == AgreementStatus.VALID
    assert agreement.validity_text.endswith("长期")


def test_phone_numbers_are_checked():
    validate_phone("0578-6123301")
    validate_phone("13800001234")
    with pytest.raises(ValidationError, match="联系电话格式不正确"):
        validate_phone("找陈主任")


def test_tracking_number_is_required_and_plain():
    assert clean_tracking_number(" SF1460000000001 ") == "SF1460000000001"
    with pytest.raises(ValidationError, match="必须填写快递单号"):
        clean_tracking_number("  ")
    with pytest.raises(ValidationError, match="字母、数字和连字符"):
        clean_tracking_number("顺丰 123")


def test_batch_numbers_are_unique_per_agreement(batch):
    duplicate = ItemBatch(agreement=batch.agreement, number=1, added_on=datetime.date(2025, 6, 1))
    with pytest.raises(ValidationError) as info:
        duplicate.full_clean()
    assert "已有第1批" in str(info.value)


def test_batch_cannot_predate_the_agreement(agreement):
    batch = ItemBatch(agreement=agreement, number=2, added_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="不能早于协议签订日期"):
        batch.full_clean()


def test_an_item_appears_once_per_agreement(batch, dept_a):
    make_item(batch, "教师资格认定", dept_a)
    later = ItemBatch.objects.create(agreement=batch.agreement, number=2, added_on=datetime.date(2025, 9, 1))
    again = CrossItem(batch=later, name="教师资格认定", mode=Mode.JOINT, department=dept_a, time_limit=20)
    with pytest.raises(ValidationError) as info:
        again.full_clean()
    assert info.value.message_dict["name"] == ["该协议已包含事项“教师资格认定”。"]


def test_an_item_guide_must_be_of_its_department(batch, dept_a, dept_b):
    from tests.cms.guides.conftest import make_guide

    guide = make_guide(dept_b, "道路运输经营许可")
    item = CrossItem(batch=batch, name="教师资格认定", mode=Mode.JOINT, department=dept_a, time_limit=20, guide=guide)
    with pytest.raises(ValidationError, match="不属于该主管部门"):
        item.full_clean()


def test_step_limits_fall_back_to_the_agreement(batch, dept_a):
    item = make_item(batch, "户口迁移", dept_a, time_limit=10, post_days=3)
    assert item.stage_limits() == {"checked": 1, "posted": 3, "result": 10, "delivered": 2}


@pytest.mark.parametrize("text, mode", [
    ("全程网办", Mode.ONLINE), ("异地代收代办", Mode.PROXY), ("代收代办", Mode.PROXY), ("多地联办", Mode.JOINT),
    ("joint", Mode.JOINT), ("网办", None), ("", None),
])
def test_modes_are_read_from_their_labels(text, mode):
    assert mode_from_label(text) == mode
