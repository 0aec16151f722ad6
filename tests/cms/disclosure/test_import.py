"""Bulk import of disclosure items: real .xlsx and .csv files written into tmp_path."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from openpyxl import Workbook
from wagtail.models import Page, PageLogEntry

from cms.disclosure.importing import (
    ImportValidationError,
    find_column,
    import_file,
    import_rows,
)
from cms.disclosure.models import IndexSerial, InterpretationPage, PolicyDocumentPage, Validity
from cms.taxonomy.models import Topic
from tests.conftest import CODE_A, column_of, make_policy

pytestmark = pytest.mark.django_db

HEADERS = ["标题", "正文", "内容概述", "成文日期", "发布日期", "文号", "主题分类", "体裁分类", "有效性", "失效废止日期",
           "关键词", "发布机构"]


def write_xlsx(path, headers, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path, headers, rows, encoding):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def topic_name() -> str:
    return Topic.objects.filter(parent__isnull=True).order_by("pk").values_list("name", flat=True).first()


def good_rows(n=3):
    return [
        [f"关于印发第{i}号工作方案的通知", f"第一段{i}\n第二段<b>{i}</b>", f"概述{i}",
         datetime.date(2024, 3, 1) + datetime.timedelta(days=i - 1),
         (datetime.date(2024, 3, 2) + datetime.timedelta(days=i - 1)).strftime("%Y/%-m/%-d"), f"云教发〔2024〕{i}号", None, "通知", "有效", None, "教育 方案", None]
        for i in range(1, n + 1)
    ]


def test_import_xlsx_creates_live_pages_with_index_numbers(dept_a, tmp_path):
    path = write_xlsx(tmp_path / "items.xlsx", HEADERS, good_rows(3))
    column = column_of(dept_a)
    report = import_file(path, column)
    assert (report.created, report.skipped, report.errors) == (3, 0, [])
    pages = list(PolicyDocumentPage.objects.child_of(column).order_by("path"))
    assert [p.title for p in pages] == [f"关于印发第{i}号工作方案的通知" for i in (1, 2, 3)]
    first = pages[0]
    assert first.live and first.first_published_at and first.last_published_at
    assert first.written_date == datetime.date(2024, 3, 1)
    assert first.publish_date == datetime.date(2024, 3, 2)
    assert first.document_number == "云教发〔2024〕1号"
    assert first.genre == "notice" and first.validity == Validity.VALID
    assert first.department_id == dept_a.pk
    # plain text becomes escaped paragraphs
    assert first.body == "<p>第一段1</p><p>第二段&lt;b&gt;1&lt;/b&gt;</p>"
    numbers = [p.index_number for p in pages]
    assert len(set(numbers)) == 3
    assert all(re.fullmatch(rf"{CODE_A}/2024-\d{{5}}", n) for n in numbers)
    assert IndexSerial.objects.get(issuer_code=CODE_A, year=2024).last_serial == 3
    assert first.url_path == column.url_path + first.slug + "/"
    assert first.url and first.url.startswith(column.url)
    assert not any(Page.find_problems())


def test_revision_log_and_content_match_wagtail(dept_a, tmp_path, django_user_model):
    user = django_user_model.objects.create_user("importer", password="x")
    column = column_of(dept_a)
    report = import_rows(column, [{"标题": "测试文件", "成文日期": "2024年3月1日", "发布日期": "2024-03-02",
                                   "文号": "云教〔2024〕9号", "正文": "<p>段落<script>alert(1)</script></p>"}],
                         user=user, source="x.xlsx")
    page = PolicyDocumentPage.objects.get(pk=report.page_ids[0])
    assert page.body == "<p>段落</p>"
    assert page.owner == user
    revision = page.latest_revision
    assert revision is not None and page.live_revision_id == revision.pk
    assert revision.user == user and revision.object_str == "测试文件"
    expected = page.serializable_data()
    for key in ("latest_revision", "live_revision"):
        expected.pop(key), revision.content.pop(key)
    assert json.loads(json.dumps(expected, cls=DjangoJSONEncoder)) == revision.content
    assert revision.content["wagtail_admin_comments"] == []
    restored = revision.as_object()
    assert restored.title == "测试文件" and restored.index_number == page.index_number
    entry = PageLogEntry.objects.get(page=page)
    assert entry.action == "disclosure.import" and entry.user == user and entry.revision == revision
    assert "x.xlsx" in entry.message
    run = PageLogEntry.objects.get(page=column, action="disclosure.import_run")
    assert "1 条" in run.message



def test_dates_in_all_accepted_forms(dept_a, tmp_path):
    rows = [
        ["文件甲", None, None, "2024-03-01", "2024/3/5", "文1号"],
        ["文件乙", None, None, "2024年3月1日", datetime.datetime(2024, 3, 6), "文2号"],
        ["文件丙", None, None, datetime.date(2023, 12, 31), "2024.1.2", "文3号"],
        ["文件丁", None, None, "20240101", " 2024 年 1 月 3 日 ", "文4号"],
    ]
    path = write_xlsx(tmp_path / "dates.xlsx", HEADERS[:6], rows)
    import_file(path, column_of(dept_a))
    got = dict(PolicyDocumentPage.objects.values_list("title", "written_date"))
    assert got == {"文件甲": datetime.date(2024, 3, 1), "文件乙": datetime.date(2024, 3, 1),
                   "文件丙": datetime.date(2023, 12, 31), "文件丁": datetime.date(2024, 1, 1)}
    assert PolicyDocumentPage.objects.get(title="文件乙").publish_date == datetime.date(2024, 3, 6)


def test_bad_dates_are_reported_with_excel_row_numbers(dept_a, tmp_path):
    rows = good_rows(6)
    rows[5][3] = "2024-13-45"  # sixth data row = row 7 in Excel
    rows[2][4] = "下周一"
    path = write_xlsx(tmp_path / "bad.xlsx", HEADERS, rows)
    with pytest.raises(ImportValidationError) as caught:
        import_file(path, column_of(dept_a))
    messages = [str(e) for e in caught.value.errors]
    assert "第 7 行 成文日期：无法识别的日期“2024-13-45”" in messages
    assert "第 4 行 发布日期：无法识别的日期“下周一”" in messages
    assert len(messages) == 2
    assert PolicyDocumentPage.objects.count() == 0


def test_gbk_csv(dept_a, tmp_path):
    path = write_csv(tmp_path / "gbk.csv", HEADERS, [["关于做好秋季学期开学工作的通知", "请各校做好准备。", "", "2024-08-20",
                                                      "2024-08-21", "云教发〔2024〕30号", "", "通知", "有效", "", "开学",
                                                      "云溪县教育局"]], "gbk")
    path.read_bytes().decode("gbk")  # really GBK
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    report = import_file(path, column_of(dept_a))
    assert report.created == 1
    page = PolicyDocumentPage.objects.get()
    assert page.title == "关于做好秋季学期开学工作的通知"
    assert page.document_number == "云教发〔2024〕30号"
    assert page.issuing_agency == "云溪县教育局" and page.body == "<p>请各校做好准备。</p>"


def test_utf8_bom_csv_and_plain_utf8_csv(dept_a, tmp_path):
    bom = write_csv(tmp_path / "bom.csv", ["标题", "发布日期"], [["带BOM的文件", "2024-05-01"]], "utf-8-sig")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")
    plain = write_csv(tmp_path / "plain.csv", ["标题", "发布日期"], [["不带BOM的文件", "2024-05-02"]], "utf-8")
    column = column_of(dept_a)
    assert import_file(bom, column).created == 1
    assert import_file(plain, column).created == 1
    assert set(PolicyDocumentPage.objects.values_list("title", flat=True)) == {"带BOM的文件", "不带BOM的文件"}


def test_missing_title_unknown_topic_genre_validity(dept_a, tmp_path):
    rows = good_rows(5)
    rows[0][0] = None
    rows[1][6] = "不存在的主题"
    rows[2][7] = "小说"
    rows[3][8] = "作废"
    rows[4][8] = "废止"  # without 失效废止日期
    path = write_xlsx(tmp_path / "bad.xlsx", HEADERS, rows)
    with pytest.raises(ImportValidationError) as caught:
        import_file(path, column_of(dept_a))
    by_row = {(e.row, e.field): e.message for e in caught.value.errors}
    assert by_row[(2, "标题")] == "不能为空"
    assert by_row[(3, "主题分类")] == "找不到主题分类“不存在的主题”"
    assert by_row[(4, "体裁分类")].startswith("无法识别的体裁分类“小说”")
    assert by_row[(5, "有效性")].startswith("无法识别的有效性“作废”")
    assert by_row[(6, "失效废止日期")] == "有效性为“废止”时必须填写失效废止日期"
    assert PolicyDocumentPage.objects.count() == 0


def test_topic_validity_and_written_after_published(dept_a, tmp_path):
    topic = topic_name()
    rows = [
        ["已废止的文件", None, None, "2020-01-01", "2020-01-02", "文1号", topic, "决定", "废止", "2023-06-30"],
        ["成文晚于发布", None, None, "2024-05-02", "2024-05-01", "文2号"],
    ]
    path = write_xlsx(tmp_path / "v.xlsx", HEADERS[:10], rows)
    with pytest.raises(ImportValidationError) as caught:
        import_file(path, column_of(dept_a))
    assert [str(e) for e in caught.value.errors] == [
        "第 3 行 成文日期：成文日期“2024-05-02”晚于发布日期“2024-05-01”"
    ]
    path = write_xlsx(tmp_path / "v2.xlsx", HEADERS[:10], rows[:1])
    import_file(path, column_of(dept_a))
    page = PolicyDocumentPage.objects.get()
    assert page.topic.name == topic and page.genre == "decision"
    assert page.validity == Validity.REPEALED and page.validity_changed_on == datetime.date(2023, 6, 30)


def test_unknown_header_and_data_outside_headers(dept_a, tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", ["标题", "作者", "发布日期"], [["文件", "张三", "2024-01-01"]])
    with pytest.raises(ImportValidationError) as caught:
        import_file(path, column_of(dept_a))
    assert [(e.row, e.field) for e in caught.value.errors] == [(1, "作者")]
    assert "无法识别的列" in caught.value.errors[0].message
    path = write_xlsx(tmp_path / "h2.xlsx", ["标题", "解读的政策文件"], [["文件", "X"]])
    with pytest.raises(ImportValidationError) as caught:
        import_file(path, column_of(dept_a))
    assert "政策解读" in caught.value.errors[0].message


def test_duplicates_inside_the_file(dept_a, tmp_path):
    rows = good_rows(3) + [good_rows(3)[1]]
    path = write_xlsx(tmp_path / "dup.xlsx", HEADERS, rows)
    with pytest.raises(ImportValidationError) as caught:
        import_file(path, column_of(dept_a))
    assert [str(e) for e in caught.value.errors] == ["第 5 行：与第 3 行重复（标题、文号、成文日期都相同）"]


def test_rerun_of_the_same_file_creates_no_duplicates(dept_a, tmp_path):
    path = write_xlsx(tmp_path / "items.xlsx", HEADERS, good_rows(4))
    column = column_of(dept_a)
    first = import_file(path, column)
    again = import_file(path, column)
    assert (first.created, first.skipped) == (4, 0)
    assert (again.created, again.skipped) == (0, 4)
    assert again.skipped_rows == [2, 3, 4, 5]
    assert PolicyDocumentPage.objects.child_of(column).count() == 4
    assert IndexSerial.objects.get(issuer_code=CODE_A, year=2024).last_serial == 4
    # a file with two old rows and one new row adds only the new one
    path = write_xlsx(tmp_path / "more.xlsx", HEADERS, good_rows(5)[3:])
    report = import_file(path, column)
    assert (report.created, report.skipped) == (1, 1)
    assert PolicyDocumentPage.objects.child_of(column).count() == 5


def test_one_bad_row_writes_nothing(dept_a, tmp_path):
    rows = good_rows(50)
    rows[37][9] = "2024-02-30"  # row 39: 失效废止日期 on a valid document and not a date
    path = write_xlsx(tmp_path / "items.xlsx", HEADERS, rows)
    column = column_of(dept_a)
    pages_before = Page.objects.count()
    with pytest.raises(ImportValidationError) as caught:
        import_file(path, column)
    assert [str(e) for e in caught.value.errors] == ["第 39 行 失效废止日期：无法识别的日期“2024-02-30”"]
    assert Page.objects.count() == pages_before
    assert not IndexSerial.objects.exists()
    assert not PageLogEntry.objects.filter(action__startswith="disclosure.").exists()


def test_failure_while_writing_rolls_back_everything(dept_a, tmp_path, monkeypatch):
    from cms.disclosure.importing import writing

    calls = {"n": 0}
    original = writing.TableWriter.write

    def failing_write(self, rows):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("磁盘已满")
        return original(self, rows)

    monkeypatch.setattr(writing.TableWriter, "write", failing_write)
    path = write_xlsx(tmp_path / "items.xlsx", HEADERS, good_rows(5))
    pages_before = Page.objects.count()
    with pytest.raises(RuntimeError):
        import_file(path, column_of(dept_a))
    assert Page.objects.count() == pages_before
    assert not IndexSerial.objects.exists()
    assert column_of(dept_a).numchild == 0


def test_index_numbers_unique_follow_existing_ones_and_tree_is_sound(dept_a, tmp_path):
    column = column_of(dept_a)
    existing = make_policy(column, "已发布的文件", publish_date=datetime.date(2024, 1, 5))
    assert existing.index_number == f"{CODE_A}/2024-00001"
    rows = [[f"文件{i}", None, None, None, f"{2023 + i % 2}-0{1 + i % 9}-15", f"号{i}"] for i in range(30)]
    report = import_file(write_xlsx(tmp_path / "a.xlsx", HEADERS[:6], rows), column)
    assert report.created == 30
    numbers = list(PolicyDocumentPage.objects.child_of(column).values_list("index_number", flat=True))
    assert len(numbers) == len(set(numbers)) == 31
    serials_2024 = sorted(n for n in numbers if "/2024-" in n)
    serials_2023 = sorted(n for n in numbers if "/2023-" in n)
    assert serials_2024 == [f"{CODE_A}/2024-{i:05d}" for i in range(1, 17)]
    assert serials_2023 == [f"{CODE_A}/2023-{i:05d}" for i in range(1, 16)]
    # serials follow 发布日期 within a year
    by_date = list(PolicyDocumentPage.objects.child_of(column).filter(publish_date__year=2023)
                   .order_by("publish_date", "path").values_list("index_number", flat=True))
    assert by_date == sorted(by_date)
    column.refresh_from_db()
    assert column.numchild == 31
    assert not any(Page.find_problems())
    # Wagtail keeps adding pages after the imported ones
    later = make_policy(column, "导入后新建的文件", publish_date=datetime.date(2024, 6, 1))
    assert later.path > max(PolicyDocumentPage.objects.exclude(pk=later.pk).values_list("path", flat=True))
    assert later.index_number == f"{CODE_A}/2024-00017"
    assert not any(Page.find_problems())
    # imported pages work as normal Wagtail pages: edit and republish
    page = PolicyDocumentPage.objects.child_of(column).exclude(pk__in=[existing.pk, later.pk]).first()
    number = page.index_number
    page.title = "修改后的标题"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.index_number == number and page.title == "修改后的标题"
    assert set(column.items().values_list("pk", flat=True)) >= {page.pk, existing.pk}


def test_slugs_avoid_existing_siblings(dept_a):
    column = column_of(dept_a)
    taken = make_policy(column, "占用网址的文件", slug="2024-00002", publish_date=datetime.date(2023, 1, 1))
    report = import_rows(column, [{"标题": f"文{i}", "发布日期": "2024-02-01"} for i in range(3)])
    slugs = set(Page.objects.filter(pk__in=report.page_ids).values_list("slug", flat=True))
    assert slugs == {"2024-00001", "2024-00002-2", "2024-00003"}
    assert taken.slug not in slugs - {"2024-00002"}


def test_publish_date_defaults_to_today_and_cannot_be_in_the_future(dept_a):
    column = column_of(dept_a)
    report = import_rows(column, [{"标题": "今天发布"}])
    page = PolicyDocumentPage.objects.get(pk=report.page_ids[0])
    from cms.core.models import local_today

    assert page.publish_date == local_today()
    future = (local_today() + datetime.timedelta(days=3)).isoformat()
    with pytest.raises(ImportValidationError) as caught:
        import_rows(column, [{"标题": "将来的文件", "发布日期": future}])
    assert caught.value.errors[0].field == "发布日期"


def test_import_rows_reports_rows_from_two(dept_a):
    with pytest.raises(ImportValidationError) as caught:
        import_rows(column_of(dept_a), [{"标题": "好的"}, {"标题": "", "成文日期": "昨天"}])
    assert [str(e) for e in caught.value.errors] == ["第 3 行 标题：不能为空", "第 3 行 成文日期：无法识别的日期“昨天”"]


def test_interpretation_rows_link_their_policy(dept_a, dept_b):
    policy = make_policy(column_of(dept_a), "关于加强校园安全管理的意见", document_number="云教发〔2024〕5号")
    make_policy(column_of(dept_a), "同名文件", document_number="A1")
    make_policy(column_of(dept_a), "同名文件", document_number="A2")
    other = make_policy(column_of(dept_b), "交通局的文件", document_number="云交发〔2024〕1号")
    zcjd = find_column(dept_a.slug, "interpretation")
    assert zcjd.slug == "zcjd"
    with pytest.raises(ImportValidationError) as caught:
        import_rows(zcjd, [
            {"标题": "解读一", "解读的政策文件": other.document_number},
            {"标题": "解读二", "解读的政策文件": "同名文件"},
        ])
    assert [(e.row, e.field) for e in caught.value.errors] == [(2, "解读的政策文件"), (3, "解读的政策文件")]
    assert "请改填文号" in caught.value.errors[1].message
    report = import_rows(zcjd, [
        {"标题": "《关于加强校园安全管理的意见》政策解读", "解读的政策文件": "云教发〔2024〕5号", "发布日期": "2024-11-03"},
        {"标题": "另一篇解读", "解读的政策文件": "关于加强校园安全管理的意见"},
        {"标题": "没有关联文件的解读"},
    ])
    assert report.created == 3
    items = {p.title: p for p in InterpretationPage.objects.child_of(zcjd)}
    assert items["另一篇解读"].policy_id == policy.pk
    assert items["没有关联文件的解读"].policy_id is None
    assert items["另一篇解读"].index_number.startswith(CODE_A)
    assert set(policy.interpretations.values_list("title", flat=True)) == {
        "《关于加强校园安全管理的意见》政策解读", "另一篇解读"}
    assert not any(Page.find_problems())


def test_find_column_by_code_slug_kind(dept_a):
    assert find_column(CODE_A).slug == "zcwj"
    assert find_column("jyj", "notice").slug == "tzgg"
    assert find_column("jyj", "qt").slug == "qt"
    from cms.disclosure.importing import ImportTargetError

    with pytest.raises(ImportTargetError, match="多个"):
        find_column("jyj", "other")
    with pytest.raises(ImportTargetError, match="找不到"):
        find_column("nope")


def test_command_imports_and_reports(dept_a, tmp_path, capsys, django_user_model):
    django_user_model.objects.create_user("daoru", password="x")
    path = write_xlsx(tmp_path / "items.xlsx", HEADERS, good_rows(3))
    out = io.StringIO()
    call_command("import_disclosure", str(path), "--department", CODE_A, "--column", "policy", "--user", "daoru",
                 stdout=out)
    assert "新增 3 条" in out.getvalue()
    assert PolicyDocumentPage.objects.filter(owner__username="daoru").count() == 3
    out = io.StringIO()
    call_command("import_disclosure", str(path), "--department", "jyj", stdout=out)
    assert "新增 0 条" in out.getvalue() and "跳过已存在的 3 条" in out.getvalue()


def test_command_exit_status_and_messages_on_bad_rows(dept_a, tmp_path, capsys, monkeypatch):
    from django.db import connections

    from cms.disclosure.management.commands.import_disclosure import Command

    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test database open

    rows = good_rows(7)
    rows[5][3] = "2024-13-45"
    rows[1][0] = ""
    path = write_xlsx(tmp_path / "bad.xlsx", HEADERS, rows)
    with pytest.raises(SystemExit) as caught:
        Command().run_from_argv(["manage.py", "import_disclosure", str(path), "--department", CODE_A])
    assert caught.value.code != 0
    err = capsys.readouterr().err
    assert "第 7 行 成文日期：无法识别的日期“2024-13-45”" in err
    assert "第 3 行 标题：不能为空" in err
    assert "发现 2 个问题，未导入任何条目" in err
    assert PolicyDocumentPage.objects.count() == 0
    with pytest.raises(CommandError, match="找不到"):
        call_command("import_disclosure", str(path), "--department", "nosuch")
    bogus = tmp_path / "old.xls"
    bogus.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    err = io.StringIO()
    with pytest.raises(CommandError, match="发现 1 个问题"):
        call_command("import_disclosure", str(bogus), "--department", CODE_A, stderr=err)
    assert "文件：不支持旧版 Excel" in err.getvalue()


def test_dry_run_writes_nothing(dept_a, tmp_path):
    path = write_xlsx(tmp_path / "items.xlsx", HEADERS, good_rows(2))
    report = import_file(path, column_of(dept_a), dry_run=True)
    assert report.dry_run and report.created == 2
    assert PolicyDocumentPage.objects.count() == 0


def test_header_row_below_a_caption_and_aliases(dept_a, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["云溪县教育局政策文件导入表"])
    sheet.append(["*标题", "发文字号", "失效/废止日期", "有效性", "发布日期"])
    sheet.append(["标题行在第二行", "云教〔2020〕1号", datetime.datetime(2022, 1, 1), "失效", "2020-01-01"])
    sheet.append([])
    sheet.append(["隔了一个空行", None, None, None, "2020-01-02", "多余"])
    workbook.save(tmp_path / "caption.xlsx")
    with pytest.raises(ImportValidationError) as caught:
        import_file(tmp_path / "caption.xlsx", column_of(dept_a))
    assert [str(e) for e in caught.value.errors] == ["第 5 行：有内容“多余”不在任何表头之下"]
    sheet.delete_rows(5)
    workbook.save(tmp_path / "caption.xlsx")
    import_file(tmp_path / "caption.xlsx", column_of(dept_a))
    page = PolicyDocumentPage.objects.get()
    assert page.document_number == "云教〔2020〕1号" and page.validity == Validity.EXPIRED
    assert page.validity_changed_on == datetime.date(2022, 1, 1)


def test_search_and_reference_index_after_commit(dept_a, django_capture_on_commit_callbacks):
    from cms.disclosure.importing.signals import items_imported

    received = []

    def receiver(sender, page_ids, **kwargs):
        received.append((sender, list(page_ids)))

    items_imported.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = import_rows(column_of(dept_a), [{"标题": "Zebra 条目", "主题分类": topic_name()}])
    finally:
        items_imported.disconnect(receiver)
    assert received == [(PolicyDocumentPage, report.page_ids)]
    page = PolicyDocumentPage.objects.get(pk=report.page_ids[0])
    assert page in PolicyDocumentPage.objects.live().search("Zebra")
    from wagtail.models import ReferenceIndex

    assert ReferenceIndex.get_references_for_object(page).exists()


def _upload(tmp_path, rows, name="上传.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = write_xlsx(tmp_path / "upload.xlsx", HEADERS, rows)
    return SimpleUploadedFile(name, path.read_bytes())


def test_admin_import_by_an_editor(client, editor, dept_a, tmp_path):
    from django.urls import reverse

    column = column_of(dept_a)
    url = reverse("disclosure_import_column", args=[column.pk])
    client.force_login(editor)
    page = client.get(url)
    assert page.status_code == 200 and "下载导入模板" in page.content.decode()
    assert url in client.get(reverse("wagtailadmin_explore", args=[column.pk])).content.decode()
    bad = good_rows(3)
    bad[1][3] = "2024-13-45"
    response = client.post(url, {"file": _upload(tmp_path, bad)})
    assert response.status_code == 200
    assert "第 3 行 成文日期：无法识别的日期“2024-13-45”" in response.content.decode()
    assert PolicyDocumentPage.objects.count() == 0
    response = client.post(url, {"file": _upload(tmp_path, good_rows(3)), "dry_run": "on"})
    assert response.status_code == 200 and PolicyDocumentPage.objects.count() == 0
    response = client.post(url, {"file": _upload(tmp_path, good_rows(3))})
    assert response.status_code == 302
    assert PolicyDocumentPage.objects.child_of(column).count() == 3
    assert PolicyDocumentPage.objects.filter(owner=editor).count() == 3
    entry = PageLogEntry.objects.filter(action="disclosure.import").first()
    assert entry.data["source"] == "上传.xlsx" and entry.user == editor


def test_admin_import_needs_publish_permission(client, contributor_a, dept_a, tmp_path):
    from django.urls import reverse

    column = column_of(dept_a)
    url = reverse("disclosure_import_column", args=[column.pk])
    client.force_login(contributor_a)  # may edit but not publish: imports would bypass review
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": _upload(tmp_path, good_rows(1))}).status_code == 403
    assert url not in client.get(reverse("wagtailadmin_explore", args=[column.pk])).content.decode()
    assert PolicyDocumentPage.objects.count() == 0


def test_import_template_download(client, contributor_a, dept_a):
    from django.urls import reverse
    from openpyxl import load_workbook

    client.force_login(contributor_a)
    response = client.get(reverse("disclosure_export_column", args=[column_of(dept_a, "zcjd").pk]) + "?template=1")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 1 and rows[0][0] == "标题" and "解读的政策文件" in rows[0]
