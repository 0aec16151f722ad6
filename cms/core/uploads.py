"""Upload checks for documents and images.

Wagtail already limits extensions and size (``WAGTAILDOCS_EXTENSIONS``,
``WAGTAILDOCS_MAX_UPLOAD_SIZE``); this adds a check of the file's real type from its first
bytes, so a renamed executable or HTML page cannot be published as an attachment.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError

# Magic numbers of the accepted attachment formats.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "ofd": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04", b"PK\x05\x06"),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "ppt": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "wps": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04"),
    "et": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04"),
    "rar": (b"Rar!\x1a\x07",),
}
_TEXT_TYPES = {"txt", "csv"}
_OOXML_MAIN_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def check_document_upload(uploaded) -> None:
    """Raise ``ValidationError`` unless the file's content matches its extension."""
    ext = PurePath(uploaded.name or "").suffix.lower().lstrip(".")
    head = _read_head(uploaded)
    if ext in _TEXT_TYPES:
        if b"\x00" in head or head.lstrip().lower().startswith((b"<!doctype", b"<html", b"<script")):
            raise ValidationError("文件内容不是纯文本，已拒绝上传。")
        return
    signatures = _SIGNATURES.get(ext)
    if signatures is None:
        raise ValidationError(f"不支持的附件类型：.{ext}")
    if not head.startswith(signatures):
        raise ValidationError(f"文件内容与扩展名 .{ext} 不符，已拒绝上传。")
    if ext in _OOXML_MAIN_PART:
        _check_ooxml(uploaded, _OOXML_MAIN_PART[ext], ext)


def _read_head(uploaded, size: int = 512) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(0)
    return head


def _check_ooxml(uploaded, prefix: str, ext: str) -> None:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise ValidationError(f"文件不是有效的 .{ext} 文档。") from exc
    finally:
        uploaded.seek(0)
    if not any(name.startswith(prefix) for name in names):
        raise ValidationError(f"文件不是有效的 .{ext} 文档。")


def check_xlsx_upload(upload, max_size: int):
    """An uploaded workbook for an import: an .xlsx file (by name and content) of at most ``max_size``
    bytes.  Raises ``ValidationError`` with the message an importing user needs."""
    if PurePath(upload.name or "").suffix.lower() != ".xlsx":
        raise ValidationError("请上传 Excel（.xlsx）文件；旧版 .xls 请先在 Excel 中另存为 .xlsx。")
    if upload.size > max_size:
        raise ValidationError(f"文件不能超过 {max_size // (1024 * 1024)} MB。")
    check_document_upload(upload)
    return upload
