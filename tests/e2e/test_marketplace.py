"""An agency registers in the marketplace, is approved, signs up for a 竞价选取 project and quotes;
the deadline passes, the schedule's run picks the lowest valid quote, and the public result notice
names the winner.

Each person works in their own browser context: the agency through the public registration form
and the agency area, the operator (中介超市运营) through the admin's review pages. The deadline is
passed in-process with ``advance_due_projects(now=…)`` — the function the django-q2 schedule runs
every minute. Screenshots are kept in ``var/screenshots/``.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from modules.marketplace.models import Agency, AgencyStatus, SelectionMethod, SignUp
from modules.marketplace.services.projects import advance_due_projects, sign_up, submit_quote
from modules.marketplace.services.sealing import open_sealed
from tests.modules.marketplace.agency.helpers import (
    PDF_BYTES,
    PNG_BYTES,
    category,
    credit_code,
    make_agency,
    make_project,
    operator,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
AGENCY = "云溪县恒信测绘有限公司"
CODE = credit_code(1201)
USERNAME = "hengxin"
AGENCY_PASSWORD = "Hengxin-Survey-2026"
PROJECT = "云溪县工业园区 1:500 地形图测绘"


@pytest.fixture
def market(settings, tmp_path, portal, dept_a, contributor_a):
    """A 竞价选取 project of dept_a open for sign-up, and a competitor who quoted 86,000."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    survey = category("测绘", "survey", 10)
    category("检测", "testing", 20)
    project = make_project(dept_a, contributor_a, survey, title=PROJECT, method=SelectionMethod.BIDDING,
                           deadline=timezone.now() + datetime.timedelta(hours=2))
    rival = make_agency("rival", 1202, [survey], name="滇中勘测设计院有限公司")
    submit_quote(sign_up(project, rival), Decimal("86000"))
    return project


def upload(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def fill_registration(page: Page, tmp_path: Path, code: str) -> None:
    page.fill("#id_name", AGENCY)
    page.fill("#id_credit_code", code)
    page.fill("#id_legal_representative", "周强")
    page.fill("#id_address", "云溪县文昌路 12 号")
    page.fill("#id_introduction", "从事地形测量、地籍测绘和工程测量。")
    page.set_input_files("#id_licence", upload(tmp_path, "营业执照.pdf", PDF_BYTES))
    page.fill("#id_contact_name", "陈晓")
    page.fill("#id_contact_phone", "0870-5123456")
    page.fill("#id_contact_email", "chen@hengxin.example.cn")
    page.get_by_role("checkbox", name="测绘", exact=True).check()
    page.select_option("#id_qualifications-0-category", label="测绘")
    page.fill("#id_qualifications-0-name", "测绘资质证书")
    page.fill("#id_qualifications-0-certificate_number", "乙测资字53012345")
    page.fill("#id_qualifications-0-level", "乙级")
    expiry = timezone.localdate() + datetime.timedelta(days=500)
    page.fill("#id_qualifications-0-expires_on", expiry.isoformat())
    page.set_input_files("#id_qualifications-0-certificate", upload(tmp_path, "资质证书.png", PNG_BYTES))
    page.fill("#id_staff-0-name", "周工")
    page.fill("#id_staff-0-title", "注册测绘师")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password1", AGENCY_PASSWORD)
    page.fill("#id_password2", AGENCY_PASSWORD)


def test_agency_registers_is_approved_quotes_and_wins(new_context, signed_in, market, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    project = market

    # 1. The agency registers through the public form; a wrong check character is refused first.
    agency_page = new_context()
    agency_page.goto("/marketplace/agency/register/")
    expect(agency_page.get_by_role("heading", level=1, name="机构入驻申请")).to_be_visible()
    wrong = CODE[:17] + ("0" if CODE[17] != "0" else "1")
    fill_registration(agency_page, tmp_path, wrong)
    agency_page.get_by_role("button", name="提交入驻申请").click()
    expect(agency_page.get_by_role("alert").first).to_contain_text("入驻申请尚未提交")
    expect(agency_page.get_by_text(f"统一社会信用代码校验位错误：应为 {CODE[17]}")).to_be_visible()
    assert not Agency.objects.filter(name=AGENCY).exists()
    agency_page.screenshot(path=str(SCREENSHOTS / "marketplace-register-error.png"), full_page=True)

    fill_registration(agency_page, tmp_path, CODE)  # files are chosen again after an error
    agency_page.get_by_role("button", name="提交入驻申请").click()
    expect(agency_page.get_by_text(f"{AGENCY}的入驻申请已提交，正在审核。")).to_be_visible()
    agency = Agency.objects.get(credit_code=CODE)
    assert agency.status == AgencyStatus.PENDING
    due = agency.review_due
    expect(agency_page.get_by_text(f"{due.year}年{due.month}月{due.day}日").first).to_be_visible()
    agency_page.screenshot(path=str(SCREENSHOTS / "marketplace-registered.png"), full_page=True)

    # 2. The operator approves it from the admin's review queue.
    admin = signed_in(operator())
    admin.goto("/admin/marketplace/review/")
    admin.get_by_role("row", name=re.compile(AGENCY)).get_by_role("link", name="审核").click()
    admin.get_by_role("link", name="通过入驻审核").click()
    admin.get_by_role("button", name="通过入驻审核").click()
    expect(admin.get_by_text(f"“{AGENCY}”已通过入驻审核。")).to_be_visible()
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.APPROVED

    # 3. The agency logs in to its area, signs up for the project and quotes.
    agency_page.get_by_role("button", name="退出登录").click()
    expect(agency_page).to_have_url(re.compile(r"/marketplace/agency/login/$"))
    agency_page.fill("#id_username", USERNAME)
    agency_page.fill("#id_password", AGENCY_PASSWORD)
    agency_page.get_by_role("button", name="登录").click()
    expect(agency_page.get_by_text("已入驻").first).to_be_visible()
    agency_page.get_by_role("link", name="可报名项目").click()
    agency_page.get_by_role("button", name=f"报名：{PROJECT}").click()
    expect(agency_page.get_by_text(f"已报名项目 {project.number}")).to_be_visible()
    agency_page.get_by_label(re.compile(r"^报价金额（元）")).fill("81500")
    agency_page.get_by_label(re.compile(r"^再次输入报价金额（元）")).fill("81500")
    agency_page.get_by_role("button", name="密封提交报价").click()
    expect(agency_page.get_by_text("报价已密封提交")).to_be_visible()
    expect(agency_page.get_by_text("已提交（密封）")).to_be_visible()
    assert "81500" not in agency_page.content()
    signup = SignUp.objects.get(project=project, agency=agency)
    assert "81500" not in signup.sealed_quote and open_sealed(signup.sealed_quote) == Decimal("81500")
    agency_page.screenshot(path=str(SCREENSHOTS / "marketplace-quoted.png"), full_page=True)

    # Before the deadline the public notice tells nobody who signed up or what was quoted.
    public = new_context()
    public.goto(f"/marketplace/projects/{project.pk}/")
    expect(public.get_by_role("heading", level=1)).to_contain_text(PROJECT)
    html = public.content()
    assert "81500" not in html and "86000" not in html and AGENCY not in html

    # 4. The deadline and the selection time pass: the every-minute schedule's run decides.
    after = project.selection_at + datetime.timedelta(minutes=1)
    assert advance_due_projects(now=after) == 2  # closed at the deadline, decided at the selection time
    project.refresh_from_db()
    assert project.selection.agency == agency and project.selection.amount == Decimal("81500")

    # 5. The public result notice (中选公示) names the winner and its price.
    public.goto(f"/marketplace/projects/{project.pk}/result/")
    expect(public.get_by_text(AGENCY).first).to_be_visible()
    expect(public.get_by_text(re.compile(r"81,?500")).first).to_be_visible()
    public.screenshot(path=str(SCREENSHOTS / "marketplace-result.png"), full_page=True)

    # The agency sees its selection in its own area, ready for the contract record.
    agency_page.get_by_role("link", name="我的报名").click()
    expect(agency_page.get_by_role("cell", name="中选")).to_be_visible()
    agency_page.get_by_role("link", name="中选项目").click()
    agency_page.get_by_role("link", name=PROJECT).click()
    expect(agency_page.get_by_role("button", name="上传合同备案")).to_be_visible()
    agency_page.screenshot(path=str(SCREENSHOTS / "marketplace-selection.png"), full_page=True)
