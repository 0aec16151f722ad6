"""Export of a column's items as .xlsx from the admin, and re-import of the exported sheet."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cms.disclosure.exporting import body_for_sheet, write_column_xlsx
from cms.disclosure.importing import find_column, import_file, import_rows
from cms.disclosure.models import PolicyDocumentPage
from tests.conftest import column_of, make_policy

pytestmark = pytest.mark.django_db

EXPECTED_HEADERS = ["标题", "正文", "内容概述", "成文日期", "发布日期", "文号", "主题分类", "体裁分类", "有效性",
                    "失效废止日期", "关键词", "发布机构", "索引号", "链接"]


def export_url(column) -> str:
    return reverse("disclosure_export_column", args=[column.pk])


def fill(column, n=3):
    rows = [
        {"标题": f"关于第{i}项工作的通知", "正文": f"第一段{i}\n第二段 <{i}>", "成文日期": f"2024-03-0{i}",
         "发布日期": datetime.date(2024, 3, i + 1), "文号": f"云教〔2024〕{i}号", "体裁分类": "通知", "关键词": "工作"}
        for i in range(1, n + 1)
    ]
    rows[0].update({"有效性": "废止", "失效废止日期": "2024-10-01", "正文": "<p>富文本<strong>加粗</strong></p>"})
    return import_rows(column, rows)


def read(response) -> list[list[object]]:
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_contributor_of_the_department_downloads_the_column(client, contributor_a, dept_a):
    column = column_of(dept_a)
    fill(column)
    client.force_login(contributor_a)
    response = client.get(export_url(column))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    rows = read(response)
    assert rows[0] == EXPECTED_HEADERS
    assert len(rows) == 4
    by_title = {row[0]: dict(zip(EXPECTED_HEADERS, row, strict=True)) for row in rows[1:]}
    second = by_title["关于第2项工作的通知"]
    assert second["正文"] == "第一段2\n第二段 <2>"  # plain paragraphs come back as lines
    assert second["成文日期"] == datetime.datetime(2024, 3, 2)
    assert second["发布日期"] == datetime.datetime(2024, 3, 3)
    assert second["文号"] == "云教〔2024〕2号" and second["体裁分类"] == "通知" and second["有效性"] == "有效"
    page = PolicyDocumentPage.objects.get(title="关于第2项工作的通知")
    assert second["索引号"] == page.index_number
    assert second["链接"] == page.full_url
    first = by_title["关于第1项工作的通知"]
    assert first["正文"] == "<p>富文本<strong>加粗</strong></p>"
    assert (first["有效性"], first["失效废止日期"]) == ("废止", datetime.datetime(2024, 10, 1))
    # newest 发布日期 first, as on the site
    assert [row[0] for row in rows[1:]] == [f"关于第{i}项工作的通知" for i in (3, 2, 1)]


def test_portal_editor_may_export(client, editor, dept_a):
    column = column_of(dept_a)
    fill(column, 1)
    client.force_login(editor)
    assert client.get(export_url(column)).status_code == 200


def test_user_of_another_department_gets_403(client, contributor_b, dept_a):
    column = column_of(dept_a)
    fill(column, 1)
    client.force_login(contributor_b)
    assert client.get(export_url(column)).status_code == 403


def test_anonymous_is_sent_to_login_and_non_columns_are_404(client, editor, dept_a):
    column = column_of(dept_a)
    response = client.get(export_url(column))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(editor)
    assert client.get(reverse("disclosure_export_column", args=[dept_a.disclosure_page.pk])).status_code == 404


def test_export_button_in_the_admin(client, contributor_a, contributor_b, dept_a):
    column = column_of(dept_a)
    url = export_url(column)
    client.force_login(contributor_a)
    assert url in client.get(reverse("wagtailadmin_explore", args=[column.pk])).content.decode()
    listing = client.get(reverse("wagtailadmin_explore", args=[dept_a.disclosure_page.pk])).content.decode()
    assert url in listing
    client.force_login(contributor_b)
    assert url not in client.get(reverse("wagtailadmin_explore", args=[dept_a.disclosure_page.pk])).content.decode()


def test_exported_sheet_can_be_edited_and_imported_again(tmp_path, dept_a):
    column = column_of(dept_a)
    fill(column, 3)
    make_policy(column, "后台发布的文件", document_number="云教〔2024〕99号", publish_date=datetime.date(2024, 5, 1))
    path = tmp_path / "export.xlsx"
    assert write_column_xlsx(column, str(path)) == 4
    again = import_file(path, column)
    assert (again.created, again.skipped) == (0, 4)
    workbook = load_workbook(path)
    sheet = workbook.active
    sheet.append(["新增的文件", "新增正文", None, datetime.date(2024, 6, 1), datetime.date(2024, 6, 2), "云教〔2024〕100号"])
    workbook.save(path)
    report = import_file(path, column)
    assert (report.created, report.skipped) == (1, 4)
    assert PolicyDocumentPage.objects.child_of(column).count() == 5
    # a 索引号 from another column is refused rather than silently duplicated
    other = find_column(dept_a.slug, "notice")
    with pytest.raises(Exception) as caught:
        import_file(path, other)
    assert "不是本栏目已有条目的索引号" in str(caught.value)


def test_interpretation_column_exports_the_linked_policy(tmp_path, dept_a):
    policy = make_policy(column_of(dept_a), "被解读的文件", document_number="云教〔2024〕7号")
    zcjd = find_column(dept_a.slug, "interpretation")
    import_rows(zcjd, [{"标题": "解读", "解读的政策文件": "被解读的文件"}])
    path = tmp_path / "zcjd.xlsx"
    write_column_xlsx(zcjd, str(path))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert "解读的政策文件" in rows[0]
    assert rows[1][rows[0].index("解读的政策文件")] == policy.document_number
    assert import_file(path, zcjd).skipped == 1


def test_body_for_sheet():
    assert body_for_sheet("<p>一</p><p>二 &amp; 三</p>") == "一\n二 & 三"
    assert body_for_sheet("<p>一<b>二</b></p>") == "<p>一<b>二</b></p>"
    assert body_for_sheet("") == ""
