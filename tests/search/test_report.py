"""The editors' search report (搜索统计): exact figures on a known query log, the period's
day boundaries in the portal's time zone, the .xlsx export, and a query count that does not
grow with the log."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from search import report
from search.admin_views import ReportPeriodForm, chart_bars
from search.models import IndexedDocument, OutboxEntry, QueryClick, QueryLog
from search.registry import labels

pytestmark = pytest.mark.django_db

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
PERIOD = report.Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 7))
PERIOD_QUERY = {"from": "2026-03-01", "to": "2026-03-07"}


def at(day: int, hour: int = 12, minute: int = 0, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=ZONE)


def log(query: str, results: int, client: str, when: datetime.datetime, clicks: int = 0) -> QueryLog:
    entry = QueryLog.objects.create(query=query, result_count=results, client=client, created_at=when)
    for position in range(clicks):
        QueryClick.objects.create(log=entry, url=f"/zwfw/{query}/{position}/", position=position + 1, created_at=when)
    return entry


@pytest.fixture
def known_log(db):
    """Eleven searches from 1 to 7 March 2026 (Asia/Shanghai), and two just outside."""
    QueryLog.objects.all().delete()
    # 社保卡: 4 searches, results 12 10 8 6, clicks 2 + 1 (two searches with a click).
    log("社保卡", 12, "c1", at(1, 0, 0), clicks=2)  # the first instant of the period (16:00 UTC the day before)
    log("社保卡", 10, "c2", at(2, 9), clicks=1)
    log("社保卡", 8, "c1", at(2, 10))
    log("社保卡", 6, "c3", at(4, 15))
    # 低保申请: 3 searches without results, by two visitors.
    log("低保申请", 0, "c2", at(3, 12))
    log("低保申请", 0, "c4", at(5, 8))
    log("低保申请", 0, "c4", at(5, 20))
    # 公积金: 2 searches, results 5 and 7, one click.
    log("公积金", 5, "c3", at(3, 11), clicks=1)
    log("公积金", 7, "c1", at(6, 9, 30))
    # 残疾证补办: one search without results, the last minute of the period.
    log("残疾证补办", 0, "c4", at(7, 23, 59))
    # A search with filters only (no words) and no visitor id: in the totals, not in the lists.
    log("", 3, "", at(6, 10))
    # Outside the period.
    log("社保卡", 9, "c1", at(28, 23, 59, month=2), clicks=1)
    log("低保申请", 0, "c2", at(8, 0, 0))


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- figures ------------------------------------------------------------------------------------


def test_totals(known_log):
    totals = report.totals(PERIOD)
    assert totals == report.Totals(searches=11, visitors=4, no_results=4, clicked=3, clicks=4)
    assert totals.no_result_share == pytest.approx(4 / 11)
    assert totals.click_through == pytest.approx(3 / 11)


def test_top_queries(known_log):
    rows = report.with_rates(list(report.top_queries(PERIOD)))
    assert [(r["query"], r["searches"], r["clicked"], r["clicks"]) for r in rows] == [
        ("社保卡", 4, 2, 3), ("低保申请", 3, 0, 0), ("公积金", 2, 1, 1), ("残疾证补办", 1, 0, 0),
    ]
    by_query = {r["query"]: r for r in rows}
    assert float(by_query["社保卡"]["avg_results"]) == pytest.approx(9.0)
    assert float(by_query["公积金"]["avg_results"]) == pytest.approx(6.0)
    assert by_query["社保卡"]["click_through"] == pytest.approx(0.5)
    assert by_query["低保申请"]["click_through"] == 0


def test_no_result_queries(known_log):
    rows = list(report.no_result_queries(PERIOD))
    assert [(r["query"], r["searches"], r["visitors"]) for r in rows] == [("低保申请", 3, 2), ("残疾证补办", 1, 1)]
    assert timezone.localtime(rows[0]["last_searched"]) == at(5, 20)
    assert timezone.localtime(rows[1]["last_searched"]) == at(7, 23, 59)


def test_daily_counts_follow_the_local_calendar_day(known_log):
    days = report.daily_counts(PERIOD)
    assert [d.date.day for d in days] == [1, 2, 3, 4, 5, 6, 7]
    assert [d.searches for d in days] == [1, 2, 2, 1, 2, 2, 1]
    assert [d.no_results for d in days] == [0, 0, 1, 0, 2, 0, 1]


def test_an_empty_period_has_no_rates():
    totals = report.totals(report.Period(datetime.date(2020, 1, 1), datetime.date(2020, 1, 2)))
    assert totals.searches == 0 and totals.click_through is None and totals.no_result_share is None


def test_index_status_counts_documents_per_type_and_the_outbox():
    IndexedDocument.objects.all().delete()
    OutboxEntry.objects.all().delete()
    for n in range(3):
        IndexedDocument.objects.create(key=f"policy:{n}", type="policy", group="政府信息", title=f"政策{n}", url="/")
    IndexedDocument.objects.create(key="legacy:1", type="legacy", group="政府信息", title="旧类型", url="/")
    now = timezone.now()
    OutboxEntry.objects.create(type_key="policy", object_id="1", reason="edit", created_at=now - datetime.timedelta(minutes=20))
    OutboxEntry.objects.create(type_key="policy", object_id="2", reason="edit", created_at=now)
    status = report.index_status()
    counts = {t.key: (t.label, t.count) for t in status.types}
    assert counts["policy"] == (labels()["policy"], 3)
    assert counts["legacy"] == ("legacy（未登记的类型）", 1)
    assert set(labels()) <= set(counts)  # registered types without documents are listed with 0
    assert status.documents == 4 and status.pending == 2
    assert datetime.timedelta(minutes=19) < status.oldest_age < datetime.timedelta(minutes=21)


def test_index_status_survives_an_unreachable_engine(monkeypatch):
    class Down:
        def count_by_type(self):
            raise ConnectionError("refused")

    monkeypatch.setattr("search.engines.get_engine", lambda: Down())
    status = report.index_status()
    assert status.error.startswith("无法读取索引") and all(t.count == 0 for t in status.types)


# --- the period form ----------------------------------------------------------------------------


def test_the_default_period_is_the_last_30_days():
    today = datetime.date(2026, 3, 31)
    form = ReportPeriodForm({}, today=today)
    assert form.period() == report.Period(datetime.date(2026, 3, 2), today)
    assert ReportPeriodForm({"to": "2026-02-10"}, today=today).period() == report.Period(
        datetime.date(2026, 1, 12), datetime.date(2026, 2, 10))
    assert ReportPeriodForm({"from": "2026-03-20"}, today=today).period() == report.Period(
        datetime.date(2026, 3, 20), today)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"from": "2026-03-08", "to": "2026-03-01"}, "开始日期不能晚于结束日期"),
        ({"from": "2024-01-01", "to": "2026-03-01"}, "最长 366 天"),
        ({"from": "三月"}, "日期"),
    ],
)
def test_a_wrong_period_is_refused_and_the_default_used(data, message):
    today = datetime.date(2026, 3, 31)
    form = ReportPeriodForm(data, today=today)
    assert not form.is_valid()
    assert message in str(form.errors)
    assert form.period() == report.Period.last_days(today=today)


def test_chart_bars_scale_to_the_busiest_day():
    days = [report.Day(datetime.date(2026, 3, d), n, e) for d, n, e in ((1, 0, 0), (2, 5, 5), (3, 10, 1))]
    bars = chart_bars(days)
    assert [b.height for b in bars] == [0, 60, 120]
    assert [b.y for b in bars] == [120, 60, 0]
    assert [b.empty_height for b in bars] == [0, 60, 12]
    assert [b.empty_y for b in bars] == [120, 60, 108]


# --- the page -----------------------------------------------------------------------------------


def figures(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "lxml")
    return {el["data-figure"]: el.get_text(" ", strip=True) for el in soup.select("[data-figure]")}


def table(html: str, table_id: str) -> list[list[str]]:
    soup = BeautifulSoup(html, "lxml")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])]
            for row in soup.select(f"#{table_id} tbody tr")]


def test_the_report_page_shows_the_figures(editor_client, known_log):
    response = editor_client.get(reverse("search_report:index"), PERIOD_QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    shown = figures(html)
    assert (shown["searches"], shown["visitors"], shown["no_results"], shown["click_through"]) == (
        "11", "4", "4", "27.3%")
    assert "占 36.4%" in html
    assert table(html, "report-top-table") == [
        ["社保卡", "4", "9.0", "3", "50.0%"],
        ["低保申请", "3", "0.0", "0", "0.0%"],
        ["公积金", "2", "6.0", "1", "50.0%"],
        ["残疾证补办", "1", "0.0", "0", "0.0%"],
    ]
    empty = table(html, "report-empty-table")
    assert [row[:4] for row in empty] == [["低保申请", "3", "2", "2026-03-05 20:00"],
                                          ["残疾证补办", "1", "1", "2026-03-07 23:59"]]
    daily = table(html, "report-daily-table")
    assert [row[1] for row in daily] == ["1", "2", "2", "1", "2", "2", "1"]
    chart = BeautifulSoup(html, "lxml").select_one("svg.search-report__chart")
    assert len(chart.select("rect")) == 7 + 3  # a bar a day, and the no-result part of three days
    # visitors appear only as counts: no visitor id is shown
    for client_id in ("c1", "c2", "c3", "c4"):
        assert f">{client_id}<" not in html


def test_no_result_queries_link_to_prefilled_dictionary_forms(editor_client, known_log):
    html = editor_client.get(reverse("search_report:index"), PERIOD_QUERY).content.decode()
    soup = BeautifulSoup(html, "lxml")
    link = soup.find("a", string="添加同义词")
    assert link is not None
    response = editor_client.get(link["href"])
    assert response.status_code == 200
    terms = BeautifulSoup(response.content, "lxml").find("textarea", attrs={"name": "terms"}) or \
        BeautifulSoup(response.content, "lxml").find("input", attrs={"name": "terms"})
    value = terms.text if terms.name == "textarea" else terms["value"]
    assert value == "低保申请，"
    best_bet = soup.find("a", string="添加推荐结果")["href"]
    assert best_bet.startswith(reverse("wagtailsnippets_search_bestbet:add"))


def test_the_lists_are_paginated(editor_client):
    QueryLog.objects.all().delete()
    QueryLog.objects.bulk_create(
        QueryLog(query=f"无结果{n:02d}", result_count=0, client="c", created_at=at(3)) for n in range(45)
    )
    url = reverse("search_report:index")
    html = editor_client.get(url, PERIOD_QUERY).content.decode()
    assert len(table(html, "report-empty-table")) == 20
    assert "共 3 页（45 个搜索词）" in html
    last = editor_client.get(url, {**PERIOD_QUERY, "empty_page": "3"}).content.decode()
    assert len(table(last, "report-empty-table")) == 5
    assert len(table(last, "report-top-table")) == 20  # the other list stays on its first page


def test_a_wrong_period_is_shown_with_the_default_report(editor_client):
    html = editor_client.get(reverse("search_report:index"), {"from": "2026-03-08", "to": "2026-03-01"}).content
    assert "开始日期不能晚于结束日期" in html.decode()
    assert "共 30 天" in html.decode()


def test_index_status_on_the_page(editor_client):
    OutboxEntry.objects.all().delete()
    OutboxEntry.objects.create(type_key="policy", object_id="1", reason="edit",
                               created_at=timezone.now() - datetime.timedelta(hours=2))
    html = editor_client.get(reverse("search_report:index")).content.decode()
    assert "待同步到索引的变更：1 条" in html
    assert "同步任务可能没有运行" in html
    rows = table(html, "report-index-table")
    assert [row[0] for row in rows[:-1]][: len(labels())] == list(labels().values())
    OutboxEntry.objects.all().delete()
    assert "所有变更都已同步到索引" in editor_client.get(reverse("search_report:index")).content.decode()


def make_logs(n: int) -> None:
    """``n`` searches over ``n // 3`` queries, a third without results, every other one clicked."""
    QueryLog.objects.all().delete()
    logs = QueryLog.objects.bulk_create(
        QueryLog(query=f"搜索词{i % max(n // 3, 1)}", result_count=0 if i % 3 == 0 else i, client=f"v{i % 17}",
                 created_at=at(1 + i % 7, 8 + i % 12))
        for i in range(n)
    )
    QueryClick.objects.bulk_create(
        QueryClick(log=entry, url="/zwfw/", position=1, created_at=entry.created_at) for entry in logs[::2]
    )


def count_queries(client, url: str, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["search_report:index", "search_report:export"])
def test_queries_do_not_grow_with_the_log(editor_client, view, django_assert_max_num_queries):
    url = reverse(view)
    make_logs(30)
    editor_client.get(url, PERIOD_QUERY)  # warm per-process caches (content types, site, menu)
    small = count_queries(editor_client, url, PERIOD_QUERY)
    make_logs(300)
    with django_assert_max_num_queries(small):
        assert editor_client.get(url, PERIOD_QUERY).status_code == 200
    assert count_queries(editor_client, url, PERIOD_QUERY) == small
    assert small <= 25


# --- export -------------------------------------------------------------------------------------


def sheets(response) -> dict[str, list[list[object]]]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def test_export_contains_the_top_and_no_result_queries(editor_client, known_log):
    response = editor_client.get(reverse("search_report:export"), PERIOD_QUERY)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert 'filename="search-report-20260301-20260307.xlsx"' in response["Content-Disposition"]
    book = sheets(response)
    assert list(book) == ["概况", "热门搜索词", "无结果搜索词"]
    summary = {row[0]: row[1] for row in book["概况"]}
    assert summary["统计区间"] == "2026-03-01 至 2026-03-07"
    assert (summary["搜索次数"], summary["访客数"], summary["无结果搜索"], summary["有点击的搜索"]) == (11, 4, 4, 3)
    assert summary["点击率"] == pytest.approx(0.2727)
    assert book["热门搜索词"] == [
        ["搜索词", "搜索次数", "平均结果数", "点击次数", "有点击的搜索", "点击率"],
        ["社保卡", 4, 9.0, 3, 2, 0.5],
        ["低保申请", 3, 0.0, 0, 0, 0.0],
        ["公积金", 2, 6.0, 1, 1, 0.5],
        ["残疾证补办", 1, 0.0, 0, 0, 0.0],
    ]
    assert book["无结果搜索词"] == [
        ["搜索词", "搜索次数", "访客数", "最近搜索时间"],
        ["低保申请", 3, 2, datetime.datetime(2026, 3, 5, 20, 0)],
        ["残疾证补办", 1, 1, datetime.datetime(2026, 3, 7, 23, 59)],
    ]


def test_export_writes_queries_as_text_never_as_formulas(editor_client):
    QueryLog.objects.all().delete()
    log("=HYPERLINK(\"http://example.com\",\"x\")", 0, "c1", at(2))
    response = editor_client.get(reverse("search_report:export"), PERIOD_QUERY)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cell = workbook["无结果搜索词"]["A2"]
    assert cell.value == "=HYPERLINK(\"http://example.com\",\"x\")" and cell.data_type == "s"


def test_export_is_forbidden_without_the_report_permission(client, contributor_a):
    client.force_login(contributor_a)
    response = client.get(reverse("search_report:export"))
    assert response.status_code == 403
    assert "没有查看搜索统计的权限" in response.content.decode()
