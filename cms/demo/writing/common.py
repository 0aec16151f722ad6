"""Shared pieces of the demo writers: the generated item, numbers, dates, people and places."""

from __future__ import annotations

import datetime
import html
import random
import re
from dataclasses import dataclass

from cms.demo.departments import COUNTY, DemoDepartment

VILLAGES = (
    "青石镇岩脚村", "青石镇茶山村", "白沙镇河湾村", "白沙镇新民村", "龙潭乡龙泉村", "龙潭乡石门村",
    "桂花乡桂香村", "桂花乡松林村", "城关街道文昌社区", "城关街道滨江社区", "白沙镇沙坝村", "青石镇大坪村",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何罗高林郑梁谢宋唐许韩邓冯曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁沈任姚卢"
GIVEN = "建国军华明丽芳伟强敏静磊洋勇艳杰娟涛超霞平刚桂英志红玉兰文斌凯鹏海燕晓东雪梅春林立新云飞家宏俊翠永"
REPORTERS_SOURCE = "云溪县融媒体中心"


@dataclass
class Item:
    """One generated item: the import row of a disclosure item, or the fields of an article."""

    title: str
    body: str
    publish_date: datetime.date
    summary: str = ""
    written_date: datetime.date | None = None
    document_number: str = ""
    topic: str = ""
    genre: str = "其他"
    keywords: str = ""
    agency: str = ""
    policy: str = ""  # 文号 of the policy an interpretation explains
    validity: str = "有效"
    validity_date: datetime.date | None = None
    source: str = ""
    author: str = ""

    def row(self) -> dict[str, object]:
        """The item as a row of the bulk import (keyed by the Chinese headers)."""
        row: dict[str, object] = {
            "标题": self.title, "正文": self.body, "内容概述": self.summary, "发布日期": self.publish_date,
            "成文日期": self.written_date, "文号": self.document_number, "主题分类": self.topic,
            "体裁分类": self.genre, "有效性": self.validity, "失效废止日期": self.validity_date,
            "关键词": self.keywords, "发布机构": self.agency,
        }
        if self.policy:
            row["解读的政策文件"] = self.policy
        return {key: value for key, value in row.items() if value not in (None, "")}


class Writer:
    """A seeded random source with the helpers every writer uses."""

    def __init__(self, seed: int | str) -> None:
        self.rng = random.Random(seed)

    def pick(self, seq):
        return self.rng.choice(seq)

    def sample(self, seq, k: int):
        return self.rng.sample(list(seq), min(k, len(seq)))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def fill(self, text: str) -> str:
        """Replace ``{a-b}`` by a number between a and b and ``{x|y}`` by one of the choices."""

        def number(match: re.Match) -> str:
            low, high = match.group(1), match.group(2)
            if "." in low or "." in high:
                return f"{self.rng.uniform(float(low), float(high)):.1f}"
            return str(self.rng.randint(int(low), int(high)))

        text = re.sub(r"\{(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)\}", number, text)
        return re.sub(r"\{([^{}]*\|[^{}]*)\}", lambda m: self.rng.choice(m.group(1).split("|")), text)

    def person(self) -> str:
        given = self.pick(GIVEN)
        if self.chance(0.7):
            given += self.pick(GIVEN.replace(given, ""))
        return self.pick(SURNAMES) + given

    def people(self, n: int) -> list[str]:
        names: list[str] = []
        while len(names) < n:
            name = self.person()
            if name not in names:
                names.append(name)
        return names

    def village(self) -> str:
        return self.pick(VILLAGES)

    def money(self, low: float, high: float) -> float:
        return round(self.rng.uniform(low, high), 2)


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def md(day: datetime.date) -> str:
    return f"{day.month}月{day.day}日"


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{html.escape(t)}</p>" for t in texts if t)


def heading(text: str) -> str:
    return f"<h3>{html.escape(text)}</h3>"


def table(header: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def signature(department: DemoDepartment, day: datetime.date) -> str:
    return paragraphs(department.name, cn_date(day))


def addressees(department: DemoDepartment) -> str:
    if department.kind == "subdistrict":
        return "各社区居民委员会，街道属各单位："
    if department.is_township:
        return f"各村（居）民委员会，{department.unit}属各单位："
    if department.slug == "xzfb":
        return "各乡镇人民政府、街道办事处，县直各单位："
    return "各乡镇人民政府、街道办事处，县直有关单位，局属各单位："


def place_name(department: DemoDepartment) -> str:
    """The prefix of a document's own name: 云溪县 for county organs, the township's name otherwise."""
    return department.short_name if department.is_township else COUNTY


def summarize(text: str, limit: int = 90) -> str:
    plain = re.sub(r"<[^>]+>", "", text)
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"


def workday(day: datetime.date, latest: datetime.date) -> datetime.date:
    """Move a weekend date to the nearest working day no later than ``latest``."""
    if day.weekday() == 5:
        return day - datetime.timedelta(days=1)
    if day.weekday() == 6:
        later = day + datetime.timedelta(days=1)
        return later if later <= latest else day - datetime.timedelta(days=2)
    return day
