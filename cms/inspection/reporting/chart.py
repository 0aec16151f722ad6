"""The departments' scores as a bar chart: a native DrawingML chart for Word, an SVG for the page.

Rules:
- one horizontal bar per department, in rank order from the top, on a 0–100 score axis, each bar
  labelled with its score; departments with a single-veto problem are drawn red, the others blue;
- the Word chart is a real chart part (``word/charts/chartN.xml``) with its data cached in the
  XML and the same data in an embedded workbook, so Word and LibreOffice draw it with their own
  (Chinese) fonts and 编辑数据 in Word opens the numbers; python-pptx writes the chart XML and
  the workbook (``ChartXmlWriter``, ``CategoryChartData``), it is then shaped here;
- the SVG is computed on the server (no JavaScript, no CDN): bars, labels and a scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.enum.chart import XL_CHART_TYPE

from .data import DepartmentRow, format_number

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"c": C, "a": A, "r": R}

SERIES_NAME = "得分"
BAR_COLOUR = "2F5597"
VETO_COLOUR = "C00000"
CHART_FONT = "仿宋_GB2312"


def _c(tag: str, **attrs: str) -> etree._Element:
    element = etree.Element(f"{{{C}}}{tag}", nsmap={"c": C, "a": A, "r": R})
    for name, value in attrs.items():
        element.set(name, value)
    return element


def _sub(parent: etree._Element, tag: str, val: str | None = None) -> etree._Element:
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}")
    if val is not None:
        element.set("val", val)
    return element


def _fill(parent: etree._Element, colour: str) -> None:
    sp_pr = _sub(parent, "c:spPr")
    _sub(_sub(sp_pr, "a:solidFill"), "a:srgbClr", colour)


def chart_data(rows: Sequence[DepartmentRow]) -> CategoryChartData:
    data = CategoryChartData(number_format="0.0")
    data.categories = [row.chart_label for row in rows]
    data.add_series(SERIES_NAME, [float(row.score) for row in rows], number_format="0.0")
    return data


def score_chart_parts(rows: Sequence[DepartmentRow], workbook_rel_id: str = "rId1") -> tuple[bytes, bytes]:
    """The chart part's XML and its embedded workbook (.xlsx) for ``rows`` in rank order."""
    data = chart_data(rows)
    root = etree.fromstring(ChartXmlWriter(XL_CHART_TYPE.BAR_CLUSTERED, data).xml.encode("utf-8"))
    _shape(root, rows, workbook_rel_id)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), data.xlsx_blob


def _shape(root: etree._Element, rows: Sequence[DepartmentRow], workbook_rel_id: str) -> None:
    root.find("c:date1904", NS).addnext(_c("roundedCorners", val="0"))
    chart = root.find("c:chart", NS)
    chart.find("c:autoTitleDeleted", NS).set("val", "1")
    bar_chart = chart.find("c:plotArea/c:barChart", NS)
    bar_chart.find("c:grouping", NS).addnext(_c("varyColors", val="0"))
    series = bar_chart.find("c:ser", NS)
    anchor = series.find("c:tx", NS)
    sp_pr = _c("spPr")
    _sub(_sub(sp_pr, "a:solidFill"), "a:srgbClr", BAR_COLOUR)
    anchor.addnext(sp_pr)
    invert = _c("invertIfNegative", val="0")
    sp_pr.addnext(invert)
    anchor = invert
    for index, row in enumerate(rows):
        if row.vetoed:
            point = _c("dPt")
            _sub(point, "c:idx", str(index))
            _sub(point, "c:invertIfNegative", "0")
            _sub(point, "c:bubble3D", "0")
            _fill(point, VETO_COLOUR)
            anchor.addnext(point)
            anchor = point
    labels = _c("dLbls")
    number_format = _sub(labels, "c:numFmt")
    number_format.set("formatCode", "0.0")
    number_format.set("sourceLinked", "0")
    for tag, val in (("showLegendKey", "0"), ("showVal", "1"), ("showCatName", "0"), ("showSerName", "0"),
                     ("showPercent", "0"), ("showBubbleSize", "0")):
        _sub(labels, f"c:{tag}", val)
    anchor.addnext(labels)
    first_axis = bar_chart.find("c:axId", NS)
    first_axis.addprevious(_c("gapWidth", val="60"))
    # Rank 1 at the top: categories from the top down, the score axis kept at the bottom.
    category_axis = chart.find("c:plotArea/c:catAx", NS)
    category_axis.find("c:scaling/c:orientation", NS).set("val", "maxMin")
    value_axis = chart.find("c:plotArea/c:valAx", NS)
    scaling = value_axis.find("c:scaling", NS)
    _sub(scaling, "c:orientation", "minMax")
    _sub(scaling, "c:max", "100")
    _sub(scaling, "c:min", "0")
    value_axis.find("c:crosses", NS).set("val", "max")
    value_axis.append(_c("crossBetween", val="between"))
    value_axis.append(_c("majorUnit", val="20"))
    default_run = root.find("c:txPr/a:p/a:pPr/a:defRPr", NS)
    default_run.set("sz", "1000")
    _sub(default_run, "a:latin").set("typeface", "Times New Roman")
    _sub(default_run, "a:ea").set("typeface", CHART_FONT)
    external = _c("externalData")
    external.set(f"{{{R}}}id", workbook_rel_id)
    _sub(external, "c:autoUpdate", "0")
    root.find("c:txPr", NS).addnext(external)


# --- SVG for the HTML page -----------------------------------------------------------------

@dataclass(frozen=True)
class SvgBar:
    label: str
    value_text: str
    y: int
    width: float
    text_y: int
    vetoed: bool


@dataclass(frozen=True)
class SvgTick:
    x: float
    label: str


@dataclass(frozen=True)
class SvgChart:
    width: int
    height: int
    left: int
    plot_width: int
    bar_height: int
    axis_y: int
    bars: list[SvgBar]
    ticks: list[SvgTick]


def svg_chart(rows: Sequence[DepartmentRow], *, width: int = 760, left: int = 150, row_height: int = 26) -> SvgChart:
    """Geometry of the score chart for ``rows`` (rank order, top down, 0–100)."""
    plot_width = width - left - 60
    bar_height = row_height - 8
    top = 10
    bars = []
    for index, row in enumerate(rows):
        y = top + index * row_height
        bars.append(SvgBar(label=row.chart_label, value_text=format_number(row.score), y=y,
                           width=round(plot_width * min(max(float(row.score), 0.0), 100.0) / 100, 1),
                           text_y=y + bar_height // 2 + 5, vetoed=row.vetoed))
    axis_y = top + len(rows) * row_height
    ticks = [SvgTick(x=left + plot_width * value / 100, label=str(value)) for value in range(0, 101, 20)]
    return SvgChart(width=width, height=axis_y + 30, left=left, plot_width=plot_width, bar_height=bar_height,
                    axis_y=axis_y, bars=bars, ticks=ticks)
