"""The agency directory and profiles, the statistics page and the lottery verification page."""

from __future__ import annotations

import datetime
import html as htmllib
import re
import subprocess
import sys
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.marketplace.models import AgencyStatus, RatingSource, SanctionKind
from modules.marketplace.public.queries import star_text
from modules.marketplace.services import lottery
from modules.marketplace.services.credit import add_rating, impose_sanction
from tests.modules.marketplace.conftest import make_agency

AGENCIES = "/marketplace/agencies/"


def names(html: str) -> list[str]:
    return re.findall(r'<a href="/marketplace/agencies/\d+/">([^<]+)</a>', html)


def rate(agency, stars: str, operator) -> None:
    add_rating(agency, RatingSource.CENTRE, Decimal(stars), user=operator)
    agency.refresh_from_db()


def test_the_directory_lists_approved_agencies_best_rated_first_unrated_last(client, agencies, operator, survey):
    first, second, unrated = agencies
    rate(first, "4", operator)
    rate(second, "5", operator)
    make_agency("待审核测绘公司", categories=(survey,), status=AgencyStatus.PENDING)
    make_agency("已退回测绘公司", categories=(survey,), status=AgencyStatus.REJECTED)
    html = client.get(AGENCIES).content.decode()
    assert names(html) == [second.name, first.name, unrated.name]
    assert "★★★★★" in html and "★★★★☆" in html and "暂无评价" in html
    assert "共 <strong>3</strong> 家机构" in html


def test_blacklisted_agencies_are_hidden_and_suspended_ones_flagged(client, agencies, operator):
    today = datetime.date.today()
    blacklisted, suspended, _ = agencies
    impose_sanction(blacklisted, SanctionKind.BLACKLIST, "严重", "提供虚假资质材料。", today - datetime.timedelta(days=1),
                    today + datetime.timedelta(days=365), operator)
    impose_sanction(suspended, SanctionKind.SUSPENSION, "一般", "无故放弃中选资格。", today,
                    today + datetime.timedelta(days=90), operator)
    html = client.get(AGENCIES).content.decode()
    assert blacklisted.name not in html
    assert suspended.name in html and "暂停入驻" in html
    assert client.get(f"{AGENCIES}{blacklisted.pk}/").status_code == 404
    profile = client.get(f"{AGENCIES}{suspended.pk}/").content.decode()
    assert "被暂停入驻至" in profile


def test_an_expired_blacklist_lists_the_agency_again(client, agencies, operator):
    agency = agencies[0]
    impose_sanction(agency, SanctionKind.BLACKLIST, "较重", "违约。", datetime.date(2025, 1, 1),
                    datetime.date(2025, 12, 31), operator)
    assert agency.name in client.get(AGENCIES).content.decode()


def test_the_category_filter(client, agencies, categories):
    assessor = make_agency("云岭资产评估事务所", categories=(categories["assessment"],))
    html = client.get(AGENCIES, {"category": "assessment"}).content.decode()
    assert names(html) == [assessor.name]
    assert client.get(AGENCIES, {"category": "nope"}).status_code == 404


def test_the_directory_costs_the_same_queries_for_3_or_23_agencies(client, agencies, survey):
    def count() -> int:
        client.get(AGENCIES)
        with CaptureQueriesContext(connection) as ctx:
            client.get(AGENCIES)
        return len(ctx.captured_queries)

    few = count()
    for i in range(20):
        make_agency(f"批量测绘公司{i:02d}", categories=(survey,))
    assert count() == few
    assert "page=2" in client.get(AGENCIES).content.decode()


def test_the_profile_shows_qualifications_ratings_and_won_projects(client, market, operator):
    winner = market.lottery.selection.agency
    rate(winner, "3", operator)
    html = client.get(f"{AGENCIES}{winner.pk}/").content.decode()
    for text in (winner.name, winner.credit_code, "测绘资质", "甲级", "2030-12-31", "服务中心评价", "业主评价", "5",
                 "3.00", market.lottery.title, f"/marketplace/projects/{market.lottery.pk}/result/"):
        assert text in html, text
    assert "licence" not in html and ".pdf" not in html  # the uploaded files are not public


def test_pending_agencies_have_no_public_profile(client, survey):
    pending = make_agency("待审核测绘公司", categories=(survey,), status=AgencyStatus.PENDING)
    assert client.get(f"{AGENCIES}{pending.pk}/").status_code == 404


def test_stars():
    assert star_text(None) == ""
    assert star_text(Decimal("4.49")) == "★★★★☆"
    assert star_text(Decimal("4.5")) == "★★★★★"
    assert star_text(Decimal("1.00")) == "★☆☆☆☆"


def test_the_statistics_page(client, market):
    html = client.get("/marketplace/statistics/").content.decode()
    assert re.search(r'data-figure="agencies">3<', html)
    assert re.search(r'data-figure="projects">6<', html)  # the draft is not counted
    assert re.search(r'data-state="selected">4<', html) and re.search(r'data-state="void">1<', html)
    # Only a selection with a price counts: the bidding project's 80000 against its 100000 budget
    # (the lottery, merit and direct projects here were decided without quotes).
    assert "中选总额" in html and "80000.00" in html
    assert re.search(r'data-figure="saving">20\.00%<', html)
    assert re.search(r'data-category="survey">20\.00%<', html)
    assert "节约率 = 1 − 中选价格 ÷ 预算金额" in html


def test_the_lottery_page_explains_the_algorithm_and_its_script_reproduces_the_draw(client, portal, tmp_path):
    html = client.get("/marketplace/lottery/").content.decode()
    assert lottery.ALGORITHM in html and lottery.ALGORITHM_TEXT in htmllib.unescape(html)
    script = htmllib.unescape(re.search(r"<pre class=\"zjcs-pre\" data-verify-script>(.*?)</pre>", html, re.S).group(1))
    path = tmp_path / "verify.py"
    path.write_text(script, encoding="utf-8")
    output = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, check=True).stdout
    number = re.search(r'number = "([^"]+)"', script).group(1)
    secret = re.search(r'secret = "([0-9a-f]{64})"', script).group(1)
    codes = re.search(r'codes = sorted\(.*?"([0-9A-Z,]+)"\.split', script).group(1).split(",")
    expected = lottery.draw(number, secret, codes)
    assert f"种子 {expected.seed_hex}" in output and f"中选 {expected.winner}" in output
    assert re.search(rf"data-example-winner>{expected.winner}<", html)
