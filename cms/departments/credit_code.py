"""The 18-character 统一社会信用代码 (unified social credit identifier).

Structure and check digit follow GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》:
an alphabet of 31 characters (digits and capital letters without I, O, S, V, Z), weights
3^(i) mod 31 for positions 1–17, and the 18th character chosen so the weighted sum is a
multiple of 31.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first_17: str) -> str:
    """Return the check character for the first 17 characters of a code."""
    total = sum(ALPHABET.index(ch) * weight for ch, weight in zip(first_17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    """True when ``code`` has 18 characters of the alphabet and a correct check character."""
    if len(code) != 18 or any(ch not in ALPHABET for ch in code):
        return False
    return check_character(code[:17]) == code[17]


def validate_credit_code(code: str) -> None:
    """Django validator: reject a malformed 统一社会信用代码 with a message saying why."""
    if len(code) != 18:
        raise ValidationError("统一社会信用代码应为 18 位，当前为 %(n)s 位。", params={"n": len(code)})
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        raise ValidationError(
            "统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、S、V、Z 和小写字母）。",
            params={"chars": "".join(bad)},
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            "统一社会信用代码校验位错误：应为 %(expected)s。", params={"expected": expected}
        )
