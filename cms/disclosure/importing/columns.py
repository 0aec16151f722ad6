"""The columns (表头) of an import or export sheet, in the order an export writes them."""

from __future__ import annotations

TITLE = "标题"
BODY = "正文"
SUMMARY = "内容概述"
WRITTEN_DATE = "成文日期"
PUBLISH_DATE = "发布日期"
DOCUMENT_NUMBER = "文号"
TOPIC = "主题分类"
GENRE = "体裁分类"
VALIDITY = "有效性"
VALIDITY_DATE = "失效废止日期"
KEYWORDS = "关键词"
AGENCY = "发布机构"
POLICY = "解读的政策文件"  # only in 政策解读 columns
INDEX_NUMBER = "索引号"  # written by the export; on import it identifies an existing item
LINK = "链接"  # written by the export; ignored on import

#: The columns every import accepts, in export order.
ITEM_HEADERS: tuple[str, ...] = (
    TITLE, BODY, SUMMARY, WRITTEN_DATE, PUBLISH_DATE, DOCUMENT_NUMBER, TOPIC, GENRE, VALIDITY,
    VALIDITY_DATE, KEYWORDS, AGENCY,
)
#: Written by the export so that an exported sheet can be edited and imported again.
EXPORT_ONLY_HEADERS: tuple[str, ...] = (INDEX_NUMBER, LINK)
REQUIRED_HEADERS: tuple[str, ...] = (TITLE,)

#: Other spellings staff use for the same column.
ALIASES: dict[str, str] = {
    "失效/废止日期": VALIDITY_DATE,
    "失效／废止日期": VALIDITY_DATE,
    "发文字号": DOCUMENT_NUMBER,
    "主题": TOPIC,
    "体裁": GENRE,
}

#: Longest accepted text per column (the database column sizes).
MAX_LENGTHS: dict[str, int] = {
    TITLE: 255,
    DOCUMENT_NUMBER: 100,
    KEYWORDS: 200,
    AGENCY: 100,
}


def headers_for(interpretation: bool) -> tuple[str, ...]:
    """The headers an import into a column accepts (政策解读 columns take 解读的政策文件 as well)."""
    extra = (POLICY,) if interpretation else ()
    return ITEM_HEADERS + extra + EXPORT_ONLY_HEADERS


def canonical_header(raw: object) -> str:
    """A header cell as text, with whitespace removed and aliases resolved."""
    text = "".join(str(raw or "").split())
    text = text.lstrip("\ufeff*＊")  # BOM left by some tools; "*" marks required columns in templates
    return ALIASES.get(text, text)
