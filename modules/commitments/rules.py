"""The rules of 告知承诺制 that need no database: excluded areas, excluded words, identifiers.

- An item whose 领域 is one of the excluded areas, or that declares it touches one of them,
  is refused (国办发〔2020〕42号).
- An item whose name contains one of ``EXCLUDED_KEYWORDS`` is refused as well: these matters
  (explosives, hazardous chemicals, radioactive sources, classified work, …) fall in the excluded
  areas whatever the department ticks.
- An applicant is identified by an 18-digit 居民身份证号码 (GB 11643-1999 check digit) or an
  18-character 统一社会信用代码 (GB 32100-2015 check character).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from cms.departments.credit_code import validate_credit_code

from .choices import EXCLUDED_AREAS, POLICY_DOCUMENT, IdType

#: Words in a matter's name that place it in an excluded area, with the area they belong to.
EXCLUDED_KEYWORDS: dict[str, str] = {
    "国家安全": "国家安全",
    "涉密": "国家秘密",
    "国家秘密": "国家秘密",
    "保密资格": "国家秘密",
    "民用爆炸物品": "公共安全",
    "爆破作业": "公共安全",
    "烟花爆竹": "公共安全",
    "枪支": "公共安全",
    "弹药": "公共安全",
    "危险化学品": "公共安全",
    "剧毒化学品": "公共安全",
    "易制毒化学品": "公共安全",
    "金融许可": "金融业审慎监管",
    "放射性": "生态环境保护",
    "排污许可": "生态环境保护",
    "危险废物": "生态环境保护",
    "环境影响评价": "生态环境保护",
    "特种设备": "直接关系人身健康、生命财产安全",
    "血液": "直接关系人身健康、生命财产安全",
    "疫苗": "直接关系人身健康、生命财产安全",
    "麻醉药品": "直接关系人身健康、生命财产安全",
    "精神药品": "直接关系人身健康、生命财产安全",
    "涉外": "重要涉外",
}

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def excluded_message(area_name: str) -> str:
    return (
        f"该事项涉及“{area_name}”领域，依据{POLICY_DOCUMENT}，"
        "直接涉及国家安全、国家秘密、公共安全、金融业审慎监管、生态环境保护，直接关系人身健康、"
        "生命财产安全，以及重要涉外等事项不适用告知承诺制。"
    )


def exclusion_errors(name: str, area: str, involved: Iterable[str]) -> dict[str, list[str]]:
    """The reasons an item may not be handled by commitment, by form field (empty when it may)."""
    errors: dict[str, list[str]] = {}
    if area in EXCLUDED_AREAS:
        errors["area"] = [excluded_message(EXCLUDED_AREAS[area])]
    touched = [EXCLUDED_AREAS[code] for code in involved or () if code in EXCLUDED_AREAS]
    unknown = [code for code in involved or () if code not in EXCLUDED_AREAS]
    if unknown:
        errors["involved_areas"] = [f"未知的领域代码：{'、'.join(map(str, unknown))}。"]
    elif touched:
        errors["involved_areas"] = [excluded_message("、".join(touched))]
    hits = [word for word in EXCLUDED_KEYWORDS if word in (name or "")]
    if hits:
        word = hits[0]
        errors["name"] = [
            f"事项名称含有“{word}”，属于“{EXCLUDED_KEYWORDS[word]}”领域。" + excluded_message(EXCLUDED_KEYWORDS[word])
        ]
    return errors


def id_card_check_digit(first_17: str) -> str:
    """The 18th character of a 居民身份证号码 (GB 11643-1999, ISO 7064 MOD 11-2)."""
    total = sum(int(ch) * weight for ch, weight in zip(first_17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def validate_id_card(number: str) -> None:
    """Reject a malformed 18-digit 居民身份证号码 with a message saying why."""
    if len(number) != 18:
        raise ValidationError("居民身份证号码应为 18 位，当前为 %(n)s 位。", params={"n": len(number)})
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("居民身份证号码前 17 位应为数字，最后一位为数字或 X。")
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError("居民身份证号码中的出生日期（第 7–14 位）不是有效日期。") from exc
    if born.year < 1900 or born > datetime.date.today():
        raise ValidationError("居民身份证号码中的出生日期（第 7–14 位）不在合理范围内。")
    expected = id_card_check_digit(number[:17])
    if number[17] != expected:
        raise ValidationError("居民身份证号码校验位错误：最后一位应为 %(c)s。", params={"c": expected})


def normalize_id(number: str) -> str:
    """Identifiers are compared without spaces and in capitals (x → X)."""
    return "".join((number or "").split()).upper()


def validate_identifier(id_type: str, number: str) -> None:
    """Check ``number`` as the identifier of kind ``id_type``."""
    if not number:
        raise ValidationError("请填写证件号码。")
    if id_type == IdType.ID_CARD:
        validate_id_card(number)
    elif id_type == IdType.CREDIT_CODE:
        validate_credit_code(number)
    else:
        raise ValidationError("请选择证件类型：居民身份证或统一社会信用代码。")
