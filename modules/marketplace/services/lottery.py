"""随机抽取: a draw anyone can verify (commit–reveal), documented in ``modules/marketplace/LOTTERY.md``.

Rules:
- at publication a random 32-byte secret is made (64 hex characters) and only its SHA-256
  (``commitment``) is published with the notice, so the secret is fixed before anyone signs up;
- at the draw the secret is revealed (``verify_commitment`` checks it against the commitment);
- ``seed = SHA-256(项目编号 + "|" + secret + "|" + candidate codes, sorted, joined by ",")``,
  ``index = int(seed, 16) mod n`` and the winner is the ``index``-th code in ascending order
  (0-based, plain code-point order of the 18-character 统一社会信用代码);
- the result depends only on these published inputs: re-running ``draw`` gives the same winner.

This module is pure Python (standard library only) so that anyone can run it without the site:
``python modules/marketplace/services/lottery.py ZJ2026-0001 <secret> CODE1 CODE2 ...``.
"""

from __future__ import annotations

import hashlib
import secrets as _secrets
import sys
from dataclasses import dataclass

ALGORITHM = "gongkai-lottery-v1"
ALGORITHM_TEXT = (
    "种子 = SHA-256(项目编号 + \"|\" + 随机值 + \"|\" + 候选机构统一社会信用代码按升序以\",\"连接)；"
    "中选序号 = 种子（十六进制整数） mod 候选数；按升序排列的候选代码中该序号（从 0 起）的机构中选。"
)


@dataclass(frozen=True)
class DrawResult:
    """The published outcome of a draw: the seed (hex), the 0-based index, the winner's code."""

    seed_hex: str
    index: int
    winner: str
    algorithm: str = ALGORITHM


def new_secret() -> str:
    """A fresh random secret: 32 bytes from the OS's CSPRNG, as 64 lowercase hex characters."""
    return _secrets.token_hex(32)


def commitment(secret: str) -> str:
    """The published commitment of ``secret``: SHA-256 of its ASCII text, lowercase hex."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def verify_commitment(secret: str, published: str) -> bool:
    """True when ``secret`` is the value whose SHA-256 was published before the sign-ups."""
    return _secrets.compare_digest(commitment(secret), (published or "").lower())


def ordered(candidates: list[str]) -> list[str]:
    """The candidates as the draw numbers them: stripped, upper-case, ascending, no duplicates."""
    codes = [c.strip().upper() for c in candidates]
    if len(set(codes)) != len(codes):
        raise ValueError("候选机构代码重复。")
    if any(not c for c in codes):
        raise ValueError("候选机构代码不能为空。")
    return sorted(codes)


def seed_of(project_number: str, secret: str, candidates: list[str]) -> str:
    """SHA-256 (hex) of ``项目编号|随机值|代码1,代码2,…`` with the codes in ascending order."""
    text = f"{project_number}|{secret}|{','.join(ordered(candidates))}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draw(project_number: str, secret: str, candidates: list[str]) -> DrawResult:
    """Draw one winner among ``candidates`` (统一社会信用代码); deterministic in its inputs."""
    codes = ordered(candidates)
    if not codes:
        raise ValueError("没有候选机构，无法抽取。")
    if not secret:
        raise ValueError("缺少随机值，无法抽取。")
    seed = seed_of(project_number, secret, codes)
    index = int(seed, 16) % len(codes)
    return DrawResult(seed_hex=seed, index=index, winner=codes[index])


def _main(argv: list[str]) -> int:
    if len(argv) < 3:
        print("用法: python lottery.py 项目编号 随机值 候选代码1 [候选代码2 ...]", file=sys.stderr)
        return 2
    result = draw(argv[0], argv[1], argv[2:])
    print(f"种子: {result.seed_hex}\n序号: {result.index}\n中选: {result.winner}\n算法: {result.algorithm}")
    return 0


if __name__ == "__main__":  # pragma: no cover - a command for people checking a draw by hand
    raise SystemExit(_main(sys.argv[1:]))
