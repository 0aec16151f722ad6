"""Credit: the 5 : 3 : 2 rating, sanctions, objections and complaints."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from modules.marketplace.models import Grievance, RatingSource, SanctionKind
from modules.marketplace.services.agencies import may_bid
from modules.marketplace.services.credit import (
    add_rating,
    answer_grievance,
    file_grievance,
    impose_sanction,
    lift_sanction,
    recompute_rating,
)
from modules.marketplace.services.errors import MarketplaceError
from modules.marketplace.services.projects import close_signup, run_selection, sign_up
from tests.modules.marketplace.conftest import DEADLINE, SELECTION_AT, T0

TODAY = datetime.date(2026, 11, 23)


def test_rating_weights_owner_regulator_centre_5_3_2(agency, operator):
    assert recompute_rating(agency) is None
    add_rating(agency, RatingSource.OWNER, Decimal("5"))
    add_rating(agency, RatingSource.OWNER, Decimal("4"))           # owner mean 4.5
    assert agency.rating == Decimal("4.50")
    add_rating(agency, RatingSource.REGULATOR, Decimal("3"))        # (5×4.5 + 3×3) / 8 = 3.9375
    assert agency.rating == Decimal("3.94")
    add_rating(agency, RatingSource.CENTRE, Decimal("2"), user=operator)  # (22.5 + 9 + 4) / 10 = 3.55
    agency.refresh_from_db()
    assert agency.rating == Decimal("3.55")
    assert recompute_rating(agency) == Decimal("3.55")


def test_regulator_and_centre_only(agency, operator):
    add_rating(agency, RatingSource.REGULATOR, Decimal("4"))
    add_rating(agency, RatingSource.CENTRE, Decimal("5"), user=operator)  # (12 + 10) / 5 = 4.4
    assert agency.rating == Decimal("4.40")


def test_ratings_are_checked(agency, owner):
    with pytest.raises(MarketplaceError, match="1 至 5"):
        add_rating(agency, RatingSource.OWNER, Decimal("5.5"))
    with pytest.raises(MarketplaceError, match="评价来源"):
        add_rating(agency, "press", Decimal("3"))
    with pytest.raises(MarketplaceError, match="运营方"):
        add_rating(agency, RatingSource.CENTRE, Decimal("3"), user=owner)


def test_sanctions_are_checked_and_can_be_lifted(agency, survey, operator, owner):
    start, end = datetime.date(2026, 11, 1), datetime.date(2027, 10, 31)
    with pytest.raises(MarketplaceError, match="运营方"):
        impose_sanction(agency, SanctionKind.BLACKLIST, "严重", "虚假材料", start, end, owner)
    with pytest.raises(MarketplaceError, match="理由"):
        impose_sanction(agency, SanctionKind.BLACKLIST, "严重", "", start, end, operator)
    with pytest.raises(MarketplaceError, match="情节等级"):
        impose_sanction(agency, SanctionKind.BLACKLIST, "特别严重", "虚假材料", start, end, operator)
    with pytest.raises(MarketplaceError, match="不能早于"):
        impose_sanction(agency, SanctionKind.BLACKLIST, "严重", "虚假材料", end, start, operator)
    sanction = impose_sanction(agency, SanctionKind.SUSPENSION, "较重", "无故放弃中选", start, end, operator)
    assert not may_bid(agency, survey, TODAY)[0]
    lift_sanction(sanction, operator, reason="已整改")
    assert may_bid(agency, survey, TODAY)[0]
    with pytest.raises(MarketplaceError, match="已解除"):
        lift_sanction(sanction, operator)


def test_complaints_and_objections(project_lottery, agency, agency2, agency3, survey, operator, owner):
    complaint = file_grievance(Grievance.Kind.COMPLAINT, submitter="群众甲", contact="13800000000",
                               content="报名条件设置不合理", project=project_lottery)
    with pytest.raises(MarketplaceError, match="尚未公示"):
        file_grievance(Grievance.Kind.OBJECTION, submitter="某机构", contact="x", content="异议", project=project_lottery,
                       agency=agency)
    for a in (agency, agency2):
        sign_up(project_lottery, a, now=T0)
    close_signup(project_lottery, now=DEADLINE)
    selection = run_selection(project_lottery, now=SELECTION_AT)
    loser = agency2 if selection.agency == agency else agency
    with pytest.raises(MarketplaceError, match="只有报名该项目的机构"):
        file_grievance(Grievance.Kind.OBJECTION, submitter="第三方", contact="x", content="异议", project=project_lottery,
                       agency=agency3, today=selection.publicity_until)
    with pytest.raises(MarketplaceError, match="公示期已于"):
        file_grievance(Grievance.Kind.OBJECTION, submitter=loser.name, contact="x", content="异议",
                       project=project_lottery, agency=loser, today=selection.publicity_until + datetime.timedelta(days=1))
    objection = file_grievance(Grievance.Kind.OBJECTION, submitter=loser.name, contact=loser.contact_phone,
                               content="对抽取结果有异议", project=project_lottery, agency=loser,
                               today=selection.publicity_until)
    assert objection.status == Grievance.Status.OPEN
    with pytest.raises(MarketplaceError, match="请填写"):
        file_grievance(Grievance.Kind.COMPLAINT, submitter="", contact="", content="")
    with pytest.raises(MarketplaceError, match="运营方"):
        answer_grievance(complaint, "答复", owner)
    with pytest.raises(MarketplaceError, match="答复内容"):
        answer_grievance(complaint, "", operator)
    answered = answer_grievance(objection, "抽取输入已公开，经核验结果无误。", operator)
    assert answered.status == Grievance.Status.ANSWERED and answered.answered_by == operator
    with pytest.raises(MarketplaceError, match="已答复"):
        answer_grievance(objection, "再答复", operator)
