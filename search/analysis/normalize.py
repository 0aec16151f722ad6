"""Text normalisation applied before segmentation, on both indexed text and queries.

- full-width forms become half-width (``ＡＢＣ１２３`` → ``abc123``) and compatibility forms are
  folded (Unicode NFKC);
- traditional characters become simplified, character by character, with OpenCC's
  ``TSCharacters`` table (a citizen in Hong Kong or Taiwan types ``營業執照``);
- Latin letters are lower-cased;
- everything that is neither a letter, a digit nor a CJK character becomes a space, so emoji,
  control characters and query-syntax characters (``" * ( ) : ^ ~ -`` …) never reach an engine.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

#: The longest query the service analyses; anything longer is cut (a 10,000-character paste
#: must not cost 10,000 characters of work).
MAX_QUERY_CHARS = 100

_CJK = (
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
)
CJK_CHAR = re.compile(f"[{_CJK}]")
CJK_RUN = re.compile(f"[{_CJK}]+")
#: A token run: CJK characters, or ASCII letters and digits.
TOKEN_RUN = re.compile(f"[{_CJK}]+|[a-z0-9]+")
_NOT_TOKEN = re.compile(f"[^{_CJK}a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def strip_control(text: str) -> str:
    """Text without control characters (NUL cannot even be stored by PostgreSQL)."""
    return _CONTROL.sub("", text or "")


@functools.cache
def _traditional_table() -> dict[int, str]:
    """Traditional → simplified, one character each (the first OpenCC candidate)."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = target
    return table


def to_simplified(text: str) -> str:
    """Traditional Chinese characters replaced by their simplified forms."""
    return text.translate(_traditional_table())


def normalize(text: str) -> str:
    """Text folded for matching: NFKC, simplified, lower case, separators as single spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text).lower()
    return _NOT_TOKEN.sub(" ", text).strip()


def normalize_query(text: str) -> str:
    """A query normalised like indexed text, cut to ``MAX_QUERY_CHARS`` characters first."""
    return normalize((text or "")[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_CHARS].strip()


def is_cjk(token: str) -> bool:
    """True when ``token`` starts with a CJK character (tokens are never mixed)."""
    return bool(token) and CJK_CHAR.match(token) is not None


_DOC_NUMBER_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕",
                                      "(": "〔", ")": "〕", "（": "〔", "）": "〕", "{": "〔", "}": "〕"})
DOC_NUMBER = re.compile(r"^\s*\S{1,20}?〔(19|20)\d{2}〕\s*\d{1,5}\s*号\s*$")


def normalize_doc_number(text: str) -> str:
    """A 文号 in one canonical form: ``云政发[2024]3号`` and ``云政发〔2024〕3号`` are the same.

    The 《党政机关公文格式》(GB/T 9704-2012) writes the year in hexagonal brackets 〔〕; people type
    square or round ones.
    """
    text = unicodedata.normalize("NFKC", text or "").translate(_DOC_NUMBER_BRACKETS)
    return _CONTROL.sub("", re.sub(r"\s+", "", to_simplified(text)))


def looks_like_doc_number(text: str) -> bool:
    """True when the query is a whole 文号, such as ``云政发〔2024〕3号``."""
    return DOC_NUMBER.match(normalize_doc_number(text)) is not None
