"""The admin: department scoping, the exclusion refused in the form, verification, credit, overdue, export."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from modules.commitments import services
from modules.commitments.choices import Area, CaseState, ExcludedArea, FalseAction, ItemStatus
from modules.commitments.models import CommitmentCase, CommitmentItem, CreditRecord

from .conftest import ID_1, ID_2, ID_3, make_case

ITEMS = "/admin/snippets/commitments/commitmentitem/"
CASES = "/admin/snippets/commitments/commitmentcase/"
CREDIT = "/admin/snippets/commitments/creditrecord/"


def item_post(department, **overrides) -> dict:
    data = {
        "name": "出版物零售单位设立", "department": str(department.pk), "status": ItemStatus.PUBLISHED,
        "guide": "", "area": Area.CULTURE, "legal_basis": "《出版管理条例》第三十七条",
        "replaced": "经营场所产权证明", "notice_conditions": "有确定的经营场所。", "notice_materials": "",
        "commitment_text": "本单位承诺具有固定经营场所。", "liability": "虚假承诺的，依法撤销许可。",
        "verification_method": "现场核查", "verification_days": "10",
    }
    data.update(overrides)
    return data


@pytest.fixture
def items(perms, dept_a, dept_b, item_a, item_b):
    return item_a, item_b


def test_staff_see_only_their_department_in_the_listings(client, centre, contributor_a, items):
    item_a, item_b = items
    make_case(item_a, applicant_name="甲申请人")
    make_case(item_b, applicant_name="乙申请人", id_number=ID_2)
    client.force_login(contributor_a)
    html = client.get(ITEMS).content.decode()
    assert item_a.name in html and item_b.name not in html
    html = client.get(CASES).content.decode()
    assert "甲申请人" in html and "乙申请人" not in html
    assert "/verify/" in html  # the 核查 button of a pending case
    menu = client.get("/admin/").content.decode()
    assert '"commitments"' in menu and '"commitment-cases"' in menu
    client.force_login(centre)
    html = client.get(ITEMS).content.decode()
    assert item_a.name in html and item_b.name in html


def test_staff_cannot_open_or_change_another_departments_item(client, contributor_b, items):
    item_a, _ = items
    client.force_login(contributor_b)
    edit = f"{ITEMS}edit/{item_a.pk}/"
    assert client.get(edit).status_code == 302
    response = client.post(edit, item_post(item_a.department, name="篡改"))
    assert response.status_code == 302
    item_a.refresh_from_db()
    assert item_a.name != "篡改"
    assert client.get(f"{ITEMS}history/{item_a.pk}/").status_code == 302
    assert client.post(f"{ITEMS}delete/{item_a.pk}/").status_code == 302
    assert CommitmentItem.objects.filter(pk=item_a.pk).exists()


def test_staff_edit_their_own_item_and_the_status_change_is_logged(client, contributor_a, items):
    item_a, _ = items
    client.force_login(contributor_a)
    response = client.post(f"{ITEMS}edit/{item_a.pk}/", item_post(item_a.department, name=item_a.name,
                                                                  status=ItemStatus.STOPPED))
    assert response.status_code == 302, response.content.decode()[:2000]
    item_a.refresh_from_db()
    assert item_a.status == ItemStatus.STOPPED
    entry = ModelLogEntry.objects.get(action=services.ITEM_STATUS, object_id=str(item_a.pk))
    assert entry.data == {"from": "已发布", "to": "已停止"} and entry.user == contributor_a


def test_staff_cannot_add_an_item_for_another_department(client, contributor_a, dept_b, perms):
    client.force_login(contributor_a)
    response = client.post(f"{ITEMS}add/", item_post(dept_b))
    assert response.status_code == 200
    assert not CommitmentItem.objects.filter(name="出版物零售单位设立").exists()
    assert "department" in response.context["form"].errors


@pytest.mark.parametrize("overrides, field, words", [
    ({"area": ExcludedArea.ECOLOGY}, "area", "生态环境保护"),
    ({"involved_areas": [ExcludedArea.FOREIGN_AFFAIRS]}, "involved_areas", "重要涉外"),
    ({"name": "烟花爆竹零售许可"}, "name", "公共安全"),
])
def test_the_add_form_refuses_excluded_items_with_the_reason(client, centre, dept_a, overrides, field, words):
    client.force_login(centre)
    response = client.post(f"{ITEMS}add/", item_post(dept_a, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert words in errors[0] and "国办发〔2020〕42号" in errors[0]
    assert words in response.content.decode()
    assert CommitmentItem.objects.count() == 0


def test_the_add_form_creates_an_item_and_logs_it(client, centre, dept_a):
    client.force_login(centre)
    response = client.post(f"{ITEMS}add/", item_post(dept_a))
    assert response.status_code == 302
    item = CommitmentItem.objects.get(name="出版物零售单位设立")
    assert item.involved_areas == []
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(item.pk)).exists()
    assert ModelLogEntry.objects.filter(action=services.ITEM_STATUS, object_id=str(item.pk)).exists()


def case_post(item, **overrides) -> dict:
    data = {"item": str(item.pk), "applicant_name": "孙八", "mode": "commitment", "id_type": "id_card",
            "id_number": ID_3, "accepted_on": "2026-09-30"}
    data.update(overrides)
    return data


def test_registering_a_case_in_the_admin(client, contributor_a, items):
    item_a, item_b = items
    client.force_login(contributor_a)
    assert client.post(f"{CASES}add/", case_post(item_b)).status_code == 200  # another department's item
    response = client.post(f"{CASES}add/", case_post(item_a, id_number="110101199003070091"))
    assert "校验位错误" in response.content.decode()
    response = client.post(f"{CASES}add/", case_post(item_a))
    assert response.status_code == 302
    case = CommitmentCase.objects.get(applicant_name="孙八")
    assert case.due_on == datetime.date(2026, 10, 13)
    assert ModelLogEntry.objects.filter(action=services.REGISTER, object_id=str(case.pk)).exists()


def test_an_excluded_applicant_is_refused_in_the_admin(client, centre, items):
    item_a, item_b = items
    case = make_case(item_a, id_number=ID_3, accepted_on=datetime.date(2026, 3, 2))
    services.verify_case(case, truthful=False, action=FalseAction.RECTIFY, note="场所不符", on=datetime.date(2026, 3, 3))
    client.force_login(centre)
    response = client.post(f"{CASES}add/", case_post(item_b))
    assert response.status_code == 200
    assert "该申请人存在虚假承诺记录，未修复前不适用告知承诺制" in response.content.decode()
    assert client.post(f"{CASES}add/", case_post(item_b, mode="proof")).status_code == 302


def test_verifying_a_case(client, contributor_a, contributor_b, items):
    item_a, _ = items
    case = make_case(item_a, accepted_on=datetime.date(2026, 9, 30))
    url = reverse("commitments_case_verify", args=[case.pk])
    client.force_login(contributor_b)
    assert client.get(url).status_code == 403
    assert client.post(url, {"result": "true", "verified_on": "2026-10-13"}).status_code == 403
    client.force_login(contributor_a)
    assert client.get(url).status_code == 200
    response = client.post(url, {"result": "false", "verified_on": "2026-10-14", "note": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "必须选择处理措施" in html and "必须填写核查情况" in html
    response = client.post(url, {"result": "false", "verified_on": "2026-10-14", "action": "revoked",
                                 "note": "承诺的经营场所不存在"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.VERIFIED_FALSE and case.verified_on_time is False and case.action == "revoked"
    assert CreditRecord.objects.get(case=case).cleared_on is None
    response = client.post(url, {"result": "true", "verified_on": "2026-10-15"})
    assert "不能重复核查" in response.content.decode()


def test_the_verify_form_needs_the_csrf_token(contributor_a, items):
    item_a, _ = items
    case = make_case(item_a, accepted_on=datetime.date(2026, 9, 30))
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor_a)
    response = client.post(reverse("commitments_case_verify", args=[case.pk]),
                           {"result": "true", "verified_on": "2026-10-13"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == CaseState.PENDING


def test_only_the_service_centre_clears_credit(client, centre, contributor_a, items):
    item_a, _ = items
    case = make_case(item_a, accepted_on=datetime.date(2026, 3, 2))
    services.verify_case(case, truthful=False, action=FalseAction.PENALTY, note="虚假", on=datetime.date(2026, 3, 3))
    record = CreditRecord.objects.get()
    url = reverse("commitments_credit_clear", args=[record.pk])
    client.force_login(contributor_a)
    assert client.post(url, {"reason": "整改完成"}).status_code == 403
    assert ID_1 in client.get(CREDIT).content.decode()  # their own case's record is visible
    client.force_login(centre)
    assert "请填写修复理由" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "整改完成"}).status_code == 302
    record.refresh_from_db()
    assert record.cleared_by == centre and record.clear_reason == "整改完成"


def test_the_overdue_list_and_filter(client, contributor_a, contributor_b, items):
    item_a, item_b = items
    make_case(item_a, accepted_on=datetime.date(2026, 1, 5), applicant_name="逾期甲")
    make_case(item_b, accepted_on=datetime.date(2026, 1, 5), applicant_name="逾期乙", id_number=ID_2)
    done = make_case(item_a, accepted_on=datetime.date(2026, 1, 5), applicant_name="已核查", id_number=ID_3)
    services.verify_case(done, truthful=True, on=datetime.date(2026, 1, 6))
    client.force_login(contributor_a)
    html = client.get(reverse("commitments_overdue:index")).content.decode()
    assert "逾期甲" in html and "逾期乙" not in html and "已核查" not in html
    html = client.get(CASES, {"overdue": "yes"}).content.decode()
    assert "逾期甲" in html and "已核查" not in html and "逾期未核查" in html
    client.force_login(contributor_b)
    assert "逾期甲" not in client.get(reverse("commitments_overdue:index")).content.decode()


def test_the_case_export_opens_in_excel_and_is_scoped(client, centre, contributor_a, items):
    item_a, item_b = items
    make_case(item_a, accepted_on=datetime.date(2026, 1, 5), applicant_name="导出甲")
    make_case(item_b, accepted_on=datetime.date(2026, 1, 5), applicant_name="导出乙", id_number=ID_2)
    url = reverse("commitments_cases_export")
    client.force_login(contributor_a)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("办件编号", "事项名称", "实施部门", "申请人")
    assert [r[3] for r in rows[1:]] == ["导出甲"]
    assert rows[1][10] == "是"  # overdue
    client.force_login(centre)
    response = client.get(url, {"department": item_b.department_id})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert [r[3] for r in rows[1:]] == ["导出乙"]


def test_admin_statistics(client, centre, items):
    item_a, _ = items
    case = make_case(item_a, accepted_on=datetime.date(2026, 3, 2))
    services.verify_case(case, truthful=True, on=datetime.date(2026, 3, 3))
    client.force_login(centre)
    response = client.get(reverse("commitments_statistics:index"))
    assert response.status_code == 200
    assert response.context["total"].on_time == 1 and "100.0%" in response.content.decode()


def test_people_without_rights_are_refused(client, portal, perms, items):
    from tests.conftest import make_user

    outsider = make_user("outsider")
    outsider.user_permissions.add(*Permission.objects.filter(codename="access_admin"))
    client.force_login(outsider)
    assert client.get(reverse("commitments_cases_export")).status_code == 403
    assert client.get(reverse("commitments_statistics:index")).status_code == 403
    assert client.get(reverse("commitments_overdue:index")).status_code == 403
    assert '"commitments"' not in client.get("/admin/").content.decode()  # the menu group's name
    assert client.get(ITEMS).status_code == 302


def test_an_item_with_cases_is_not_deleted(client, centre, items):
    item_a, item_b = items
    make_case(item_a, accepted_on=datetime.date(2026, 3, 2))
    client.force_login(centre)
    response = client.post(f"{ITEMS}delete/{item_a.pk}/", follow=True)
    assert CommitmentItem.objects.filter(pk=item_a.pk).exists()
    assert "不能删除" in response.content.decode()
    client.post(f"{ITEMS}delete/{item_b.pk}/")
    assert not CommitmentItem.objects.filter(pk=item_b.pk).exists()


def test_the_centre_enters_a_serious_bad_credit_record(client, centre, items):
    item_a, _ = items
    client.force_login(centre)
    response = client.post(f"{CREDIT}add/", {"applicant_name": "周九", "kind": "serious_bad_credit",
                                             "id_type": "id_card", "id_number": ID_2, "reason": "列入严重失信主体名单",
                                             "recorded_on": "2026-03-01"})
    assert response.status_code == 302
    record = CreditRecord.objects.get(applicant_name="周九")
    assert record.recorded_by == centre
    assert ModelLogEntry.objects.filter(action=services.CREDIT_RECORD, object_id=str(record.pk)).exists()
    response = client.post(f"{CASES}add/", case_post(item_a, id_number=ID_2))
    assert "严重失信" in response.content.decode()
    bad = client.post(f"{CREDIT}add/", {"applicant_name": "周九", "kind": "serious_bad_credit", "id_type": "id_card",
                                        "id_number": "123", "reason": "x", "recorded_on": "2026-03-01"})
    assert bad.status_code == 200 and "应为 18 位" in bad.content.decode()
