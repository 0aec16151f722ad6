"""Selection in the admin: 直接选取 needs a qualified sign-up and a reason, 择优 scoring by named
scorers and its finish, the published inputs of a draw, and the refusals."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from modules.marketplace.models import MeritScore, ProjectState, Selection, SelectionMethod
from modules.marketplace.services import lottery
from modules.marketplace.services.projects import close_signup

from ..conftest import make_agency, make_project
from .conftest import PROJECTS, client_of, pass_deadline, signed_up


def test_direct_selection_needs_a_qualified_sign_up_and_a_reason(project_direct, agencies, owner, survey):
    lapsing = make_agency("资质将过期的测绘公司", categories=(survey,), expires_on=datetime.date(2026, 9, 29))
    signups = signed_up(project_direct, [*agencies, lapsing])
    pass_deadline(project_direct)
    client = client_of(owner)
    url = f"{PROJECTS}{project_direct.pk}/direct/"
    page = client.get(url).content.decode()
    assert all(agency.name in page for agency in agencies) and "选取理由" in page
    assert "请写明直接选取的理由" in client.post(url, {"signup": signups[1].pk}).content.decode()
    assert "不少于 5 个字" in client.post(url, {"signup": signups[1].pk, "reason": "好"}).content.decode()
    assert "请选择一家资格审查合格的中介机构" in client.post(url, {"reason": "业绩突出，响应及时。"}).content.decode()
    assert lapsing.name not in page  # disqualified at the deadline: not offered
    for bad in (signups[3].pk, 999999, "第一家"):
        response = client.post(url, {"signup": bad, "reason": "业绩突出，响应及时。"}).content.decode()
        assert "只能在资格审查合格的报名机构中选取" in response
    detail = client.get(f"{PROJECTS}{project_direct.pk}/").content.decode()
    assert "不合格：" in detail and lapsing.name in detail
    assert not Selection.objects.exists()
    response = client.post(url, {"signup": signups[1].pk, "reason": "业绩突出，响应及时，报价合理。"})
    assert response.status_code == 302
    selection = Selection.objects.get(project=project_direct)
    assert selection.agency == agencies[1] and selection.reason == "业绩突出，响应及时，报价合理。"
    page = client.get(f"{PROJECTS}{project_direct.pk}/").content.decode()
    assert "业绩突出，响应及时，报价合理。" in page and "中选" in page
    again = client.post(url, {"signup": signups[0].pk, "reason": "改选另一家机构。"}, follow=True).content.decode()
    assert "项目当前为“已选取”，不能直接选取" in again
    assert Selection.objects.get(project=project_direct).agency == agencies[1]


def test_direct_selection_waits_for_the_selection_time(dept_a, survey, owner, agencies):
    now = timezone.now()
    project = make_project(dept_a, survey, SelectionMethod.DIRECT, user=owner, now=now - datetime.timedelta(days=2),
                           signup_deadline=now - datetime.timedelta(days=1), selection_at=now + datetime.timedelta(days=1))
    signed_up(project, agencies[:2], now=now - datetime.timedelta(days=1, hours=12))
    close_signup(project, now=now)
    client = client_of(owner)
    assert "直接选取" not in client.get(f"{PROJECTS}{project.pk}/").content.decode().split("项目公告")[0]
    response = client.get(f"{PROJECTS}{project.pk}/direct/", follow=True)
    assert "未到选取时间" in response.content.decode()


def test_only_the_owner_selects(project_direct, agencies, operator, other_owner):
    signups = signed_up(project_direct, agencies)
    pass_deadline(project_direct)
    data = {"signup": signups[0].pk, "reason": "越权的选取理由。"}
    assert client_of(other_owner).post(f"{PROJECTS}{project_direct.pk}/direct/", data).status_code == 404
    response = client_of(operator).post(f"{PROJECTS}{project_direct.pk}/direct/", data)
    assert response.status_code == 403 and "业主单位" in response.content.decode()
    assert not Selection.objects.exists()


def _scores(signups, criteria, values, scorer="评委甲") -> dict[str, str]:
    data = {"scorer": scorer}
    for signup, row in zip(signups, values, strict=True):
        for criterion, points in zip(criteria, row, strict=True):
            data[f"score_{signup.pk}_{criterion.pk}"] = str(points)
    return data


def test_merit_scoring_by_named_scorers_then_finish(project_merit, agencies, owner):
    signups = signed_up(project_merit, agencies)
    pass_deadline(project_merit)
    criteria = list(project_merit.criteria.order_by("pk"))  # 技术方案 40, 业绩经验 30, 服务承诺 30
    client = client_of(owner)
    url = f"{PROJECTS}{project_merit.pk}/merit/"
    page = client.get(url).content.decode()
    assert "技术方案（满分 40.0）" in page and agencies[2].name in page
    finish = f"{PROJECTS}{project_merit.pk}/merit/finish/"
    assert "评分尚未完成" in client.post(finish).content.decode()
    bad = client.post(url, _scores(signups, criteria, [(41, 20, 20), (30, 20, 20), (30, 20, 20)])).content.decode()
    assert "满分 40.0 分，得分不能超过满分" in bad
    assert "请填写评分人姓名" in client.post(url, _scores(signups, criteria, [(1, 1, 1)] * 3, scorer=" ")).content.decode()
    assert "得分不能小于 0" in client.post(url, _scores(signups, criteria, [(-1, 1, 1)] * 3)).content.decode()
    assert not MeritScore.objects.exists()
    response = client.post(url, _scores(signups, criteria, [(35, 25, 20), (30, 28, 28), (20, 20, 20)]))
    assert response.status_code == 302 and response["Location"] == url
    response = client.post(url, _scores(signups, criteria, [(36, 24, 22), (32, 26, 25), (25, 20, 20)], scorer="评委乙"))
    assert response.status_code == 302
    assert MeritScore.objects.count() == 18
    page = client.get(url).content.decode()
    assert "评委甲" in page and "评委乙" in page and "84.50" in page  # (86 + 83) / 2 for the second agency
    response = client.post(finish)
    assert response.status_code == 302
    selection = Selection.objects.get(project=project_merit)
    assert selection.agency == agencies[1]  # 86 and 83 → 84.5 beats 80/82 → 81 and 60/65 → 62.5
    assert selection.inputs["scorers"] == ["评委乙", "评委甲"]
    detail = client.get(f"{PROJECTS}{project_merit.pk}/").content.decode()
    assert "84.50" in detail and "各评分人合计" in detail
    again = client.post(url, _scores(signups, criteria, [(1, 1, 1)] * 3), follow=True).content.decode()
    assert "项目当前为“已选取”，不能录入评分" in again
    assert MeritScore.objects.count() == 18


def test_a_draw_shows_its_inputs_and_can_be_rerun(project_lottery, agencies, owner):
    signed_up(project_lottery, agencies)
    project = pass_deadline(project_lottery, select=True)
    assert project.state == ProjectState.SELECTED
    selection = project.selection
    page = client_of(owner).get(f"{PROJECTS}{project.pk}/").content.decode()
    for value in (selection.inputs["seed"], project.lottery_secret, project.lottery_commitment, lottery.ALGORITHM):
        assert value in page
    codes = [a.credit_code for a in agencies]
    assert all(code in page for code in codes)
    again = lottery.draw(project.number, project.lottery_secret, codes)
    assert again.winner == selection.agency.credit_code and again.seed_hex == selection.inputs["seed"]
    assert "直接选取" not in page.split("项目公告")[0]


def test_a_project_without_qualified_sign_ups_becomes_void(project_bidding, owner):
    project = pass_deadline(project_bidding)
    assert project.state == ProjectState.VOID
    page = client_of(owner).get(f"{PROJECTS}{project.pk}/").content.decode()
    assert "无效" in page and "报名截止时无机构报名" in page and Decimal("0") == 0
