"""Upload checks: kind by extension and content, size, clear Chinese errors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from modules.marketplace.uploads import check_upload
from tests.modules.marketplace.conftest import PDF_BYTES, PNG_BYTES


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("name, content", [("执照.pdf", PDF_BYTES), ("证书.PNG", PNG_BYTES),
                                           ("照片.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
                                           ("照片.jpg", b"\xff\xd8\xff\xe1" + b"\x00" * 20)])
def test_accepted_files(name, content):
    check_upload(upload(name, content))


@pytest.mark.parametrize("name, content, message", [
    ("病毒.exe", b"MZ\x90\x00", "只能上传 PDF、JPG、PNG 文件"),
    ("伪装.pdf", b"<html><script>alert(1)</script>", "内容与扩展名 .pdf 不符"),
    ("伪装.png", PDF_BYTES, "内容与扩展名 .png 不符"),
    ("空.pdf", b"", "空文件"),
    ("无扩展名", PDF_BYTES, "类型不符合要求"),
])
def test_refused_files(name, content, message):
    with pytest.raises(ValidationError, match=message):
        check_upload(upload(name, content))


def test_size_limit():
    big = upload("大.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="超过 1 MB"):
        check_upload(big, max_mb=1)
    check_upload(big, max_mb=2)


def test_other_kinds_and_missing_file():
    with pytest.raises(ValidationError, match="请选择"):
        check_upload(None)
    with pytest.raises(ValidationError, match="只能上传 PDF 文件"):
        check_upload(upload("a.png", PNG_BYTES), kinds=("pdf",))
