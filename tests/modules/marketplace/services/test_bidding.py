"""Ranking of opened quotes: lowest amount or highest rate, invalid quotes out, documented ties."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from modules.marketplace.models import QuoteMethod
from modules.marketplace.services import lottery
from modules.marketplace.services.bidding import Quote, quote_problem, rank_quotes

T = datetime.datetime(2026, 9, 29, 10, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)


def q(key: str, value: str | None, minutes: int = 0) -> Quote:
    return Quote(key=key, value=None if value is None else Decimal(value), quoted_at=T + minutes * MINUTE)


def test_lowest_valid_amount_wins_and_invalid_ones_are_left_out():
    quotes = [q("A", "85000"), q("B", "91000"), q("C", "80000"), q("D", None), q("E", "0"), q("F", "82000.5")]
    ranked = rank_quotes(quotes, QuoteMethod.AMOUNT, Decimal("90000"))
    assert [r.key for r in ranked] == ["C", "F", "A"]


def test_max_price_itself_is_valid():
    assert rank_quotes([q("A", "90000")], QuoteMethod.AMOUNT, Decimal("90000"))[0].key == "A"
    assert quote_problem(Decimal("90000.01"), QuoteMethod.AMOUNT, Decimal("90000")).startswith("报价超过最高限价")
    assert quote_problem(Decimal("5"), QuoteMethod.AMOUNT, None) == ""


def test_highest_rate_wins_within_0_to_100():
    quotes = [q("A", "12.5"), q("B", "100"), q("C", "100.01"), q("D", "-1"), q("E", "0")]
    ranked = rank_quotes(quotes, QuoteMethod.RATE, Decimal("90000"))
    assert [r.key for r in ranked] == ["B", "A", "E"]
    assert quote_problem(Decimal("-1"), QuoteMethod.RATE, None) == "下浮率应在 0 至 100 之间"


def test_tie_goes_to_the_earlier_quote():
    ranked = rank_quotes([q("A", "80000", 5), q("B", "80000", 2), q("C", "80000", 9)], QuoteMethod.AMOUNT,
                         Decimal("90000"))
    assert [r.key for r in ranked] == ["B", "A", "C"]


def test_exact_tie_is_ordered_by_the_lottery_rule():
    secret = "5a" * 32
    codes = ["91530100MA00000011", "91530100MA0000002X", "91530100MA0000003Q"]
    quotes = [q(code, "80000", 0) for code in codes] + [q("LATER", "80000", 1), q("CHEAPER", "70000", 3)]
    ranked = [r.key for r in rank_quotes(quotes, QuoteMethod.AMOUNT, Decimal("90000"), project_number="ZJ2026-0003",
                                         secret=secret)]
    first = lottery.draw("ZJ2026-0003", secret, codes).winner
    rest = [c for c in codes if c != first]
    second = lottery.draw("ZJ2026-0003", secret, rest).winner
    assert ranked[0] == "CHEAPER" and ranked[-1] == "LATER"
    assert ranked[1:4] == [first, second, next(c for c in rest if c != second)]
    again = rank_quotes(list(reversed(quotes)), QuoteMethod.AMOUNT, Decimal("90000"), project_number="ZJ2026-0003",
                        secret=secret)
    assert [r.key for r in again] == ranked


def test_exact_tie_without_a_secret_is_refused():
    with pytest.raises(ValueError, match="随机值"):
        rank_quotes([q("A", "1"), q("B", "1")], QuoteMethod.AMOUNT, None)
