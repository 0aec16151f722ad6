"""检查批次: 立即检查, refusals, the run page, its progress JSON and who sees which runs."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from cms.inspection.models import CheckRun, DepartmentScore, Finding, RunChunk, RunStatus, Stage, Trigger
from cms.inspection.runner import execute_inline, run_chunk, start_run

from .conftest import make_run, make_score

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_run_now_starts_a_site_wide_run_that_runs_to_the_end(client, editor, dept_a, dept_b,
                                                            django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("inspection:run_start"), {"department": ""})
    run = CheckRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("inspection:run", args=[run.pk])
    assert run.department is None and run.trigger == Trigger.MANUAL and run.requested_by == editor
    # Q_CLUSTER is sync in the tests: the queued chunks ran in this process after the commit.
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    assert Finding.objects.filter(department=dept_a).exists()
    scored = set(DepartmentScore.objects.filter(run=run).values_list("department_id", flat=True))
    assert scored >= {dept_a.pk, dept_b.pk}

    page = client.get(response.url)
    assert page.status_code == 200
    assert any("已发起" in text for text in _messages(page))
    soup = BeautifulSoup(page.content, "lxml")
    assert soup.find("progress")["value"] == "100"
    assert "云溪县教育局" in soup.get_text() and "空白栏目过多" in soup.get_text()
    assert soup.find("script", string=lambda s: s and "run_progress" in s) is None  # no polling once finished


def test_run_now_for_one_department(client, editor, dept_a):
    client.force_login(editor)
    response = client.post(reverse("inspection:run_start"), {"department": dept_a.pk})
    run = CheckRun.objects.get()
    assert response.status_code == 302
    assert run.department == dept_a and run.status == RunStatus.RUNNING and run.stage == Stage.COLUMNS


def test_run_now_refused_while_another_run_is_in_progress(client, editor, dept_a):
    make_run(status=RunStatus.RUNNING, stage=Stage.PAGES)
    client.force_login(editor)
    response = client.post(reverse("inspection:run_start"), {"department": dept_a.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("inspection:runs")
    assert any("未能发起检查" in m and "已有检查正在进行" in m for m in _messages(response))
    assert CheckRun.objects.count() == 1
    assert "已有检查正在进行，完成后才能再次发起" in response.content.decode()


def test_run_now_with_an_unknown_department_is_refused(client, editor, portal):
    client.force_login(editor)
    response = client.post(reverse("inspection:run_start"), {"department": 999999}, follow=True)
    assert any("请选择有效的检查范围" in m for m in _messages(response))
    assert not CheckRun.objects.exists()


def test_run_now_is_post_only(client, editor, portal):
    client.force_login(editor)
    assert client.get(reverse("inspection:run_start")).status_code == 405


def test_progress_json_follows_the_run(client, editor, dept_a, dept_b):
    run = start_run(enqueue=False)
    client.force_login(editor)
    data = client.get(reverse("inspection:run_progress", args=[run.pk])).json()
    assert data["status"] == "running" and data["status_label"] == "检查中"
    assert data["stage"] == "columns" and data["stage_label"] == "栏目和元数据"
    assert data["chunks_total"] == 3 and data["chunks_done"] == 0  # the home page and two departments
    assert data["percent"] == 0 and data["finished"] is False

    page = client.get(reverse("inspection:run", args=[run.pk]))
    soup = BeautifulSoup(page.content, "lxml")
    script = soup.find("script", string=lambda s: s and reverse("inspection:run_progress", args=[run.pk]) in s)
    assert script is not None and "setTimeout" in script.string
    assert soup.find("noscript") is not None  # a refresh without JavaScript

    first = RunChunk.objects.filter(run=run).order_by("pk").first()
    run_chunk(first.pk, enqueue=False)
    data = client.get(reverse("inspection:run_progress", args=[run.pk])).json()
    assert data["chunks_done"] == 1 and data["percent"] == 8  # a third of the first of four stages

    execute_inline(run)
    data = client.get(reverse("inspection:run_progress", args=[run.pk])).json()
    assert data["status"] == "finished" and data["percent"] == 100 and data["finished"] is True
    assert data["chunks_done"] == data["chunks_total"] > 3


def test_failed_run_shows_its_error_to_editors_only(client, editor, contributor_a, dept_a):
    run = make_run(status=RunStatus.FAILED, stage=Stage.PAGES, error="任务 d1-0 连续失败：RuntimeError: 数据库连接中断")
    client.force_login(editor)
    page = client.get(reverse("inspection:run", args=[run.pk])).content.decode()
    assert "数据库连接中断" in page and "失败" in page
    client.force_login(contributor_a)
    page = client.get(reverse("inspection:run", args=[run.pk])).content.decode()
    assert "数据库连接中断" not in page


def test_runs_list_shows_period_scope_status_progress_and_summary(client, editor, dept_a):
    make_run(summary={"departments": 27, "findings": 40, "new_findings": 12, "closed_findings": 3, "vetoed": 2})
    make_run(department=dept_a, trigger=Trigger.MANUAL, status=RunStatus.RUNNING, stage=Stage.EXTERNAL)
    client.force_login(editor)
    response = client.get(reverse("inspection:runs"))
    rows = BeautifulSoup(response.content, "lxml").select("table.listing tbody tr")
    texts = [row.get_text(" ", strip=True) for row in rows]
    assert "云溪县教育局" in texts[0] and "手动检查" in texts[0] and "检查中" in texts[0] and "外部链接" in texts[0]
    assert "50%" in texts[0]  # the third of four stages begun, none of its chunks planned yet
    assert "全站" in texts[1] and "月度检查" in texts[1] and "100%" in texts[1]
    assert "问题 40 个（新增 12，销号 3），否决 2 个" in texts[1]
    assert "立即检查" in response.content.decode()


def test_runs_list_is_paginated(client, editor, portal):
    for _ in range(31):
        make_run()
    client.force_login(editor)
    first = client.get(reverse("inspection:runs"))
    assert len(BeautifulSoup(first.content, "lxml").select("table.listing tbody tr")) == 30
    second = client.get(reverse("inspection:runs") + "?p=2")
    assert len(BeautifulSoup(second.content, "lxml").select("table.listing tbody tr")) == 1


def test_department_people_see_site_runs_and_their_own(client, contributor_a, dept_a, dept_b):
    site = make_run()
    own = make_run(department=dept_a, trigger=Trigger.MANUAL)
    other = make_run(department=dept_b, trigger=Trigger.MANUAL)
    make_score(site, dept_a, "90.00", rank=1)
    make_score(site, dept_b, "70.00", rank=2)
    client.force_login(contributor_a)
    listing = client.get(reverse("inspection:runs"))
    assert listing.status_code == 200
    links = {a["href"] for a in BeautifulSoup(listing.content, "lxml").select("table.listing a")}
    assert links == {reverse("inspection:run", args=[site.pk]), reverse("inspection:run", args=[own.pk])}
    assert "立即检查" not in listing.content.decode()
    assert client.get(reverse("inspection:run", args=[other.pk])).status_code == 404
    assert client.get(reverse("inspection:run_progress", args=[other.pk])).status_code == 404
    detail = client.get(reverse("inspection:run", args=[site.pk])).content.decode()
    assert "云溪县教育局" in detail and "云溪县交通运输局" not in detail  # only their own score row


def test_contributor_cannot_start_a_run(client, contributor_a, dept_a):
    client.force_login(contributor_a)
    response = client.post(reverse("inspection:run_start"), {"department": dept_a.pk})
    assert response.status_code == 403 and "只有门户编辑" in response.content.decode()
    assert not CheckRun.objects.exists()
