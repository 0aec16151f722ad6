"""Upload checks of the marketplace (营业执照, 资质证书, 合同, 服务成果).

Rule: a file is accepted only when its extension is one of the allowed kinds, its size is within
the limit and its first bytes are those of that kind (a renamed executable or HTML page is
refused). Errors are ``ValidationError`` with a Chinese message, so forms show them as they are.
"""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError

from cms.core.uploads import check_document_upload

#: Magic numbers of the image kinds (PDF and office documents are checked by cms.core.uploads).
_IMAGE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
_ALIASES = {"jpeg": "jpg"}
KIND_LABELS = {"pdf": "PDF", "jpg": "JPG", "png": "PNG", "docx": "Word", "doc": "Word", "xlsx": "Excel",
               "ofd": "OFD", "zip": "ZIP"}


def check_upload(file, kinds: tuple[str, ...] = ("pdf", "jpg", "png"), max_mb: float = 10) -> None:
    """Raise ``ValidationError`` unless ``file`` is of one of ``kinds`` and at most ``max_mb`` MB."""
    if not file:
        raise ValidationError("请选择要上传的文件。")
    name = getattr(file, "name", "") or ""
    ext = PurePath(name).suffix.lower().lstrip(".")
    ext = _ALIASES.get(ext, ext)
    allowed = "、".join(KIND_LABELS.get(k, k.upper()) for k in kinds)
    if ext not in kinds:
        raise ValidationError(f"文件“{PurePath(name).name}”的类型不符合要求，只能上传 {allowed} 文件。")
    size = getattr(file, "size", None)
    if size is None:
        raise ValidationError("无法读取文件大小，请重新上传。")
    if size == 0:
        raise ValidationError(f"文件“{PurePath(name).name}”是空文件，请重新上传。")
    if size > max_mb * 1024 * 1024:
        raise ValidationError(f"文件“{PurePath(name).name}”超过 {max_mb:g} MB，请压缩后重新上传。")
    if ext in _IMAGE_SIGNATURES:
        file.seek(0)
        head = file.read(16)
        file.seek(0)
        if not head.startswith(_IMAGE_SIGNATURES[ext]):
            raise ValidationError(f"文件“{PurePath(name).name}”的内容与扩展名 .{ext} 不符，已拒绝上传。")
        return
    try:
        check_document_upload(file)
    except ValidationError as exc:
        raise ValidationError(f"文件“{PurePath(name).name}”：{' '.join(exc.messages)}") from exc
