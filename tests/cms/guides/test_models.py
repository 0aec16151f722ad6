"""Service guide pages: required elements, the conditional rules, department and A–Z letter."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cms.guides.elements import missing_elements
from cms.guides.models import GuideFolderPage, ServiceGuidePage, title_initial

from .conftest import make_guide

pytestmark = pytest.mark.django_db


def test_every_department_gets_a_guide_folder(dept_a, dept_b):
    assert GuideFolderPage.objects.get(department=dept_a).live
    assert GuideFolderPage.objects.get(department=dept_b).get_parent().slug == "bszn"


def test_complete_guide_publishes_with_department_and_initial(dept_a):
    guide = make_guide(dept_a)
    assert guide.live
    assert guide.department == dept_a
    assert guide.initial == "M"  # 民
    assert missing_elements(guide) == []


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"basic_code": ""}, "基本编码"),
        ({"legal_basis": " "}, "设定依据"),
        ({"conditions": "<p> </p>"}, "受理条件"),
        ({"legal_time_limit": None}, "法定办结时限"),
        ({"visits": None}, "到办事现场次数"),
        ({"complaint": ""}, "监督投诉方式"),
        ({"faq": []}, "常见问题"),
    ],
)
def test_guide_missing_an_element_cannot_be_published(dept_a, fields, label):
    guide = make_guide(dept_a, publish=False, **fields)
    assert label in missing_elements(guide)
    with pytest.raises(ValidationError):
        guide.get_latest_revision().publish()
    assert not ServiceGuidePage.objects.get(pk=guide.pk).live


def test_guide_without_materials_cannot_be_published(dept_a):
    guide = make_guide(dept_a, publish=False, materials=0)
    assert "申请材料" in missing_elements(guide)
    with pytest.raises(ValidationError, match="申请材料"):
        guide.get_latest_revision().publish()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"is_charged": True, "fee_standard": ""}, "fee_standard"),
        ({"is_online": True, "online_url": ""}, "online_url"),
        ({"promised_time_limit": 30, "legal_time_limit": 20}, "promised_time_limit"),
        ({"visits": 0, "is_online": False}, "visits"),
    ],
)
def test_conditional_rules(dept_a, fields, field):
    guide = make_guide(dept_a, publish=False, **fields)
    with pytest.raises(ValidationError) as caught:
        guide.get_latest_revision().publish()
    assert field in caught.value.message_dict


def test_charged_online_guide_with_its_details_publishes(dept_a):
    guide = make_guide(dept_a, is_charged=True, fee_standard="按《云溪县行政事业性收费标准》收取。",
                       is_online=True, online_url="https://zwfw.example.gov.cn/item/1", visits=0)
    assert guide.live


@pytest.mark.parametrize(("title", "letter"), [("营业执照变更", "Y"), ("Ａ级景区评定", "A"), ("", "#"), ("《规定》", "#")])
def test_title_initial(title, letter):
    assert title_initial(title) == letter
