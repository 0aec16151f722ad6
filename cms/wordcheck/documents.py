"""The text of attached documents, for the word check.

Rules:

- Formats read: .docx (python-docx: paragraphs and tables in document order, nested tables,
  headers and footers), .xlsx (openpyxl in read-only mode: each sheet's name and cell values,
  formulas as their last computed value), .pdf (pypdf, page by page), .txt and .csv (UTF-8,
  UTF-16 with a BOM, GB18030/GBK, else whatever charset-normalizer detects).  Every other type
  (.doc, .wps, .et, .ofd, .zip, images …) is ``unsupported``; nothing is guessed from content.
- A file larger than ``MAX_FILE_BYTES`` is not read (``too_large``).  Text beyond ``MAX_CHARS``
  characters (or spreadsheets beyond ``MAX_CELLS`` cells) is cut off: the status stays ``ok``
  and the reason says what was left out.
- A file that cannot be parsed is ``error`` with the reason in Chinese; the error is kept like
  any result, since the same bytes fail the same way.  A file missing from storage is reported
  but not kept (it may come back).
- ``document_text`` keeps each result in ``DocumentText`` and extracts again only when the
  document's file changed: a different file name, size or hash (Wagtail's ``file_hash``, computed
  here when the document has none yet).
"""

from __future__ import annotations

import codecs
import io
import logging
from dataclasses import dataclass
from pathlib import PurePath

from django.db import IntegrityError, transaction

from .models import DocumentText, ExtractStatus

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CHARS = 2_000_000
MAX_CELLS = 2_000_000

SUPPORTED_EXTENSIONS = ("docx", "xlsx", "pdf", "txt", "csv")


@dataclass(frozen=True)
class ExtractedText:
    """The text of a document, or why there is none (``reason`` in Chinese)."""

    text: str
    status: str
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.status == ExtractStatus.OK


class _Full(Exception):
    """The text reached its cap."""


class _Collector:
    """Text pieces, one per line, up to ``limit`` characters."""

    def __init__(self, limit: int = MAX_CHARS) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0
        self.cut = ""

    def add(self, piece: str) -> None:
        if not piece:
            return
        room = self.limit - self.size
        if len(piece) + 1 > room:
            self.parts.append(piece[:max(room, 0)])
            self.size = self.limit
            self.cut = f"文字超过 {self.limit:,} 字，只检查了前 {self.limit:,} 字。"
            raise _Full
        self.parts.append(piece)
        self.size += len(piece) + 1

    def result(self, empty_reason: str = "") -> ExtractedText:
        text = "\n".join(self.parts)[:self.limit]
        reason = self.cut or ("" if text.strip() else empty_reason)
        return ExtractedText(text=text, status=ExtractStatus.OK, reason=reason)


# --- formats -------------------------------------------------------------------------------------


def _docx(data: bytes, out: _Collector) -> str:
    from docx import Document as open_docx
    from docx.text.paragraph import Paragraph

    seen_cells: set[int] = set()

    def walk(container) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                out.add(block.text)
                continue
            for row in block.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen_cells:  # a merged cell appears once per grid column
                        continue
                    seen_cells.add(id(cell._tc))
                    walk(cell)

    document = open_docx(io.BytesIO(data))
    walk(document)
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            if not part.is_linked_to_previous:
                walk(part)
    return "文档中没有文字。"


def _xlsx(data: bytes, out: _Collector) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = 0
    try:
        for sheet in workbook.worksheets:
            out.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                if cells > MAX_CELLS:
                    out.cut = f"表格超过 {MAX_CELLS:,} 个单元格，只检查了前面的部分。"
                    raise _Full
                values = [str(value).strip() for value in row if value is not None and str(value).strip()]
                if values:
                    out.add("\t".join(values))
    finally:
        workbook.close()
    return "表格中没有文字。"


class _Encrypted(Exception):
    pass


def _pdf(data: bytes, out: _Collector) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as exc:  # noqa: BLE001 - e.g. AES without the optional crypto package
            raise _Encrypted from exc
        if not opened:
            raise _Encrypted
    for page in reader.pages:
        out.add(page.extract_text() or "")
    return "PDF 中没有可提取的文字（可能是扫描件）。"


def decode_text(data: bytes) -> str | None:
    """Text of a plain-text file: UTF-16/32 by BOM, UTF-8, GB18030 (GBK), else detected.

    Strict UTF-8 and GB18030 come before detection because charset-normalizer takes short
    GBK texts for Big5, CP949 or UTF-16 (tried on single lines of county notices).
    """
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else str(best)


def _plain(data: bytes, out: _Collector) -> str:
    text = decode_text(data)
    if text is None:
        raise UnicodeError("无法识别文件的文字编码。")
    out.add(text.replace("\r\n", "\n").replace("\r", "\n"))
    return "文件中没有文字。"


_READERS = {"docx": _docx, "xlsx": _xlsx, "pdf": _pdf, "txt": _plain, "csv": _plain}
_NAMES = {"docx": "Word", "xlsx": "Excel", "pdf": "PDF", "txt": "文本", "csv": "CSV"}


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def unsupported(extension: str) -> ExtractedText:
    if not extension:
        return ExtractedText("", ExtractStatus.UNSUPPORTED, "文件没有扩展名，无法判断格式，未提取文字。")
    return ExtractedText("", ExtractStatus.UNSUPPORTED, f"暂不支持从 .{extension} 文件提取文字，请人工检查。")


def too_large(size: int) -> ExtractedText:
    return ExtractedText(
        "", ExtractStatus.TOO_LARGE,
        f"文件大小 {size / 1024 / 1024:.1f} MB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限，未提取文字，请人工检查。",
    )


def extract_bytes(data: bytes, extension: str) -> ExtractedText:
    """The text of a file's bytes, read as the format its extension names (rules above)."""
    extension = extension.lower().lstrip(".")
    reader = _READERS.get(extension)
    if reader is None:
        return unsupported(extension)
    if len(data) > MAX_FILE_BYTES:
        return too_large(len(data))
    out = _Collector()
    empty_reason = ""
    try:
        empty_reason = reader(data, out)
    except _Full:
        pass
    except _Encrypted:
        return ExtractedText("", ExtractStatus.ERROR, "PDF 文件已加密，无法提取文字，请人工检查。")
    except Exception as exc:  # noqa: BLE001 - a damaged upload may make a parser raise anything
        logger.info("无法读取 .%s 文件：%r", extension, exc)
        detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
        return ExtractedText("", ExtractStatus.ERROR, f"无法读取{_NAMES[extension]}文件（{detail}），请人工检查。")
    return out.result(empty_reason)


# --- Wagtail documents ---------------------------------------------------------------------------


def _read_file(document) -> bytes | None:
    """At most ``MAX_FILE_BYTES + 1`` bytes of the document's file; None when it is missing."""
    try:
        with document.open_file() as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except (FileNotFoundError, OSError):
        return None


def _fingerprint(document) -> tuple[str, int | None, str]:
    size = document.get_file_size()
    digest = document.file_hash
    if not digest and size is not None and size <= MAX_FILE_BYTES:
        try:
            digest = document.get_file_hash()
        except OSError:
            digest = ""
    return document.file.name, size, digest


def _missing() -> ExtractedText:
    return ExtractedText("", ExtractStatus.ERROR, "附件文件不存在，无法提取文字。")


def _extract(document, size: int | None) -> ExtractedText:
    extension = extension_of(document.file.name)
    if extension not in _READERS:
        return unsupported(extension)
    if size is not None and size > MAX_FILE_BYTES:
        return too_large(size)
    data = _read_file(document)
    if data is None:
        return _missing()
    return extract_bytes(data, extension)


def document_text(document, *, refresh: bool = False) -> ExtractedText:
    """The text of a Wagtail document, from ``DocumentText`` unless its file changed (or
    ``refresh``); extracted and kept otherwise."""
    name, size, digest = _fingerprint(document)
    if size is None:  # the storage has no such file
        return _missing()
    if not refresh:
        kept = DocumentText.objects.filter(document=document).first()
        if kept is not None and (kept.file_name, kept.file_size, kept.file_hash) == (name, size, digest):
            return ExtractedText(kept.text, kept.status, kept.reason)
    result = _extract(document, size)
    if result == _missing():
        return result
    values = {"file_name": name, "file_size": size, "file_hash": digest, "status": result.status,
              "reason": result.reason[:300], "text": result.text}
    try:
        with transaction.atomic():
            DocumentText.objects.update_or_create(document=document, defaults=values)
    except IntegrityError:  # another process kept the same document's text at the same moment
        DocumentText.objects.filter(document=document).update(**values)
    return result
