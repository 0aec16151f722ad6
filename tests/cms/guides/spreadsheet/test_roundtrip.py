"""Round trip: an exported workbook imports again into the same guides, and exports the same again."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from cms.guides.models import GuideMaterial, ServiceGuidePage, ServiceTheme
from cms.guides.spreadsheet.exporting import guides_for_export, write_guides_xlsx
from cms.guides.spreadsheet.importing import import_guides

from ..conftest import make_guide
from .conftest import CODE_3

pytestmark = pytest.mark.django_db

FIELDS = ("title", "basic_code", "implementation_code", "matter_type", "audience", "department_id", "legal_basis",
          "conditions", "process", "legal_time_limit", "promised_time_limit", "is_charged", "fee_standard",
          "location", "office_hours", "consultation", "complaint", "visits", "is_online", "online_url")


def snapshot(guide: ServiceGuidePage) -> dict[str, object]:
    """What the workbook carries of a guide, as its latest revision has it."""
    latest = guide.get_latest_revision_as_object()
    data: dict[str, object] = {name: getattr(latest, name) for name in FIELDS}
    data["themes"] = sorted(t.pk for t in latest.themes.all())
    data["faq"] = [(b.value["question"], b.value["answer"]) for b in latest.faq]
    data["materials"] = [(m.name, m.necessity, m.form, m.copies, m.source, m.source_note, m.note)
                         for m in latest.materials.all()]
    data["live"] = guide.live
    return data


def _guides(dept_a, dept_b) -> list[ServiceGuidePage]:
    rich = make_guide(
        dept_a, "民办学校设立审批", publish=False, materials=0, audience="both", is_charged=True,
        fee_standard="按省定标准收取。\n另收工本费。", is_online=True, online_url="https://zwfw.example.gov.cn/a?id=1&x=2",
        visits=0, process="<p>网上申请</p><ul><li>受理</li><li>审查</li></ul>",
        faq=[("faq", {"question": "问题一？", "answer": "第一行\n第二行"}), ("faq", {"question": "问题二", "answer": "是。"})],
    )
    rich.materials = [GuideMaterial(name="申请书", copies=0, form="paper", note="原件"),
                      GuideMaterial(name="身份证明", necessity="deferrable", source="government", source_note="公安")]
    rich.themes = [ServiceTheme.objects.get(audience="person", name="教育科研"),
                   ServiceTheme.objects.get(audience="legal", name="其他")]
    rich.save_revision(clean=False).publish()
    incomplete = make_guide(dept_a, "尚未补齐的指南", publish=False, implementation_code="DRAFT-1", legal_basis="",
                            promised_time_limit=None, faq=[])
    transport = make_guide(dept_b, "道路运输经营许可", implementation_code=CODE_3, matter_type="public_service",
                           materials=3)
    return [ServiceGuidePage.objects.get(pk=g.pk) for g in (rich, incomplete, transport)]


def _export() -> bytes:
    output = io.BytesIO()
    write_guides_xlsx(output, guides_for_export())
    return output.getvalue()


def _rows(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content))
    return {name: list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames}


def test_export_then_import_updates_the_same_guides_unchanged(dept_a, dept_b, editor):
    guides = _guides(dept_a, dept_b)
    before = [snapshot(guide) for guide in guides]
    exported = _export()
    count = ServiceGuidePage.objects.count()

    report = import_guides(io.BytesIO(exported), user=editor, source_name="export.xlsx")
    assert not report.created and len(report.updated) == 3
    assert [(o.title, o.status) for o in report.outcomes] == [
        ("道路运输经营许可", "published"), ("民办学校设立审批", "published"), ("尚未补齐的指南", "draft")]
    assert report.drafts[0].missing == ["设定依据", "承诺办结时限", "常见问题"]
    assert ServiceGuidePage.objects.count() == count
    after = [snapshot(ServiceGuidePage.objects.get(pk=guide.pk)) for guide in guides]
    assert after == before
    assert _rows(_export()) == _rows(exported)


def test_exported_guides_are_recreated_after_deletion(dept_a, dept_b, editor):
    guides = _guides(dept_a, dept_b)
    before = {guide.implementation_code: snapshot(guide) for guide in guides}
    exported = _export()
    for guide in guides:
        guide.delete()
    report = import_guides(io.BytesIO(exported), user=editor)
    assert len(report.created) == 3
    after = {code: snapshot(ServiceGuidePage.objects.get(implementation_code=code)) for code in before}
    for code, values in after.items():
        assert values == before[code], code
    assert _rows(_export()) == _rows(exported)
