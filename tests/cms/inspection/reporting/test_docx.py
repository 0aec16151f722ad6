"""The Word report, opened with python-docx: title and fonts, the table, the native chart, the lists."""

from __future__ import annotations

import io
import shutil
import subprocess

import openpyxl
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from cms.inspection.reporting import build_docx

from .conftest import TITLE

pytestmark = pytest.mark.django_db

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS = {"c": C}


@pytest.fixture
def document(scenario):
    return Document(io.BytesIO(build_docx(scenario.run)))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def _east_asia(run) -> str | None:
    fonts = run._r.rPr.rFonts
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def test_title_is_centred_large_with_a_chinese_font(document):
    title = next(p for p in document.paragraphs if p.text.strip())
    assert title.text == TITLE
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = title.runs[0]
    assert run.font.size.pt == 22
    assert _east_asia(run) == "方正小标宋简体"
    normal_fonts = document.styles["Normal"].element.rPr.rFonts
    assert normal_fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_number_summary_and_closing(document):
    texts = _texts(document)
    assert texts[1] == "栏目检查通报〔2026〕11号"
    summary = next(t for t in texts if t.startswith("2026年12月1日，按照"))
    assert "对3个部门（单位）的31个政府信息公开栏目" in summary and "逾期未整改问题2个" in summary
    assert texts[-2:] == ["云溪县人民政府办公室", "2026年12月1日"]
    for heading in ("一、总体情况", "二、各部门（单位）得分和排名", "三、单项否决问题", "四、逾期未整改问题",
                    "五、网站公共部分问题"):
        assert heading in texts


def test_department_table(document):
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["部门", "栏目数", "空白栏目", "不更新栏目", "错误链接", "错敏信息", "得分", "排名", "环比"],
        ["云溪县林业局", "9", "0", "0", "0", "0", "93.0", "1", "—"],
        ["云溪县教育局", "11", "1", "1", "1", "1", "93.0", "1", "+3.0"],
        ["云溪县交通运输局", "11", "6", "0", "0", "0", "88.0（否决）", "3", "-7.0"],
    ]
    header = table.rows[0]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    shading = header.cells[0]._tc.tcPr.find(qn("w:shd"))
    assert shading is not None and shading.get(qn("w:fill")) == "D9D9D9"
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page


def test_native_bar_chart_lists_departments_and_scores(document):
    charts = [rel for rel in document.part.rels.values() if rel.reltype == RT.CHART]
    assert len(charts) == 1
    part = charts[0].target_part
    assert part.content_type == "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    assert str(part.partname).startswith("/word/charts/chart")
    chart = etree.fromstring(part.blob)
    assert chart.find(".//c:barChart/c:barDir", NS).get("val") == "bar"
    categories = [v.text for v in chart.findall(".//c:cat//c:pt/c:v", NS)]
    values = [float(v.text) for v in chart.findall(".//c:val//c:pt/c:v", NS)]
    assert categories == ["林业局", "教育局", "交通运输局"]
    assert values == [93.0, 93.0, 88.0]
    vetoed = chart.findall(".//c:ser/c:dPt/c:idx", NS)
    assert [p.get("val") for p in vetoed] == ["2"]  # 交通运输局's bar is drawn red
    # The chart is placed inline in the body, pointing at that part.
    inline = document.element.body.findall(f".//{{{C}}}chart")
    assert [e.get(qn("r:id")) for e in inline] == [charts[0].rId]
    # Its data is embedded for Word's 编辑数据 too.
    embedded = [rel.target_part for rel in part.rels.values() if rel.reltype == RT.PACKAGE]
    sheet = openpyxl.load_workbook(io.BytesIO(embedded[0].blob)).active
    assert [row for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("林业局", 93.0), ("教育局", 93.0), ("交通运输局", 88.0)]


def test_veto_list(document):
    texts = _texts(document)
    start = texts.index("三、单项否决问题")
    assert texts[start + 1].startswith("1. 网站公共部分：首页长期不更新（云溪县人民政府）。首页最近更新于")
    assert texts[start + 2] == "2. 云溪县交通运输局：空白栏目过多。空白栏目 6 个，达到 5 个。"
    assert texts[start + 3] == "四、逾期未整改问题"


def test_overdue_and_site_tables(document):
    overdue = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert overdue[0] == ["序号", "部门（单位）", "问题", "首次发现", "整改期限", "逾期工作日"]
    assert [(r[1], r[3], r[4], r[5]) for r in overdue[1:]] == [
        ("网站公共部分", "2026-11-20", "2026-11-27", "2"), ("云溪县教育局", "2026-11-02", "2026-11-09", "16")]
    assert overdue[2][2].startswith("栏目不更新：工作动态")
    site = [[c.text for c in row.cells] for row in document.tables[2].rows]
    assert [r[1] for r in site[1:]] == ["错误链接", "首页长期不更新"]
    assert site[1][3] == "http://127.0.0.2/old-partner"


def test_a_run_without_problems_says_so(scenario):
    from .conftest import make_run

    document = Document(io.BytesIO(build_docx(make_run(checked_on=scenario.run.checked_on))))
    texts = _texts(document)
    assert "本次检查未发现单项否决问题。" in texts and "本次检查未发现逾期未整改问题。" in texts
    assert not [rel for rel in document.part.rels.values() if rel.reltype == RT.CHART]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_report(scenario, tmp_path):
    source = tmp_path / "通报.docx"
    source.write_bytes(build_docx(scenario.run))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "通报.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
