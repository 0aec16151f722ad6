"""Agencies: registration with a working-day review deadline, review, qualifications, who may bid."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from modules.marketplace.models import AgencyStatus, AuditEntry, QualificationStatus, SanctionKind
from modules.marketplace.services.agencies import (
    active_sanction,
    approve_agency,
    approve_qualification,
    is_listed,
    level_satisfies,
    listed_agencies,
    may_bid,
    register_agency,
    reject_agency,
    reject_qualification,
    submit_qualification,
    update_profile,
)
from modules.marketplace.services.audit import entries_for
from modules.marketplace.services.credit import impose_sanction
from modules.marketplace.services.errors import MarketplaceError
from tests.conftest import make_user
from tests.modules.marketplace.conftest import SHANGHAI, credit_code, make_agency, pdf_upload, png_upload

SEPT_30 = datetime.datetime(2026, 9, 30, 15, 0, tzinfo=SHANGHAI)  # the day before the National Day holiday
TODAY = datetime.date(2026, 11, 23)


def registration(survey, *, code: str | None = None, **overrides):
    data = {"name": "云岭工程测绘有限公司", "credit_code": code or credit_code(9001), "legal_representative": "赵六",
            "contact_name": "钱七", "contact_phone": "0871-65550000", "contact_email": "yl@example.cn",
            "address": "昆明市五华区", "introduction": "专业从事工程测量。"}
    data.update(overrides)
    return data


def qualification_row(survey, **overrides):
    row = {"category": survey, "name": "测绘资质", "certificate_number": "乙测资字5300123", "level": "乙级",
           "expires_on": datetime.date(2029, 6, 30), "certificate": png_upload()}
    row.update(overrides)
    return row


def register(survey, username="newagency", now=SEPT_30, **kwargs):
    user = make_user(username)
    return register_agency(
        user=user, data=kwargs.pop("data", registration(survey)), categories=kwargs.pop("categories", [survey]),
        licence=kwargs.pop("licence", pdf_upload()), qualifications=kwargs.pop("qualifications", [qualification_row(survey)]),
        staff=kwargs.pop("staff", [{"name": "孙八", "title": "注册测绘师", "certificate_number": "ZC001"},
                                   {"name": "周九", "title": "工程师"}]), now=now)


def test_registration_waits_for_review_due_two_working_days_later_across_national_day(survey):
    agency = register(survey)
    assert agency.status == AgencyStatus.PENDING
    assert agency.review_due == datetime.date(2026, 10, 9)  # 10-01..10-07 are holidays
    assert agency.staff_count == 2 and agency.staff.count() == 2
    q = agency.qualifications.get()
    assert q.status == QualificationStatus.PENDING and q.review_due == datetime.date(2026, 10, 9)
    assert entries_for(agency).get().action == "register"
    friday = register(survey, "friday", now=datetime.datetime(2026, 11, 20, 10, tzinfo=SHANGHAI),
                      data=registration(survey, code=credit_code(9002)))
    assert friday.review_due == datetime.date(2026, 11, 24)  # Mon, Tue


@pytest.mark.parametrize("change, message", [
    ({"data": {"credit_code": "91530100MA00000010"}}, "校验位错误"),
    ({"licence": SimpleUploadedFile("执照.pdf", b"MZ\x90\x00 not a pdf")}, "内容与扩展名"),
    ({"categories": []}, "服务类型"),
    ({"qualifications": []}, "资质"),
])
def test_bad_registrations_are_refused_with_a_reason(survey, change, message):
    if "data" in change:
        change["data"] = registration(survey, **change["data"])
    with pytest.raises(ValidationError, match=message):
        register(survey, **change)


def test_expired_qualification_and_bad_certificate_are_refused(survey):
    with pytest.raises(ValidationError, match="已于 2026-09-01 过期"):
        register(survey, qualifications=[qualification_row(survey, expires_on=datetime.date(2026, 9, 1))])
    with pytest.raises(ValidationError, match="不符合要求"):
        register(survey, "other", qualifications=[qualification_row(survey, certificate=SimpleUploadedFile("a.exe", b"MZ"))])


def test_one_registration_per_account_and_per_credit_code(survey):
    agency = register(survey)
    with pytest.raises(ValidationError, match="已提交过"):
        register_agency(user=agency.user, data=registration(survey, code=credit_code(9003)), categories=[survey],
                        licence=pdf_upload(), qualifications=[qualification_row(survey)], staff=[])
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        register(survey, "second")


def test_only_the_operator_reviews(survey, owner):
    agency = register(survey)
    with pytest.raises(MarketplaceError, match="运营方"):
        approve_agency(agency, owner)


def test_approval_approves_the_submitted_qualifications(survey, operator):
    agency = register(survey)
    assert may_bid(agency, survey, TODAY) == (False, "机构入驻状态为“待审核”，审核通过后才能报名。")
    agency = approve_agency(agency, operator)
    assert agency.status == AgencyStatus.APPROVED and agency.reviewed_by == operator
    assert agency.qualifications.get().status == QualificationStatus.APPROVED
    assert may_bid(agency, survey, TODAY) == (True, "")
    with pytest.raises(MarketplaceError, match="只有待审核"):
        approve_agency(agency, operator)
    assert set(entries_for(agency).values_list("action", flat=True)) == {"register", "approve"}


def test_rejection_needs_a_reason_and_a_change_resubmits(survey, operator):
    agency = register(survey)
    with pytest.raises(MarketplaceError, match="理由"):
        reject_agency(agency, operator, "  ")
    agency = reject_agency(agency, operator, "营业执照扫描件不清晰")
    assert agency.status == AgencyStatus.REJECTED and agency.review_note == "营业执照扫描件不清晰"
    agency = update_profile(agency, {"contact_phone": "0871-65550001"}, licence=pdf_upload("清晰执照.pdf"))
    assert agency.status == AgencyStatus.PENDING
    assert entries_for(agency).first().action == "resubmit"


def test_contact_changes_keep_approval_but_a_new_legal_representative_is_reviewed(agency):
    agency = update_profile(agency, {"contact_phone": "13900000000", "credit_code": "ignored"})
    assert agency.status == AgencyStatus.APPROVED and agency.contact_phone == "13900000000"
    assert agency.credit_code != "ignored"
    agency = update_profile(agency, {"legal_representative": "吴十"})
    assert agency.status == AgencyStatus.PENDING


def test_a_changed_qualification_goes_back_to_review_and_stops_bidding_in_its_category(agency, survey, operator,
                                                                                      categories):
    q = agency.qualifications.get()
    assert may_bid(agency, survey, TODAY)[0]
    q = submit_qualification(agency, {"level": "甲级", "expires_on": datetime.date(2031, 1, 1)}, None,
                             qualification=q, now=SEPT_30)
    assert q.status == QualificationStatus.PENDING and q.review_due == datetime.date(2026, 10, 9)
    allowed, why = may_bid(agency, survey, TODAY)
    assert not allowed and "正在审核" in why
    with pytest.raises(MarketplaceError, match="理由"):
        reject_qualification(q, operator, "")
    approve_qualification(q, operator)
    assert may_bid(agency, survey, TODAY) == (True, "")
    assert AuditEntry.objects.filter(object_type="qualification", object_id=q.pk, action="change").exists()


def test_a_new_qualification_in_another_category(agency, categories, operator):
    testing = categories["testing"]
    assert may_bid(agency, testing, TODAY) == (False, "机构没有“检测”类的资质。")
    q = submit_qualification(agency, {"category": testing.pk, "name": "检验检测机构资质认定", "certificate_number": "CMA-1",
                                      "level": "", "expires_on": datetime.date(2030, 1, 1)}, pdf_upload())
    assert testing in agency.categories.all()
    reject_qualification(q, operator, "证书编号与扫描件不一致")
    assert not may_bid(agency, testing, TODAY)[0]
    with pytest.raises(ValidationError, match="已经登记"):
        submit_qualification(agency, {"category": testing, "name": "重复", "certificate_number": "CMA-1",
                                      "expires_on": datetime.date(2030, 1, 1)}, pdf_upload())


def test_expired_qualification_stops_bidding_from_the_next_day(survey):
    agency = make_agency("过期资质公司", categories=(survey,), expires_on=datetime.date(2026, 10, 15))
    assert may_bid(agency, survey, datetime.date(2026, 10, 15)) == (True, "")
    allowed, why = may_bid(agency, survey, datetime.date(2026, 10, 16))
    assert not allowed and "已过期" in why


def test_required_level(survey):
    agency = make_agency("乙级单位", categories=(survey,), level="乙级")
    assert may_bid(agency, survey, TODAY, required_level="丙级")[0]
    assert may_bid(agency, survey, TODAY, required_level="乙级")[0]
    allowed, why = may_bid(agency, survey, TODAY, required_level="甲级")
    assert not allowed and "低于项目要求的甲级" in why
    assert level_satisfies("一级", "二级") and not level_satisfies("三级", "二级")
    assert level_satisfies("专项", "专项") and not level_satisfies("专项", "综合")


def test_sanctions_stop_bidding_while_active_and_blacklist_delists(agency, agency2, survey, operator):
    start, end = datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)
    suspension = impose_sanction(agency, SanctionKind.SUSPENSION, "一般", "报价后无故放弃中选", start, end, operator)
    allowed, why = may_bid(agency, survey, datetime.date(2026, 11, 1))
    assert not allowed and "暂停入驻" in why
    assert may_bid(agency, survey, datetime.date(2027, 1, 1))[0]
    assert active_sanction(agency, datetime.date(2026, 11, 1)) == suspension
    assert is_listed(agency, datetime.date(2026, 11, 1))
    blacklist = impose_sanction(agency, SanctionKind.BLACKLIST, "严重", "出具虚假测绘成果", start, end, operator)
    assert active_sanction(agency, datetime.date(2026, 11, 1)) == blacklist
    assert not is_listed(agency, datetime.date(2026, 11, 1))
    assert list(listed_agencies(datetime.date(2026, 11, 1))) == [agency2]
    assert set(listed_agencies(datetime.date(2027, 1, 1))) == {agency, agency2}


def test_listed_agencies_are_approved_and_best_rated_first(survey):
    from decimal import Decimal

    low = make_agency("低分机构", categories=(survey,))
    high = make_agency("高分机构", categories=(survey,))
    make_agency("待审核机构", categories=(survey,), status=AgencyStatus.PENDING)
    low.rating, high.rating = Decimal("3.10"), Decimal("4.80")
    low.save()
    high.save()
    assert list(listed_agencies(TODAY)) == [high, low]
