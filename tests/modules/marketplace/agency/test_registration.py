"""Registration of an agency through the public form: the happy path and every kind of bad input."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.workdays.calendar import add_working_days
from modules.marketplace.agency.files import discard_new_files
from modules.marketplace.models import (
    Agency,
    AgencyStatus,
    AuditEntry,
    Qualification,
    QualificationStatus,
    StaffMember,
)

from .helpers import MB, credit_code, make_agency, pdf, png, renamed_exe

pytestmark = pytest.mark.django_db
URL = "/marketplace/agency/register/"
CODE = credit_code(501)


def form_data(survey, **overrides) -> dict:
    """A complete, valid registration; ``None`` in ``overrides`` leaves a field out."""
    expires = timezone.localdate() + datetime.timedelta(days=400)
    data = {
        "name": "云溪县恒信测绘有限公司", "credit_code": CODE, "legal_representative": "周强",
        "contact_name": "陈晓", "contact_phone": "0870-5123456", "contact_email": "chen@hengxin.example.cn",
        "address": "云溪县文昌路 12 号", "introduction": "从事地形测量、地籍测绘。", "categories": [str(survey.pk)],
        "licence": pdf("营业执照.pdf"),
        "username": "hengxin", "password1": "Yunxi-Survey-2026", "password2": "Yunxi-Survey-2026",
        "qualifications-TOTAL_FORMS": "3", "qualifications-INITIAL_FORMS": "0",
        "qualifications-MIN_NUM_FORMS": "1", "qualifications-MAX_NUM_FORMS": "20",
        "qualifications-0-category": str(survey.pk), "qualifications-0-name": "测绘资质证书",
        "qualifications-0-certificate_number": "乙测资字53012345", "qualifications-0-level": "乙级",
        "qualifications-0-expires_on": expires.isoformat(), "qualifications-0-certificate": png("资质证书.png"),
        "staff-TOTAL_FORMS": "3", "staff-INITIAL_FORMS": "0", "staff-MIN_NUM_FORMS": "0", "staff-MAX_NUM_FORMS": "50",
        "staff-0-name": "周工", "staff-0-title": "注册测绘师", "staff-0-certificate_number": "ZC-001",
        "staff-1-name": "吴工", "staff-1-title": "工程师",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def counts() -> tuple[int, ...]:
    return (get_user_model().objects.count(), Agency.objects.count(), Qualification.objects.count(),
            StaffMember.objects.count(), AuditEntry.objects.count())


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


def refused(client, media, data) -> str:
    """Post ``data``; assert the form came back and nothing was written; return the page."""
    before = counts()
    response = client.post(URL, data)
    assert response.status_code == 200
    assert counts() == before
    assert stored_files(media) == []
    html = response.content.decode()
    assert "提交的信息有误，入驻申请尚未提交" in html
    return html


def test_form_is_shown_in_chinese(client, survey):
    html = client.get(URL).content.decode()
    for label in ("机构名称", "统一社会信用代码", "法定代表人", "业务授权人", "营业执照", "资质证书", "从业人员",
                  "登录账号", "确认密码", "提交入驻申请", "测绘"):
        assert label in html


def test_registration_creates_a_pending_agency_and_signs_in(client, survey, media):
    response = client.post(URL, form_data(survey, credit_code=" " + CODE.lower() + " "))
    assert response.status_code == 302 and response["Location"] == "/marketplace/agency/register/done/"

    agency = Agency.objects.get(credit_code=CODE)  # stored upper case without spaces
    today = timezone.localdate()
    assert agency.status == AgencyStatus.PENDING
    assert agency.review_due == add_working_days(today, 2)
    assert list(agency.categories.all()) == [survey]
    qualification = agency.qualifications.get()
    assert (qualification.status, qualification.certificate_number) == (QualificationStatus.PENDING, "乙测资字53012345")
    assert [s.name for s in agency.staff.all()] == ["周工", "吴工"] and agency.staff_count == 2
    user = agency.user
    assert user.username == "hengxin" and user.check_password("Yunxi-Survey-2026")
    assert not user.is_staff and not user.is_superuser and not user.has_perm("wagtailadmin.access_admin")
    assert len(stored_files(media)) == 2  # the licence and the certificate
    assert AuditEntry.objects.filter(object_type="agency", object_id=agency.pk, action="register").exists()

    page = client.get(response["Location"]).content.decode()
    assert "入驻申请已提交，正在审核" in page
    assert f"{agency.review_due.year}年{agency.review_due.month}月{agency.review_due.day}日" in page


def test_bad_check_digit_is_refused(client, survey, media):
    wrong = CODE[:17] + ("0" if CODE[17] != "0" else "1")
    html = refused(client, media, form_data(survey, credit_code=wrong))
    assert f"统一社会信用代码校验位错误：应为 {CODE[17]}" in html


@pytest.mark.parametrize(("code", "message"), [
    ("91530100MB00005", "统一社会信用代码应为 18 位"),
    ("91530100MB0000OI1X", "含有不允许的字符"),
])
def test_malformed_credit_code_is_refused(client, survey, media, code, message):
    assert message in refused(client, media, form_data(survey, credit_code=code))


def test_renamed_executable_is_refused(client, survey, media):
    html = refused(client, media, form_data(survey, licence=renamed_exe("营业执照.pdf")))
    assert "营业执照.pdf" in html and "内容与扩展名 .pdf 不符" in html
    html = refused(client, media, form_data(survey, **{"qualifications-0-certificate": renamed_exe("证书.png")}))
    assert "内容与扩展名 .png 不符" in html


def test_wrong_file_type_is_refused(client, survey, media):
    exe = renamed_exe("setup.exe")
    html = refused(client, media, form_data(survey, licence=exe))
    assert "类型不符合要求，只能上传 PDF、JPG、PNG 文件" in html


def test_file_over_ten_megabytes_is_refused(client, survey, media):
    html = refused(client, media, form_data(survey, licence=pdf("营业执照.pdf", size=10 * MB + 1)))
    assert "超过 10 MB" in html


def test_file_of_exactly_ten_megabytes_is_accepted(client, survey, media):
    response = client.post(URL, form_data(survey, licence=pdf("营业执照.pdf", size=10 * MB)))
    assert response.status_code == 302
    assert Agency.objects.get().licence.size == 10 * MB


def test_missing_fields_are_each_named(client, survey, media):
    data = form_data(survey, name="", legal_representative="", contact_phone="", categories=None, licence=None,
                     username="", password1="", password2="", **{
                         "qualifications-0-category": "", "qualifications-0-name": "",
                         "qualifications-0-certificate_number": "", "qualifications-0-level": "",
                         "qualifications-0-expires_on": "", "qualifications-0-certificate": None})
    html = refused(client, media, data)
    assert "请至少选择一个服务类型" in html
    assert "请至少填写一项资质" in html
    for message in ("请填写机构名称。", "请填写法定代表人。", "请填写联系电话。", "请上传营业执照。", "请填写登录账号。",
                    "请填写密码。", "请选择服务类型。", "请填写资质名称。", "请填写有效期至。", "请上传证书扫描件。"):
        assert message in html


def test_empty_post_does_not_fail(client, survey, media):
    response = client.post(URL, {})
    assert response.status_code == 200
    assert counts() == (get_user_model().objects.count(), 0, 0, 0, 0)


def test_bad_contact_details_are_refused(client, survey, media):
    html = refused(client, media, form_data(survey, contact_phone="12345", contact_email="not-an-address"))
    assert "请填写 11 位手机号码或带区号的固定电话" in html
    assert "请填写有效的电子邮箱地址" in html


def test_expired_qualification_is_refused(client, survey, media):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    html = refused(client, media, form_data(survey, **{"qualifications-0-expires_on": yesterday.isoformat()}))
    assert "证书已过期" in html


def test_duplicate_certificate_numbers_are_refused(client, survey, media):
    row = {f"qualifications-1-{k}": v for k, v in {
        "category": str(survey.pk), "name": "测绘资质证书（副本）", "certificate_number": "乙测资字53012345",
        "level": "乙级", "expires_on": "2030-01-01", "certificate": pdf("副本.pdf")}.items()}
    assert "同一服务类型下的证书编号重复" in refused(client, media, form_data(survey, **row))


def test_duplicate_credit_code_is_refused(client, survey, media):
    make_agency("first", 501, [survey])  # the same CODE, registered before
    files_before = stored_files(media)
    before = counts()
    response = client.post(URL, form_data(survey))
    assert response.status_code == 200 and counts() == before and stored_files(media) == files_before
    assert "该统一社会信用代码已经注册" in response.content.decode()


def test_taken_username_is_refused(client, survey, media):
    make_agency("HengXin", 777, [survey])
    files_before = stored_files(media)
    response = client.post(URL, form_data(survey))
    assert "该登录账号已被使用" in response.content.decode()
    assert stored_files(media) == files_before and Agency.objects.count() == 1


@pytest.mark.parametrize(("password1", "password2", "message"), [
    ("Yunxi-Survey-2026", "Yunxi-Survey-2027", "两次输入的密码不一致"),
    ("Ab1-x", "Ab1-x", "密码太短，至少需要 8 个字符"),
    ("20262026202620", "20262026202620", "密码不能全部是数字"),
    ("password", "password", "这个密码太常见了"),
    ("hengxin2026", "hengxin2026", "密码与用户名或联系人信息太相似"),
])
def test_weak_or_mistyped_password_is_refused(client, survey, media, password1, password2, message):
    assert message in refused(client, media, form_data(survey, password1=password1, password2=password2))


def test_signed_in_agency_is_sent_to_its_dashboard(client, survey):
    agency = make_agency("already", 900, [survey])
    client.force_login(agency.user)
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/marketplace/agency/"


def test_failed_write_leaves_no_files_behind(survey, media):
    """A write failing after the files were stored (a code taken at the same moment) removes them."""
    user = get_user_model().objects.create_user("racer", password="x")
    other = get_user_model().objects.create_user("racer2", password="x")
    common = {"name": "甲", "credit_code": CODE, "legal_representative": "甲", "contact_name": "甲",
              "contact_phone": "13800000000", "contact_email": "a@example.cn", "address": "甲",
              "review_due": timezone.localdate()}
    with pytest.raises(IntegrityError), discard_new_files(), transaction.atomic():
        Agency.objects.create(user=user, licence=pdf("一.pdf"), **common)
        assert len(stored_files(media)) == 1
        Agency.objects.create(user=other, licence=pdf("二.pdf"), **common)  # the INSERT fails after storing
    assert stored_files(media) == [] and not Agency.objects.exists()


def test_files_stored_before_a_failing_block_are_kept(survey, media):
    agency = make_agency("keeper", 901, [survey])
    kept = stored_files(media)
    with pytest.raises(RuntimeError), discard_new_files(), transaction.atomic():
        agency.contact_name = "赵六"
        agency.save()  # the licence is already stored: not a new upload
        raise RuntimeError("failure after the save")
    assert stored_files(media) == kept and len(kept) == 2
