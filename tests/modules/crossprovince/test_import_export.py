"""Batch import from pasted lines and .xlsx (all or nothing, per-row errors) and the .xlsx export."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from wagtail.models import ModelLogEntry

from modules.crossprovince.importing import import_batch, rows_from_text, rows_from_xlsx
from modules.crossprovince.models import CrossItem, ItemBatch, Mode
from tests.cms.guides.conftest import make_guide

from .conftest import make_item

ADDED = datetime.date(2025, 9, 1)


def _xlsx(rows, headers=("事项名称", "办理模式", "本地主管部门", "办理时限")) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_pasted_lines_create_a_numbered_batch_with_its_items(agreement, batch, dept_a, dept_b):
    guide = make_guide(dept_a, "教师资格认定")
    text = "事项名称\t办理模式\t本地主管部门\t办理时限\n教师资格认定\t多地联办\t云溪县教育局\t20\n\n" \
           "道路运输从业资格证补发，异地代收代办，交通运输局，5个工作日\n学历证明查询|全程网办|教育局|3"
    report = import_batch(agreement, rows_from_text(text), added_on=ADDED, note="第二批")
    assert report.ok, report.errors
    assert report.batch.number == 2 and report.batch.added_on == ADDED
    items = {i.name: i for i in CrossItem.objects.filter(batch=report.batch)}
    assert set(items) == {"教师资格认定", "道路运输从业资格证补发", "学历证明查询"}
    assert items["教师资格认定"].guide == guide and items["教师资格认定"].mode == Mode.JOINT
    assert items["道路运输从业资格证补发"].department == dept_b and items["道路运输从业资格证补发"].time_limit == 5
    entry = ModelLogEntry.objects.get(action="crossprovince.batch_import", object_id=str(report.batch.pk))
    assert entry.data["items"] == 3


def test_one_bad_row_writes_nothing_and_every_error_is_listed(agreement, batch, dept_a):
    make_item(batch, "学历证明查询", dept_a)
    text = "\n".join([
        "教师资格认定\t多地联办\t教育局\t20",
        "学历证明查询\t全程网办\t教育局\t3",
        "中小学学籍转接\t快递\t教育局\t10",
        "出生医学证明补发\t异地代收代办\t卫生健康局\t10",
        "教师资格认定\t多地联办\t教育局\t二十",
    ])
    report = import_batch(agreement, rows_from_text(text), added_on=ADDED)
    assert not report.ok
    assert report.errors == [
        "第2行：该协议已包含事项“学历证明查询”。",
        "第3行：办理模式“快递”无效，应为 全程网办、异地代收代办 或 多地联办。",
        "第4行：找不到本地主管部门“卫生健康局”。",
        "第5行：与第1行事项名称重复；办理时限“二十”应为 1–365 之间的整数（工作日）。",
    ]
    assert ItemBatch.objects.filter(agreement=agreement).count() == 1
    assert CrossItem.objects.filter(batch__agreement=agreement).count() == 1


def test_department_staff_may_only_import_their_own_department(agreement, batch, contributor_a, rights):
    text = "教师资格认定\t多地联办\t教育局\t20\n道路运输证补发\t异地代收代办\t交通运输局\t5"
    report = import_batch(agreement, rows_from_text(text), added_on=ADDED, user=contributor_a)
    assert report.errors == ["第2行：您不能为“交通运输局”添加事项（只能添加本部门的事项）。"]


def test_an_uploaded_xlsx_through_the_admin_view(client, agreement, batch, centre_user, dept_a, dept_b):
    data = _xlsx([("教师资格认定", "多地联办", "云溪县教育局", 20), ("道路运输证补发", "异地代收代办", "交通运输局", 5.0)])
    client.force_login(centre_user)
    response = client.post(reverse("crossprovince_batch_import"), {
        "agreement": agreement.pk, "added_on": "2025-09-01", "note": "",
        "file": SimpleUploadedFile("第二批.xlsx", data),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    created = ItemBatch.objects.get(agreement=agreement, number=2)
    assert created.items.count() == 2
    assert ModelLogEntry.objects.get(action="crossprovince.batch_import").data["source"] == "第二批.xlsx"


def test_the_admin_view_shows_row_errors_and_writes_nothing(client, agreement, batch, centre_user, dept_a):
    data = _xlsx([("教师资格认定", "多地联办", "云溪县教育局", 20), ("", "全程网办", "教育局", 3)])
    client.force_login(centre_user)
    response = client.post(reverse("crossprovince_batch_import"), {
        "agreement": agreement.pk, "added_on": "2025-09-01", "file": SimpleUploadedFile("x.xlsx", data),
    })
    assert response.status_code == 200
    assert "第3行：缺少事项名称。" in response.content.decode()
    assert not ItemBatch.objects.filter(number=2).exists()


def test_a_sheet_without_the_headers_is_refused(agreement):
    import pytest

    from modules.crossprovince.importing import SheetError

    with pytest.raises(SheetError, match="表头缺少列：本地主管部门、办理时限"):
        rows_from_xlsx(io.BytesIO(_xlsx([("a", "全程网办")], headers=("事项名称", "办理模式"))))


def test_a_renamed_file_is_refused(client, agreement, centre_user):
    client.force_login(centre_user)
    response = client.post(reverse("crossprovince_batch_import"), {
        "agreement": agreement.pk, "added_on": "2025-09-01",
        "file": SimpleUploadedFile("items.xlsx", b"<html>not a workbook</html>"),
    })
    assert response.status_code == 200
    assert "文件内容与扩展名 .xlsx 不符" in response.content.decode()


def test_department_staff_cannot_open_the_import_view(client, contributor_a, rights):
    client.force_login(contributor_a)
    response = client.get(reverse("crossprovince_batch_import"))
    assert response.status_code == 403


def test_export_opens_in_excel_and_imports_again(client, agreement, batch, centre_user, dept_a, dept_b):
    make_item(batch, "教师资格认定", dept_a, mode=Mode.JOINT, time_limit=20, partner_authority="试点县教育局")
    make_item(batch, "道路运输证补发", dept_b, time_limit=5)
    client.force_login(centre_user)
    response = client.get(reverse("crossprovince_export_items", args=[agreement.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("事项名称", "办理模式", "本地主管部门", "办理时限")
    assert rows[1][:7] == ("教师资格认定", "多地联办", "云溪县教育局", 20, 1, datetime.datetime(2025, 3, 1),
                           "试点县教育局")
    assert len(rows) == 3
    # the exported sheet, with the names changed, is a valid import of a new batch
    workbook = load_workbook(io.BytesIO(content))
    for row in workbook.active.iter_rows(min_row=2):
        row[0].value = row[0].value + "（延伸）"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = import_batch(agreement, rows_from_xlsx(buffer), added_on=ADDED)
    assert report.ok, report.errors
    assert report.batch.items.count() == 2


def test_department_staff_export_only_their_own_items(client, agreement, batch, contributor_a, dept_a, dept_b,
                                                       rights):
    make_item(batch, "教师资格认定", dept_a)
    make_item(batch, "道路运输证补发", dept_b)
    client.force_login(contributor_a)
    response = client.get(reverse("crossprovince_export_items", args=[agreement.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["教师资格认定"]
