"""Service guides lacking required elements (办事指南要素缺失), via ``cms.guides.checks``."""

from __future__ import annotations

from cms.guides.checks import incomplete_guides

from ..models import RuleCode
from ..recording import Defect


def guide_defects(department_id: int) -> list[Defect]:
    return [
        Defect(RuleCode.GUIDE_INCOMPLETE, department_id=department_id, page_id=guide.guide_id,
               page_title=guide.title, url=guide.url,
               evidence=f"办事指南「{guide.title}」缺少：{'、'.join(guide.missing)}。",
               detail={"missing": list(guide.missing)})
        for guide in incomplete_guides([department_id])
    ]
