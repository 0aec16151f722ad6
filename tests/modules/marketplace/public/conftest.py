"""A small marketplace run through the real services, for the public pages, the search and OCDS.

``market`` holds one project per outcome: decided by lottery, bidding, merit and direct choice
(published at ``T0``, closed at ``DEADLINE``, decided at ``SELECTION_AT`` — all in the past), one
void (nobody signed up), one draft, and one still open for sign-ups in real time with a sealed
quote planted in it (``OPEN_QUOTE``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from modules.marketplace.models import Agency, Project, SelectionMethod, SignUp
from modules.marketplace.services import projects as services
from tests.modules.marketplace.conftest import DEADLINE, SELECTION_AT, T0, make_agency, make_project

OPEN_QUOTE = Decimal("76543.21")
SCORERS = ("赵评审", "钱评审")


@dataclass
class Market:
    lottery: Project
    bidding: Project
    merit: Project
    direct: Project
    void: Project
    draft: Project
    open: Project
    open_signup: SignUp
    agencies: list[Agency]

    def refresh(self) -> Market:
        for name in ("lottery", "bidding", "merit", "direct", "void", "draft", "open"):
            getattr(self, name).refresh_from_db()
        return self


def signed(project: Project, agencies: list[Agency], quotes: list[Decimal] | None = None) -> list[SignUp]:
    """Sign ``agencies`` up during the sign-up period (with their quotes), then close at the deadline."""
    signups = []
    for i, agency in enumerate(agencies):
        at = T0 + datetime.timedelta(hours=1 + i)
        signup = services.sign_up(project, agency, now=at)
        if quotes:
            services.submit_quote(signup, quotes[i], now=at + datetime.timedelta(minutes=5))
        signups.append(signup)
    services.close_signup(project, now=DEADLINE)
    return signups


@pytest.fixture
def market(project_factory, agencies, owner, dept_a, survey) -> Market:
    lottery = project_factory(SelectionMethod.LOTTERY, title="学校用地勘测定界（随机抽取）")
    signed(lottery, agencies)
    services.run_selection(lottery, now=SELECTION_AT)

    bidding = project_factory(SelectionMethod.BIDDING, title="农村公路竣工测量（竞价选取）")
    signed(bidding, agencies, [Decimal("85000"), Decimal("80000"), Decimal("88000")])
    services.run_selection(bidding, now=SELECTION_AT)

    merit = project_factory(SelectionMethod.MERIT, title="国土空间规划基础测绘（择优选取）")
    merit_signups = signed(merit, agencies[:2])
    for criterion in merit.criteria.all():
        for scorer in SCORERS:
            for signup, share in zip(merit_signups, (Decimal("0.9"), Decimal("0.6")), strict=True):
                services.record_merit_score(signup, criterion, scorer, (criterion.max_points * share).quantize(
                    Decimal("0.1")), user=owner)
    services.finish_merit(merit, owner, now=SELECTION_AT)

    direct = project_factory(SelectionMethod.DIRECT, title="县城地形图修测（直接选取）")
    direct_signups = signed(direct, agencies[1:])
    services.select_directly(direct, direct_signups[1], "该机构承担过本县地形图测绘，熟悉测区情况。", owner,
                             now=SELECTION_AT)

    void = project_factory(SelectionMethod.LOTTERY, title="河道划界测量（无人报名）")
    services.close_signup(void, now=DEADLINE)

    draft = project_factory(SelectionMethod.DIRECT, title="尚未发布的草稿测绘项目", publish=False)

    now = timezone.now()
    open_project = project_factory(SelectionMethod.BIDDING, title="城区管线普查测绘（报名中）", now=now)
    open_signup = services.sign_up(open_project, agencies[0], now=now)
    services.submit_quote(open_signup, OPEN_QUOTE, now=now)
    open_signup.refresh_from_db()
    return Market(lottery, bidding, merit, direct, void, draft, open_project, open_signup, agencies).refresh()


@pytest.fixture
def many_projects(project_factory):
    """``n`` more published projects (报名中, deadlines in the past of T0's week)."""
    def make(n: int, **kwargs) -> list[Project]:
        return [project_factory(SelectionMethod.LOTTERY, title=f"批量测绘项目{i:03d}", **kwargs) for i in range(n)]
    return make


__all__ = ["OPEN_QUOTE", "SCORERS", "Market", "make_agency", "make_project", "signed"]
