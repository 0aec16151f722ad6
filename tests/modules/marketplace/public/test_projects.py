"""Public project pages: the notice list and its filters, each notice, the result notices."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modules.marketplace.models import ProjectState, SelectionMethod
from modules.marketplace.services import lottery
from modules.marketplace.services.projects import terminate
from tests.modules.marketplace.conftest import make_category

LIST = "/marketplace/"


def html_of(client, url: str, params: dict | None = None, status: int = 200) -> str:
    response = client.get(url, params or {})
    assert response.status_code == status, url
    return response.content.decode()


def titles(html: str) -> list[str]:
    return re.findall(r'<a href="/marketplace/projects/\d+/">([^<]+)</a>', html)


def test_the_list_shows_published_projects_newest_first_never_drafts(client, market):
    html = html_of(client, LIST)
    shown = titles(html)
    assert shown[0] == market.open.title  # published today
    assert set(shown) == {market.lottery.title, market.bidding.title, market.merit.title, market.direct.title,
                          market.void.title, market.open.title}
    assert market.draft.title not in html
    assert "共 <strong>6</strong> 个项目" in html
    assert f'/marketplace/projects/{market.lottery.pk}/result/">中选公示' in html
    assert f'/marketplace/projects/{market.void.pk}/result/">无效公告' in html


def test_filters_by_category_state_owner_date_and_keyword(client, market, project_factory, dept_b, other_owner,
                                                          categories):
    testing = project_factory(SelectionMethod.LOTTERY, title="教学楼结构安全检测", category=categories["testing"],
                              owner_department=dept_b, user=other_owner)
    assert titles(html_of(client, LIST, {"category": "testing"})) == [testing.title]
    assert set(titles(html_of(client, LIST, {"state": "selected"}))) == {
        market.lottery.title, market.bidding.title, market.merit.title, market.direct.title}
    assert titles(html_of(client, LIST, {"state": "void"})) == [market.void.title]
    assert titles(html_of(client, LIST, {"owner": dept_b.slug})) == [testing.title]
    today = timezone.localdate().isoformat()
    assert titles(html_of(client, LIST, {"date_from": today})) == [market.open.title]
    in_t0 = titles(html_of(client, LIST, {"date_from": "2026-09-28", "date_to": "2026-09-28"}))
    assert market.open.title not in in_t0 and market.lottery.title in in_t0 and len(in_t0) == 6
    assert titles(html_of(client, LIST, {"q": "竞价"})) == [market.bidding.title]
    assert titles(html_of(client, LIST, {"q": market.merit.number})) == [market.merit.title]
    combined = html_of(client, LIST, {"category": "survey", "state": "selected", "q": "随机"})
    assert titles(combined) == [market.lottery.title] and "清除全部条件" in combined


@pytest.mark.parametrize(("params", "message"), [
    ({"category": "nonsense"}, "没有这个服务类型"),
    ({"state": "draft"}, "没有这个项目状态"),
    ({"owner": "<script>"}, "没有这个业主单位"),
    ({"date_from": "2026-13-45"}, "日期格式应为"),
    ({"date_from": "2026-10-02", "date_to": "2026-10-01"}, "结束日期不能早于开始日期"),
    ({"q": "测" * 80}, "关键词不能超过"),
])
def test_bad_filter_values_are_reported_and_left_out(client, market, params, message):
    html = html_of(client, LIST, params)
    assert message in html
    assert market.draft.title not in html
    assert "<script>" not in html
    if "date_to" not in params and "q" not in params:
        assert len(titles(html)) == 6  # the bad filter is ignored, the list still shows


def test_twenty_a_page_and_bad_pages_are_404(client, market, many_projects):
    many_projects(20)
    first = html_of(client, LIST)
    assert len(titles(first)) == 20 and "共 <strong>26</strong> 个项目" in first
    assert len(titles(html_of(client, LIST, {"page": 2}))) == 6
    assert "page=2" in first
    html_of(client, LIST, {"page": 3}, status=404)
    html_of(client, LIST, {"page": "x"}, status=404)


def _queries(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (site, settings)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_queries_for_5_or_25_projects(client, market, many_projects,
                                                               django_assert_max_num_queries):
    few = _queries(client, LIST + "?category=survey")
    many_projects(20)
    assert _queries(client, LIST + "?category=survey") == few
    with django_assert_max_num_queries(12):
        client.get(LIST, {"category": "survey", "state": "signup", "owner": "jyj", "date_from": "2026-01-01"})


def test_each_page_costs_a_bounded_number_of_queries(client, market, django_assert_max_num_queries):
    limits = {f"/marketplace/projects/{market.lottery.pk}/": 8, f"/marketplace/projects/{market.bidding.pk}/result/": 7,
              f"/marketplace/projects/{market.merit.pk}/result/": 7, f"/marketplace/projects/{market.lottery.pk}/result/": 7,
              f"/marketplace/agencies/{market.agencies[0].pk}/": 12, "/marketplace/statistics/": 20,
              "/marketplace/lottery/": 6}
    for url, limit in limits.items():
        client.get(url)
        with django_assert_max_num_queries(limit, info=url):
            assert client.get(url).status_code == 200


def test_the_notice_shows_every_field(client, market):
    project = market.lottery
    html = html_of(client, f"/marketplace/projects/{project.pk}/")
    for text in ("项目名称", project.title, "服务类型", "测绘", "预算金额", "100000.00 元", "最高限价", "90000.00 元",
                 "报价方式", "报价金额", "资质要求", project.qualification_requirement, "报名截止", "2026-10-01 09:00",
                 "选取时间", "2026-10-01 10:00", "选取方式", "随机抽取", "回避要求", "服务内容", project.content,
                 "服务时限", project.service_period, "投诉电话", project.complaint_phone, "业主单位", project.owner.name,
                 project.number, "公示期", "3 个工作日"):
        assert text in html, text
    assert project.lottery_commitment in html and len(project.lottery_commitment) == 64
    assert project.lottery_secret not in html or project.state == ProjectState.SELECTED
    assert "/marketplace/lottery/" in html


def test_before_the_deadline_only_the_number_of_signups_is_public(client, market):
    html = html_of(client, f"/marketplace/projects/{market.open.pk}/")
    assert re.search(r"data-signup-count>1<", html)
    assert "报名截止前不公开报名机构名称和报价" in html
    assert market.agencies[0].name not in html
    assert market.open.lottery_secret not in html  # the bidding tie-break value stays secret too
    assert market.open.lottery_commitment in html  # … but its commitment is published
    assert f"/marketplace/agency/projects/{market.open.pk}/" in html
    html_of(client, f"/marketplace/projects/{market.open.pk}/result/", status=404)


def test_after_the_deadline_the_signups_and_their_review_are_public(client, market):
    html = html_of(client, f"/marketplace/projects/{market.direct.pk}/")
    assert "报名机构及资格审查结果" in html and "合格" in html
    for agency in market.agencies[1:]:
        assert agency.name in html
    assert "查看中选公示" in html


def test_merit_notices_publish_their_criteria(client, market):
    html = html_of(client, f"/marketplace/projects/{market.merit.pk}/")
    for text in ("评分项（择优选取）", "技术方案", "业绩经验", "服务承诺", "40.0"):
        assert text in html


def test_drafts_are_404_everywhere(client, market):
    for suffix in ("", "result/", "ocds.json"):
        html_of(client, f"/marketplace/projects/{market.draft.pk}/{suffix}", status=404)


def test_the_lottery_result_shows_its_inputs_and_can_be_rerun(client, market):
    project, selection = market.lottery, market.lottery.selection
    html = html_of(client, f"/marketplace/projects/{project.pk}/result/")
    inputs = selection.inputs
    for text in ("中选公示", selection.agency.name, project.lottery_commitment, project.lottery_secret, inputs["seed"],
                 lottery.ALGORITHM, "与发布时的承诺值一致", "按上述输入重算，中选机构相同", "/marketplace/lottery/",
                 "公示期", selection.publicity_until.strftime("%Y-%m-%d"), project.complaint_phone):
        assert text in html, text
    for agency in market.agencies:
        assert agency.credit_code in html and agency.name in html
    codes = [c["code"] for c in inputs["candidates"]]
    again = lottery.draw(project.number, project.lottery_secret, codes)
    assert again.winner == selection.agency.credit_code and again.seed_hex == inputs["seed"]


def test_a_tampered_draw_is_shown_as_not_reproducible(client, market):
    selection = market.lottery.selection
    inputs = dict(selection.inputs)
    loser = next(c for c in inputs["candidates"] if c["code"] != selection.agency.credit_code)
    inputs["candidates"] = [loser]
    inputs["secret"] = "0" * 64
    selection.inputs = inputs
    selection.save(update_fields=["inputs"])
    html = html_of(client, f"/marketplace/projects/{market.lottery.pk}/result/")
    assert "随机值与承诺值不一致" in html and "无法重算" in html


def test_the_bidding_result_ranks_the_opened_quotes(client, market):
    html = html_of(client, f"/marketplace/projects/{market.bidding.pk}/result/")
    winner, second, third = market.agencies[1], market.agencies[0], market.agencies[2]
    assert market.bidding.selection.agency == winner
    assert html.index(winner.name) < html.index(second.name) < html.index(third.name)
    for text in ("80000.00 元", "有效报价排名", "85000", "88000", "报价相同时"):
        assert text in html, text


def test_the_merit_result_shows_each_scorers_points(client, market):
    html = html_of(client, f"/marketplace/projects/{market.merit.pk}/result/")
    for text in ("评分结果", "赵评审", "钱评审", "90.00", "60.00", market.agencies[0].name):
        assert text in html, text


def test_the_direct_result_states_the_reason(client, market):
    html = html_of(client, f"/marketplace/projects/{market.direct.pk}/result/")
    assert "该机构承担过本县地形图测绘" in html and market.agencies[2].name in html


def test_a_void_project_has_a_void_notice(client, market):
    html = html_of(client, f"/marketplace/projects/{market.void.pk}/result/")
    assert "无效公告" in html and market.void.void_reason in html


def test_a_terminated_project_stays_public_with_its_reason(client, market, owner, operator):
    terminate(market.open, "业主单位调整建设计划。", operator)
    html = html_of(client, f"/marketplace/projects/{market.open.pk}/")
    assert "本项目已中止：业主单位调整建设计划。" in html
    assert market.open.title in html_of(client, LIST, {"state": "terminated"})


def test_the_portal_links_to_the_marketplace(client, portal):
    assert 'href="/marketplace/"' in html_of(client, "/zwfw/")
    assert "中介服务超市" in html_of(client, "/zwfw/")


def test_other_categories_show_up_as_filters_only_when_they_have_projects(client, market):
    make_category("鉴定", "appraisal")
    html = html_of(client, LIST)
    assert 'value="survey"' in html and 'value="appraisal"' not in html


def test_a_result_page_without_a_result_is_404(client, project_factory):
    project = project_factory(SelectionMethod.LOTTERY, now=timezone.now() - datetime.timedelta(hours=1))
    html_of(client, f"/marketplace/projects/{project.pk}/result/", status=404)
