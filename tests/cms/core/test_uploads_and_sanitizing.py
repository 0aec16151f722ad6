"""Uploads are checked by their real type; rich text from outside the editor is sanitized."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document

from cms.core.sanitize import sanitize_html, text_to_rich_text
from cms.core.uploads import check_document_upload
from tests.conftest import PASSWORD


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.pdf", b"%PDF-1.7\n..."), ("letter.docx", docx_bytes()), ("table.csv", "标题,日期\n".encode()),
     ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20)],
)
def test_genuine_files_pass(name, content):
    check_document_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [("fake.pdf", b"MZ\x90\x00 executable", "不符"), ("page.txt", b"<html><script>alert(1)</script>", "纯文本"),
     ("zip-not-docx.docx", b"PK\x03\x04garbage", "有效"), ("virus.exe", b"MZ", "不支持")],
)
def test_disguised_files_are_rejected(name, content, fragment):
    with pytest.raises(ValidationError) as exc:
        check_document_upload(SimpleUploadedFile(name, content))
    assert fragment in exc.value.messages[0]


@pytest.mark.django_db
def test_admin_document_upload_rejects_a_disguised_file(client, dept_a, editor):
    client.login(username=editor.username, password=PASSWORD)
    response = client.post(reverse("wagtaildocs:add"), {
        "title": "伪装的文件", "collection": dept_a.collection_id,
        "file": SimpleUploadedFile("notice.pdf", b"<html>not a pdf</html>"),
    })
    assert response.status_code == 200
    assert "不符" in response.content.decode()
    assert not Document.objects.filter(title="伪装的文件").exists()
    response = client.post(reverse("wagtaildocs:add"), {
        "title": "真实的文件", "collection": dept_a.collection_id,
        "file": SimpleUploadedFile("notice.pdf", b"%PDF-1.4 real"),
    })
    assert response.status_code == 302
    assert Document.objects.filter(title="真实的文件").exists()


def test_sanitizer_removes_scripts_styles_and_handlers():
    dirty = '<p onclick="x()">正文<script>alert(1)</script><a href="javascript:evil()">链接</a></p><style>p{}</style>'
    clean = sanitize_html(dirty)
    assert "script" not in clean and "onclick" not in clean and "javascript:" not in clean and "style" not in clean
    assert "正文" in clean and "链接" in clean


def test_sanitizer_keeps_wagtail_internal_links_and_embeds():
    html = '<p><a linktype="page" id="3">页面</a></p><embed embedtype="image" id="5" format="fullwidth" alt="图"/>'
    clean = sanitize_html(html)
    assert 'linktype="page"' in clean and 'embedtype="image"' in clean


def test_plain_text_becomes_escaped_paragraphs():
    assert text_to_rich_text("第一段\n\n<第二段>") == "<p>第一段</p><p>&lt;第二段&gt;</p>"


@pytest.mark.django_db
def test_page_body_is_sanitized_on_save(dept_a):
    from tests.conftest import column_of, make_policy

    page = make_policy(column_of(dept_a), "含脚本的正文")
    page.body = '<p>内容</p><script>alert("x")</script><img src=x onerror="y()">'
    page.save()
    page.refresh_from_db()
    assert "script" not in page.body and "onerror" not in page.body
