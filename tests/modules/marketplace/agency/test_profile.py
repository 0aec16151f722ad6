"""The agency's own data: profile (and the resubmission of a rejected registration), staff, qualifications."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from modules.marketplace.models import AgencyStatus, AuditEntry, QualificationStatus
from modules.marketplace.services.agencies import reject_agency

from .helpers import make_agency, operator, pdf, png, renamed_exe

pytestmark = pytest.mark.django_db
PROFILE = "/marketplace/agency/profile/"


def profile_data(agency, **overrides) -> dict:
    data = {"name": agency.name, "legal_representative": agency.legal_representative,
            "contact_name": agency.contact_name, "contact_phone": agency.contact_phone,
            "contact_email": agency.contact_email, "address": agency.address, "introduction": agency.introduction,
            "categories": [str(c.pk) for c in agency.categories.all()]}
    data.update(overrides)
    return data


def test_contact_details_change_without_review(client_a, agency_a):
    response = client_a.post(PROFILE, profile_data(agency_a, contact_name="孙丽", contact_phone="13912345678"),
                             follow=True)
    assert "机构资料已保存。" in response.content.decode()
    agency_a.refresh_from_db()
    assert (agency_a.contact_name, agency_a.contact_phone, agency_a.status) == ("孙丽", "13912345678",
                                                                               AgencyStatus.APPROVED)


def test_new_name_goes_back_to_review(client_a, agency_a):
    response = client_a.post(PROFILE, profile_data(agency_a, name="云溪甲测绘科技有限公司"), follow=True)
    agency_a.refresh_from_db()
    assert agency_a.status == AgencyStatus.PENDING and agency_a.name == "云溪甲测绘科技有限公司"
    assert "已保存并重新提交审核" in response.content.decode()


def test_new_licence_is_checked_and_goes_back_to_review(client_a, agency_a, media):
    files = sorted(p.name for p in media.rglob("*") if p.is_file())
    response = client_a.post(PROFILE, {**profile_data(agency_a), "licence": renamed_exe("营业执照.pdf")})
    assert response.status_code == 200 and "内容与扩展名 .pdf 不符" in response.content.decode()
    assert sorted(p.name for p in media.rglob("*") if p.is_file()) == files
    agency_a.refresh_from_db()
    assert agency_a.status == AgencyStatus.APPROVED

    client_a.post(PROFILE, {**profile_data(agency_a), "licence": png("新营业执照.png")})
    agency_a.refresh_from_db()
    assert agency_a.status == AgencyStatus.PENDING and agency_a.licence.name.endswith(".png")


def test_bad_profile_input_changes_nothing(client_a, agency_a):
    response = client_a.post(PROFILE, profile_data(agency_a, contact_phone="abc", contact_email="", categories=[]))
    html = response.content.decode()
    assert response.status_code == 200 and "资料未保存" in html
    assert "请填写 11 位手机号码" in html and "请填写电子邮箱" in html and "请至少选择一个服务类型" in html
    agency_a.refresh_from_db()
    assert agency_a.contact_phone == "13800000000"


def test_credit_code_cannot_be_changed(client_a, agency_a):
    code = agency_a.credit_code
    client_a.post(PROFILE, profile_data(agency_a, credit_code="91350100M000100Y43"))
    agency_a.refresh_from_db()
    assert agency_a.credit_code == code


def test_rejected_agency_corrects_and_resubmits(survey):
    agency = make_agency("rejected", 50, [survey], approve=False)
    reject_agency(agency, operator(), "营业执照扫描件不清晰，请重新上传。")
    client = Client()
    client.force_login(agency.user)
    html = client.get("/marketplace/agency/").content.decode()
    assert "入驻申请已被退回" in html and "营业执照扫描件不清晰" in html
    assert "保存并重新提交审核" in client.get(PROFILE).content.decode()

    client.post(PROFILE, {**profile_data(agency), "licence": pdf("清晰的营业执照.pdf")})
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.PENDING
    assert AuditEntry.objects.filter(object_type="agency", object_id=agency.pk, action="resubmit").exists()
    assert "入驻申请审核中" in client.get("/marketplace/agency/").content.decode()


def test_staff_list_is_replaced(client_a, agency_a):
    html = client_a.get("/marketplace/agency/staff/").content.decode()
    assert 'value="张工"' in html
    data = {"staff-TOTAL_FORMS": "4", "staff-INITIAL_FORMS": "1", "staff-MIN_NUM_FORMS": "0",
            "staff-MAX_NUM_FORMS": "50", "staff-0-name": "张工", "staff-0-title": "高级工程师",
            "staff-0-certificate_number": "S-1", "staff-0-DELETE": "on",
            "staff-1-name": "钱工", "staff-1-title": "注册测绘师", "staff-2-name": "孙工"}
    response = client_a.post("/marketplace/agency/staff/", data, follow=True)
    assert "共 2 人" in response.content.decode()
    agency_a.refresh_from_db()
    assert [s.name for s in agency_a.staff.all()] == ["钱工", "孙工"] and agency_a.staff_count == 2


def test_staff_row_without_a_name_is_refused(client_a, agency_a):
    data = {"staff-TOTAL_FORMS": "2", "staff-INITIAL_FORMS": "1", "staff-MIN_NUM_FORMS": "0",
            "staff-MAX_NUM_FORMS": "50", "staff-0-name": "", "staff-0-title": "高级工程师"}
    response = client_a.post("/marketplace/agency/staff/", data)
    assert "请填写姓名" in response.content.decode()
    assert agency_a.staff.count() == 1


def _qualification_data(category, **overrides) -> dict:
    data = {"category": str(category.pk), "name": "测绘资质证书", "certificate_number": "甲测资字 5300001",
            "level": "甲级", "expires_on": (timezone.localdate() + datetime.timedelta(days=700)).isoformat(),
            "certificate": pdf("证书.pdf")}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_new_qualification_goes_to_review(client_a, agency_a, testing):
    response = client_a.post("/marketplace/agency/qualifications/add/",
                             _qualification_data(testing, name="检验检测机构资质认定证书"), follow=True)
    assert "待运营方审核" in response.content.decode()
    added = agency_a.qualifications.get(category=testing)
    assert added.status == QualificationStatus.PENDING
    assert testing in agency_a.categories.all()


def test_changed_qualification_goes_back_to_review(client_a, agency_a, bidding_project):
    current = agency_a.qualifications.get()
    assert client_a.get(f"/marketplace/agency/qualifications/{current.pk}/change/").status_code == 200
    new_expiry = timezone.localdate() + datetime.timedelta(days=1000)
    client_a.post(f"/marketplace/agency/qualifications/{current.pk}/change/",
                  _qualification_data(current.category, certificate_number=current.certificate_number,
                                      expires_on=new_expiry.isoformat()))
    current.refresh_from_db()
    assert current.status == QualificationStatus.PENDING and current.expires_on == new_expiry
    # Until approved again, the agency may not sign up in that category.
    response = client_a.post(f"/marketplace/agency/projects/{bidding_project.pk}/signup/", follow=True)
    assert "资质正在审核" in response.content.decode()


def test_bad_qualification_input_is_refused(client_a, agency_a, survey, media):
    before = agency_a.qualifications.count()
    files = sorted(p.name for p in media.rglob("*") if p.is_file())
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    for data, message in ((_qualification_data(survey, expires_on=yesterday), "证书已过期"),
                          (_qualification_data(survey, expires_on="2030/13/01"), "请按 2026-12-31 的格式填写日期"),
                          (_qualification_data(survey, certificate=renamed_exe("证书.pdf")), "内容与扩展名 .pdf 不符"),
                          (_qualification_data(survey, name="", certificate=None), "请填写资质名称")):
        response = client_a.post("/marketplace/agency/qualifications/add/", data)
        assert response.status_code == 200 and message in response.content.decode(), message
    duplicate = agency_a.qualifications.get()
    response = client_a.post("/marketplace/agency/qualifications/add/",
                             _qualification_data(survey, certificate_number=duplicate.certificate_number))
    assert "已经登记" in response.content.decode()
    assert agency_a.qualifications.count() == before
    assert sorted(p.name for p in media.rglob("*") if p.is_file()) == files


def test_dashboard_warns_of_expiring_qualifications(client_a, agency_a):
    agency_a.qualifications.update(expires_on=timezone.localdate() + datetime.timedelta(days=10))
    html = client_a.get("/marketplace/agency/").content.decode()
    assert "10 天后到期" in html and "请及时办理换证" in html
    html = client_a.get("/marketplace/agency/qualifications/").content.decode()
    assert "10 天后到期" in html
