"""得分排名: the latest site-wide ranking, 环比, the SVG trend and who sees which rows and lines."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.departments.models import Department
from cms.inspection.models import RunStatus, Trigger
from cms.inspection.views.charts import trend_chart

from .conftest import make_run, make_score

pytestmark = pytest.mark.django_db

URL = reverse("inspection:ranking")


def _month(offset: int) -> datetime.date:
    """The first day of the month ``offset`` months before November 2026."""
    year, month = divmod(2026 * 12 + 10 - offset, 12)
    return datetime.date(year, month + 1, 1)


@pytest.fixture
def history(dept_a, dept_b):
    """Three monthly site-wide runs (A improving, B vetoed last), plus runs that must not count."""
    runs = []
    for offset, (a, b) in zip((2, 1, 0), (("70.00", "80.00"), ("76.00", "85.00"), ("82.50", "60.00")), strict=True):
        run = make_run(period=_month(offset))
        previous = runs[-1] if runs else None
        make_score(run, dept_a, a, rank=1 if offset == 0 else 2,
                   previous=str(previous.scores.get(department=dept_a).score) if previous else None,
                   columns=11, blank_columns=2, broken_links=3)
        make_score(run, dept_b, b, rank=2 if offset == 0 else 1, vetoed=offset == 0,
                   previous=str(previous.scores.get(department=dept_b).score) if previous else None)
        runs.append(run)
    # not ranked: a department's own run, an unfinished site run
    own = make_run(department=dept_a, trigger=Trigger.MANUAL, period=_month(0))
    make_score(own, dept_a, "99.00")
    make_run(status=RunStatus.RUNNING, period=_month(0))
    return runs


def _table(response) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "lxml")
    return [[cell.get_text(" ", strip=True) for cell in row.select("td")]
            for row in soup.select("table.listing")[0].select("tbody tr")]


def _lines(response) -> list[str]:
    svg = BeautifulSoup(response.content, "lxml").find("svg", class_="inspection-trend")
    return [group["data-department"] for group in svg.select("g.series")]


def test_editors_see_the_latest_ranking_with_change_and_veto(client, editor, history):
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    rows = _table(response)
    assert [row[:2] for row in rows] == [["1", "云溪县教育局"], ["2", "云溪县交通运输局"]]
    assert rows[0][2:6] == ["11", "2", "0", "3"] and rows[0][10] == "82.50" and rows[0][12] == "+6.5"
    assert rows[1][10] == "60.00" and rows[1][11].startswith("否决") and rows[1][12] == "-25.0"
    assert str(history[-1]) in response.content.decode()


def test_trend_chart_is_inline_svg_with_one_line_per_department(client, editor, history):
    client.force_login(editor)
    soup = BeautifulSoup(client.get(URL).content, "lxml")
    svg = soup.find("svg", class_="inspection-trend")
    assert svg is not None and svg["role"] == "img" and "各部门得分趋势" in svg.find("title").get_text()
    lines = {g["data-department"]: g for g in svg.select("g.series")}
    assert set(lines) == {"云溪县教育局", "云溪县交通运输局"}
    assert len(lines["云溪县教育局"].select("circle")) == 3  # the department's own run is not in the trend
    ticks = [t.get_text() for t in svg.select("g.ticks text")]
    assert ticks == [f"{_month(o):%Y-%m}" for o in (2, 1, 0)]
    tips = [c.find("title").get_text() for c in lines["云溪县交通运输局"].select("circle")]
    assert tips[-1].endswith("60.00 分（单项否决）")
    assert lines["云溪县交通运输局"].select("circle")[-1]["fill"] == "#fff"  # the vetoed point is hollow
    assert not soup.select("script[src]") or all("cdn" not in s["src"] for s in soup.select("script[src]"))
    data = soup.find("summary", string="查看趋势数据").find_next("table").get_text(" ", strip=True)
    assert "82.50" in data and "60.00（否决）" in data


def test_editors_choose_the_departments_of_the_trend(client, editor, history, dept_b):
    client.force_login(editor)
    assert _lines(client.get(URL, {"department": dept_b.pk})) == ["云溪县交通运输局"]


def test_top_ten_by_default(client, editor, dept_a, dept_b):
    run = make_run(period=_month(0))
    departments = [Department.objects.create(name=f"云溪县测试局{n:02d}", short_name=f"测试{n:02d}",
                                             slug=f"test{n:02d}", credit_code=f"TEST{n:014d}") for n in range(12)]
    for position, department in enumerate(departments, start=1):
        make_score(run, department, str(100 - position), rank=position)
    client.force_login(editor)
    soup = BeautifulSoup(client.get(URL).content, "lxml")
    assert _lines(client.get(URL)) == [d.name for d in departments[:10]]
    checked = {box["value"] for box in soup.select('input[name="department"][checked]')}
    assert checked == {str(d.pk) for d in departments[:10]}
    assert len(_table(client.get(URL))) == 12


def test_department_people_see_only_their_own_row_and_line(client, contributor_a, history):
    client.force_login(contributor_a)
    response = client.get(URL, {"department": history[0].scores.exclude(department__slug="jyj").get().department_id})
    rows = _table(response)
    assert len(rows) == 1 and rows[0][:2] == ["1", "云溪县教育局"]
    soup = BeautifulSoup(response.content, "lxml")
    assert _lines(response) == ["云溪县教育局"]
    assert soup.select('input[name="department"]') == []  # no choice of departments
    assert "云溪县交通运输局" not in response.content.decode()


def test_no_ranking_before_a_finished_site_run(client, editor, portal):
    client.force_login(editor)
    assert "还没有完成的全站检查" in client.get(URL).content.decode()


def test_ranking_query_count_does_not_grow_with_runs_and_departments(client, editor, history, dept_a):
    client.force_login(editor)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for offset in range(3, 15):
        run = make_run(period=_month(offset))
        make_score(run, dept_a, "88.00", rank=1)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(many) == len(few) <= 16
    assert len(BeautifulSoup(response.content, "lxml").select("g.ticks text")) == 12  # the last 12 runs


def test_chart_breaks_a_line_where_a_department_has_no_score():
    chart = trend_chart("趋势", ["1月", "2月", "3月", "4月"],
                        [("甲局", [(Decimal("90"), False), None, (Decimal("80"), False), (Decimal("70"), True)])])
    line = chart.lines[0]
    assert len(line.segments) == 2 and len(line.markers) == 3
    assert line.markers[0].y < line.markers[1].y < line.markers[2].y  # lower score, lower on the chart
    assert line.markers[2].vetoed
    assert [value for _, value in chart.grid] == [0, 20, 40, 60, 80, 100]
