"""Export of service guides as an .xlsx workbook that imports again unchanged (see ``columns``).

Rules:
- the guides of every department, or of the departments given (a department's people get
  only their own, see ``permissions``), optionally only live ones;
- a live guide without pending changes is written as published; otherwise the latest
  revision is written (what an editor would continue to work on), unless only live guides
  are asked for, which are written as published;
- a constant number of queries whatever the number of guides: the guides with their
  department, their materials and themes prefetched, the themes, and the latest revisions
  of the guides with pending changes.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from wagtail.models import Revision

from cms.core.models import local_today
from cms.core.spreadsheets import append_header
from cms.departments.models import Department
from cms.guides.choices import Audience, MaterialForm, MaterialSource, MatterType, Necessity
from cms.guides.models import ServiceGuidePage, ServiceTheme

from . import columns as c
from .values import NO, YES, faq_to_cell, rich_text_to_cell

EXCEL_CELL_LIMIT = 32_767
_WIDTHS = {c.TITLE: 30, c.CODE: 34, c.BASIC_CODE: 16, c.DEPARTMENT: 20, c.LEGAL_BASIS: 40, c.CONDITIONS: 40,
           c.PROCESS: 40, c.FEE: 24, c.LOCATION: 30, c.HOURS: 24, c.CONSULTATION: 20, c.COMPLAINT: 20,
           c.ONLINE_URL: 36, c.FAQ: 48, c.THEMES: 20, c.MATERIAL_NAME: 36, c.SOURCE_NOTE: 24, c.NOTE: 30}
_WRAPPED = {c.LEGAL_BASIS, c.CONDITIONS, c.PROCESS, c.FEE, c.FAQ}


@dataclass
class GuideRecord:
    """The exported values of one guide, from the page or from its latest revision."""

    values: dict[str, object]
    department: str
    theme_ids: list[int]
    faq: list[dict]
    materials: list[dict] = field(default_factory=list)


def guides_for_export(*, departments: Iterable[int] | None = None, live_only: bool = False) -> QuerySet:
    """The guides to export, in department then title order, with what the export reads prefetched."""
    guides = ServiceGuidePage.objects.select_related("department").prefetch_related("materials", "themes")
    if departments is not None:
        guides = guides.filter(department_id__in=list(departments))
    if live_only:
        guides = guides.live()
    return guides.order_by("department__order", "department__name", "path")


def _raw_faq(value) -> list[dict]:
    if isinstance(value, str):
        value = json.loads(value or "[]")
    raw = getattr(value, "raw_data", value) or []
    return [block.get("value") or {} for block in raw if block.get("type") == "faq"]


def _records(guides: QuerySet, *, live_only: bool) -> Iterable[GuideRecord]:
    guides = list(guides)
    pending = [g.latest_revision_id for g in guides
               if not live_only and g.latest_revision_id and (g.has_unpublished_changes or not g.live)]
    revisions = dict(Revision.objects.filter(pk__in=pending).values_list("pk", "content")) if pending else {}
    for guide in guides:
        department = guide.department.name if guide.department_id else ""
        content = revisions.get(guide.latest_revision_id) if not live_only else None
        if content is not None:
            if isinstance(content, str):
                content = json.loads(content)
            materials = sorted(content.get("materials") or [],
                               key=lambda m: (m.get("sort_order") is None, m.get("sort_order") or 0, m.get("pk") or 0))
            yield GuideRecord(values=content, department=department, theme_ids=list(content.get("themes") or []),
                              faq=_raw_faq(content.get("faq")), materials=materials)
            continue
        values = {name: getattr(guide, name) for name in _GUIDE_FIELDS}
        materials = [{name: getattr(m, name) for name in _MATERIAL_FIELDS} for m in guide.materials.all()]
        yield GuideRecord(values=values, department=department, theme_ids=[t.pk for t in guide.themes.all()],
                          faq=_raw_faq(guide.faq), materials=materials)


_GUIDE_FIELDS = ("title", "basic_code", "implementation_code", "matter_type", "audience", "legal_basis", "conditions",
                 "process", "legal_time_limit", "promised_time_limit", "is_charged", "fee_standard", "location",
                 "office_hours", "consultation", "complaint", "visits", "is_online", "online_url")
_MATERIAL_FIELDS = ("name", "necessity", "form", "copies", "source", "source_note", "note")


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text[:EXCEL_CELL_LIMIT] or None


def _theme_labels() -> dict[int, str]:
    """Theme names; a name both audiences have is written with its prefix (个人·其他)."""
    themes = list(ServiceTheme.objects.all())
    counts = Counter(theme.name for theme in themes)
    return {theme.pk: (str(theme) if counts[theme.name] > 1 else theme.name) for theme in themes}


def _yes_no(value: object) -> str:
    return YES if value else NO


def guide_row(record: GuideRecord, themes: dict[int, str]) -> list[object]:
    v = record.values
    matter_types, audiences = dict(MatterType.choices), dict(Audience.choices)
    return [
        _text(v.get("title")), _text(v.get("basic_code")), _text(v.get("implementation_code")),
        matter_types.get(v.get("matter_type") or "", _text(v.get("matter_type"))),
        audiences.get(v.get("audience") or "", _text(v.get("audience"))),
        _text("、".join(themes[pk] for pk in record.theme_ids if pk in themes)),
        _text(record.department), _text(v.get("legal_basis")),
        _text(rich_text_to_cell(str(v.get("conditions") or ""))), _text(rich_text_to_cell(str(v.get("process") or ""))),
        v.get("legal_time_limit"), v.get("promised_time_limit"), _yes_no(v.get("is_charged")),
        _text(v.get("fee_standard")), _text(v.get("location")), _text(v.get("office_hours")),
        _text(v.get("consultation")), _text(v.get("complaint")), v.get("visits"), _yes_no(v.get("is_online")),
        _text(v.get("online_url")),
        _text(faq_to_cell((item.get("question", ""), item.get("answer", "")) for item in record.faq)),
    ]


def material_row(code: str, material: dict) -> list[object]:
    return [
        _text(code), _text(material.get("name")), dict(Necessity.choices).get(material.get("necessity") or ""),
        dict(MaterialForm.choices).get(material.get("form") or ""), material.get("copies"),
        dict(MaterialSource.choices).get(material.get("source") or ""), _text(material.get("source_note")),
        _text(material.get("note")),
    ]


def _sheet(workbook: Workbook, title: str, headers: tuple[str, ...]):
    sheet = workbook.create_sheet(title=title)
    sheet.freeze_panes = "B2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(header, 12)
    append_header(sheet, headers)
    return sheet


def _wrapped(sheet, headers: tuple[str, ...], values: list[object]) -> list[object]:
    wrap = Alignment(wrap_text=True, vertical="top")
    out: list[object] = []
    for header, value in zip(headers, values, strict=True):
        if header in _WRAPPED and value:
            cell = WriteOnlyCell(sheet, value=value)
            cell.alignment = wrap
            out.append(cell)
        else:
            out.append(value)
    return out


def write_guides_xlsx(output: IO[bytes] | str, guides: QuerySet | None = None, *, live_only: bool = False) -> int:
    """Write ``guides`` (``None``: the empty import template) to ``output``; return the number of guides."""
    workbook = Workbook(write_only=True)
    guide_sheet = _sheet(workbook, c.GUIDE_SHEET, c.GUIDE_HEADERS)
    material_sheet = _sheet(workbook, c.MATERIAL_SHEET, c.MATERIAL_HEADERS)
    count = 0
    if guides is None:
        _instructions(workbook)
    else:
        themes = _theme_labels()
        for record in _records(guides, live_only=live_only):
            guide_sheet.append(_wrapped(guide_sheet, c.GUIDE_HEADERS, guide_row(record, themes)))
            code = str(record.values.get("implementation_code") or "")
            for material in record.materials:
                material_sheet.append(material_row(code, material))
            count += 1
    workbook.save(output)
    return count


def _instructions(workbook: Workbook) -> None:
    """A third sheet in the template: how to fill it in (ignored on import)."""
    sheet = workbook.create_sheet(title="填写说明")
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 100
    for rule in c.GENERAL_RULES:
        sheet.append([None, rule])
    for name, rules in ((c.GUIDE_SHEET, c.GUIDE_RULES), (c.MATERIAL_SHEET, c.MATERIAL_RULES)):
        sheet.append([])
        sheet.append([f"工作表“{name}”"])
        for header, rule in rules.items():
            sheet.append([header, rule])


def export_filename(department: Department | None = None, *, live_only: bool = False, template: bool = False) -> str:
    if template:
        return "办事指南-导入模板.xlsx"
    prefix = department.short_name if department is not None else "全部"
    suffix = "-已发布" if live_only else ""
    return f"{prefix}办事指南{suffix}-{local_today():%Y%m%d}.xlsx"
