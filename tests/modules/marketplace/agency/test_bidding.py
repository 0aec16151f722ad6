"""Projects open for sign-up, signing up (and every refusal), sealed quotes and withdrawal in the agency area."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from modules.marketplace.models import QuoteMethod, SanctionKind, SelectionMethod, SignUp
from modules.marketplace.services.credit import impose_sanction
from modules.marketplace.services.projects import close_signup, sign_up
from modules.marketplace.services.sealing import open_sealed

from .helpers import make_agency, make_project, operator

pytestmark = pytest.mark.django_db


def signup_url(project) -> str:
    return f"/marketplace/agency/projects/{project.pk}/signup/"


def refused_signup(client, project, agency, message: str) -> None:
    response = client.post(signup_url(project), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "报名未成功" in html and message in html, html
    assert not SignUp.objects.filter(project=project, agency=agency).exists()


def test_open_projects_list_says_who_may_sign_up(client_a, bidding_project, dept_a, contributor_a, testing):
    other = make_project(dept_a, contributor_a, testing, title="办公楼消防设施检测")
    html = client_a.get("/marketplace/agency/projects/").content.decode()
    assert bidding_project.title in html and other.title in html
    assert f'aria-label="报名：{bidding_project.title}"' in html
    assert "机构没有“检测”类的资质" in html
    only = client_a.get("/marketplace/agency/projects/?eligible=1").content.decode()
    assert bidding_project.title in only and other.title not in only
    by_category = client_a.get("/marketplace/agency/projects/?category=testing").content.decode()
    assert other.title in by_category and bidding_project.title not in by_category


def test_closed_and_draft_projects_are_not_listed(client_a, dept_a, contributor_a, survey):
    past = timezone.now() - datetime.timedelta(days=3)
    closed = make_project(dept_a, contributor_a, survey, title="已截止的项目", published=past,
                          deadline=past + datetime.timedelta(days=1))
    html = client_a.get("/marketplace/agency/projects/").content.decode()
    assert closed.title not in html


def test_agency_signs_up(client_a, agency_a, bidding_project):
    response = client_a.post(signup_url(bidding_project))
    signup = SignUp.objects.get(project=bidding_project, agency=agency_a)
    assert response.status_code == 302 and response["Location"] == f"/marketplace/agency/signups/{signup.pk}/"
    html = client_a.get(response["Location"]).content.decode()
    assert f"已报名项目 {bidding_project.number}" in html and "竞价选取项目须在报名截止前提交密封报价" in html
    assert "提交密封报价" in html and "未报价" in html


def test_second_sign_up_is_refused(client_a, agency_a, bidding_project):
    client_a.post(signup_url(bidding_project))
    response = client_a.post(signup_url(bidding_project), follow=True)
    assert "已报名该项目，不能重复报名" in response.content.decode()
    assert SignUp.objects.filter(project=bidding_project).count() == 1


def test_sign_up_needs_post(client_a, bidding_project):
    assert client_a.get(signup_url(bidding_project)).status_code == 405


def test_unqualified_agency_cannot_sign_up(dept_a, contributor_a, testing, client_a, agency_a):
    project = make_project(dept_a, contributor_a, testing, title="桥梁荷载检测")
    refused_signup(client_a, project, agency_a, "机构没有“检测”类的资质")


def test_expired_qualification_stops_sign_up(client_a, agency_a, bidding_project):
    agency_a.qualifications.update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    refused_signup(client_a, bidding_project, agency_a, "资质已过期或未通过审核")
    html = client_a.get("/marketplace/agency/").content.decode()
    assert "已过期" in html and "已不能报名“测绘”类项目" in html


def test_too_low_qualification_level_stops_sign_up(dept_a, contributor_a, survey):
    agency = make_agency("lowlevel", 40, [survey], level="丙级")
    project = make_project(dept_a, contributor_a, survey, required_level="乙级")
    client = Client()
    client.force_login(agency.user)
    refused_signup(client, project, agency, "资质等级低于项目要求的乙级")


@pytest.mark.parametrize(("kind", "label"), [(SanctionKind.SUSPENSION, "暂停入驻"), (SanctionKind.BLACKLIST, "列入黑名单")])
def test_sanctioned_agency_sees_why_and_cannot_sign_up(client_a, agency_a, bidding_project, kind, label):
    today = timezone.localdate()
    impose_sanction(agency_a, kind, "较重", "提供虚假业绩材料", today - datetime.timedelta(days=1),
                    today + datetime.timedelta(days=90), operator())
    refused_signup(client_a, bidding_project, agency_a, f"机构被{label}")
    html = client_a.get("/marketplace/agency/").content.decode()
    assert f"本机构已被{label}（情节较重）" in html and "提供虚假业绩材料" in html
    listing = client_a.get("/marketplace/agency/projects/").content.decode()
    assert f'aria-label="报名：{bidding_project.title}"' not in listing


def test_pending_agency_cannot_sign_up(survey, bidding_project):
    agency = make_agency("pending", 41, [survey], approve=False)
    client = Client()
    client.force_login(agency.user)
    refused_signup(client, bidding_project, agency, "审核通过后才能报名")


def test_sign_up_after_the_deadline_is_refused(client_a, agency_a, dept_a, contributor_a, survey):
    past = timezone.now() - datetime.timedelta(days=3)
    project = make_project(dept_a, contributor_a, survey, published=past, deadline=past + datetime.timedelta(days=1))
    refused_signup(client_a, project, agency_a, "报名已于")


def test_draft_project_is_not_found(client_a, dept_a, survey):
    from modules.marketplace.models import Project

    draft = Project.objects.create(
        title="草稿项目", owner=dept_a, category=survey, budget=Decimal("1000"), qualification_requirement="无",
        signup_deadline=timezone.now() + datetime.timedelta(days=3), selection_at=timezone.now() + datetime.timedelta(days=4),
        method=SelectionMethod.BIDDING, content="内容", service_period="10 日", complaint_phone="12345", contact="张")
    assert client_a.get(f"/marketplace/agency/projects/{draft.pk}/").status_code == 404
    assert client_a.post(signup_url(draft)).status_code == 404


def _quote(client, signup, value, confirm=None):
    return client.post(f"/marketplace/agency/signups/{signup.pk}/quote/",
                       {"value": value, "confirm": value if confirm is None else confirm}, follow=True)


def test_quote_is_stored_sealed_and_never_shown_before_the_deadline(client_a, agency_a, bidding_project):
    signup = sign_up(bidding_project, agency_a)
    response = _quote(client_a, signup, "86543.21")
    html = response.content.decode()
    assert "报价已密封提交" in html
    signup.refresh_from_db()
    assert signup.sealed_quote and "86543" not in signup.sealed_quote
    assert open_sealed(signup.sealed_quote) == Decimal("86543.21")  # it is the quote, encrypted
    assert signup.opened_quote is None and signup.quoted_at is not None
    for url in (f"/marketplace/agency/signups/{signup.pk}/", "/marketplace/agency/signups/",
                f"/marketplace/agency/projects/{bidding_project.pk}/", "/marketplace/agency/"):
        page = client_a.get(url).content.decode()
        assert "86543" not in page and "86,543" not in page, url
    detail = client_a.get(f"/marketplace/agency/signups/{signup.pk}/").content.decode()
    assert "已提交（密封）" in detail and "重新报价" in detail


def test_new_quote_replaces_the_old_one(client_a, agency_a, bidding_project):
    signup = sign_up(bidding_project, agency_a)
    _quote(client_a, signup, "88000")
    signup.refresh_from_db()
    first = signup.sealed_quote
    _quote(client_a, signup, "85000.50")
    signup.refresh_from_db()
    assert signup.sealed_quote != first and open_sealed(signup.sealed_quote) == Decimal("85000.50")


@pytest.mark.parametrize(("value", "confirm", "message"), [
    ("86000", "68000", "两次输入的报价不一致"),
    ("95000", None, "报价超过最高限价"),
    ("0", None, "报价金额应大于 0"),
    ("-5", None, "报价金额应大于 0"),
    ("八万", None, "请输入数字"),
    ("86000.123", None, "最多两位小数"),
    ("", None, "请填写报价金额"),
])
def test_bad_quotes_are_refused(client_a, agency_a, bidding_project, value, confirm, message):
    signup = sign_up(bidding_project, agency_a)
    response = _quote(client_a, signup, value, confirm)
    assert response.status_code == 200
    html = response.content.decode()
    assert "报价未提交" in html and message in html
    signup.refresh_from_db()
    assert signup.sealed_quote == "" and signup.quoted_at is None


def test_rate_quotes(client_a, agency_a, dept_a, contributor_a, survey):
    project = make_project(dept_a, contributor_a, survey, quote_method=QuoteMethod.RATE)
    signup = sign_up(project, agency_a)
    html = client_a.get(f"/marketplace/agency/signups/{signup.pk}/").content.decode()
    assert "下浮率（%）" in html
    assert "下浮率应在 0 至 100 之间" in _quote(client_a, signup, "105").content.decode()
    _quote(client_a, signup, "12.5")
    signup.refresh_from_db()
    assert open_sealed(signup.sealed_quote) == Decimal("12.5")


def test_quote_after_the_deadline_is_refused_then_shown_opened(client_a, agency_a, dept_a, contributor_a, survey):
    now = timezone.now()
    project = make_project(dept_a, contributor_a, survey, published=now - datetime.timedelta(days=2),
                           deadline=now - datetime.timedelta(hours=1))
    signup = sign_up(project, agency_a, now=now - datetime.timedelta(days=1))
    from modules.marketplace.services.projects import submit_quote

    submit_quote(signup, Decimal("80000"), now=now - datetime.timedelta(days=1))
    html = _quote(client_a, signup, "70000").content.decode()
    assert "报价未提交" in html and "报名已于" in html
    signup.refresh_from_db()
    assert open_sealed(signup.sealed_quote) == Decimal("80000")

    page = client_a.get(f"/marketplace/agency/signups/{signup.pk}/").content.decode()
    assert "报名已截止，报价待开启" in page and "密封提交报价" not in page
    close_signup(project, now=now)
    page = client_a.get(f"/marketplace/agency/signups/{signup.pk}/").content.decode()
    assert "80000.00 元" in page
    assert "资格审查合格，等待选取" in page


def test_agency_withdraws_before_the_deadline(client_a, agency_a, bidding_project):
    signup = sign_up(bidding_project, agency_a)
    response = client_a.post(f"/marketplace/agency/signups/{signup.pk}/withdraw/", follow=True)
    assert f"已撤回对项目 {bidding_project.number} 的报名" in response.content.decode()
    assert not SignUp.objects.filter(pk=signup.pk).exists()
