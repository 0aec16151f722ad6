"""The exclusion rules of 国办发〔2020〕42号 and the applicant identifiers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from modules.commitments.choices import Area, ExcludedArea, IdType
from modules.commitments.models import CommitmentItem
from modules.commitments.rules import exclusion_errors, validate_id_card, validate_identifier

from .conftest import CREDIT, ID_1, ID_2, make_item


@pytest.mark.parametrize("area", list(ExcludedArea.values))
def test_every_excluded_area_is_refused_with_its_name_and_the_document(area):
    errors = exclusion_errors("某事项", area, [])
    assert list(errors) == ["area"]
    message = errors["area"][0]
    assert ExcludedArea(area).label in message
    assert "国办发〔2020〕42号" in message
    assert "不适用告知承诺制" in message


def test_an_ordinary_area_passes():
    assert exclusion_errors("食品经营许可", Area.FOOD_DRUG, []) == {}


def test_the_declared_areas_are_refused_by_name():
    errors = exclusion_errors("出版物零售单位设立", Area.CULTURE, [ExcludedArea.STATE_SECRETS, ExcludedArea.ECOLOGY])
    assert "国家秘密、生态环境保护" in errors["involved_areas"][0]


def test_an_unknown_declared_area_is_reported():
    assert "未知的领域代码" in exclusion_errors("x", Area.OTHER, ["moon"])["involved_areas"][0]


@pytest.mark.parametrize("name, area", [
    ("烟花爆竹零售经营许可", "公共安全"),
    ("危险化学品经营许可", "公共安全"),
    ("排污许可证核发", "生态环境保护"),
    ("特种设备使用登记", "直接关系人身健康、生命财产安全"),
])
def test_excluded_words_in_the_name_are_refused(name, area):
    message = exclusion_errors(name, Area.MARKET, [])["name"][0]
    assert area in message and "国办发〔2020〕42号" in message


def test_the_model_refuses_an_excluded_item_in_clean_and_in_save(dept_a):
    item = CommitmentItem(name="校车使用许可", department=dept_a, area=Area.PUBLIC_SAFETY, legal_basis="x",
                          replaced="x", notice_conditions="x", commitment_text="x", verification_method="x",
                          liability="x")
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert "公共安全" in caught.value.message_dict["area"][0]
    with pytest.raises(ValidationError):
        item.save()
    assert not CommitmentItem.objects.filter(name="校车使用许可").exists()


def test_a_guide_of_another_department_is_refused(dept_a, dept_b):
    from tests.cms.guides.conftest import make_guide

    guide = make_guide(dept_b, "道路运输证配发")
    item = make_item(dept_a)
    item.guide = guide
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert caught.value.message_dict["guide"] == ["关联的办事指南须为本部门的办事指南。"]


@pytest.mark.parametrize("number", [ID_1, ID_2])
def test_valid_id_cards(number):
    validate_id_card(number)


@pytest.mark.parametrize("number, message", [
    ("11010519491231002", "应为 18 位"),
    ("11010519491231002Y", "最后一位为数字或 X"),
    ("110105194913310021", "出生日期"),
    ("110105194912310021", "校验位错误：最后一位应为 X"),
])
def test_invalid_id_cards_say_why(number, message):
    with pytest.raises(ValidationError) as caught:
        validate_id_card(number)
    assert message in caught.value.messages[0]


def test_credit_codes_use_the_gb32100_check():
    validate_identifier(IdType.CREDIT_CODE, CREDIT)
    with pytest.raises(ValidationError) as caught:
        validate_identifier(IdType.CREDIT_CODE, CREDIT[:-1] + "0")
    assert "校验位错误" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        validate_identifier(IdType.ID_CARD, CREDIT)
