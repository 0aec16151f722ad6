"""Checks of the values staff type in: 行政区划代码, telephone numbers, 快递单号.

Every check raises ``ValidationError`` with a Chinese message that says what is wrong and
what a valid value looks like.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

#: Two-digit province codes of GB/T 2260 (省级行政区划代码).
PROVINCE_CODES: dict[str, str] = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}

_PHONE = re.compile(r"^[0-9+＋()（）\- ]{7,30}$")
_TRACKING = re.compile(r"^[A-Za-z0-9-]{6,40}$")


def validate_region_code(value: str) -> None:
    """A county-level 行政区划代码: six digits, a known province, not a province or city code.

    The last two digits of a county code are never ``00`` (``xx00`` codes name a city or a
    province), and the first two must be one of the province codes of GB/T 2260.
    """
    value = (value or "").strip()
    if not re.fullmatch(r"\d{6}", value):
        raise ValidationError("行政区划代码应为 6 位数字，例如 331127。")
    if value[:2] not in PROVINCE_CODES:
        raise ValidationError(f"行政区划代码前两位 {value[:2]} 不是有效的省级代码。")
    if value.endswith("00"):
        raise ValidationError("行政区划代码末两位为 00 的是省级或市级代码，请填写县级代码。")


def validate_phone(value: str) -> None:
    """A telephone number: digits with optional area-code hyphen, brackets or spaces (7–30 characters)."""
    value = (value or "").strip()
    if not value:
        return
    if not _PHONE.fullmatch(value) or sum(ch.isdigit() for ch in value) < 7:
        raise ValidationError("联系电话格式不正确，请填写如 0578-1234567 或 13800001234 的号码。")


def clean_tracking_number(value: str | None) -> str:
    """The 快递单号 of a posting, stripped; required, letters, digits and hyphens only."""
    value = (value or "").strip()
    if not value:
        raise ValidationError("寄递时必须填写快递单号。")
    if not _TRACKING.fullmatch(value):
        raise ValidationError("快递单号只能由字母、数字和连字符组成，长度 6–40 位。")
    return value
