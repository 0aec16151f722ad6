"""Sealed quotes: no admin page, listing or export shows a quote (or its token) before 报名截止; after
the deadline the opened quotes, the ranking and the winner are shown."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from openpyxl import load_workbook

from modules.marketplace.models import SignUp

from .conftest import PROJECTS, client_of, pass_deadline, signed_up

QUOTES = ("81234.56", "79999.99", "85555.55")
SHOWN = ("81234.56", "81,234.56", "79999.99", "79,999.99", "85555.55", "85,555.55")


def _text(response) -> str:
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content[:2] == b"PK":  # an .xlsx workbook: every cell's value
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    return content.decode("utf-8-sig")


def _pages(project, agencies) -> list[str]:
    return [
        PROJECTS, f"{PROJECTS}?export=xlsx", f"{PROJECTS}?export=csv", f"{PROJECTS}{project.pk}/",
        f"{PROJECTS}{project.pk}/signups.xlsx", f"{PROJECTS}history/{project.pk}/",
        "/admin/marketplace/audit/", "/admin/marketplace/review/",
        *(f"/admin/marketplace/agencies/{agency.pk}/" for agency in agencies),
    ]


def test_no_admin_page_or_export_shows_a_quote_before_the_deadline(live_project, agencies, owner, operator, editor,
                                                                   django_user_model):
    signed_up(live_project, agencies, QUOTES, now=timezone.now())
    tokens = list(SignUp.objects.values_list("sealed_quote", flat=True))
    assert all(tokens)
    admin = django_user_model.objects.create_superuser("root", "root@example.cn", "x")
    seen = 0
    for user in (owner, operator, editor, admin):
        client = client_of(user)
        for url in _pages(live_project, agencies):
            response = client.get(url)
            if response.status_code != 200:
                assert response.status_code in (302, 403, 404), (user, url, response.status_code)
                continue
            text = _text(response)
            seen += 1
            for value in SHOWN:
                assert value not in text, (user.username, url, value)
            for token in tokens:
                assert token not in text and token[:40] not in text, (user.username, url)
        detail = _text(client.get(f"{PROJECTS}{live_project.pk}/"))
        assert "密封（报名截止后开启）" in detail and agencies[0].name in detail
    assert seen >= 25


def test_after_the_deadline_the_opened_quotes_and_the_ranking_are_shown(project_bidding, agencies, owner):
    signed_up(project_bidding, agencies, QUOTES)
    project = pass_deadline(project_bidding, select=True)
    client = client_of(owner)
    detail = _text(client.get(f"{PROJECTS}{project.pk}/"))
    assert "81,234.56 元" in detail and "79,999.99 元" in detail and "密封（报名截止后开启）" not in detail
    assert "中选结果" in detail and agencies[1].name in detail
    assert "有效报价排序" in detail and project.lottery_secret in detail  # the revealed value, checkable
    sheet = _text(client.get(f"{PROJECTS}{project.pk}/signups.xlsx"))
    assert "79,999.99 元" in sheet and "是" in sheet


def test_the_project_list_export_holds_the_notice_fields_only(project_bidding, agencies, owner):
    signed_up(project_bidding, agencies, QUOTES)
    pass_deadline(project_bidding, select=True)
    response = client_of(owner).get(f"{PROJECTS}?export=csv")
    rows = list(csv.reader(io.StringIO(_text(response))))
    assert rows[0][:3] == ["项目编号", "项目名称", "业主单位"]
    assert any(project_bidding.title in row for row in rows)
    assert not any(value in ",".join(row) for row in rows for value in SHOWN)
