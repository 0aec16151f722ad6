"""Statistics: agencies, projects by state and method, amounts, average saving against budget."""

from __future__ import annotations

import datetime
from decimal import Decimal

from modules.marketplace.models import AgencyStatus, ProjectState, SelectionMethod
from modules.marketplace.services.credit import impose_sanction
from modules.marketplace.services.projects import close_signup, run_selection, sign_up, submit_quote
from modules.marketplace.services.statistics import marketplace_statistics
from tests.modules.marketplace.conftest import DEADLINE, SELECTION_AT, T0, make_agency


def test_statistics(project_factory, agencies, survey, categories, operator):
    make_agency("待审核机构", categories=(survey,), status=AgencyStatus.PENDING)
    impose_sanction(agencies[2], "blacklist", "严重", "虚假成果", datetime.date(2026, 1, 1), datetime.date(2027, 12, 31),
                    operator)
    first = project_factory(SelectionMethod.BIDDING, budget=Decimal("100000"), max_price=Decimal("100000"))
    second = project_factory(SelectionMethod.BIDDING, budget=Decimal("50000"), max_price=None)
    project_factory(SelectionMethod.LOTTERY, budget=Decimal("20000"), max_price=None)
    project_factory(SelectionMethod.DIRECT, publish=False, budget=Decimal("999999"), max_price=None)  # a draft
    for project, price in ((first, "80000"), (second, "45000")):
        submit_quote(sign_up(project, agencies[0], now=T0), price, now=T0)
        close_signup(project, now=DEADLINE)
        run_selection(project, now=SELECTION_AT)
    stats = marketplace_statistics(today=datetime.date(2026, 11, 23))
    assert stats["agencies"] == {"total": 4, "approved": 3, "pending": 1, "listed": 2, "suspended": 0,
                                 "blacklisted": 1}
    by_state = {row["state"]: row["count"] for row in stats["projects"]["by_state"]}
    assert stats["projects"]["total"] == 3 and ProjectState.DRAFT not in by_state
    assert by_state[ProjectState.SELECTED] == 2 and by_state[ProjectState.SIGNUP] == 1
    assert {r["method"]: r["count"] for r in stats["projects"]["by_method"]} == {
        "direct": 0, "lottery": 1, "bidding": 2, "merit": 0}
    assert stats["amounts"] == {"budget": Decimal("170000"), "selected": Decimal("125000"), "contracts": Decimal(0)}
    # savings 20 % and 10 %: the average is 15 %
    assert stats["saving"] == {"average": Decimal("15.00"), "projects": 2}
    [row] = stats["by_category"]
    assert row["category"] == survey and row["projects"] == 3 and row["average_saving"] == Decimal("15.00")
    assert row["budget"] == Decimal("170000") and row["selected"] == 2


def test_empty_statistics(db):
    stats = marketplace_statistics()
    assert stats["projects"]["total"] == 0 and stats["saving"] == {"average": None, "projects": 0}
    assert stats["by_category"] == []
