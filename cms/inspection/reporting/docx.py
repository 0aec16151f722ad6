"""The monthly report (通报) as a Word document, in the form a county circulates.

Rules:
- A4 with the margins of GB/T 9704 (公文格式); body 仿宋_GB2312 三号 with a fixed 28-point line
  spacing and two-character first-line indent, the title in 方正小标宋简体 二号 centred, section
  headings in 黑体; every Chinese font is set for eastAsia (``w:rFonts/@w:eastAsia``), which is
  what Word and WPS read for Chinese text;
- order: title, 文号 line, summary, the department table (9 columns, the header row bold,
  shaded and repeated on each page), the chart of the scores (a native Word chart, see
  ``chart.py``), the single-veto problems, the overdue rectifications, the site's common part,
  the request to rectify, and the closing with the issuer and the date of the check;
- page numbers in the footer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt

from ..models import CheckRun
from .chart import score_chart_parts
from .data import MonthlyReport, build_report

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
HEADER_FILL = "D9D9D9"
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(10.5)  # 五号
TEXT_WIDTH = Cm(15.6)
TABLE_STYLE = "ReportTable"
TABLE_TEXT_STYLE = "ReportTableText"


def build_docx(run: CheckRun) -> bytes:
    """The run's report as .docx bytes."""
    return render_docx(build_report(run))


def render_docx(report: MonthlyReport) -> bytes:
    document = Document()
    _page_setup(document)
    _styles(document)
    _title(document, report)
    _heading(document, "一、总体情况")
    _paragraph(document, report.summary)
    _heading(document, "二、各部门（单位）得分和排名")
    if report.departments:
        _table(document, list(report.headers), [row.cells() for row in report.departments],
               widths=(3.5, 1.3, 1.3, 1.4, 1.3, 1.3, 2.6, 1.2, 1.4))
        _note(document, "注：得分满分100分；存在单项否决问题的部门（单位）标注“否决”，排在其他部门（单位）之后；"
                        "环比为与上月检查得分相比的变化。")
        _caption(document, "各部门（单位）得分情况")
        _chart(document, report)
    else:
        _paragraph(document, "本次检查没有部门（单位）得分记录。")
    _heading(document, "三、单项否决问题")
    if report.vetoes:
        for number, veto in enumerate(report.vetoes, start=1):
            where = f"（{veto.page_title}）" if veto.page_title else ""
            _paragraph(document, f"{number}. {veto.department}：{veto.rule}{where}。{veto.evidence}")
    else:
        _paragraph(document, "本次检查未发现单项否决问题。")
    _heading(document, "四、逾期未整改问题")
    if report.overdue:
        _table(document, ["序号", "部门（单位）", "问题", "首次发现", "整改期限", "逾期工作日"],
               [[str(n), row.department, row.problem, f"{row.first_seen:%Y-%m-%d}", f"{row.deadline:%Y-%m-%d}",
                 str(row.days_overdue)] for n, row in enumerate(report.overdue, start=1)],
               widths=(1.0, 2.8, 5.7, 2.3, 2.3, 1.5))
    else:
        _paragraph(document, "本次检查未发现逾期未整改问题。")
    if report.site_findings:
        _heading(document, "五、网站公共部分问题")
        _table(document, ["序号", "问题类型", "页面", "问题对象", "问题描述"],
               [[str(n), row.rule, row.page_title or row.url, row.target, row.evidence]
                for n, row in enumerate(report.site_findings, start=1)],
               widths=(1.0, 2.6, 3.0, 4.0, 5.0))
    _paragraph(document, "请各部门（单位）对照本通报和问题清单，在整改期限内完成整改，并在后台标记整改情况；"
                         "逾期未整改的问题将在下次通报中继续列出。")
    _closing(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- fonts and paragraphs ------------------------------------------------------------------

def set_fonts(element, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the Latin and the eastAsia font on a run or style element (``w:rFonts``)."""
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _page_setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    set_fonts(normal.element, BODY_FONT)
    layout = normal.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Pt(28)
    layout.space_before = layout.space_after = Pt(0)
    # Table text as paragraph styles: one attribute per cell, fast for long lists.
    for style_id, name, centre in ((TABLE_STYLE, "通报表格", True), (TABLE_TEXT_STYLE, "通报表格文字", False)):
        style = document.styles.add_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
        style.name = name
        style.base_style = normal
        style.font.size = TABLE_SIZE
        cell_layout = style.paragraph_format
        cell_layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
        cell_layout.first_line_indent = Pt(0)
        cell_layout.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT


def _run(paragraph, text: str, *, font: str = BODY_FONT, size=None, bold: bool = False):
    run = paragraph.add_run(text)
    set_fonts(run._r, font)
    if size is not None:
        run.font.size = size
    run.bold = bold
    return run


def _title(document, report: MonthlyReport) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_before = Pt(12)
    _run(title, report.title, font=TITLE_FONT, size=Pt(22))
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.space_after = Pt(12)
    _run(number, report.doc_number)


def _heading(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(32)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, text, font=HEADING_FONT)


def _paragraph(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(32)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _run(paragraph, text)


def _note(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.line_spacing = Pt(20)
    _run(paragraph, text, size=Pt(12))


def _caption(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, text, font=HEADING_FONT, size=Pt(14))


def _closing(document, report: MonthlyReport) -> None:
    document.add_paragraph()
    for text in (report.issuer, report.checked_on_label):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(64)
        _run(paragraph, text)


# --- tables --------------------------------------------------------------------------------

def _cell_text(cell, text: str, *, header: bool = False, centre: bool = True) -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.style = TABLE_STYLE if centre else TABLE_TEXT_STYLE
    if header:
        _run(paragraph, text, font=HEADING_FONT, bold=True)
    else:
        paragraph.add_run(text)


def _table(document, headers: Sequence[str], rows: Sequence[Sequence[str]], *, widths: Sequence[float]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # w:gridCol, which LibreOffice and WPS follow
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for cell, text, width in zip(header.cells, headers, widths, strict=True):
        cell.width = Cm(width)
        cell._tc.get_or_add_tcPr().append(
            parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>'))
        _cell_text(cell, text, header=True)
    wide = max(range(len(widths)), key=lambda i: widths[i])
    for values in rows:
        for index, (cell, text) in enumerate(zip(table.add_row().cells, values, strict=True)):
            _cell_text(cell, text, centre=index != wide)  # add_row gives each cell its column's width


# --- the chart -----------------------------------------------------------------------------

def _chart(document, report: MonthlyReport) -> None:
    """A native bar chart: a chart part related to the document and an inline graphic frame."""
    package = document.part.package
    chart_xml, workbook = score_chart_parts(report.departments)
    chart_part = Part(package.next_partname("/word/charts/chart%d.xml"), CT.DML_CHART, chart_xml, package)
    workbook_part = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
                         CT.SML_SHEET, workbook, package)
    workbook_rel = chart_part.relate_to(workbook_part, RT.PACKAGE)
    if workbook_rel != "rId1":  # the chart XML names its workbook rId1
        raise RuntimeError("图表数据关系编号异常。")
    chart_rel = document.part.relate_to(chart_part, RT.CHART)
    width = Emu(int(TEXT_WIDTH))
    height = Emu(int(Cm(min(3.0 + 0.75 * len(report.departments), 20.0))))  # caption and chart on one page
    shape_id = document.part.next_id
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    run = paragraph.add_run()
    run._r.append(parse_xml(
        f'<w:drawing {nsdecls("w", "wp", "a", "r", "c")}>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="得分图表 {shape_id}" descr="各部门（单位）得分条形图"/>'
        f'<wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{chart_rel}"/>'
        f'</a:graphicData></a:graphic></wp:inline></w:drawing>'
    ))
