"""Small real PDF files for the marketplace demo (licences, certificates, contracts, results).

Each file is a valid one-page PDF 1.4 that says it is a demo document: a Chinese heading and
lines in the standard Adobe-GB1 font ``STSong-Light`` (not embedded: PDF viewers substitute it),
so the files stay below 2 KB and pass ``uploads.check_upload`` like any scanned document.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

_FONT_OBJECTS = (
    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>",
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
    "<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 >>",
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
    "/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
)


def _text(line: str) -> str:
    """A PDF hex string of ``line`` in UCS-2 big-endian (the UniGB-UCS2-H encoding)."""
    return "<" + line.encode("utf-16-be").hex().upper() + ">"


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF with ``title`` and ``lines`` (characters of the Basic Multilingual Plane)."""
    body = ["BT", "/F1 20 Tf", "72 760 Td", f"{_text(title)} Tj", "/F1 12 Tf"]
    for line in [*lines, "（演示文件，不具有法律效力）"]:
        body += ["0 -28 Td", f"{_text(line)} Tj"]
    body.append("ET")
    stream = "\n".join(body).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 7 0 R >>",
        *(o.encode("ascii") for o in _FONT_OBJECTS),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def demo_pdf(filename: str, title: str, lines: list[str]) -> SimpleUploadedFile:
    """An upload (as a form would hand it to the services) of a demo PDF called ``filename``."""
    return SimpleUploadedFile(filename, pdf_bytes(title, lines), content_type="application/pdf")
