"""Validation of a guide workbook: every row of both sheets is checked before anything is written.

A handful of queries whatever the number of rows (departments, themes, the guides already
holding the file's 实施编码).  Malformed values are errors with sheet, row and column; blank
required elements are not (the guide becomes a draft, see ``writing``).  Department people
may import only their own department's guides; a 实施编码 already used by another
department's guide is refused for everyone (a guide never changes its 实施主体 by import).
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from cms.departments.models import Department
from cms.guides.choices import Audience, MaterialForm, MaterialSource, MatterType, Necessity
from cms.guides.models import GuideMaterial, ServiceGuidePage, ServiceTheme

from . import columns as c
from .errors import SheetError
from .reading import Table
from .values import (
    cell_text,
    choice_lookup,
    parse_choice,
    parse_faq,
    parse_integer,
    parse_yes_no,
    rich_text_from_cell,
    split_names,
)

MATTER_TYPES = choice_lookup(MatterType.choices)
AUDIENCES = choice_lookup(Audience.choices, ("个人", Audience.PERSON), ("企业", Audience.LEGAL))
NECESSITIES = choice_lookup(Necessity.choices)
FORMS = choice_lookup(MaterialForm.choices)
SOURCES = choice_lookup(MaterialSource.choices)
VISITS = choice_lookup(
    [(0, "0次（全程网办）"), (1, "1次"), (2, "2次")], ("0次", 0), ("0次(全程网办)", 0), ("1", 1), ("2", 2), ("0", 0),
)
_URL = URLValidator(schemes=["http", "https"])
_THEME_PREFIXES = {"个人": Audience.PERSON, "法人": Audience.LEGAL}


@dataclass
class MaterialData:
    row: int
    values: dict[str, object]


@dataclass
class GuideData:
    """One valid guide row: model field values, theme ids, materials, the target and the page to update."""

    row: int
    code: str
    department: Department
    values: dict[str, object]
    theme_ids: list[int] = field(default_factory=list)
    materials: list[MaterialData] = field(default_factory=list)
    existing_id: int | None = None


@dataclass
class Validated:
    guides: list[GuideData] = field(default_factory=list)
    errors: list[SheetError] = field(default_factory=list)


def _max_length(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


def normalise_code(value: object) -> str:
    """实施编码 as typed, without spaces and full-width forms."""
    return unicodedata.normalize("NFKC", cell_text(value)).replace(" ", "")


class _Departments:
    """Departments by full name, short name or 统一社会信用代码 (one query)."""

    def __init__(self) -> None:
        self.by_key: dict[str, Department] = {}
        departments = list(Department.objects.all())
        short_names = Counter(department.short_name for department in departments)
        for department in departments:
            self.by_key[department.name] = department
            self.by_key[department.credit_code.upper()] = department
        for department in departments:
            if department.short_name and short_names[department.short_name] == 1:
                self.by_key.setdefault(department.short_name, department)

    def find(self, value: object) -> Department:
        text = unicodedata.normalize("NFKC", cell_text(value)).strip()
        department = self.by_key.get(text) or self.by_key.get(text.upper())
        if department is None:
            raise ValueError(f"找不到名称或统一社会信用代码为“{cell_text(value)}”的部门。")
        return department


class _Themes:
    """Themes by name, ``个人·名称`` / ``法人·名称`` for names both audiences have (one query)."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[ServiceTheme]] = defaultdict(list)
        for theme in ServiceTheme.objects.all():
            self.by_name[theme.name].append(theme)

    def find(self, name: str, audience: str) -> int:
        prefix, _, rest = name.partition("·")
        if rest and prefix in _THEME_PREFIXES:
            matches = [t for t in self.by_name.get(rest, []) if t.audience == _THEME_PREFIXES[prefix]]
        else:
            matches = self.by_name.get(name, [])
            if len(matches) > 1:
                matches = [t for t in matches if t.audience == audience]
        if len(matches) == 1:
            return matches[0].pk
        if not self.by_name.get(rest or name):
            raise ValueError(f"没有名为“{name}”的办事主题（可先在“办事主题”中添加）。")
        raise ValueError(f"个人和法人都有“{name}”主题，请写作“个人·{name}”或“法人·{name}”。")


@dataclass(frozen=True)
class _Existing:
    pk: int
    department_id: int | None
    title: str
    locked_by_id: int | None


def _existing(codes: Collection[str]) -> dict[str, list[_Existing]]:
    found: dict[str, list[_Existing]] = defaultdict(list)
    rows = ServiceGuidePage.objects.filter(implementation_code__in=list(codes)).values_list(
        "pk", "implementation_code", "department_id", "title", "locked", "locked_by_id")
    for pk, code, department_id, title, locked, locked_by_id in rows:
        found[code].append(_Existing(pk, department_id, title, locked_by_id if locked else None))
    return found


class _Row:
    """Collects the values and errors of one row."""

    def __init__(self, sheet: str, number: int, cells: dict[str, object], errors: list[SheetError]) -> None:
        self.sheet, self.number, self.cells, self.errors = sheet, number, cells, errors
        self.failed = False

    def error(self, column: str, message: str) -> None:
        self.failed = True
        self.errors.append(SheetError(self.sheet, self.number, column, message))

    def text(self, column: str, model, name: str) -> str:
        value = cell_text(self.cells.get(column))
        limit = _max_length(model, name)
        if limit and len(value) > limit:
            self.error(column, f"不能超过 {limit} 个字（现有 {len(value)} 个）。")
        return value

    def parse(self, column: str, parser, *args, **kwargs):
        try:
            return parser(self.cells.get(column), *args, **kwargs)
        except ValueError as exc:
            self.error(column, str(exc))
            return None


def validate(tables: dict[str, Table], *, allowed_departments: Collection[int] | None = None,
             user=None) -> Validated:
    """Check both sheets; ``allowed_departments`` (ids) limits the rows a department's people may import.

    A guide locked by someone other than ``user`` is not changed (Wagtail's page lock).
    """
    result = Validated()
    guide_rows = tables[c.GUIDE_SHEET].rows
    if not guide_rows:
        result.errors.append(SheetError(c.GUIDE_SHEET, 0, "", "没有数据行：请从第 2 行起每行填写一项办事指南。"))
        return result
    departments, themes = _Departments(), _Themes()
    codes = {normalise_code(cells.get(c.CODE)) for _, cells in guide_rows} - {""}
    existing = _existing(codes)
    first_row: dict[str, int] = {}
    by_code: dict[str, GuideData] = {}
    for number, cells in guide_rows:
        guide = _guide(_Row(c.GUIDE_SHEET, number, cells, result.errors), departments, themes, existing,
                       first_row, allowed_departments, getattr(user, "pk", None))
        if guide is not None:
            by_code[guide.code] = guide
            result.guides.append(guide)
    for number, cells in tables[c.MATERIAL_SHEET].rows:
        _material(_Row(c.MATERIAL_SHEET, number, cells, result.errors), first_row, by_code)
    return result


def _guide(row: _Row, departments: _Departments, themes: _Themes, existing, first_row: dict[str, int],
           allowed: Collection[int] | None, user_id: int | None) -> GuideData | None:
    values: dict[str, object] = {}
    for column, name in c.GUIDE_TEXT_FIELDS.items():
        values[name] = row.text(column, ServiceGuidePage, name)
    if not values["title"]:
        row.error(c.TITLE, "事项名称不能为空。")
    code = normalise_code(row.cells.get(c.CODE))
    limit = _max_length(ServiceGuidePage, "implementation_code")
    if not code:
        row.error(c.CODE, "实施编码不能为空（导入时按实施编码识别办事指南）。")
    elif len(code) > limit:
        row.error(c.CODE, f"不能超过 {limit} 个字符。")
    elif code in first_row:
        row.error(c.CODE, f"实施编码“{code}”与第 {first_row[code]} 行重复。")
    else:
        first_row[code] = row.number
    values["implementation_code"] = code

    department = None
    if row.cells.get(c.DEPARTMENT) is None:
        row.error(c.DEPARTMENT, "实施主体不能为空：请填写部门全称或统一社会信用代码。")
    else:
        department = row.parse(c.DEPARTMENT, departments.find)
        if department is not None and allowed is not None and department.pk not in allowed:
            row.error(c.DEPARTMENT, f"您只能导入本部门的办事指南，不能导入“{department.name}”的。")
            department = None

    values["matter_type"] = row.parse(c.MATTER_TYPE, parse_choice, MATTER_TYPES, MatterType.labels) or ""
    values["audience"] = row.parse(c.AUDIENCE, parse_choice, AUDIENCES, Audience.labels) or Audience.PERSON
    theme_ids: list[int] = []
    for name in split_names(row.cells.get(c.THEMES)):
        try:
            theme_ids.append(themes.find(name, str(values["audience"])))
        except ValueError as exc:
            row.error(c.THEMES, str(exc))
    values["conditions"] = rich_text_from_cell(row.cells.get(c.CONDITIONS))
    values["process"] = rich_text_from_cell(row.cells.get(c.PROCESS))
    values["legal_time_limit"] = row.parse(c.LEGAL_LIMIT, parse_integer, unit="（工作日数）")
    values["promised_time_limit"] = row.parse(c.PROMISED_LIMIT, parse_integer, unit="（工作日数）")
    values["is_charged"] = bool(row.parse(c.CHARGED, parse_yes_no))
    values["is_online"] = bool(row.parse(c.ONLINE, parse_yes_no))
    values["visits"] = row.parse(c.VISITS, parse_choice, VISITS, ["0", "1", "2"])
    values["online_url"] = _url(row)
    values["faq"] = row.parse(c.FAQ, parse_faq) or []

    existing_id = _existing_guide(row, code, department, existing, user_id)
    if row.failed or department is None:
        return None
    return GuideData(row=row.number, code=code, department=department, values=values, theme_ids=theme_ids,
                     existing_id=existing_id)


def _url(row: _Row) -> str:
    url = row.text(c.ONLINE_URL, ServiceGuidePage, "online_url")
    if url:
        try:
            _URL(url)
        except ValidationError:
            row.error(c.ONLINE_URL, f"“{url}”不是有效的网址（应以 http:// 或 https:// 开头）。")
    return url


def _existing_guide(row: _Row, code: str, department: Department | None, existing, user_id: int | None) -> int | None:
    matches = existing.get(code, []) if code else []
    if len(matches) > 1:
        row.error(c.CODE, f"网站上已有 {len(matches)} 项实施编码为“{code}”的办事指南，请先在后台合并后再导入。")
        return None
    if not matches:
        return None
    found = matches[0]
    if department is not None and found.department_id != department.pk:
        other = Department.objects.filter(pk=found.department_id).values_list("name", flat=True).first() or "其他部门"
        row.error(c.DEPARTMENT,
                  f"实施编码“{code}”已是{other}的办事指南“{found.title}”，不能导入到“{department.name}”。")
    if found.locked_by_id is not None and found.locked_by_id != user_id:
        row.error(c.CODE, f"办事指南“{found.title}”已被他人锁定，解锁后才能导入更新。")
    return found.pk


def _material(row: _Row, first_row: dict[str, int], by_code: dict[str, GuideData]) -> None:
    code = normalise_code(row.cells.get(c.CODE))
    if not code:
        row.error(c.CODE, "实施编码不能为空：请填写材料所属办事指南的实施编码。")
    elif code not in first_row:
        row.error(c.CODE, f"实施编码“{code}”不在“{c.GUIDE_SHEET}”工作表中。")
    values: dict[str, object] = {}
    for column, name in c.MATERIAL_TEXT_FIELDS.items():
        values[name] = row.text(column, GuideMaterial, name)
    if not values["name"]:
        row.error(c.MATERIAL_NAME, "材料名称不能为空。")
    values["necessity"] = row.parse(c.NECESSITY, parse_choice, NECESSITIES, Necessity.labels) or Necessity.REQUIRED
    values["form"] = row.parse(c.FORM, parse_choice, FORMS, MaterialForm.labels) or MaterialForm.EITHER
    copies = row.parse(c.COPIES, parse_integer, maximum=999, unit="（份数）")
    values["copies"] = 1 if copies is None else copies
    values["source"] = row.parse(c.SOURCE, parse_choice, SOURCES, MaterialSource.labels) or MaterialSource.APPLICANT
    guide = by_code.get(code)
    if guide is not None and not row.failed:
        guide.materials.append(MaterialData(row=row.number, values=values))
