"""Disclosure metadata (政府信息公开目录要素), falsified dates and missing interpretations.

Rules:
- every live disclosure item needs its 索引号 (《政府信息公开条例》第十二条: the catalogue's 索引);
- a policy document (not a 解读) needs its 成文日期; one in a 政策文件 column also its 文号;
- 有效性 must be stated, and a 失效/废止 document needs the date it took effect;
- a 发布日期 later than the check day, or earlier than the 成文日期, is a falsified date
  (发布日期异常, single veto under 国办秘函〔2019〕19号);
- a policy document with a 文号 in a 政策文件 column, published more than N days ago (and within
  the last year), with no live 政策解读 pointing at it, is listed as a hint (政策文件未解读).
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from wagtail.models import Page

from cms.columns.kinds import ColumnKind
from cms.columns.models import ColumnPage
from cms.disclosure.models import InterpretationPage, PolicyDocumentPage, Validity

from ..models import InspectionSettings, RuleCode
from ..recording import Defect
from .paths import public_path

INTERPRETATION_WINDOW_DAYS = 365


def metadata_defects(department_id: int, today: datetime.date) -> list[Defect]:
    columns = dict(ColumnPage.objects.filter(department_id=department_id).values_list("path", "kind"))
    column_ids = dict(ColumnPage.objects.filter(department_id=department_id).values_list("path", "pk"))
    wait = InspectionSettings.current().interpretation_days
    interpreted = InterpretationPage.objects.live().filter(policy_id=OuterRef("pk"))
    documents = (
        PolicyDocumentPage.objects.live().filter(department_id=department_id)
        .annotate(interpreted=Exists(interpreted))
        .values("pk", "title", "path", "url_path", "index_number", "written_date", "document_number", "validity",
                "validity_changed_on", "publish_date", "interpreted", "content_type__model")
        .order_by("path")
    )
    defects: list[Defect] = []
    for doc in documents.iterator(chunk_size=1000):
        parent = doc["path"][: -Page.steplen]
        kind = columns.get(parent)
        base = dict(department_id=department_id, page_id=doc["pk"], page_title=doc["title"],
                    url=public_path(doc["url_path"]), column_id=column_ids.get(parent))
        is_interpretation = doc["content_type__model"] == "interpretationpage"
        for element in _missing(doc, kind, is_interpretation):
            defects.append(Defect(RuleCode.METADATA_MISSING, target=element,
                                  evidence=f"「{doc['title']}」缺少{element}。", **base))
        defects.extend(_falsified(doc, today, base))
        if (not is_interpretation and kind == ColumnKind.POLICY and doc["document_number"]
                and not doc["interpreted"] and doc["publish_date"]
                and wait < (today - doc["publish_date"]).days <= INTERPRETATION_WINDOW_DAYS):
            defects.append(Defect(
                RuleCode.INTERPRETATION_MISSING, **base,
                evidence=f"「{doc['title']}」（{doc['document_number']}）发布已 "
                         f"{(today - doc['publish_date']).days} 天，尚无政策解读。",
            ))
    return defects


def _missing(doc: dict, kind: str | None, is_interpretation: bool) -> list[str]:
    missing = []
    if not doc["index_number"]:
        missing.append("索引号")
    if not is_interpretation and not doc["written_date"]:
        missing.append("成文日期")
    if not is_interpretation and kind == ColumnKind.POLICY and not (doc["document_number"] or "").strip():
        missing.append("文号")
    if doc["validity"] not in Validity.values or (doc["validity"] != Validity.VALID and not doc["validity_changed_on"]):
        missing.append("有效性")
    return missing


def _falsified(doc: dict, today: datetime.date, base: dict) -> list[Defect]:
    published, written = doc["publish_date"], doc["written_date"]
    if published is None:
        return []
    if published > today:
        return [Defect(RuleCode.FALSIFIED_DATE, target="发布日期晚于检查日", **base,
                       evidence=f"「{doc['title']}」发布日期 {published:%Y-%m-%d} 晚于检查日 {today:%Y-%m-%d}。")]
    if written and published < written:
        return [Defect(RuleCode.FALSIFIED_DATE, target="发布日期早于成文日期", **base,
                       evidence=f"「{doc['title']}」发布日期 {published:%Y-%m-%d} 早于成文日期 {written:%Y-%m-%d}。")]
    return []
