"""The required elements of a service guide and the checks on them.

The element list is the national platform's (DESIGN.md, “Service guides”; 《国务院关于加快
推进“互联网+政务服务”工作的指导意见》国发〔2016〕55号 and the 政务服务事项实施清单 standard):
a guide that lacks one cannot be published, and the monthly column check reports live guides
that lack one (for instance after a rule change or a bulk import from an old catalogue).
"""

from __future__ import annotations

from bs4 import BeautifulSoup

#: (field, label) of the plain required elements, in the order of the national guide.
REQUIRED_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "事项名称"),
    ("basic_code", "基本编码"),
    ("implementation_code", "实施编码"),
    ("matter_type", "事项类型"),
    ("legal_basis", "设定依据"),
    ("department_id", "实施主体"),
    ("conditions", "受理条件"),
    ("process", "办理流程"),
    ("legal_time_limit", "法定办结时限"),
    ("promised_time_limit", "承诺办结时限"),
    ("location", "办理地点"),
    ("office_hours", "办理时间"),
    ("consultation", "咨询方式"),
    ("complaint", "监督投诉方式"),
    ("visits", "到办事现场次数"),
)
RICH_TEXT_FIELDS = {"conditions", "process"}


def _blank(value, rich: bool) -> bool:
    if value is None:
        return True
    if rich:
        return not BeautifulSoup(str(value), "html.parser").get_text(strip=True)
    return not str(value).strip()


def missing_elements(guide) -> list[str]:
    """Labels of the required elements ``guide`` lacks (empty when it is complete)."""
    missing = [label for field, label in REQUIRED_FIELDS
               if _blank(getattr(guide, field, None), field in RICH_TEXT_FIELDS)]
    materials = list(guide.materials.all())
    if not materials:
        missing.append("申请材料")
    elif any(not (m.name or "").strip() for m in materials):
        missing.append("申请材料名称")
    if guide.is_charged and not (guide.fee_standard or "").strip():
        missing.append("收费标准")
    if guide.is_online and not (guide.online_url or "").strip():
        missing.append("网办地址")
    if not len(guide.faq or []):
        missing.append("常见问题")
    return missing


def consistency_errors(guide) -> dict[str, list[str]]:
    """Field errors of the conditional rules (checked whenever a guide is validated in full)."""
    errors: dict[str, list[str]] = {}
    if guide.is_charged and not (guide.fee_standard or "").strip():
        errors["fee_standard"] = ["收费事项必须填写收费标准及依据。"]
    if guide.is_online and not (guide.online_url or "").strip():
        errors["online_url"] = ["可网上办理的事项必须填写网办地址。"]
    if (guide.legal_time_limit is not None and guide.promised_time_limit is not None
            and guide.promised_time_limit > guide.legal_time_limit):
        errors["promised_time_limit"] = ["承诺办结时限不能超过法定办结时限。"]
    if guide.visits == 0 and not guide.is_online:
        errors["visits"] = ["到办事现场0次的事项必须可以网上办理。"]
    return errors
