"""The report pages, as the admin mounts them: who may see them, the page, the downloads with Chinese names."""

from __future__ import annotations

import io
from urllib.parse import quote

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from cms.inspection.models import RunStatus, Trigger

from .conftest import TITLE, make_run
from .test_data import _grow

pytestmark = pytest.mark.django_db

NAMES = ("report", "report_docx", "report_xlsx")


def _urls(run) -> list[str]:
    return [reverse("inspection:reports")] + [reverse(f"inspection:{name}", args=[run.pk]) for name in NAMES]


def test_mounted_under_the_admin(scenario):
    assert reverse("inspection:report", args=[scenario.run.pk]) == f"/admin/inspection/reports/{scenario.run.pk}/"


def test_editor_sees_everything(client, editor, scenario):
    client.force_login(editor)
    for url in _urls(scenario.run):
        assert client.get(url).status_code == 200, url


def test_superuser_sees_everything(client, scenario):
    admin = get_user_model().objects.create_superuser("root", "root@example.cn", "x")
    client.force_login(admin)
    for url in _urls(scenario.run):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["contributor_a", "reviewer_a"])
def test_department_people_are_refused(client, scenario, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in _urls(scenario.run):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "只有门户编辑" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, scenario):
    for url in _urls(scenario.run):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_only_finished_runs_have_a_report(client, editor, scenario):
    running = make_run(status=RunStatus.RUNNING)
    client.force_login(editor)
    for name in NAMES:
        assert client.get(reverse(f"inspection:{name}", args=[running.pk])).status_code == 404


def test_list_shows_finished_monthly_runs_paginated(client, editor, scenario):
    make_run(trigger=Trigger.MANUAL)
    make_run(status=RunStatus.FAILED)
    client.force_login(editor)
    page = client.get(reverse("inspection:reports"))
    runs = list(page.context["page_obj"].object_list)
    assert runs == [scenario.run, scenario.previous]
    html = page.content.decode()
    assert "2026年11月" in html and "2026年10月" in html
    assert reverse("inspection:report_docx", args=[scenario.run.pk]) in html
    for month in range(1, 13):
        make_run(period=scenario.run.period.replace(year=2025, month=month))
    for month in range(1, 8):
        make_run(period=scenario.run.period.replace(year=2024, month=month))
    first, second = (client.get(reverse("inspection:reports"), {"p": p}).context["page_obj"] for p in (1, 2))
    assert first.paginator.count == 21 and first.paginator.num_pages == 2
    assert len(first.object_list) == 20 and first.object_list[0] == scenario.run
    assert [run.period.isoformat() for run in second.object_list] == ["2024-01-01"]


def test_the_report_page(client, editor, scenario):
    client.force_login(editor)
    html = client.get(reverse("inspection:report", args=[scenario.run.pk])).content.decode()
    assert TITLE in html
    assert "栏目检查通报〔2026〕11号" in html
    for text in ("云溪县林业局", "+3.0", "-7.0", "88.0（否决）", "空白栏目 6 个，达到 5 个。", "首页长期不更新",
                 "http://127.0.0.2/old-partner", "2026-11-09", "云溪县人民政府办公室", "2026年12月1日"):
        assert text in html, text
    chart = html[html.index('<figure id="report-chart">'):]
    svg = chart[:chart.index("</svg>")]
    assert svg.count("<rect") == 3
    assert "林业局" in svg and "交通运输局" in svg and "#c00000" in svg
    assert "<script" not in html[html.index('class="nice-padding report-doc"'):]


def test_report_page_queries_do_not_grow_with_the_run(client, editor, scenario):
    client.force_login(editor)
    url = reverse("inspection:report", args=[scenario.run.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(scenario, departments=10, findings_each=4)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    html = response.content.decode()
    assert html[html.index('<figure id="report-chart">'):].count("<rect") == 13
    assert len(large.captured_queries) == len(small.captured_queries)


def test_word_download(client, editor, scenario):
    client.force_login(editor)
    response = client.get(reverse("inspection:report_docx", args=[scenario.run.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f"filename*=UTF-8''{quote('2026年11月部门栏目检查情况通报.docx')}" in disposition
    assert f'filename="inspection-report-2026-11-{scenario.run.pk}.docx"' in disposition
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == TITLE


def test_excel_download(client, editor, scenario):
    client.force_login(editor)
    response = client.get(reverse("inspection:report_xlsx", args=[scenario.run.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"filename*=UTF-8''{quote('2026年11月部门栏目检查情况问题清单.xlsx')}" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook["问题清单"].max_row == 1 + len(scenario.observed)
