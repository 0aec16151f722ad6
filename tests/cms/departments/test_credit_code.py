"""统一社会信用代码 validation (GB 32100-2015 check character)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cms.departments.credit_code import check_character, is_valid_credit_code, validate_credit_code


@pytest.mark.parametrize("code", ["11441700007280420Y", "91350100M000100Y43", "91110000600037341L"])
def test_real_codes_are_valid(code):
    assert is_valid_credit_code(code)
    validate_credit_code(code)


def test_wrong_check_character_names_the_expected_one():
    with pytest.raises(ValidationError) as exc:
        validate_credit_code("11441700007280420X")
    assert "应为 Y" in exc.value.messages[0]


@pytest.mark.parametrize(
    ("code", "fragment"),
    [("1144170000728042", "18 位"), ("11441700007280420YY", "18 位"), ("11441700007280I20Y", "不允许的字符"),
     ("11441700007280420y", "不允许的字符")],
)
def test_malformed_codes_are_rejected_with_a_reason(code, fragment):
    assert not is_valid_credit_code(code)
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert fragment in exc.value.messages[0]


def test_check_character_round_trip():
    body = "12510000MB0000000"
    assert is_valid_credit_code(body + check_character(body))
