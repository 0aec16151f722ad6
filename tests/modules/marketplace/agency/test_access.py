"""Login and logout of the agency area; who may enter it (agencies only), and that it never leads into the admin."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD, make_user

from .helpers import make_agency

pytestmark = pytest.mark.django_db
LOGIN = "/marketplace/agency/login/"
AREA_PAGES = ["/marketplace/agency/", "/marketplace/agency/profile/", "/marketplace/agency/staff/",
              "/marketplace/agency/qualifications/", "/marketplace/agency/qualifications/add/",
              "/marketplace/agency/projects/", "/marketplace/agency/signups/", "/marketplace/agency/selections/",
              "/marketplace/agency/evaluations/", "/marketplace/agency/register/done/"]


def test_login_page_is_chinese(client):
    html = client.get(LOGIN).content.decode()
    assert "机构登录" in html and "登录账号" in html and "申请入驻" in html


def test_agency_logs_in_and_out(client, agency_a):
    response = client.post(LOGIN, {"username": "agency_a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/marketplace/agency/"
    html = client.get("/marketplace/agency/").content.decode()
    assert "云溪甲测绘有限公司" in html and "工作台" in html and "已入驻" in html

    response = client.post("/marketplace/agency/logout/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get("/marketplace/agency/").status_code == 302


def test_wrong_password_is_refused_with_a_chinese_message(client, agency_a):
    response = client.post(LOGIN, {"username": "agency_a", "password": "wrong-password"})
    assert response.status_code == 200
    assert "登录账号或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_returns_to_the_page_asked_for(client, agency_a):
    response = client.get("/marketplace/agency/signups/")
    assert response.status_code == 302 and response["Location"] == f"{LOGIN}?next=/marketplace/agency/signups/"
    response = client.post(response["Location"], {"username": "agency_a", "password": PASSWORD,
                                                  "next": "/marketplace/agency/signups/"})
    assert response["Location"] == "/marketplace/agency/signups/"


def test_login_does_not_redirect_off_site(client, agency_a):
    response = client.post(LOGIN, {"username": "agency_a", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/marketplace/agency/"


@pytest.mark.parametrize("url", AREA_PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(f"{LOGIN}?next=")


@pytest.mark.parametrize("url", AREA_PAGES)
def test_accounts_without_an_agency_are_refused(editor, url):
    client = Client()
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 403
    assert "不是中介机构账号" in response.content.decode()


def test_agency_account_has_no_admin_access(client_a):
    response = client_a.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = client_a.get("/admin/pages/")
    assert response.status_code == 302


def test_operator_is_not_an_agency(survey):
    from .helpers import operator

    client = Client()
    client.force_login(operator())
    assert client.get("/marketplace/agency/").status_code == 403


def test_pending_agency_sees_its_review_due_date(survey):
    agency = make_agency("waiting", 31, [survey], approve=False)
    client = Client()
    client.force_login(agency.user)
    html = client.get("/marketplace/agency/").content.decode()
    assert "入驻申请审核中" in html
    assert f"{agency.review_due.year}年{agency.review_due.month}月{agency.review_due.day}日" in html


def test_plain_user_login_then_area_explains(db):
    make_user("someone")
    client = Client()
    response = client.post(LOGIN, {"username": "someone", "password": PASSWORD}, follow=True)
    assert response.status_code == 403 and "退出后用机构账号登录" in response.content.decode()
