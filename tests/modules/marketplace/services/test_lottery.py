"""The lottery: a pure, documented function anyone can re-run; LOTTERY.md's worked example holds."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from modules.marketplace.services import lottery

CODES = ["91530100MA0000003Q", "91530100MA00000011", "91530100MA0000002X"]
LOTTERY_MD = Path(lottery.__file__).resolve().parents[1] / "LOTTERY.md"


def test_draw_follows_the_documented_algorithm():
    secret = "ab" * 32
    result = lottery.draw("ZJ2026-0001", secret, CODES)
    ordered = sorted(CODES)
    seed = hashlib.sha256(f"ZJ2026-0001|{secret}|{','.join(ordered)}".encode()).hexdigest()
    assert result.seed_hex == seed
    assert result.index == int(seed, 16) % 3
    assert result.winner == ordered[result.index]
    assert result.algorithm == lottery.ALGORITHM


def test_draw_is_deterministic_and_ignores_the_order_given():
    secret = lottery.new_secret()
    first = lottery.draw("ZJ2026-0007", secret, CODES)
    assert lottery.draw("ZJ2026-0007", secret, list(reversed(CODES))) == first
    assert lottery.draw("ZJ2026-0007", secret, [c.lower() + " " for c in CODES]) == first


def test_every_input_matters():
    secret = "cd" * 32
    seeds = {lottery.draw("ZJ2026-0001", secret, CODES).seed_hex,
             lottery.draw("ZJ2026-0002", secret, CODES).seed_hex,
             lottery.draw("ZJ2026-0001", "ce" * 32, CODES).seed_hex,
             lottery.draw("ZJ2026-0001", secret, CODES[:2]).seed_hex}
    assert len(seeds) == 4


def test_winners_spread_over_candidates():
    winners = {lottery.draw(f"ZJ2026-{n:04d}", "00" * 32, CODES).winner for n in range(1, 60)}
    assert winners == set(CODES)


def test_commitment_is_sha256_of_the_secret_and_verifies():
    secret = lottery.new_secret()
    assert re.fullmatch(r"[0-9a-f]{64}", secret)
    assert lottery.commitment(secret) == hashlib.sha256(secret.encode()).hexdigest()
    assert lottery.verify_commitment(secret, lottery.commitment(secret).upper())
    assert not lottery.verify_commitment(lottery.new_secret(), lottery.commitment(secret))
    assert lottery.new_secret() != lottery.new_secret()


@pytest.mark.parametrize("candidates, message", [([], "没有候选"), (["A", "a"], "重复"), (["A", " "], "不能为空")])
def test_bad_candidates_are_refused(candidates, message):
    with pytest.raises(ValueError, match=message):
        lottery.draw("ZJ2026-0001", "ab" * 32, candidates)


def test_missing_secret_is_refused():
    with pytest.raises(ValueError, match="随机值"):
        lottery.draw("ZJ2026-0001", "", CODES)


def test_command_line_gives_the_same_result_without_django():
    script = Path(lottery.__file__)
    out = subprocess.run([sys.executable, str(script), "ZJ2026-0001", "ab" * 32, *CODES], capture_output=True,
                         text=True, check=True, env={"PATH": "/usr/bin:/bin"}).stdout
    result = lottery.draw("ZJ2026-0001", "ab" * 32, CODES)
    assert f"种子: {result.seed_hex}" in out and f"中选: {result.winner}" in out


def test_the_worked_example_of_lottery_md_is_right():
    text = LOTTERY_MD.read_text(encoding="utf-8")

    def value(label: str) -> str:
        return re.search(rf"^{label}:\s*(\S+)\s*$", text, re.M).group(1)

    candidates = value("candidates").split(",")
    result = lottery.draw(value("project_number"), value("secret"), candidates)
    assert lottery.commitment(value("secret")) == value("commitment")
    assert result.seed_hex == value("seed")
    assert str(result.index) == value("index")
    assert result.winner == value("winner")
