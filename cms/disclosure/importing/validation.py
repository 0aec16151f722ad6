"""Validation of import rows: every row is checked before anything is written.

The checks need a handful of queries whatever the number of rows (topics, the column's
existing items, the department's policies for 政策解读); each row is then converted to an
:class:`ItemData` or reported with its row number, column and reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cms.columns.kinds import ColumnKind
from cms.core.models import local_today
from cms.core.queries import children_of
from cms.core.sanitize import looks_like_html, sanitize_html, text_to_rich_text
from cms.disclosure.models import Genre, InterpretationPage, PolicyDocumentPage, Validity
from cms.taxonomy.models import Topic

from . import columns as c
from .errors import RowError
from .parsing import cell_text, parse_date
from .progress import progress_bar

ItemKey = tuple[str, str, datetime.date | None]


@dataclass
class ItemData:
    """One valid row, converted to the values of a disclosure item."""

    row: int
    title: str
    publish_date: datetime.date
    written_date: datetime.date | None = None
    body: str = ""
    summary: str = ""
    document_number: str = ""
    topic_id: int | None = None
    genre: str = Genre.OTHER
    validity: str = Validity.VALID
    validity_changed_on: datetime.date | None = None
    keywords: str = ""
    issuing_agency: str = ""
    policy_id: int | None = None

    @property
    def key(self) -> ItemKey:
        """What makes two rows the same item: 标题 + 文号 + 成文日期."""
        return (self.title, self.document_number, self.written_date)


@dataclass
class Validated:
    """The outcome of validating all rows."""

    items: list[ItemData] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0


def _label_lookup(choices: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Map labels (also without a bracketed note, e.g. 命令 for 命令（令）) and values to values."""
    lookup: dict[str, str] = {}
    for value, label in choices:
        lookup[value] = value
        lookup[label] = value
        short = label.split("（", 1)[0]
        lookup.setdefault(short, value)
    return lookup


GENRES = _label_lookup(Genre.choices)
GENRES.setdefault("令", Genre.ORDER)
VALIDITIES = _label_lookup(Validity.choices)


class _Topics:
    """主题分类 by name, or by “上级 / 名称” when a name occurs under two parents."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[int]] = {}
        self.by_path: dict[str, int] = {}
        for topic in Topic.objects.select_related("parent"):
            self.by_name.setdefault(topic.name, []).append(topic.pk)
            if topic.parent_id:
                self.by_path[f"{topic.parent.name}/{topic.name}"] = topic.pk

    def resolve(self, raw: str) -> int:
        name = raw.strip()
        compact = "".join(name.replace("／", "/").replace("-", "/").split())
        if "/" in compact and compact in self.by_path:
            return self.by_path[compact]
        ids = self.by_name.get(name) or self.by_name.get(compact.rsplit("/", 1)[-1]) or []
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise ValueError(f"找不到主题分类“{raw}”")
        raise ValueError(f"主题分类“{raw}”有多个同名项，请写成“上级分类 / {name}”")


class _Policies:
    """The department's policy documents, found by 文号 or 标题 (for 解读的政策文件).

    Fetched in one plain query, not ``iterator()``: PostgreSQL plans a server-side cursor for
    the first rows, and right after a bulk import (statistics not yet updated) that plan can
    take seconds where the ordinary one takes milliseconds.
    """

    def __init__(self, department_id: int | None) -> None:
        self.by_number: dict[str, list[int]] = {}
        self.by_title: dict[str, list[int]] = {}
        rows = (
            PolicyDocumentPage.objects.filter(department_id=department_id)
            .exclude(pk__in=InterpretationPage.objects.values("pk"))
            .values_list("pk", "title", "document_number")
        )
        for pk, title, number in rows:
            if number:
                self.by_number.setdefault(number, []).append(pk)
            self.by_title.setdefault(title, []).append(pk)

    def resolve(self, raw: str) -> int:
        ids = self.by_number.get(raw) or self.by_title.get(raw) or []
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise ValueError(f"本部门没有文号或标题为“{raw}”的政策文件")
        raise ValueError(f"“{raw}”对应多份政策文件，请改填文号")


def existing_items(column) -> tuple[set[ItemKey], set[str]]:
    """Keys (标题, 文号, 成文日期) and 索引号 of the items already in ``column``."""
    keys: set[ItemKey] = set()
    numbers: set[str] = set()
    rows = children_of(PolicyDocumentPage.objects, column).values_list(
        "title", "document_number", "written_date", "index_number"
    )
    for title, number, written, index_number in rows:
        keys.add((title, number, written))
        if index_number:
            numbers.add(index_number)
    return keys, numbers


def is_interpretation_column(column) -> bool:
    return column.kind == ColumnKind.INTERPRETATION


class RowValidator:
    """Checks rows against one column; preloads what it needs in a few queries."""

    def __init__(self, column, *, today: datetime.date | None = None) -> None:
        self.column = column
        self.today = today or local_today()
        self.interpretation = is_interpretation_column(column)
        self.allowed = set(c.headers_for(self.interpretation))
        self._topics: _Topics | None = None
        self._policies: _Policies | None = None
        self.existing_keys, self.existing_numbers = existing_items(column)

    @property
    def topics(self) -> _Topics:
        if self._topics is None:
            self._topics = _Topics()
        return self._topics

    @property
    def policies(self) -> _Policies:
        if self._policies is None:
            self._policies = _Policies(self.column.department_id)
        return self._policies

    # --- headers ------------------------------------------------------------------------

    def check_headers(self, headers: Iterable[str], header_row: int = 1) -> list[RowError]:
        errors: list[RowError] = []
        seen: set[str] = set()
        for header in headers:
            if not header:
                continue
            if header in seen:
                errors.append(RowError(header_row, header, "表头重复"))
            seen.add(header)
            if header == c.POLICY and not self.interpretation:
                errors.append(RowError(header_row, header, "只有“政策解读”栏目可以填写此列"))
            elif header not in self.allowed:
                errors.append(
                    RowError(header_row, header, f"无法识别的列（可用的列：{'、'.join(sorted_headers(self.allowed))}）")
                )
        if c.TITLE not in seen:
            errors.append(RowError(header_row, c.TITLE, "缺少必填的“标题”列"))
        return errors

    # --- rows ---------------------------------------------------------------------------

    def _text(self, values: dict[str, object], header: str, errors: list[RowError], row: int) -> str:
        value = values.get(header)
        if value is None:
            return ""
        text = cell_text(value)
        limit = c.MAX_LENGTHS.get(header)
        if limit and len(text) > limit:
            errors.append(RowError(row, header, f"不能超过 {limit} 个字（现有 {len(text)} 个字）"))
        return text

    def _date(self, values: dict[str, object], header: str, errors: list[RowError], row: int):
        value = values.get(header)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            errors.append(RowError(row, header, str(exc)))
            return None

    def check_row(self, row: int, values: dict[str, object]) -> tuple[ItemData | None, list[RowError]]:
        errors: list[RowError] = []
        if "" in values:
            errors.append(RowError(row, "", f"有内容“{cell_text(values[''])}”不在任何表头之下"))

        title = " ".join(self._text(values, c.TITLE, errors, row).split())
        if not title:
            errors.append(RowError(row, c.TITLE, "不能为空"))

        written = self._date(values, c.WRITTEN_DATE, errors, row)
        published = self._date(values, c.PUBLISH_DATE, errors, row)
        if values.get(c.PUBLISH_DATE) is None:
            published = self.today
        elif published and published > self.today:
            errors.append(RowError(row, c.PUBLISH_DATE, f"“{published.isoformat()}”晚于今天，发布日期不能是将来的日期"))
        if written and published and written > published:
            errors.append(
                RowError(
                    row, c.WRITTEN_DATE,
                    f"成文日期“{written.isoformat()}”晚于发布日期“{published.isoformat()}”",
                )
            )

        topic_id = None
        topic_text = self._text(values, c.TOPIC, errors, row)
        if topic_text:
            try:
                topic_id = self.topics.resolve(topic_text)
            except ValueError as exc:
                errors.append(RowError(row, c.TOPIC, str(exc)))

        genre = Genre.OTHER
        genre_text = "".join(self._text(values, c.GENRE, errors, row).split())
        if genre_text:
            genre = GENRES.get(genre_text) or GENRES.get(genre_text.replace("(", "（").replace(")", "）"))
            if genre is None:
                labels = "、".join(label for _, label in Genre.choices)
                errors.append(RowError(row, c.GENRE, f"无法识别的体裁分类“{genre_text}”（可填：{labels}）"))

        validity = Validity.VALID
        validity_text = "".join(self._text(values, c.VALIDITY, errors, row).split())
        if validity_text:
            validity = VALIDITIES.get(validity_text)
            if validity is None:
                errors.append(RowError(row, c.VALIDITY, f"无法识别的有效性“{validity_text}”（可填：有效、失效、废止）"))
        changed_on = self._date(values, c.VALIDITY_DATE, errors, row)
        if validity and validity != Validity.VALID and changed_on is None and values.get(c.VALIDITY_DATE) is None:
            errors.append(RowError(row, c.VALIDITY_DATE, f"有效性为“{Validity(validity).label}”时必须填写失效废止日期"))
        if validity == Validity.VALID and changed_on:
            errors.append(RowError(row, c.VALIDITY_DATE, "有效性为“有效”时不填写失效废止日期"))

        body_text = self._text(values, c.BODY, errors, row)
        body = sanitize_html(body_text) if looks_like_html(body_text) else text_to_rich_text(body_text)

        policy_id = None
        if self.interpretation:
            policy_text = self._text(values, c.POLICY, errors, row)
            if policy_text:
                try:
                    policy_id = self.policies.resolve(policy_text)
                except ValueError as exc:
                    errors.append(RowError(row, c.POLICY, str(exc)))

        item = ItemData(
            row=row,
            title=title,
            publish_date=published or self.today,
            written_date=written,
            body=body,
            summary=self._text(values, c.SUMMARY, errors, row),
            document_number=" ".join(self._text(values, c.DOCUMENT_NUMBER, errors, row).split()),
            topic_id=topic_id,
            genre=genre or Genre.OTHER,
            validity=validity or Validity.VALID,
            validity_changed_on=changed_on,
            keywords=self._text(values, c.KEYWORDS, errors, row),
            issuing_agency=self._text(values, c.AGENCY, errors, row),
            policy_id=policy_id,
        )
        return (None if errors else item), errors


def sorted_headers(headers: Iterable[str]) -> list[str]:
    order = {h: i for i, h in enumerate(c.ITEM_HEADERS + (c.POLICY,) + c.EXPORT_ONLY_HEADERS)}
    return sorted(headers, key=lambda h: order.get(h, len(order)))


def validate(
    column,
    rows: Sequence[tuple[int, dict[str, object]]],
    *,
    headers: Sequence[str] | None = None,
    header_row: int = 1,
    progress: bool = False,
) -> Validated:
    """Check every row; return the items to create, the rows to skip and all problems."""
    validator = RowValidator(column)
    result = Validated(total=len(rows))
    if headers is None:
        seen: dict[str, None] = {}
        for _, values in rows:
            seen.update(dict.fromkeys(k for k in values if k))
        headers = list(seen)
    result.errors.extend(validator.check_headers(headers, header_row))

    first_row_of: dict[ItemKey, int] = {}
    for row, values in progress_bar(rows, enabled=progress, desc="校验", unit="行"):
        item, errors = validator.check_row(row, values)
        index_number = cell_text(values.get(c.INDEX_NUMBER))
        if item is not None:
            earlier = first_row_of.setdefault(item.key, row)
            if earlier != row:
                errors.append(RowError(row, "", f"与第 {earlier} 行重复（标题、文号、成文日期都相同）"))
                item = None
        if index_number and index_number not in validator.existing_numbers:
            errors.append(
                RowError(row, c.INDEX_NUMBER, f"“{index_number}”不是本栏目已有条目的索引号；新条目请留空，导入时自动生成")
            )
            item = None
        if errors:
            result.errors.extend(errors)
            continue
        if index_number or item.key in validator.existing_keys:
            result.skipped_rows.append(row)
        else:
            result.items.append(item)
    return result
