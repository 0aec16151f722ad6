"""A citizen finds a service guide with the site search, opens its commitment letter (and
downloads it as Word), and reaches the 跨省通办 page of a partner region that handles the matter.

Screenshots of the guide and the partner page are kept in ``var/screenshots/``."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from modules.commitments.models import CommitmentItem
from modules.crossprovince.models import Agreement, CrossItem, ItemBatch, PartnerRegion
from search.outbox import drain
from tests.cms.guides.conftest import make_guide

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
GUIDE = "道路货物运输经营许可"


@pytest.fixture
def services(portal, dept_b):
    guide = make_guide(dept_b, GUIDE, audience="legal", implementation_code="91350100M000100Y4310001200000",
                       is_online=True, online_url="https://zwfw.yunxi.example/item/1", visits=0)
    CommitmentItem.objects.create(
        name=GUIDE, department=dept_b, guide=guide, area="transport", legal_basis="《中华人民共和国道路运输条例》",
        replaced="车辆技术等级评定证明", notice_conditions="有与其经营业务相适应并经检测合格的车辆。",
        notice_materials="道路运输经营申请表", commitment_text="本单位承诺所报车辆均经检测合格。",
        verification_method="调取机动车检验记录核查", verification_days=20,
        liability="承诺不实的，撤销许可并记入信用记录。", status="published",
    )
    partner = PartnerRegion.objects.create(province="浙江省", city="丽水市", county="青田县", region_code="331121",
                                           slug="zj-qingtian")
    agreement = Agreement.objects.create(
        partner=partner, title="云溪县—青田县政务服务跨省通办合作协议", signed_on=datetime.date(2026, 3, 1),
        valid_from=datetime.date(2026, 3, 1), our_window="县政务服务中心跨省通办专窗", our_contact="赵静",
        our_phone="0870-5129000", their_window="青田县行政服务中心跨省通办窗口", their_contact="林晓",
        their_phone="0578-6800000", liability="收件地负责受理和寄递，办理地负责审核和出件。",
    )
    batch = ItemBatch.objects.create(agreement=agreement, number=1, added_on=datetime.date(2026, 3, 1))
    CrossItem.objects.create(batch=batch, name=GUIDE, mode="proxy", department=dept_b, guide=guide,
                             partner_authority="青田县交通运输局", time_limit=10)
    drain()
    return guide


def test_citizen_finds_a_guide_its_commitment_letter_and_a_partner(page: Page, services, tmp_path):
    page.goto("/")
    box = page.locator("#header-q")
    box.fill("货物运输")
    box.press("Enter")
    # The guide and the commitment item share the matter's name: take the guide's result.
    results = page.locator('a[href*="/zwfw/bszn/"]', has_text=GUIDE)
    expect(results.first).to_be_visible()
    results.first.click()

    expect(page.get_by_role("heading", level=1, name=GUIDE)).to_be_visible()
    expect(page.get_by_role("heading", name="申请材料")).to_be_visible()
    expect(page.get_by_role("button", name="打印办事指南")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "service-guide.png"), full_page=True)
    guide_url = page.url

    page.get_by_role("link", name=f"告知承诺制：{GUIDE}（告知承诺书）").click()
    expect(page.get_by_role("heading", name="告知承诺书")).to_be_visible()
    expect(page.get_by_text("本单位承诺所报车辆均经检测合格。")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载告知承诺书（Word）").click()
    target = tmp_path / "letter.docx"
    download_info.value.save_as(target)
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "告知承诺书" in text and GUIDE in text and "本单位承诺所报车辆均经检测合格。" in text

    page.goto(guide_url)
    page.get_by_role("link", name="跨省通办：浙江省丽水市青田县").click()
    expect(page).to_have_url(f"{page.url.split('/zwfw/')[0]}/zwfw/kstb/zj-qingtian/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("青田县")
    expect(page.get_by_text("青田县行政服务中心跨省通办窗口")).to_be_visible()
    expect(page.get_by_role("link", name=GUIDE).first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "crossprovince-partner.png"), full_page=True)
