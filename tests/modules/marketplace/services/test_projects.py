"""Projects: publication, sign-ups, sealed quotes, closing at the deadline, the state machine."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

import pytest

from modules.marketplace.models import (
    TRANSITIONS,
    AuditEntry,
    Project,
    ProjectState,
    QuoteMethod,
    SelectionMethod,
    SignUp,
)
from modules.marketplace.services.credit import impose_sanction
from modules.marketplace.services.errors import MarketplaceError
from modules.marketplace.services.projects import (
    close_signup,
    publish_project,
    quote_visible,
    sign_up,
    submit_quote,
    terminate,
    withdraw,
)
from modules.marketplace.services.states import move
from tests.modules.marketplace.conftest import DEADLINE, T0, make_agency, make_project

HOUR = datetime.timedelta(hours=1)


def test_publication_numbers_projects_per_year_and_commits_to_a_secret(project_factory):
    first = project_factory(SelectionMethod.LOTTERY)
    second = project_factory(SelectionMethod.DIRECT)
    assert first.number == "ZJ2026-0001" and second.number == "ZJ2026-0002"
    assert first.state == ProjectState.SIGNUP and first.published_at == T0
    assert first.lottery_commitment == hashlib.sha256(first.lottery_secret.encode()).hexdigest()
    assert len(first.lottery_secret) == 64
    assert second.lottery_commitment == "" and second.lottery_secret == ""
    next_year = project_factory(SelectionMethod.BIDDING, now=datetime.datetime(2027, 1, 4, 9, tzinfo=T0.tzinfo))
    assert next_year.number == "ZJ2027-0001" and next_year.lottery_commitment
    entry = AuditEntry.objects.get(object_type="project", object_id=first.pk)
    assert entry.action == "state_signup" and entry.data["commitment"] == first.lottery_commitment


def test_drafts_have_no_number_and_many_can_exist(project_factory):
    drafts = [project_factory(SelectionMethod.DIRECT, publish=False) for _ in range(3)]
    assert [d.number for d in drafts] == [None, None, None]
    assert str(drafts[0]).startswith("（草稿）")


@pytest.mark.parametrize("fields, message", [
    ({"signup_deadline": T0 - HOUR}, "报名截止时间应晚于发布时间"),
    ({"signup_deadline": T0 + 5 * HOUR, "selection_at": T0 + 4 * HOUR}, "选取时间不能早于报名截止时间"),
    ({"max_price": Decimal("200000")}, "最高限价不能高于预算金额"),
    ({"budget": Decimal("0"), "max_price": None}, "预算金额应大于 0"),
])
def test_a_bad_notice_is_not_published(project_factory, fields, message):
    draft = project_factory(SelectionMethod.DIRECT, publish=False, **fields)
    with pytest.raises(MarketplaceError, match=message):
        publish_project(draft, draft.created_by or draft.owner.contributors.user_set.first(), now=T0)
    assert Project.objects.get(pk=draft.pk).state == ProjectState.DRAFT


def test_merit_needs_published_criteria_and_only_the_owner_publishes(project_factory, owner, other_owner):
    draft = project_factory(SelectionMethod.MERIT, publish=False)
    draft.criteria.all().delete()
    with pytest.raises(MarketplaceError, match="评分项"):
        publish_project(draft, owner, now=T0)
    other = project_factory(SelectionMethod.DIRECT, publish=False)
    with pytest.raises(MarketplaceError, match="只有业主单位"):
        publish_project(other, other_owner, now=T0)
    published = publish_project(other, owner, now=T0)
    with pytest.raises(MarketplaceError, match="不能再次发布"):
        publish_project(published, owner, now=T0)


def test_sign_up_rules(project_lottery, agency, agency2, survey, categories, operator, project_factory):
    signup = sign_up(project_lottery, agency, now=T0 + HOUR)
    assert signup.project == project_lottery and signup.qualified is None
    with pytest.raises(MarketplaceError, match="重复报名"):
        sign_up(project_lottery, agency, now=T0 + HOUR)
    with pytest.raises(MarketplaceError, match="报名已于 2026-10-01 截止"):
        sign_up(project_lottery, agency2, now=DEADLINE)
    tester = make_agency("检测公司", categories=(categories["testing"],))
    with pytest.raises(MarketplaceError, match="没有“测绘”类的资质"):
        sign_up(project_lottery, tester, now=T0 + HOUR)
    impose_sanction(agency2, "blacklist", "严重", "围标串标", datetime.date(2026, 9, 1), datetime.date(2027, 8, 31),
                    operator)
    with pytest.raises(MarketplaceError, match="列入黑名单"):
        sign_up(project_lottery, agency2, now=T0 + HOUR)
    draft = project_factory(SelectionMethod.LOTTERY, publish=False)
    with pytest.raises(MarketplaceError, match="不在报名期内"):
        sign_up(draft, agency, now=T0)


def test_quotes_are_sealed_and_invisible_to_everyone_until_the_deadline(project_bidding, agency):
    signup = sign_up(project_bidding, agency, now=T0)
    submit_quote(signup, Decimal("81234.56"), now=T0 + HOUR)
    stored = SignUp.objects.get(pk=signup.pk)
    assert "81234" not in stored.sealed_quote and "8123456" not in stored.sealed_quote
    assert stored.opened_quote is None and stored.quoted_at == T0 + HOUR
    assert not quote_visible(stored, now=DEADLINE - datetime.timedelta(seconds=1))
    assert quote_visible(stored, now=DEADLINE)
    for entry in AuditEntry.objects.all():
        assert "81234" not in f"{entry.summary}{entry.data}"
    submit_quote(signup, "80000", now=T0 + 2 * HOUR)  # a new quote replaces the old one
    close_signup(project_bidding, now=DEADLINE)
    assert SignUp.objects.get(pk=signup.pk).opened_quote == Decimal("80000")


@pytest.mark.parametrize("value, message", [
    ("90000.01", "报价超过最高限价"), ("0", "应大于 0"), ("abc", "报价格式不正确"), ("100.123", "两位小数"),
    ("NaN", "报价格式不正确"),
])
def test_bad_quotes_are_refused(project_bidding, agency, value, message):
    signup = sign_up(project_bidding, agency, now=T0)
    with pytest.raises(MarketplaceError, match=message):
        submit_quote(signup, value, now=T0)
    assert SignUp.objects.get(pk=signup.pk).sealed_quote == ""


def test_rate_quotes(project_factory, agency):
    project = project_factory(SelectionMethod.BIDDING, quote_method=QuoteMethod.RATE)
    signup = sign_up(project, agency, now=T0)
    with pytest.raises(MarketplaceError, match="0 至 100"):
        submit_quote(signup, Decimal("101"), now=T0)
    submit_quote(signup, Decimal("15.5"), now=T0)


def test_no_quote_after_the_deadline_and_withdrawal_before_it(project_bidding, agency, agency2):
    signup = sign_up(project_bidding, agency, now=T0)
    with pytest.raises(MarketplaceError, match="截止"):
        submit_quote(signup, Decimal("1000"), now=DEADLINE)
    other = sign_up(project_bidding, agency2, now=T0)
    withdraw(other, now=T0 + HOUR)
    assert not SignUp.objects.filter(pk=other.pk).exists()
    assert AuditEntry.objects.filter(object_type="project", object_id=project_bidding.pk, action="withdraw").exists()
    with pytest.raises(MarketplaceError, match="截止"):
        withdraw(signup, now=DEADLINE)


def test_close_signup_qualifies_as_of_the_deadline(project_bidding, agency, agency2, agency3, operator, survey):
    late_expiry = make_agency("资质将过期公司", categories=(survey,), expires_on=datetime.date(2026, 9, 30))
    rows = {a: sign_up(project_bidding, a, now=T0) for a in (agency, agency2, agency3, late_expiry)}
    submit_quote(rows[agency], Decimal("85000"), now=T0)
    submit_quote(rows[late_expiry], Decimal("70000"), now=T0)
    impose_sanction(agency3, "suspension", "一般", "未按时提交成果", datetime.date(2026, 9, 30),
                    datetime.date(2026, 12, 31), operator)
    with pytest.raises(MarketplaceError, match="尚未截止"):
        close_signup(project_bidding, now=DEADLINE - HOUR)
    project = close_signup(project_bidding, now=DEADLINE)
    assert project.state == ProjectState.SELECTING
    result = {s.agency: (s.qualified, s.disqualified_reason) for s in project.signups.all()}
    assert result[agency] == (True, "")
    assert result[agency2] == (False, "未报价")
    assert result[agency3][0] is False and "暂停入驻" in result[agency3][1]
    assert result[late_expiry][0] is False and "已过期" in result[late_expiry][1]
    assert close_signup(project, now=DEADLINE + HOUR).state == ProjectState.SELECTING  # a second run does nothing


def test_no_qualified_signup_makes_the_project_void_and_tells_the_owner(project_direct, agency, mailoutbox,
                                                                          django_capture_on_commit_callbacks,
                                                                          dept_a, reviewer_a, owner, operator):
    sign_up(project_direct, agency, now=T0)
    impose_sanction(agency, "suspension", "较重", "不良记录", datetime.date(2026, 9, 29), datetime.date(2026, 10, 31),
                    operator)
    with django_capture_on_commit_callbacks(execute=True):
        project = close_signup(project_direct, now=DEADLINE)
    assert project.state == ProjectState.VOID and project.void_reason == "报名截止时无合格的报名机构。"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert set(message.to) == {reviewer_a.email, owner.email}
    assert project.number in message.subject and "无效" in message.body
    assert AuditEntry.objects.filter(object_type="project", object_id=project.pk, action="state_void").exists()


def test_no_signup_at_all_is_void_too_and_mail_failure_is_only_logged(project_lottery, mailoutbox, settings, caplog,
                                                                       django_capture_on_commit_callbacks, owner):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        project = close_signup(project_lottery, now=DEADLINE)
    assert project.state == ProjectState.VOID and project.void_reason == "报名截止时无机构报名。"
    assert "通知发送失败" in caplog.text


def test_moves_outside_transitions_are_refused(project_direct, owner):
    with pytest.raises(MarketplaceError, match="不能变为“服务完成”"):
        move(project_direct, ProjectState.COMPLETED)
    for state, targets in TRANSITIONS.items():
        for target in ProjectState.values:
            project = Project(state=state)
            assert project.may_move_to(target) == (target in targets)
    with pytest.raises(MarketplaceError, match="原因"):
        terminate(project_direct, " ", owner)
    project = terminate(project_direct, "预算调整，项目取消", owner)
    assert project.state == ProjectState.TERMINATED and project.void_reason == "预算调整，项目取消"
    with pytest.raises(MarketplaceError, match="不能变为“中止”"):
        terminate(project, "再次中止", owner)


def test_terminate_by_operator_but_not_by_another_department(project_factory, operator, other_owner):
    project = project_factory(SelectionMethod.DIRECT)
    with pytest.raises(MarketplaceError, match="只有业主单位或中介超市运营方"):
        terminate(project, "无权中止", other_owner)
    assert terminate(project, "投诉查实，依法中止", operator).state == ProjectState.TERMINATED


def test_make_project_defaults_to_real_time(dept_a, owner, survey):
    from django.utils import timezone

    project = make_project(dept_a, survey, SelectionMethod.LOTTERY, user=owner)
    assert project.signup_deadline > timezone.now()
