"""竞价选取: ranking the opened quotes.

Rules:
- 报价金额: a quote is valid when it is more than 0 and not above the ceiling (最高限价, or the
  budget when no 最高限价 was set); the lowest valid amount wins;
- 下浮率: a quote is valid when the rate is between 0 and 100 (%, both included); the highest
  rate wins;
- ties (the same value): the earlier ``quoted_at`` wins (the quote's last submission); quotes with
  the same value *and* the same time are ordered by the lottery rule (``lottery.draw`` over their
  credit codes with the project's number and revealed secret: the drawn one first, then a draw
  among the rest, and so on).
Invalid quotes are left out of the ranking (``quote_problem`` says why).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from ..models import QuoteMethod
from . import lottery


@dataclass(frozen=True)
class Quote:
    """An opened quote: the agency's credit code (``key``), the value and when it was submitted."""

    key: str
    value: Decimal | None
    quoted_at: datetime.datetime | None
    signup_id: int | None = None


def quote_problem(value: Decimal | None, quote_method: str, max_price: Decimal | None) -> str:
    """Why ``value`` is not a valid quote ("" when it is)."""
    if value is None:
        return "未报价"
    if quote_method == QuoteMethod.RATE:
        if value < 0 or value > 100:
            return "下浮率应在 0 至 100 之间"
        return ""
    if value <= 0:
        return "报价金额应大于 0"
    if max_price is not None and value > max_price:
        return f"报价超过最高限价（{max_price} 元）"
    return ""


def rank_quotes(quotes: list[Quote], quote_method: str, max_price: Decimal | None, *,
                project_number: str = "", secret: str = "") -> list[Quote]:
    """The valid quotes, best first (see the module's rules for ties)."""
    valid = [q for q in quotes if not quote_problem(q.value, quote_method, max_price)]
    far_future = datetime.datetime.max.replace(tzinfo=datetime.UTC)

    def key(q: Quote):
        value = -q.value if quote_method == QuoteMethod.RATE else q.value
        return value, q.quoted_at or far_future

    ranked: list[Quote] = []
    for _, group in groupby(sorted(valid, key=key), key=key):
        tied = list(group)
        ranked.extend(_by_lottery(tied, project_number, secret) if len(tied) > 1 else tied)
    return ranked


def _by_lottery(tied: list[Quote], project_number: str, secret: str) -> list[Quote]:
    """Order exactly tied quotes by successive draws (needs the project's number and secret)."""
    if not secret:
        raise ValueError("报价完全相同且报价时间相同，需要项目的随机值才能按抽取规则排序。")
    remaining = {q.key: q for q in tied}
    order: list[Quote] = []
    while len(remaining) > 1:
        winner = lottery.draw(project_number, secret, list(remaining)).winner
        order.append(remaining.pop(winner))
    order.extend(remaining.values())
    return order
