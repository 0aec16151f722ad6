"""Cases: due dates in working days, overdue, verification on time or late, false commitments and credit."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from cms.core.models import local_today
from cms.workdays.models import CalendarDay, DayKind
from modules.commitments import services
from modules.commitments.choices import CaseState, CreditKind, FalseAction, IdType, ItemStatus, Mode
from modules.commitments.models import CommitmentCase, CreditRecord
from modules.commitments.services import applicant_excluded

from .conftest import CREDIT, ID_1, ID_2, ID_3, make_case, make_item


def test_the_due_date_skips_national_day_and_counts_the_makeup_saturday(item_a):
    # 2026-09-30 + 5 working days: 10-01…10-07 holiday (10-08 and 10-09 too), 10-10 (Sat) is a 调休 workday.
    case = make_case(item_a, accepted_on=datetime.date(2026, 9, 30))
    assert case.due_on == datetime.date(2026, 10, 13)


def test_the_due_date_follows_the_admin_calendar(item_a):
    CalendarDay.objects.create(date=datetime.date(2026, 6, 3), kind=DayKind.HOLIDAY)
    # 2026-06-01 (Mon) + 5: 06-02, (06-03 off), 06-04, 06-05, 06-08, 06-09
    case = make_case(item_a, accepted_on=datetime.date(2026, 6, 1))
    assert case.due_on == datetime.date(2026, 6, 9)


def test_the_due_date_is_fixed_at_acceptance(item_a):
    case = make_case(item_a, accepted_on=datetime.date(2026, 9, 30))
    item_a.verification_days = 30
    item_a.save()
    case.applicant_name = "张三丰"
    case.save()
    case.refresh_from_db()
    assert case.due_on == datetime.date(2026, 10, 13)
    case.accepted_on = datetime.date(2026, 10, 12)
    case.save()
    assert case.due_on > datetime.date(2026, 11, 1)


def test_a_pending_case_past_its_due_date_is_overdue(item_a):
    late = make_case(item_a, accepted_on=datetime.date(2026, 1, 5))
    fresh = make_case(item_a, accepted_on=local_today(), id_number=ID_2)
    assert late.is_overdue and not fresh.is_overdue
    assert list(CommitmentCase.objects.overdue()) == [late]


def test_a_case_needs_a_valid_identifier_and_a_published_item(dept_a, item_a):
    with pytest.raises(ValidationError) as caught:
        make_case(item_a, id_number="110105194912310021")
    assert "校验位错误" in caught.value.message_dict["id_number"][0]
    with pytest.raises(ValidationError) as caught:
        make_case(item_a, id_type=IdType.CREDIT_CODE, id_number="91350100M000100Y4")
    assert "18 位" in caught.value.message_dict["id_number"][0]
    draft = make_item(dept_a, "人力资源服务许可", status=ItemStatus.DRAFT)
    with pytest.raises(ValidationError) as caught:
        make_case(draft)
    assert "未发布或已停止" in caught.value.message_dict["item"][0]
    with pytest.raises(ValidationError) as caught:
        make_case(item_a, accepted_on=local_today() + datetime.timedelta(days=1))
    assert caught.value.message_dict["accepted_on"] == ["受理日期不能晚于今天。"]


def test_a_company_is_identified_by_its_credit_code(item_a):
    case = make_case(item_a, id_type=IdType.CREDIT_CODE, id_number=CREDIT.lower(), applicant_name="云溪县某某商贸有限公司")
    assert case.id_number == CREDIT


def test_verified_true_on_time_is_logged(item_a, editor):
    case = make_case(item_a, accepted_on=datetime.date(2026, 9, 30))
    services.verify_case(case, truthful=True, note="现场核查属实", user=editor, on=datetime.date(2026, 10, 13))
    case.refresh_from_db()
    assert case.state == CaseState.VERIFIED_TRUE and case.verified_on_time is True
    entry = ModelLogEntry.objects.get(action=services.VERIFY_TRUE, object_id=str(case.pk))
    assert entry.user == editor and entry.data["on_time"] is True


def test_a_verification_after_the_due_date_is_recorded_as_late(item_a):
    case = make_case(item_a, accepted_on=datetime.date(2026, 9, 30))
    services.verify_case(case, truthful=True, on=datetime.date(2026, 10, 14))
    case.refresh_from_db()
    assert case.verified_on_time is False


def test_a_case_is_verified_once(item_a):
    case = make_case(item_a, accepted_on=datetime.date(2026, 3, 2))
    services.verify_case(case, truthful=True, on=datetime.date(2026, 3, 3))
    with pytest.raises(ValidationError, match="不能重复核查"):
        services.verify_case(case, truthful=False, action=FalseAction.REVOKED, note="x", on=datetime.date(2026, 3, 4))


def test_verification_dates_are_checked(item_a):
    case = make_case(item_a, accepted_on=datetime.date(2026, 3, 2))
    with pytest.raises(ValidationError, match="不能早于受理日期"):
        services.verify_case(case, truthful=True, on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.verify_case(case, truthful=True, on=local_today() + datetime.timedelta(days=1))


def test_a_false_commitment_needs_an_action_and_the_facts(item_a):
    case = make_case(item_a, accepted_on=datetime.date(2026, 3, 2))
    with pytest.raises(ValidationError, match="必须选择处理措施"):
        services.verify_case(case, truthful=False, note="场所不符", on=datetime.date(2026, 3, 3))
    with pytest.raises(ValidationError, match="必须填写核查情况"):
        services.verify_case(case, truthful=False, action=FalseAction.RECTIFY, on=datetime.date(2026, 3, 3))
    case.refresh_from_db()
    assert case.state == CaseState.PENDING and not CreditRecord.objects.exists()


@pytest.mark.parametrize("action", FalseAction.values)
def test_a_false_commitment_records_the_action_and_a_credit_record(item_a, editor, action):
    case = make_case(item_a, accepted_on=datetime.date(2026, 3, 2))
    services.verify_case(case, truthful=False, action=action, note="经营场所与承诺不符", user=editor,
                         on=datetime.date(2026, 3, 5))
    case.refresh_from_db()
    assert case.state == CaseState.VERIFIED_FALSE and case.action == action
    record = case.credit_record
    assert record.kind == CreditKind.FALSE_COMMITMENT and record.id_number == ID_1 and record.cleared_on is None
    assert FalseAction(action).label in record.reason
    assert ModelLogEntry.objects.filter(action=services.VERIFY_FALSE, object_id=str(case.pk)).exists()
    assert ModelLogEntry.objects.filter(action=services.CREDIT_RECORD, object_id=str(record.pk)).exists()


def test_an_applicant_with_a_false_commitment_is_excluded_until_cleared(item_a, item_b, editor):
    case = make_case(item_a, accepted_on=datetime.date(2026, 3, 2))
    services.verify_case(case, truthful=False, action=FalseAction.TERMINATED, note="证明材料虚假",
                         on=datetime.date(2026, 3, 5))
    assert applicant_excluded(ID_1) and applicant_excluded(ID_1.lower()) and not applicant_excluded(ID_2)
    with pytest.raises(ValidationError) as caught:
        make_case(item_b, accepted_on=datetime.date(2026, 4, 1))
    assert "该申请人存在虚假承诺记录，未修复前不适用告知承诺制" in caught.value.message_dict["id_number"][0]
    # the applicant may still apply by submitting the proof
    proof = make_case(item_b, accepted_on=datetime.date(2026, 4, 1), mode=Mode.PROOF)
    assert proof.state == CaseState.PROOF and not proof.is_overdue

    services.clear_credit(case.credit_record, reason="已完成整改并申请信用修复", user=editor,
                          on=datetime.date(2026, 5, 6))
    assert not applicant_excluded(ID_1)
    make_case(item_b, accepted_on=datetime.date(2026, 5, 7))
    record = CreditRecord.objects.get()
    assert record.cleared_by == editor and record.clear_reason == "已完成整改并申请信用修复"
    assert ModelLogEntry.objects.filter(action=services.CREDIT_CLEAR, object_id=str(record.pk)).exists()


def test_clearing_needs_a_reason_and_happens_once(item_a):
    case = make_case(item_a, accepted_on=datetime.date(2026, 3, 2))
    services.verify_case(case, truthful=False, action=FalseAction.PENALTY, note="x", on=datetime.date(2026, 3, 5))
    record = CreditRecord.objects.get()
    with pytest.raises(ValidationError, match="请填写修复理由"):
        services.clear_credit(record, reason="  ")
    services.clear_credit(record, reason="处罚已履行", on=datetime.date(2026, 4, 1))
    with pytest.raises(ValidationError, match="不能重复修复"):
        services.clear_credit(record, reason="再次")


def test_a_serious_bad_credit_entry_excludes_too(item_a):
    services.record_bad_credit(CreditRecord(applicant_name="李四", id_number=ID_3, reason="列入严重失信主体名单"))
    with pytest.raises(ValidationError) as caught:
        make_case(item_a, id_number=ID_3, accepted_on=datetime.date(2026, 3, 2))
    assert "严重失信" in caught.value.message_dict["id_number"][0]


def test_a_proof_case_is_not_verified(item_a):
    case = make_case(item_a, mode=Mode.PROOF, accepted_on=datetime.date(2026, 3, 2))
    with pytest.raises(ValidationError, match="无需核查"):
        services.verify_case(case, truthful=True, on=datetime.date(2026, 3, 3))


def test_register_case_logs_the_registration(item_a, editor):
    case = CommitmentCase(item=item_a, applicant_name="王五", id_number=ID_2, accepted_on=datetime.date(2026, 9, 30))
    services.register_case(case, user=editor)
    entry = ModelLogEntry.objects.get(action=services.REGISTER, object_id=str(case.pk))
    assert entry.data["due_on"] == "2026-10-13"
