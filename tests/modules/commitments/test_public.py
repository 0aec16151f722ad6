"""Public pages: the list (search, department filter, pagination), the item and its letter, statistics."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document

from modules.commitments import services
from modules.commitments.choices import Area, FalseAction, ItemStatus

from .conftest import ID_2, make_case, make_item

LIST = "/zwfw/gzcn/"


def test_the_list_shows_published_items_only(client, item_a, dept_a):
    make_item(dept_a, "民办学校办学许可（草稿）", status=ItemStatus.DRAFT, area=Area.EDUCATION)
    make_item(dept_a, "教师资格认定体检证明", status=ItemStatus.STOPPED, area=Area.EDUCATION)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert item_a.name in html and "草稿" not in html and "教师资格认定" not in html
    assert "共 <strong>1</strong> 个事项" in html


def test_search_matches_the_name_legal_basis_and_replaced_certificate(client, item_a, item_b):
    assert item_b.name not in client.get(LIST, {"q": "预包装"}).content.decode()
    assert item_a.name in client.get(LIST, {"q": "食品安全法"}).content.decode()
    html = client.get(LIST, {"q": "场所使用证明"}).content.decode()
    assert item_a.name in html and item_b.name not in html
    assert "没有符合条件" in client.get(LIST, {"q": "不存在的事项"}).content.decode()


def test_the_department_filter(client, item_a, item_b, dept_b):
    html = client.get(LIST, {"department": dept_b.slug}).content.decode()
    assert item_b.name in html and item_a.name not in html
    assert client.get(LIST, {"department": "no-such"}).status_code == 404


def test_twenty_items_a_page(client, dept_a):
    for number in range(23):
        make_item(dept_a, f"测试事项{number:02d}")
    first = client.get(LIST).content.decode()
    assert "测试事项19" in first and "测试事项20" not in first
    assert "测试事项22" in client.get(LIST, {"page": 2}).content.decode()
    assert client.get(LIST, {"page": 9}).status_code == 404
    assert client.get(LIST, {"page": "x"}).status_code == 404


def test_the_item_page_shows_the_printable_letter(client, item_a):
    response = client.get(item_a.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("告知承诺书", item_a.replaced, item_a.commitment_text, item_a.liability, "现场核查",
                 "5 个工作日", "data-print", "申请人（签字或盖章）", "commitments/commitments.css"):
        assert text in html
    assert f"/zwfw/gzcn/{item_a.pk}/letter.docx" in html


def test_draft_and_stopped_items_are_not_public(client, dept_a):
    draft = make_item(dept_a, "药品零售许可", status=ItemStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"{draft.get_absolute_url()}letter.docx").status_code == 404


def test_the_letter_downloads_as_a_word_document(client, item_a):
    response = client.get(f"/zwfw/gzcn/{item_a.pk}/letter.docx")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "告知承诺书"
    body = "\n".join(texts)
    for text in (item_a.name, "一、行政机关告知", "二、申请人承诺", item_a.notice_conditions, item_a.commitment_text,
                 item_a.liability, "核查时限：自受理之日起 5 个工作日内完成核查。", "申请人（签字或盖章）",
                 f"行政机关（盖章）：{item_a.department.name}"):
        assert text in body
    assert any(t.startswith("日期：") for t in texts)


def test_public_pages_never_show_applicants(client, item_a, editor):
    case = make_case(item_a, accepted_on=datetime.date(2026, 3, 2), applicant_name="赵六")
    services.verify_case(case, truthful=False, action=FalseAction.REVOKED, note="虚假", on=datetime.date(2026, 3, 4))
    make_case(item_a, accepted_on=datetime.date(2026, 3, 2), applicant_name="钱七", id_number=ID_2)
    for url in (LIST, item_a.get_absolute_url(), "/zwfw/gzcn/statistics/"):
        html = client.get(url).content.decode()
        assert "赵六" not in html and "钱七" not in html and case.id_number not in html


def test_public_statistics_by_department(client, item_a, item_b):
    on_time = make_case(item_a, accepted_on=datetime.date(2026, 3, 2))
    services.verify_case(on_time, truthful=True, on=datetime.date(2026, 3, 3))
    late = make_case(item_a, accepted_on=datetime.date(2026, 3, 2), id_number=ID_2)
    services.verify_case(late, truthful=True, on=datetime.date(2026, 4, 1))
    make_case(item_b, accepted_on=datetime.date(2026, 3, 2))
    response = client.get("/zwfw/gzcn/statistics/")
    html = response.content.decode()
    assert response.status_code == 200
    assert item_a.department.name in html and "50.0%" in html
    rows = response.context["rows"]
    by_name = {r.department: r for r in rows}
    assert by_name[item_a.department.name].cases == 2 and by_name[item_b.department.name].verified == 0
    assert response.context["total"].items == 2


@pytest.mark.parametrize("q", ["<script>", "a" * 300, "%", "' OR 1=1"])
def test_odd_queries_are_harmless(client, item_a, q):
    response = client.get(LIST, {"q": q})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]
