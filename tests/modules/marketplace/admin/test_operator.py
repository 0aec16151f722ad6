"""The operator's admin: refused to everyone else; the review queue with due dates in working days,
approve / reject (with a reason) of registrations and qualification changes; sanctions, ratings,
grievances, the audit log and the service categories."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from cms.core.models import local_today
from modules.marketplace.models import (
    Agency,
    AgencyStatus,
    AuditEntry,
    CreditRating,
    Grievance,
    QualificationStatus,
    Sanction,
    ServiceCategory,
)
from modules.marketplace.services.agencies import may_bid, submit_qualification
from modules.marketplace.services.credit import file_grievance

from ..conftest import make_agency, pdf_upload
from .conftest import client_of

ADMIN = "/admin/marketplace/"
TODAY = local_today()


@pytest.fixture
def pending(survey) -> Agency:
    """A registration waiting for review, already past its due date (2026-09-30)."""
    return make_agency("待审测绘有限公司", categories=(survey,), status=AgencyStatus.PENDING,
                       qualification_status=QualificationStatus.PENDING)


@pytest.fixture
def fresh(survey) -> Agency:
    agency = make_agency("新申请咨询有限公司", categories=(survey,), status=AgencyStatus.PENDING,
                         qualification_status=QualificationStatus.PENDING)
    Agency.objects.filter(pk=agency.pk).update(review_due=TODAY + datetime.timedelta(days=2))
    agency.refresh_from_db()
    return agency


def test_operator_pages_refuse_everyone_else(owner, editor, pending, agency):
    sanction_urls = [f"{ADMIN}sanctions/", f"{ADMIN}sanctions/new/", f"{ADMIN}ratings/", f"{ADMIN}ratings/new/",
                     f"{ADMIN}grievances/", f"{ADMIN}audit/", f"{ADMIN}agencies/"]
    own_views = [f"{ADMIN}review/", f"{ADMIN}agencies/{pending.pk}/", f"{ADMIN}agencies/{pending.pk}/approve/",
                 f"{ADMIN}agencies/{pending.pk}/reject/", f"{ADMIN}agencies/{pending.pk}/licence/",
                 f"{ADMIN}agencies/qualifications/{pending.qualifications.get().pk}/certificate/"]
    for user in (owner, editor):
        client = client_of(user)
        for url in sanction_urls:
            response = client.get(url)
            assert response.status_code == 302 and response["Location"] == "/admin/", (user, url)
        for url in own_views:
            response = client.get(url)
            assert response.status_code == 403, (user, url)
            assert "中介超市运营方" in response.content.decode()
        assert client.post(f"{ADMIN}agencies/{pending.pk}/approve/").status_code == 403
        menu = client.get("/admin/").content.decode()
        assert '"marketplace-review"' not in menu and '"marketplace-audit"' not in menu
    pending.refresh_from_db()
    assert pending.status == AgencyStatus.PENDING
    assert '"marketplace-projects"' in client_of(owner).get("/admin/").content.decode()


def test_review_queue_shows_due_dates_and_overdue_in_red(operator_client, pending, fresh, agency, survey):
    change = submit_qualification(agency, {"category": survey, "name": "乙级测绘资质", "certificate_number": "乙测-001",
                                           "level": "乙级", "expires_on": datetime.date(2029, 6, 30)},
                                  pdf_upload("新证书.pdf"))
    page = operator_client.get(f"{ADMIN}review/").content.decode()
    assert pending.name in page and fresh.name in page and "乙级测绘资质" in page
    assert "⚠ 2026-09-30（已逾期）" in page
    assert f"{fresh.review_due:%Y-%m-%d}" in page and f"⚠ {fresh.review_due:%Y-%m-%d}" not in page
    assert f"{change.review_due:%Y-%m-%d}" in page
    assert "1 件已超过审核期限" in page
    menu = operator_client.get("/admin/").content.decode()
    assert '"marketplace"' in menu and '"marketplace-review"' in menu and '"marketplace-sanctions"' in menu


def test_operator_approves_a_registration_with_its_qualifications(operator_client, operator, pending, survey):
    page = operator_client.get(f"{ADMIN}agencies/{pending.pk}/").content.decode()
    assert "通过入驻审核" in page and "已逾期" in page and pending.credit_code in page
    licence = operator_client.get(f"{ADMIN}agencies/{pending.pk}/licence/")
    assert licence.status_code == 200 and b"".join(licence.streaming_content).startswith(b"%PDF")
    response = operator_client.post(f"{ADMIN}agencies/{pending.pk}/approve/")
    assert response.status_code == 302 and response["Location"] == f"{ADMIN}agencies/{pending.pk}/"
    pending.refresh_from_db()
    assert pending.status == AgencyStatus.APPROVED and pending.reviewed_by == operator
    assert pending.qualifications.get().status == QualificationStatus.APPROVED
    assert may_bid(pending, survey, TODAY) == (True, "")
    assert AuditEntry.objects.filter(object_type="agency", object_id=pending.pk, action="approve").exists()
    again = operator_client.post(f"{ADMIN}agencies/{pending.pk}/approve/").content.decode()
    assert "只有待审核的机构可以审核" in again


def test_rejecting_needs_a_reason(operator_client, pending):
    url = f"{ADMIN}agencies/{pending.pk}/reject/"
    assert "请填写理由" in operator_client.post(url, {"reason": ""}).content.decode()
    assert "不少于 5 个字" in operator_client.post(url, {"reason": "不行"}).content.decode()
    pending.refresh_from_db()
    assert pending.status == AgencyStatus.PENDING
    response = operator_client.post(url, {"reason": "营业执照扫描件不清晰，请重新上传。"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == AgencyStatus.REJECTED and pending.review_note == "营业执照扫描件不清晰，请重新上传。"
    assert f"{ADMIN}agencies/{pending.pk}/" not in operator_client.get(f"{ADMIN}review/").content.decode()


def test_qualification_changes_are_approved_or_rejected_from_the_queue(operator_client, agency, survey):
    data = {"category": survey, "level": "乙级", "expires_on": datetime.date(2029, 6, 30)}
    first = submit_qualification(agency, {**data, "name": "乙级测绘资质", "certificate_number": "乙测-001"},
                                 pdf_upload("a.pdf"))
    second = submit_qualification(agency, {**data, "name": "不动产测绘", "certificate_number": "不测-002"},
                                  pdf_upload("b.pdf"))
    response = operator_client.post(f"{ADMIN}agencies/qualifications/{first.pk}/approve/?next=queue")
    assert response.status_code == 302 and response["Location"] == f"{ADMIN}review/"
    url = f"{ADMIN}agencies/qualifications/{second.pk}/reject/?next=queue"
    assert "请填写理由" in operator_client.post(url, {"reason": " "}).content.decode()
    assert operator_client.post(url, {"reason": "证书编号与扫描件不符。"}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == QualificationStatus.APPROVED
    assert second.status == QualificationStatus.REJECTED and second.review_note == "证书编号与扫描件不符。"
    certificate = operator_client.get(f"{ADMIN}agencies/qualifications/{first.pk}/certificate/")
    assert certificate.status_code == 200


def test_sanctions_are_imposed_with_reason_level_and_period_and_lifted(operator_client, agency, survey):
    new = f"{ADMIN}sanctions/new/"
    data = {"agency": agency.pk, "kind": "blacklist", "level": "严重", "reason": "提供虚假业绩材料。",
            "starts_on": f"{TODAY:%Y-%m-%d}", "ends_on": f"{TODAY + datetime.timedelta(days=365):%Y-%m-%d}"}
    bad = operator_client.post(new, {**data, "ends_on": f"{TODAY - datetime.timedelta(days=1):%Y-%m-%d}"})
    assert "结束日期不能早于开始日期" in bad.content.decode()
    assert "请写明处理理由" in operator_client.post(new, {**data, "reason": "虚假"}).content.decode()
    assert "选择一个有效的选项" in operator_client.post(new, {**data, "level": "特别严重"}).content.decode()
    assert not Sanction.objects.exists()
    assert operator_client.post(new, data).status_code == 302
    sanction = Sanction.objects.get()
    assert (sanction.kind, sanction.level, sanction.reason) == ("blacklist", "严重", "提供虚假业绩材料。")
    allowed, why = may_bid(agency, survey, TODAY)
    assert not allowed and "黑名单" in why
    listing = operator_client.get(f"{ADMIN}sanctions/").content.decode()
    assert agency.name in listing and "执行中" in listing and "提前解除" in listing
    lift = f"{ADMIN}sanctions/{sanction.pk}/lift/"
    assert "请填写理由" in operator_client.post(lift, {"reason": ""}).content.decode()
    assert operator_client.post(lift, {"reason": "经复核，材料问题已整改。"}).status_code == 302
    sanction.refresh_from_db()
    assert sanction.lifted_at is not None and may_bid(agency, survey, TODAY) == (True, "")
    assert "该惩戒已解除" in operator_client.post(lift, {"reason": "再解除一次看看。"}).content.decode()


def test_ratings_from_the_regulator_and_the_centre(operator_client, agency):
    new = f"{ADMIN}ratings/new/"
    data = {"agency": agency.pk, "source": "regulator", "stars": "4", "project": "", "note": "年度检查良好。"}
    assert "星级不能高于 5 星" in operator_client.post(new, {**data, "stars": "6"}).content.decode()
    assert "星级不能低于 1 星" in operator_client.post(new, {**data, "stars": "0.5"}).content.decode()
    assert "选择一个有效的选项" in operator_client.post(new, {**data, "source": "owner"}).content.decode()
    assert "请填写评价说明" in operator_client.post(new, {**data, "note": ""}).content.decode()
    assert not CreditRating.objects.exists()
    assert operator_client.post(new, data).status_code == 302
    assert operator_client.post(new, {**data, "source": "centre", "stars": "2"}).status_code == 302
    agency.refresh_from_db()
    assert agency.rating == Decimal("3.20")  # (4 × 3 + 2 × 2) / 5
    assert "年度检查良好。" in operator_client.get(f"{ADMIN}ratings/").content.decode()


def test_grievances_are_answered_once(operator_client, operator, project_direct):
    complaint = file_grievance(Grievance.Kind.COMPLAINT, submitter="市民王先生", contact="13800000000",
                               content="公告中的投诉电话无人接听。", project=project_direct)
    listing = operator_client.get(f"{ADMIN}grievances/").content.decode()
    assert "市民王先生" in listing and "待答复" in listing
    url = f"{ADMIN}grievances/{complaint.pk}/answer/"
    assert "公告中的投诉电话无人接听。" in operator_client.get(url).content.decode()
    assert "请填写答复内容" in operator_client.post(url, {"answer": ""}).content.decode()
    assert operator_client.post(url, {"answer": "已核实并更换为有人值守的投诉电话。"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Grievance.Status.ANSWERED and complaint.answered_by == operator
    page = operator_client.get(url).content.decode()
    assert "已核实并更换为有人值守的投诉电话。" in page and "提交答复" not in page
    assert "该异议或投诉已答复" in operator_client.post(url, {"answer": "再答复一次的内容。"}).content.decode()


def test_the_audit_log_filters_by_object(operator_client, pending, agency, operator):
    operator_client.post(f"{ADMIN}agencies/{pending.pk}/reject/", {"reason": "材料不全，请补充。"})
    AuditEntry.objects.create(object_type="agency", object_id=agency.pk, action="note", summary="另一家机构的记录")
    page = operator_client.get(f"{ADMIN}audit/?object_type=agency&object_id={pending.pk}").content.decode()
    assert "入驻申请被退回" in page and "另一家机构的记录" not in page
    page = operator_client.get(f"{ADMIN}audit/?object_type=agency&object_id=abc").content.decode()
    assert "另一家机构的记录" in page or "输入一个" in page  # a bad filter never errors


def test_operator_keeps_the_service_categories(operator_client, owner):
    url = "/admin/snippets/marketplace/servicecategory/"
    response = operator_client.post(f"{url}add/", {"name": "环境影响评价", "code": "eia", "description": "",
                                                   "order": "50", "active": "on"})
    assert response.status_code == 302
    assert ServiceCategory.objects.filter(code="eia").exists()
    bad = operator_client.post(f"{url}add/", {"name": "水土保持", "code": "水保", "order": "50"})
    assert bad.status_code == 200 and not ServiceCategory.objects.filter(name="水土保持").exists()
    response = client_of(owner).post(f"{url}add/", {"name": "地质灾害评估", "code": "geo", "order": "50"})
    assert response.status_code == 302 and not ServiceCategory.objects.filter(code="geo").exists()
