"""Export of a column's items as an .xlsx sheet that can be edited and imported again.

The sheet has the import headers (标题, 正文, ... 发布机构; 解读的政策文件 in 政策解读 columns)
followed by 索引号 and 链接.  On re-import, a row with the 索引号 of an item already in the
column is recognised as that item and skipped; rows added without a 索引号 become new items.
Written with openpyxl's write-only mode and read in chunks, so large columns stay cheap.
"""

from __future__ import annotations

import datetime
import html
import re
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from cms.columns.models import ColumnPage
from cms.core.models import local_today
from cms.core.queries import children_of
from cms.core.spreadsheets import append_header
from cms.taxonomy.models import Topic

from .importing import columns as c
from .importing.validation import is_interpretation_column
from .models import Genre, InterpretationPage, PolicyDocumentPage, Validity

EXCEL_CELL_LIMIT = 32_767
_WIDTHS = {c.TITLE: 48, c.BODY: 60, c.SUMMARY: 40, c.DOCUMENT_NUMBER: 22, c.INDEX_NUMBER: 32, c.LINK: 50,
           c.POLICY: 30, c.AGENCY: 20, c.KEYWORDS: 20, c.TOPIC: 16}
_PLAIN_PARAGRAPHS = re.compile(r"(?:<p>[^<]*</p>)+")


def export_headers(column: ColumnPage) -> list[str]:
    """The header row of an export of ``column``."""
    return list(c.headers_for(is_interpretation_column(column)))


def body_for_sheet(body: str) -> str:
    """Rich text as staff edit it in Excel: plain paragraphs as lines, anything richer as HTML."""
    if not body:
        return ""
    if _PLAIN_PARAGRAPHS.fullmatch(body):
        return "\n".join(html.unescape(p) for p in re.findall(r"<p>([^<]*)</p>", body))
    return body


def _text(value: str) -> str:
    value = ILLEGAL_CHARACTERS_RE.sub("", value or "")
    return value[:EXCEL_CELL_LIMIT]


def _topic_labels() -> dict[int, str]:
    topics = list(Topic.objects.select_related("parent"))
    counts: dict[str, int] = {}
    for topic in topics:
        counts[topic.name] = counts.get(topic.name, 0) + 1
    return {
        t.pk: (f"{t.parent.name} / {t.name}" if counts[t.name] > 1 and t.parent_id else t.name) for t in topics
    }


def write_column_xlsx(column: ColumnPage, output: IO[bytes] | str, *, request=None, items: bool = True) -> int:
    """Write ``column``'s items to ``output`` as .xlsx; return the number of item rows.

    With ``items=False`` only the header row is written: the empty import template.
    """
    interpretation = is_interpretation_column(column)
    headers = export_headers(column)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_text(column.title)[:31] or "条目")
    sheet.freeze_panes = "B2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(header, 12)

    append_header(sheet, headers)

    base_url = column.get_full_url(request) if column.live else None
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    topics = _topic_labels()
    genres, validities = dict(Genre.choices), dict(Validity.choices)
    model = InterpretationPage if interpretation else PolicyDocumentPage
    fields = ["title", "body", "summary", "written_date", "publish_date", "document_number", "topic_id", "genre",
              "validity", "validity_changed_on", "keywords", "issuing_agency", "index_number", "slug", "live"]
    if interpretation:
        fields += ["policy__document_number", "policy__title"]
    rows = children_of(model.objects, column).order_by("-publish_date", "-path").values_list(*fields)
    if not items:
        rows = rows.none()
    wrap = Alignment(wrap_text=True, vertical="top")

    def date_cell(value: datetime.date | None):
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell

    count = 0
    for row in rows.iterator(chunk_size=2000):
        (title, body, summary, written, published, number, topic_id, genre, validity, changed_on, keywords,
         agency, index_number, slug, live, *policy) = row
        body_cell = WriteOnlyCell(sheet, value=_text(body_for_sheet(body)) or None)
        body_cell.alignment = wrap
        values = [
            _text(title), body_cell, _text(summary) or None, date_cell(written), date_cell(published),
            number or None, topics.get(topic_id), genres.get(genre, genre), validities.get(validity, validity),
            date_cell(changed_on), _text(keywords) or None, _text(agency) or None,
        ]
        if interpretation:
            policy_number, policy_title = policy
            values.append(policy_number or policy_title or None)
        values.append(index_number or None)
        values.append(f"{base_url}{slug}/" if base_url and live else None)
        sheet.append(values)
        count += 1
    workbook.save(output)
    return count


def export_filename(column: ColumnPage, *, template: bool = False) -> str:
    department = column.department.short_name if column.department_id else ""
    if template:
        return f"{department}{column.title}-导入模板.xlsx"
    today = local_today().strftime("%Y%m%d")
    return f"{department}{column.title}-{today}.xlsx"
