"""Text of attached documents: real .docx, .xlsx, .pdf and .txt files uploaded as Wagtail documents,
the unsupported types, the caps, damaged files, and the text kept until the file changes."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms.wordcheck import documents
from cms.wordcheck.documents import MAX_CHARS, MAX_FILE_BYTES, decode_text, document_text, extract_bytes
from cms.wordcheck.matcher import WordMatcher
from cms.wordcheck.models import DocumentText, ExtractStatus

from .files import make_docx, make_pdf, make_xlsx

pytestmark = pytest.mark.django_db

Document = get_document_model()

NOTICE = "关于做好2026年度政府信息公开工作的通知"
BODY = "各乡镇人民政府，县直各单位：请于月底前按装好监控设备，既使下雨也不得延误。"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def uploader(client, editor):
    """Upload a file through the admin's document form, as an editor does."""
    client.force_login(editor)

    def upload(name: str, data: bytes):
        title = f"附件 {name}"
        response = client.post(reverse("wagtaildocs:add"), {
            "title": title, "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, data),
        })
        assert response.status_code == 302, response.content.decode()[:2000]
        return Document.objects.get(title=title)

    return upload


def stored(name: str, data: bytes):
    """A document saved as Wagtail's upload form saves it (size and hash recorded)."""
    document = Document(title=name, file=ContentFile(data, name=name))
    document._set_document_file_metadata()
    document.save()
    return document


# --- formats -------------------------------------------------------------------------------------


def test_docx_paragraphs_tables_nested_tables_and_headers(uploader):
    data = make_docx([NOTICE, BODY], table=[["序号", "事项"], ["1", "县国土资源局档案移交"]], header="云溪县人民政府办公室")
    result = document_text(uploader("通知.docx", data))
    assert result.status == ExtractStatus.OK and result.ok and result.reason == ""
    lines = result.text.split("\n")
    assert lines[:2] == [NOTICE, BODY]
    assert lines.count("序号") == 1 and lines.count("事项") == 1  # the merged first row, read once
    assert "县国土资源局档案移交" in lines and "嵌套表格：重迭" in lines
    assert lines[-1] == "云溪县人民政府办公室"
    words = {hit.word for hit in WordMatcher.from_database().find(result.text)}
    assert words == {"按装", "既使", "国土资源局", "重迭"}


def test_a_merged_cell_is_read_once(uploader):
    data = make_docx(["标题"], table=[["合并单元格中的文字", "", ""]])
    text = document_text(uploader("merged.docx", data)).text
    assert text.count("合并单元格中的文字") == 1


def test_xlsx_every_sheet_and_value(uploader):
    data = make_xlsx({
        "2026年预算": [["项目", "金额（万元）"], ["环境保护局监测设备按装", 12.5], [None, None], ["合计", 12.5]],
        "说明": [["数据来源：县财政局"]],
    })
    result = document_text(uploader("预算.xlsx", data))
    assert result.ok
    assert result.text.split("\n") == [
        "2026年预算", "项目\t金额（万元）", "环境保护局监测设备按装\t12.5", "合计\t12.5", "说明", "数据来源：县财政局"]
    assert {hit.word for hit in WordMatcher.from_database().find(result.text)} == {"环境保护局", "按装"}


def test_pdf_text_of_every_page(uploader):
    data = make_pdf([[NOTICE, BODY], ["第二页：县国土资源局", "Page two, plain Latin text."]])
    result = document_text(uploader("通知.pdf", data))
    assert result.ok
    assert NOTICE in result.text and BODY in result.text and "Page two, plain Latin text." in result.text
    assert result.text.index(BODY) < result.text.index("第二页")
    assert {hit.word for hit in WordMatcher.from_database().find(result.text)} == {"按装", "既使", "国土资源局"}


def test_pdf_without_text_says_so(uploader):
    result = document_text(uploader("scan.pdf", make_pdf([[]])))
    assert result.status == ExtractStatus.OK and result.text == ""
    assert "没有可提取的文字" in result.reason


@pytest.mark.parametrize("owner_only", [False, True])
def test_encrypted_pdf(owner_only):
    """A PDF locked with a password is an error; one with only an owner password is read."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([[BODY]]))))
    writer.encrypt(user_password="" if owner_only else "mima", owner_password="guanli", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    result = document_text(stored("secret.pdf", buffer.getvalue()))
    if owner_only:
        assert result.ok and BODY in result.text
    else:
        assert result.status == ExtractStatus.ERROR and "已加密" in result.reason


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "utf-8-sig", "utf-16"])
def test_txt_in_the_encodings_offices_use(uploader, encoding):
    content = f"{NOTICE}\r\n{BODY}\r\n其它事项另行通知。"
    name, data = f"通知-{encoding}.txt", content.encode(encoding)
    # The upload form refuses text with NUL bytes, so UTF-16 files arrive only by other paths.
    result = document_text(stored(name, data) if encoding == "utf-16" else uploader(name, data))
    assert result.ok
    assert result.text == content.replace("\r\n", "\n")


def test_csv_in_gbk(uploader):
    content = "单位,地址\n县环境保护局,云溪县城关镇\n"
    result = document_text(uploader("名单.csv", content.encode("gbk")))
    assert result.text == content.rstrip("\n") + "\n" or result.text == content
    assert [hit.word for hit in WordMatcher.from_database().find(result.text)] == ["环境保护局"]


def test_short_gbk_text_is_not_taken_for_another_encoding():
    for text in ("云溪县国土资源局", "防犯", "其它", "标题,日期\n按装调试,2026-01-01\n"):
        assert decode_text(text.encode("gbk")) == text


def test_other_encodings_are_detected():
    text = "Le rapport annuel est publié. Les données sont vérifiées par le service. " * 3
    assert decode_text(text.encode("cp1252")) == text


# --- unsupported, too large, damaged -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100), ("report.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
     ("bundle.zip", b"PK\x05\x06" + b"\0" * 18), ("signed.ofd", b"PK\x03\x04" + b"\0" * 26)],
)
def test_other_types_are_unsupported(name, data):
    result = document_text(stored(name, data))
    assert result.status == ExtractStatus.UNSUPPORTED and result.text == ""
    assert f"暂不支持从 .{name.rsplit('.', 1)[1]} 文件提取文字" in result.reason
    assert DocumentText.objects.get(document__title=name).status == ExtractStatus.UNSUPPORTED


def test_a_file_without_extension_is_unsupported():
    assert "没有扩展名" in extract_bytes(b"text", "").reason


def test_a_file_over_the_size_cap_is_not_read():
    document = stored("huge.txt", ("按装" * 10).encode() + b" " * MAX_FILE_BYTES)
    result = document_text(document)
    assert result.status == ExtractStatus.TOO_LARGE and result.text == ""
    assert "超过 20 MB" in result.reason


def test_text_over_the_character_cap_is_cut_and_says_so():
    result = extract_bytes(("甲" * (MAX_CHARS + 10)).encode(), "txt")
    assert result.status == ExtractStatus.OK and len(result.text) == MAX_CHARS
    assert "只检查了前" in result.reason


def test_spreadsheet_over_the_cell_cap_is_cut(monkeypatch):
    monkeypatch.setattr(documents, "MAX_CELLS", 10)
    result = extract_bytes(make_xlsx({"表": [[f"第{r}行{c}列" for c in range(4)] for r in range(10)]}), "xlsx")
    assert result.ok and "第1行3列" in result.text and "第5行0列" not in result.text
    assert "单元格" in result.reason


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [("broken.docx", b"PK\x03\x04 not really a zip", "无法读取Word文件"),
     ("broken.xlsx", b"PK\x03\x04 not really a zip", "无法读取Excel文件"),
     ("broken.pdf", b"%PDF-1.4\nnothing else", "无法读取PDF文件")],
)
def test_damaged_files_are_errors(name, data, fragment):
    result = document_text(stored(name, data))
    assert result.status == ExtractStatus.ERROR and fragment in result.reason
    assert DocumentText.objects.get(document__title=name).status == ExtractStatus.ERROR


def test_a_missing_file_is_reported_but_not_kept(media):
    document = stored("gone.txt", "按装".encode())
    document.file.storage.delete(document.file.name)
    result = document_text(document)
    assert result.status == ExtractStatus.ERROR and "不存在" in result.reason
    assert not DocumentText.objects.filter(document=document).exists()


# --- kept until the file changes -----------------------------------------------------------------


def test_text_is_kept_and_extracted_again_only_when_the_file_changes(django_assert_max_num_queries):
    document = stored("notice.txt", "第一版：按装。".encode())
    assert document_text(document).text == "第一版：按装。"
    kept = DocumentText.objects.get(document=document)
    assert (kept.file_size, kept.file_hash) == (document.file_size, document.file_hash)

    DocumentText.objects.filter(pk=kept.pk).update(text="（保存的文字）")
    with django_assert_max_num_queries(1):
        assert document_text(document).text == "（保存的文字）"  # not read again

    document.file = ContentFile("第二版：既使。".encode(), name="notice.txt")
    document._set_document_file_metadata()
    document.save()
    assert document_text(document).text == "第二版：既使。"
    assert DocumentText.objects.filter(document=document).count() == 1
    assert document_text(document, refresh=True).text == "第二版：既使。"


def test_a_document_created_without_metadata_gets_its_hash():
    document = Document.objects.create(title="no-hash", file=ContentFile("按装".encode(), name="no-hash.txt"))
    assert document.file_hash == ""
    assert document_text(document).text == "按装"
    document.refresh_from_db()
    assert document.file_hash and DocumentText.objects.get(document=document).file_hash == document.file_hash


def test_deleting_the_document_deletes_its_text():
    document = stored("short.txt", "按装".encode())
    document_text(document)
    document.delete()
    assert not DocumentText.objects.filter(file_name__endswith="short.txt").exists()
