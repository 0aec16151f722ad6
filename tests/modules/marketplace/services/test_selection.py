"""The four selection methods, decided at 选取时间 by the schedule or by the owner."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from modules.marketplace.models import MeritScore, Project, ProjectState, QuoteMethod, Selection, SelectionMethod
from modules.marketplace.services import lottery
from modules.marketplace.services.errors import MarketplaceError
from modules.marketplace.services.projects import (
    advance_due_projects,
    close_signup,
    finish_merit,
    record_merit_score,
    run_selection,
    select_directly,
    sign_up,
    submit_quote,
)
from tests.modules.marketplace.conftest import DEADLINE, SELECTION_AT, T0, make_agency

MINUTE = datetime.timedelta(minutes=1)


def signed_up(project, agencies, quotes=None):
    rows = []
    for i, agency in enumerate(agencies):
        signup = sign_up(project, agency, now=T0 + i * MINUTE)
        if quotes and quotes[i] is not None:
            submit_quote(signup, Decimal(quotes[i]), now=T0 + (10 + i) * MINUTE)
        rows.append(signup)
    return rows


def test_lottery_is_drawn_by_the_schedule_and_can_be_verified(project_lottery, agencies, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    signed_up(project_lottery, agencies)
    assert advance_due_projects(now=DEADLINE - MINUTE) == 0
    assert advance_due_projects(now=DEADLINE) == 1
    assert Project.objects.get(pk=project_lottery.pk).state == ProjectState.SELECTING
    assert advance_due_projects(now=SELECTION_AT - MINUTE) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert advance_due_projects(now=SELECTION_AT) == 1
    project = Project.objects.get(pk=project_lottery.pk)
    selection = project.selection
    assert project.state == ProjectState.SELECTED and selection.method == SelectionMethod.LOTTERY
    inputs = selection.inputs
    codes = [c["code"] for c in inputs["candidates"]]
    assert codes == sorted(a.credit_code for a in agencies)
    # anyone re-runs the draw with the published inputs and gets the same winner
    assert lottery.verify_commitment(inputs["secret"], inputs["commitment"])
    assert inputs["commitment"] == project_lottery.lottery_commitment
    again = lottery.draw(inputs["project_number"], inputs["secret"], codes)
    assert (again.seed_hex, again.index, again.winner) == (inputs["seed"], inputs["index"], inputs["winner"])
    assert selection.agency.credit_code == again.winner
    assert selection.publicity_until == datetime.date(2026, 10, 10)  # 10-08, 10-09 and Saturday 10-10 (调休)
    assert [m.to for m in mailoutbox] == [sorted({selection.agency.contact_email, selection.agency.user.email})]
    # a draw can never be repeated
    assert run_selection(project, now=SELECTION_AT + MINUTE) is None
    assert advance_due_projects(now=SELECTION_AT + MINUTE) == 0
    assert Selection.objects.filter(project=project).count() == 1
    assert Selection.objects.get(project=project).inputs == inputs


def test_a_secret_that_does_not_match_its_commitment_stops_the_draw(project_lottery, agencies):
    signed_up(project_lottery, agencies)
    close_signup(project_lottery, now=DEADLINE)
    Project.objects.filter(pk=project_lottery.pk).update(lottery_secret=lottery.new_secret())
    with pytest.raises(MarketplaceError, match="承诺值不符"):
        run_selection(project_lottery, now=SELECTION_AT)
    assert not Selection.objects.filter(project=project_lottery).exists()


def test_run_selection_waits_for_its_time_and_for_the_owner_methods(project_lottery, project_direct, agencies):
    signed_up(project_lottery, agencies)
    signed_up(project_direct, agencies)
    close_signup(project_lottery, now=DEADLINE)
    close_signup(project_direct, now=DEADLINE)
    with pytest.raises(MarketplaceError, match="未到选取时间"):
        run_selection(project_lottery, now=SELECTION_AT - MINUTE)
    assert run_selection(project_direct, now=SELECTION_AT) is None
    assert advance_due_projects(now=SELECTION_AT) == 1  # the lottery only
    assert Project.objects.get(pk=project_direct.pk).state == ProjectState.SELECTING


def test_bidding_lowest_valid_amount_wins(project_bidding, agencies, survey):
    cheap_but_late = make_agency("低价机构", categories=(survey,))
    rows = signed_up(project_bidding, [*agencies, cheap_but_late], ["86000", "79000.50", "88000", None])
    advance_due_projects(now=DEADLINE)
    advance_due_projects(now=SELECTION_AT)
    selection = Selection.objects.get(project=project_bidding)
    assert selection.agency == agencies[1]
    assert selection.amount == Decimal("79000.50") and selection.rate is None
    ranks = [(q["rank"], q["code"], q["value"]) for q in selection.inputs["quotes"]]
    assert ranks == [(1, agencies[1].credit_code, "79000.5000"), (2, agencies[0].credit_code, "86000.0000"),
                     (3, agencies[2].credit_code, "88000.0000")]
    assert rows[3].agency.credit_code not in [c for _, c, _ in ranks]
    assert selection.inputs["secret"] == project_bidding.lottery_secret


def test_bidding_tie_goes_to_the_earlier_quote(project_bidding, agencies):
    rows = signed_up(project_bidding, agencies)
    submit_quote(rows[2], Decimal("80000"), now=T0 + 30 * MINUTE)
    submit_quote(rows[0], Decimal("80000"), now=T0 + 40 * MINUTE)
    submit_quote(rows[1], Decimal("80000.01"), now=T0 + 20 * MINUTE)
    close_signup(project_bidding, now=DEADLINE)
    selection = run_selection(project_bidding, now=SELECTION_AT)
    assert selection.agency == agencies[2]


def test_bidding_on_rates_highest_rate_wins_and_the_price_follows(project_factory, agencies):
    project = project_factory(SelectionMethod.BIDDING, quote_method=QuoteMethod.RATE)
    signed_up(project, agencies, ["8", "12.5", "10"])
    close_signup(project, now=DEADLINE)
    selection = run_selection(project, now=SELECTION_AT)
    assert selection.agency == agencies[1]
    assert selection.rate == Decimal("12.50") and selection.amount == Decimal("78750.00")  # 90000 × 87.5 %


def test_direct_selection_by_the_owner_with_a_reason(project_direct, agencies, owner, other_owner, survey, operator):
    rows = signed_up(project_direct, agencies)
    from modules.marketplace.services.credit import impose_sanction

    impose_sanction(agencies[2], "suspension", "一般", "暂停", datetime.date(2026, 9, 30), datetime.date(2026, 10, 30),
                    operator)
    close_signup(project_direct, now=DEADLINE)
    with pytest.raises(MarketplaceError, match="未到选取时间"):
        select_directly(project_direct, rows[0], "熟悉本地情况", owner, now=SELECTION_AT - MINUTE)
    with pytest.raises(MarketplaceError, match="选取理由"):
        select_directly(project_direct, rows[0], "", owner, now=SELECTION_AT)
    with pytest.raises(MarketplaceError, match="资格审查合格"):
        select_directly(project_direct, rows[2], "理由", owner, now=SELECTION_AT)
    with pytest.raises(MarketplaceError, match="只有业主单位"):
        select_directly(project_direct, rows[0], "理由", other_owner, now=SELECTION_AT)
    with pytest.raises(MarketplaceError, match="只有业主单位"):
        select_directly(project_direct, rows[0], "理由", operator, now=SELECTION_AT)
    selection = select_directly(project_direct, rows[1], "该机构承担过同类项目，熟悉本地控制网", owner, now=SELECTION_AT)
    assert selection.agency == agencies[1] and selection.decided_by == owner
    assert [c["code"] for c in selection.inputs["candidates"]] == [agencies[0].credit_code, agencies[1].credit_code]
    with pytest.raises(MarketplaceError, match="不在选取阶段|已有选取结果"):
        select_directly(project_direct, rows[0], "改选", owner, now=SELECTION_AT)


def test_select_directly_only_for_direct_projects(project_lottery, agencies, owner):
    rows = signed_up(project_lottery, agencies)
    close_signup(project_lottery, now=DEADLINE)
    with pytest.raises(MarketplaceError, match="选取方式为“随机抽取”"):
        select_directly(project_lottery, rows[0], "理由", owner, now=SELECTION_AT)


def score_all(project, rows, table):
    """table: scorer -> list (per sign-up) of per-criterion points."""
    criteria = list(project.criteria.all())
    for scorer, per_signup in table.items():
        for signup, points in zip(rows, per_signup, strict=True):
            for criterion, value in zip(criteria, points, strict=True):
                record_merit_score(signup, criterion, scorer, Decimal(value))


def test_merit_total_is_the_mean_of_the_scorers_sums(project_merit, agencies, owner):
    rows = signed_up(project_merit, agencies)
    close_signup(project_merit, now=DEADLINE)
    score_all(project_merit, rows, {
        "评委甲": [("35", "25", "20"), ("30", "28", "27"), ("20", "20", "20")],   # 80, 85, 60
        "评委乙": [("38", "28", "26"), ("30", "25", "25"), ("25", "25", "25")],   # 92, 80, 75
    })
    selection = finish_merit(project_merit, owner, now=SELECTION_AT)
    assert selection.agency == agencies[0]  # 86 against 82.5 and 67.5
    ranking = selection.inputs["ranking"]
    assert [(r["code"], r["total"]) for r in ranking] == [
        (agencies[0].credit_code, "86.00"), (agencies[1].credit_code, "82.50"), (agencies[2].credit_code, "67.50")]
    assert ranking[0]["sums"] == {"评委乙": "92.0", "评委甲": "80.0"}
    assert selection.inputs["scorers"] == ["评委乙", "评委甲"]
    assert [c["name"] for c in selection.inputs["criteria"]] == ["技术方案", "业绩经验", "服务承诺"]


def test_merit_tie_goes_to_the_earlier_signup_and_incomplete_scoring_is_refused(project_merit, agencies, owner):
    rows = signed_up(project_merit, agencies)
    close_signup(project_merit, now=DEADLINE)
    score_all(project_merit, rows[1:], {"评委甲": [("30", "20", "20"), ("30", "20", "20")]})
    with pytest.raises(MarketplaceError, match="评分尚未完成"):
        finish_merit(project_merit, owner, now=SELECTION_AT)
    score_all(project_merit, rows[:1], {"评委甲": [("20", "25", "25")]})
    selection = finish_merit(project_merit, owner, now=SELECTION_AT)
    assert selection.agency == agencies[0]  # 70 = 70 = 70: the earliest sign-up


def test_merit_scores_are_checked(project_merit, project_lottery, agencies):
    rows = signed_up(project_merit, agencies)
    criterion = project_merit.criteria.first()
    with pytest.raises(MarketplaceError, match="不能评分"):
        record_merit_score(rows[0], criterion, "评委甲", Decimal("10"))  # still 报名中
    close_signup(project_merit, now=DEADLINE)
    with pytest.raises(MarketplaceError, match="0 至 40.0 之间"):
        record_merit_score(rows[0], criterion, "评委甲", Decimal("40.5"))
    with pytest.raises(MarketplaceError, match="评分人"):
        record_merit_score(rows[0], criterion, " ", Decimal("10"))
    with pytest.raises(MarketplaceError, match="一位小数"):
        record_merit_score(rows[0], criterion, "评委甲", Decimal("10.25"))
    record_merit_score(rows[0], criterion, "评委甲", Decimal("10"))
    record_merit_score(rows[0], criterion, "评委甲", Decimal("12.5"))  # a correction replaces
    assert MeritScore.objects.get(signup=rows[0], criterion=criterion).points == Decimal("12.5")
    other = signed_up(project_lottery, agencies[:1])[0]
    with pytest.raises(MarketplaceError, match="只有择优选取"):
        record_merit_score(other, criterion, "评委甲", Decimal("1"))
