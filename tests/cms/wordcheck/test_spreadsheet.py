"""The dictionary workbook: export, an import that writes all rows or none, and their admin views."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cms.wordcheck.matcher import VERSION_KEY, current_matcher
from cms.wordcheck.models import WordEntry, WordKind
from cms.wordcheck.spreadsheet import COLUMNS, WordImportError, import_words, write_words_xlsx

from .files import make_xlsx

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(*rows: list[object], header: list[object] | None = None) -> io.BytesIO:
    return io.BytesIO(make_xlsx({"错敏词库": [header or list(COLUMNS), *rows]}))


def import_url() -> str:
    return reverse("wagtailsnippets_wordcheck_wordentry:import")


def export_url() -> str:
    return reverse("wagtailsnippets_wordcheck_wordentry:export")


# --- export and import ---------------------------------------------------------------------------


def test_export_then_import_changes_nothing():
    output = io.BytesIO()
    count = write_words_xlsx(output)
    assert count == WordEntry.objects.count()
    output.seek(0)
    sheet = load_workbook(output).active
    assert sheet.title == "错敏词库" and [c.value for c in sheet[1]] == list(COLUMNS)
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["国家工商行政管理总局"] == ("过时机构名称", "国家工商行政管理总局", "国家市场监督管理总局",
                                     "原国家工商行政管理总局", "2018年机构改革组建国家市场监督管理总局", "是")
    output.seek(0)
    report = import_words(output)
    assert (report.created, report.updated, report.unchanged) == ([], [], count)


def test_import_adds_and_updates(django_capture_on_commit_callbacks):
    cache.set(VERSION_KEY, "before", None)
    source = workbook(
        ["错别字", "报歉", "抱歉", None, "常见错字", None],
        ["敏感词/禁用词", "某禁用说法", None, "某禁用说法史；某禁用说法考\n", "应改写", "否"],
        ["outdated", "国土资源局", "自然资源局", "原国土资源局\n县国土资源局志", "地方机构改革", "是"],
        [None, None, None, None, None, None],
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = import_words(source)
    assert report.created == ["报歉", "某禁用说法"] and report.updated == ["国土资源局"] and report.unchanged == 0
    assert report.summary == "新增 2 条，更新 1 条，未变 0 条。"
    banned = WordEntry.objects.get(kind=WordKind.BANNED, word="某禁用说法")
    assert (banned.exception_list(), banned.note, banned.enabled) == (["某禁用说法史", "某禁用说法考"], "应改写", False)
    assert WordEntry.objects.get(kind=WordKind.WRONG, word="报歉").correction == "抱歉"
    assert cache.get(VERSION_KEY) != "before"
    assert [hit.word for hit in current_matcher().find("《县国土资源局志》深表报歉")] == ["报歉"]


def test_every_bad_row_is_reported_and_nothing_is_written():
    before = WordEntry.objects.count()
    source = workbook(
        ["错别字", "报歉", "抱歉", None, None, None],
        ["错别字", "报歉", "抱歉", None, None, None],
        ["错字", "某词", "某", None, None, None],
        ["错别字", "某某词", None, None, None, None],
        ["敏感词", "另一说法", "正确说法", None, None, None],
        ["错别字", "防犯", "防范", "预防", None, None],
        ["错别字", "好词", "好", None, None, "也许"],
    )
    with pytest.raises(WordImportError) as exc:
        import_words(source)
    assert exc.value.errors == [
        "第 3 行：“报歉”（错别字/错误表述）与第 2 行重复。",
        "第 4 行：类型“错字”无效，应为错别字/错误表述、过时机构名称或敏感词/禁用词。",
        "第 5 行：正确写法：“错别字/错误表述”必须填写正确写法。",
        "第 6 行：正确写法：敏感词/禁用词不填正确写法，请在“说明”中写明应如何表述。",
        "第 7 行：例外短语：例外短语必须包含词语“防犯”且比它长：预防",
        "第 8 行：启用“也许”无效，应为“是”或“否”。",
    ]
    assert WordEntry.objects.count() == before
    assert not WordEntry.objects.filter(word="报歉").exists()


def test_a_dry_run_writes_nothing():
    report = import_words(workbook(["错别字", "报歉", "抱歉", None, None, None]), dry_run=True)
    assert report.created == ["报歉"] and not WordEntry.objects.filter(word="报歉").exists()


def test_the_header_row_is_found_and_extra_columns_ignored():
    source = io.BytesIO(make_xlsx({"Sheet1": [["错敏词库（2026年版）"], [], ["序号", "词语 ", "类型", "正确写法", "备注"],
                                              [1, "报歉", "错别字", "抱歉", "不导入"]]}))
    report = import_words(source)
    assert report.created == ["报歉"] and WordEntry.objects.get(word="报歉").note == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [(make_xlsx({"错敏词库": [["词语", "说明"], ["报歉", ""]]}), "找不到表头“类型”"),
     (make_xlsx({"错敏词库": [list(COLUMNS)]}), "没有数据行"),
     (b"PK\x03\x04 damaged", "无法读取 Excel 文件")],
)
def test_unusable_files(data, message):
    with pytest.raises(WordImportError) as exc:
        import_words(io.BytesIO(data))
    assert message in exc.value.errors[0]


# --- admin views ---------------------------------------------------------------------------------


def test_editor_finds_import_and_export_in_the_list_menu(client, editor):
    client.force_login(editor)
    content = client.get(reverse("wagtailsnippets_wordcheck_wordentry:list")).content.decode()
    assert import_url() in content and export_url() in content and "导入 Excel" in content


def test_editor_downloads_the_dictionary_and_the_template(client, editor):
    client.force_login(editor)
    response = client.get(export_url())
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == WordEntry.objects.count() + 1
    response = client.get(export_url(), {"template": "1"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[1]] == list(COLUMNS) and sheet.max_row == 1


def test_editor_imports_a_file_in_the_admin(client, editor):
    client.force_login(editor)
    assert client.get(import_url()).status_code == 200
    upload = SimpleUploadedFile("words.xlsx", workbook(["错别字", "报歉", "抱歉", None, None, None]).getvalue())
    response = client.post(import_url(), {"file": upload})
    assert response.status_code == 200
    assert "新增 1 条，更新 0 条" in response.content.decode()
    assert WordEntry.objects.filter(word="报歉").exists()


def test_the_admin_import_shows_every_error(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("words.xlsx", workbook(["错字", "报歉", "抱歉", None, None, None]).getvalue())
    content = client.post(import_url(), {"file": upload}).content.decode()
    assert "发现 1 个问题，未导入任何词语" in content and "第 2 行：类型“错字”无效" in content
    upload = SimpleUploadedFile("words.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50)
    assert "请上传 Excel（.xlsx）文件" in client.post(import_url(), {"file": upload}).content.decode()


@pytest.mark.parametrize("person", ["contributor_a", "reviewer_a"])
def test_department_staff_may_neither_import_nor_export(client, request, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(export_url()).status_code == 403
    assert client.get(import_url()).status_code == 403
    upload = SimpleUploadedFile("words.xlsx", workbook(["错别字", "报歉", "抱歉", None, None, None]).getvalue())
    assert client.post(import_url(), {"file": upload}).status_code == 403
    assert not WordEntry.objects.filter(word="报歉").exists()
