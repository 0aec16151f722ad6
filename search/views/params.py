"""Query parameters of the search page and the search API, read the same way for both.

Rules enforced here:

- ``q`` is free text and never an error: control characters (NUL included) become spaces and it
  is cut to ``MAX_Q_CHARS`` characters; everything else about it is the service's business.
- ``type`` is repeatable (``type=policy&type=article``) or comma-separated (``type=policy,article``);
  only keys of ``registry.types()`` are kept.
- ``department`` is free text (control characters removed, ≤100 characters).
- ``from`` / ``to`` are ``YYYY-MM-DD`` dates; a range given backwards is swapped (with a notice).
- ``sort`` is ``relevance`` (default) or ``date``; ``field`` is ``all`` (default), ``title``
  (仅搜索标题) or ``docnum`` (文号精确搜索).
- ``page`` is an integer from 1 to ``MAX_PAGE`` (100).
- An empty parameter is the same as a missing one.

A value that breaks these rules is a *problem*: the page ignores it (page → 1, page > 100 → 100)
and shows the problem as a notice; the API answers 400 with the problems as its ``error``.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from django.http import QueryDict

from .. import registry
from ..service import FIELDS, MAX_PAGE, SORTS, SearchRequest

MAX_Q_CHARS = 200
MAX_DEPARTMENT_CHARS = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_TYPE_SPLIT = re.compile(r"[\s,，、]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PAGE = re.compile(r"[0-9]{1,9}")


def clean_text(value: str, limit: int, *, strip: bool = True) -> str:
    """``value`` without control characters (each run becomes a space), trimmed and cut."""
    text = _CONTROL.sub(" ", value or "")[:limit * 2]
    return (text.strip() if strip else text)[:limit]


def _echo(value: str) -> str:
    """A rejected value as shown back in a message (short, without control characters)."""
    value = clean_text(value, 30)
    return value + ("…" if len(value) >= 30 else "")


@dataclasses.dataclass
class SearchParams:
    """The parsed parameters, with the problems found and the notices to show."""

    q: str = ""
    types: tuple[str, ...] = ()
    department: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = "relevance"
    field: str = "all"
    page: int = 1
    problems: list[str] = dataclasses.field(default_factory=list)
    notices: list[str] = dataclasses.field(default_factory=list)

    @property
    def blank(self) -> bool:
        """No query typed: the page shows only the form and the hot searches."""
        return not self.q.strip()

    def search_request(self, **changes) -> SearchRequest:
        values = {
            "q": self.q, "types": self.types, "department": self.department, "date_from": self.date_from,
            "date_to": self.date_to, "sort": self.sort, "field": self.field, "page": self.page,
        }
        values.update(changes)
        return SearchRequest(**values)

    def query_items(self, **changes) -> list[tuple[str, str]]:
        """The parameters in canonical form (defaults left out, no page), with ``changes``
        applied (``None`` or ``""`` removes a parameter; ``type`` takes a sequence)."""
        values: dict[str, object] = {
            "q": self.q,
            "type": list(self.types),
            "department": self.department,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "sort": self.sort if self.sort != "relevance" else "",
            "field": self.field if self.field != "all" else "",
        }
        values.update(changes)
        items: list[tuple[str, str]] = []
        for key, value in values.items():
            if isinstance(value, list | tuple):
                items.extend((key, str(v)) for v in value if v)
            elif value not in (None, ""):
                items.append((key, str(value)))
        return items


def _date(params: QueryDict, name: str, label: str, result: SearchParams) -> datetime.date | None:
    raw = params.get(name, "")
    if not raw or not raw.strip():
        return None
    text = raw.strip()
    if _DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    result.problems.append(f"{label}“{_echo(raw)}”不是有效日期（应为 YYYY-MM-DD 格式），已忽略。")
    return None


def parse(params: QueryDict) -> SearchParams:
    """Read the search parameters (see the module docstring for the rules)."""
    result = SearchParams()
    result.q = clean_text(params.get("q", ""), MAX_Q_CHARS)

    known = registry.types()
    types: list[str] = []
    for raw in params.getlist("type"):
        for key in _TYPE_SPLIT.split(raw or ""):
            key = key.strip()
            if not key:
                continue
            if key in known:
                if key not in types:
                    types.append(key)
            else:
                result.problems.append(f"未知的信息类型“{_echo(key)}”，已忽略。")
    result.types = tuple(types)

    result.department = clean_text(params.get("department", ""), MAX_DEPARTMENT_CHARS)

    result.date_from = _date(params, "from", "开始日期", result)
    result.date_to = _date(params, "to", "结束日期", result)
    if result.date_from and result.date_to and result.date_from > result.date_to:
        result.date_from, result.date_to = result.date_to, result.date_from
        result.notices.append("开始日期晚于结束日期，已自动对调。")

    sort = (params.get("sort", "") or "").strip()
    if sort and sort not in SORTS:
        result.problems.append(f"排序方式“{_echo(sort)}”无效（可选：relevance 相关度、date 时间），已按相关度排序。")
    elif sort:
        result.sort = sort

    field_name = (params.get("field", "") or "").strip()
    if field_name and field_name not in FIELDS:
        result.problems.append(f"搜索范围“{_echo(field_name)}”无效（可选：all 全文、title 标题、docnum 文号），已搜索全文。")
    elif field_name:
        result.field = field_name

    page = (params.get("page", "") or "").strip()
    if page:
        number = int(page) if _PAGE.fullmatch(page) else 0
        if number < 1:
            result.problems.append(f"页码“{_echo(page)}”无效，已显示第 1 页。")
        elif number > MAX_PAGE:
            result.problems.append(f"最多可查看前 {MAX_PAGE} 页结果，已显示第 {MAX_PAGE} 页。")
            result.page = MAX_PAGE
        else:
            result.page = number
    return result
