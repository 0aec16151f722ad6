"""The commitment letter (告知承诺书) of an item as a Word document (python-docx).

Rule (国办发〔2020〕42号): the authority publishes, per item, a letter that states the matter, the
requirement it tells the applicant (条件, 材料, 核查方式), the certificate or condition the
commitment replaces, the commitment and the liability for a false one, and leaves room for the
applicant's signature and the date.  The same text is shown on the public item page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .models import CommitmentItem

TITLE = "告知承诺书"
FONT = "宋体"


@dataclass(frozen=True)
class Section:
    heading: str
    text: str


def letter_sections(item: CommitmentItem) -> list[Section]:
    """The letter's parts, in order: 一、行政机关告知 … 二、申请人承诺."""
    told = [
        Section("事项名称", item.name),
        Section("实施机关", item.department.name),
        Section("设定依据", item.legal_basis),
        Section("以承诺替代的证明事项或许可条件", item.replaced),
        Section("应当具备的条件", item.notice_conditions),
    ]
    if item.notice_materials:
        told.append(Section("应当提交的材料", item.notice_materials))
    told += [
        Section("核查方式", item.verification_method),
        Section("核查时限", f"自受理之日起 {item.verification_days} 个工作日内完成核查。"),
        Section("虚假承诺的法律责任", item.liability),
    ]
    return told


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _set_font(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def build_letter(item: CommitmentItem) -> bytes:
    """The .docx file of ``item``'s commitment letter."""
    document = Document()
    _set_font(document)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.bold = True
    run.font.size = Pt(22)
    subtitle = document.add_paragraph(f"（{item.name}）")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading("一、行政机关告知", level=2)
    for section in letter_sections(item):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{section.heading}：").bold = True
        lines = _paragraphs(section.text)
        if lines:
            paragraph.add_run(lines[0])
        for line in lines[1:]:
            document.add_paragraph(line)

    document.add_heading("二、申请人承诺", level=2)
    for line in _paragraphs(item.commitment_text):
        document.add_paragraph(line)
    document.add_paragraph(
        "申请人已知晓上述告知内容，承诺所填写、提交的信息真实、准确、完整，愿意承担虚假承诺的法律责任。"
        "本承诺书一式两份，行政机关和申请人各执一份。"
    )

    document.add_paragraph()
    for label in ("申请人（签字或盖章）：", "统一社会信用代码或身份证号码：", "日期：        年    月    日"):
        document.add_paragraph(label + ("" if label.startswith("日期") else "______________________________"))
    document.add_paragraph()
    document.add_paragraph(f"行政机关（盖章）：{item.department.name}")
    document.add_paragraph("日期：        年    月    日")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def letter_filename(item: CommitmentItem) -> str:
    return f"告知承诺书-{item.name}.docx"
