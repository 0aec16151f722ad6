"""Cell values of the guide workbook, both ways: parsing what staff type, writing what we store.

Every parser raises ``ValueError`` with the Chinese message shown to the user.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence

from bs4 import BeautifulSoup, NavigableString, Tag

from cms.core.sanitize import looks_like_html, sanitize_html, text_to_rich_text

YES, NO = "是", "否"
_INTEGER = re.compile(r"(\d+)\s*(?:个)?(?:工作日)?")
_FAQ_MARK = re.compile(r"(问|答)\s*[:：]")
_THEME_SPLIT = re.compile(r"[、,，;；\n]+")


def cell_text(value: object) -> str:
    """A cell shown as text: numbers without ``.0``, dates as ISO, booleans as 是/否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def parse_yes_no(value: object) -> bool:
    """是/否 (real Excel booleans too); blank is 否."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = unicodedata.normalize("NFKC", cell_text(value))
    if text == YES:
        return True
    if text == NO:
        return False
    raise ValueError(f"应填“是”或“否”，不能填“{cell_text(value)}”。")


def parse_integer(value: object, *, maximum: int = 32767, unit: str = "") -> int | None:
    """A whole number ≥ 0 (``20``, ``20.0``, ``20个工作日``); blank is ``None``."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"应填整数，不能填“{cell_text(value)}”。")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        raise ValueError(f"应填整数，不能填“{value:g}”。")
    else:
        text = unicodedata.normalize("NFKC", cell_text(value)).replace(" ", "")
        match = _INTEGER.fullmatch(text)
        if not match:
            raise ValueError(f"应填整数{unit}，不能填“{cell_text(value)}”。")
        number = int(match.group(1))
    if number < 0 or number > maximum:
        raise ValueError(f"应为 0 到 {maximum} 之间的整数，不能填“{cell_text(value)}”。")
    return number


def choice_lookup(choices: Iterable[tuple[object, str]], *aliases: tuple[str, object]) -> dict[str, object]:
    """Labels (and stored values, and extra aliases) to stored values."""
    lookup: dict[str, object] = {}
    for value, label in choices:
        lookup[str(label)] = value
        lookup[str(value)] = value
    for alias, value in aliases:
        lookup.setdefault(alias, value)
    return lookup


def parse_choice(value: object, lookup: dict[str, object], labels: Sequence[str]) -> object | None:
    """The stored value for a label; blank is ``None``; anything else lists the labels allowed."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", cell_text(value)).replace(" ", "")
    if text in lookup:
        return lookup[text]
    raise ValueError(f"无法识别“{cell_text(value)}”，可填：{'、'.join(labels)}。")


# --- rich text ------------------------------------------------------------------------------


def rich_text_from_cell(value: object) -> str:
    """Plain text becomes escaped paragraphs (one a line); HTML is sanitized."""
    text = cell_text(value)
    if not text:
        return ""
    if looks_like_html(text):
        return sanitize_html(text)
    return text_to_rich_text(text)


def rich_text_to_cell(value: str) -> str:
    """Stored rich text as staff edit it in Excel: plain paragraphs as lines, anything richer as HTML."""
    if not value:
        return ""
    soup = BeautifulSoup(value, "html.parser")
    lines: list[str] = []
    for node in soup.contents:
        if isinstance(node, NavigableString):
            if node.strip():
                return value
            continue
        if not isinstance(node, Tag) or node.name != "p" or any(isinstance(child, Tag) for child in node.contents):
            return value
        text = node.get_text()
        if not text.strip() or "\n" in text or looks_like_html(text):
            return value
        lines.append(text.strip())
    return "\n".join(lines)


# --- themes and FAQ -------------------------------------------------------------------------


def split_names(value: object) -> list[str]:
    """Theme names separated by 、 , ， ; or new lines (duplicates dropped, order kept)."""
    names = [unicodedata.normalize("NFKC", part).strip() for part in _THEME_SPLIT.split(cell_text(value))]
    return list(dict.fromkeys(name for name in names if name))


def parse_faq(value: object) -> list[tuple[str, str]]:
    """Pairs “问：……答：……” (one a line or separated by blank lines) as (question, answer)."""
    text = cell_text(value)
    if not text:
        return []
    marks = list(_FAQ_MARK.finditer(text))
    if not marks or text[: marks[0].start()].strip():
        raise ValueError("格式应为“问：……答：……”，每个问答一行或以空行分隔。")
    pairs: list[tuple[str, str]] = []
    for index in range(0, len(marks), 2):
        question_mark = marks[index]
        answer_mark = marks[index + 1] if index + 1 < len(marks) else None
        if question_mark.group(1) != "问" or answer_mark is None or answer_mark.group(1) != "答":
            raise ValueError(f"第 {index // 2 + 1} 个问答应为“问：……答：……”，问与答须成对出现。")
        end = marks[index + 2].start() if index + 2 < len(marks) else len(text)
        question = text[question_mark.end(): answer_mark.start()].strip()
        answer = text[answer_mark.end(): end].strip()
        if not question or not answer:
            raise ValueError(f"第 {index // 2 + 1} 个问答的问题和解答都不能为空。")
        if len(question) > 200:
            raise ValueError(f"第 {index // 2 + 1} 个问答的问题超过 200 字。")
        pairs.append((question, answer))
    return pairs


def faq_to_cell(pairs: Iterable[tuple[str, str]]) -> str:
    """The FAQ as “问：…\\n答：…” pairs separated by blank lines."""
    return "\n\n".join(f"问：{question}\n答：{answer}" for question, answer in pairs)


def faq_stream(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, dict[str, str]]]:
    """The StreamField value of the FAQ pairs."""
    return [("faq", {"question": question, "answer": answer}) for question, answer in pairs]
