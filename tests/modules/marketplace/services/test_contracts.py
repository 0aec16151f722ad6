"""After selection: contract record, service, results, the owner's evaluation and its reminders."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from modules.marketplace.models import AuditEntry, CreditRating, Project, ProjectState, RatingSource
from modules.marketplace.services.contracts import evaluate, remind_evaluations, upload_contract, upload_result
from modules.marketplace.services.errors import MarketplaceError
from modules.marketplace.services.projects import (
    close_signup,
    complete_service,
    confirm_contract,
    select_directly,
    sign_up,
    start_service,
)
from tests.modules.marketplace.conftest import DEADLINE, SELECTION_AT, T0, pdf_upload

DAY = datetime.timedelta(days=1)
CONTRACT = {"number": "YX-CH-2026-017", "amount": "78000", "starts_on": datetime.date(2026, 10, 12),
            "ends_on": datetime.date(2026, 11, 30)}
SCORES = {"quality": 5, "timeliness": 4, "attitude": 5, "fees": 4, "conduct": 5}


@pytest.fixture
def selected(project_direct, agency, agency2, owner):
    signup = sign_up(project_direct, agency, now=T0)
    sign_up(project_direct, agency2, now=T0)
    close_signup(project_direct, now=DEADLINE)
    select_directly(project_direct, signup, "具备同类项目经验", owner, now=SELECTION_AT)
    return Project.objects.get(pk=project_direct.pk)


@pytest.fixture
def completed(selected, agency, owner):
    contract = upload_contract(selected, agency, CONTRACT, pdf_upload("合同.pdf"))
    confirm_contract(contract, owner)
    start_service(selected, owner)
    return complete_service(selected, owner, now=datetime.datetime(2026, 12, 1, 10, tzinfo=T0.tzinfo))


def test_only_the_winner_uploads_the_contract_and_the_owner_confirms(selected, agency, agency2, owner, other_owner):
    with pytest.raises(MarketplaceError, match="中选机构"):
        upload_contract(selected, agency2, CONTRACT, pdf_upload())
    with pytest.raises(MarketplaceError, match="合同备案经业主确认后"):
        start_service(selected, owner)
    contract = upload_contract(selected, agency, CONTRACT, pdf_upload("合同.pdf"))
    assert contract.amount == Decimal("78000") and contract.signed_file.name.endswith(".pdf")
    contract = upload_contract(selected, agency, {**CONTRACT, "amount": "77500"}, None)  # replaced before confirmation
    assert contract.amount == Decimal("77500") and contract.signed_file
    with pytest.raises(MarketplaceError, match="只有业主单位"):
        confirm_contract(contract, other_owner)
    confirm_contract(contract, owner)
    with pytest.raises(MarketplaceError, match="已确认"):
        confirm_contract(contract, owner)
    with pytest.raises(MarketplaceError, match="不能修改"):
        upload_contract(selected, agency, CONTRACT, pdf_upload())
    project = start_service(selected, owner)
    assert project.state == ProjectState.IN_SERVICE
    actions = set(AuditEntry.objects.filter(object_type="contract").values_list("action", flat=True))
    assert actions == {"upload", "confirm"}


@pytest.mark.parametrize("change, message", [
    ({"number": " "}, "合同编号"), ({"amount": "abc"}, "金额格式"), ({"amount": "-1"}, "大于 0"),
    ({"amount": "95000"}, "不能超过最高限价"), ({"ends_on": datetime.date(2026, 10, 1)}, "不能早于开始日期"),
    ({"starts_on": None}, "开始和结束日期"),
])
def test_bad_contracts_are_refused(selected, agency, change, message):
    with pytest.raises(MarketplaceError, match=message):
        upload_contract(selected, agency, {**CONTRACT, **change}, pdf_upload())


def test_contract_file_is_checked(selected, agency):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="只能上传"):
        upload_contract(selected, agency, CONTRACT, SimpleUploadedFile("合同.docx", b"PK\x03\x04"))
    with pytest.raises(MarketplaceError, match="请上传合同扫描件"):
        upload_contract(selected, agency, CONTRACT, None)


def test_results_during_the_service(selected, agency, agency2, owner):
    with pytest.raises(MarketplaceError, match="不能上传服务成果"):
        upload_result(selected, agency, "成果报告", pdf_upload())
    confirm_contract(upload_contract(selected, agency, CONTRACT, pdf_upload()), owner)
    start_service(selected, owner)
    with pytest.raises(MarketplaceError, match="中选机构"):
        upload_result(selected, agency2, "成果报告", pdf_upload())
    with pytest.raises(MarketplaceError, match="成果名称"):
        upload_result(selected, agency, "", pdf_upload())
    result = upload_result(selected, agency, "1:500 地形图成果", pdf_upload("成果.pdf"), "含技术总结")
    assert result.project == selected and selected.results.count() == 1


def test_evaluation_within_180_days_feeds_the_owner_rating(completed, agency, owner, other_owner):
    assert completed.state == ProjectState.COMPLETED
    finished = completed.completed_at
    with pytest.raises(MarketplaceError, match="只有业主单位"):
        evaluate(completed, other_owner, SCORES, "很好", now=finished + DAY)
    with pytest.raises(MarketplaceError, match="评价期限已于 2027-05-30 届满"):
        evaluate(completed, owner, SCORES, "迟到的评价", now=finished + 181 * DAY)
    with pytest.raises(MarketplaceError, match="评价意见"):
        evaluate(completed, owner, SCORES, " ", now=finished + DAY)
    evaluation = evaluate(completed, owner, SCORES, "成果质量好，按期完成。", now=finished + 180 * DAY)
    assert evaluation.average == 4.6
    rating = CreditRating.objects.get(agency=agency)
    assert rating.source == RatingSource.OWNER and rating.stars == Decimal("4.60") and rating.project == completed
    agency.refresh_from_db()
    assert agency.rating == Decimal("4.60")
    with pytest.raises(MarketplaceError, match="已评价"):
        evaluate(completed, owner, SCORES, "再评", now=finished + 2 * DAY)


@pytest.mark.parametrize("scores, message", [
    ({**SCORES, "quality": 6}, "“服务质量”的评分应为 1～5 的整数"), ({**SCORES, "fees": "4.5"}, "“收费”"),
    ({k: v for k, v in SCORES.items() if k != "conduct"}, "请为“规范”打分"), ({**SCORES, "attitude": 0}, "“态度”"),
])
def test_bad_scores_are_refused(completed, owner, scores, message):
    with pytest.raises(MarketplaceError, match=message):
        evaluate(completed, owner, scores, "意见", now=completed.completed_at + DAY)


def test_no_evaluation_before_completion(selected, owner):
    with pytest.raises(MarketplaceError, match="服务完成后才能评价"):
        evaluate(selected, owner, SCORES, "意见", now=SELECTION_AT)


def test_reminders_every_30_days_until_evaluated_or_180_days(completed, owner, reviewer_a, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    finished = completed.completed_at
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_evaluations(now=finished + DAY) == 1
        assert remind_evaluations(now=finished + 2 * DAY) == 0
        assert remind_evaluations(now=finished + 30 * DAY) == 0
        assert remind_evaluations(now=finished + 31 * DAY) == 1
    assert len(mailoutbox) == 2
    assert set(mailoutbox[0].to) == {owner.email, reviewer_a.email}
    assert completed.number in mailoutbox[0].subject and "2027-05-30" in mailoutbox[0].body
    assert Project.objects.get(pk=completed.pk).evaluation_reminded_at == finished + 31 * DAY
    assert remind_evaluations(now=finished + 181 * DAY) == 0  # the 180 days are over
    evaluate(completed, owner, SCORES, "满意", now=finished + 100 * DAY)
    assert remind_evaluations(now=finished + 120 * DAY) == 0
    assert AuditEntry.objects.filter(object_type="project", object_id=completed.pk,
                                     action="remind_evaluation").count() == 2
