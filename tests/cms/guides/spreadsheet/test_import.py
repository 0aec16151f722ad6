"""Import of guide workbooks: created, updated, published or kept as drafts; audit log; the command."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from wagtail.log_actions import LogActionRegistry
from wagtail.models import PageLogEntry

from cms.guides.elements import missing_elements
from cms.guides.models import GuideFolderPage, ServiceGuidePage
from cms.guides.spreadsheet.hooks import register_guide_import_action
from cms.guides.spreadsheet.importing import GuideImportError, import_guides

from ..conftest import make_guide
from .conftest import CODE_1, CODE_2, CODE_3, guide_row, material_row, write_workbook

pytestmark = pytest.mark.django_db


def test_complete_rows_are_created_and_published(dept_a, dept_b, editor, tmp_path):
    path = write_workbook(
        tmp_path / "catalogue.xlsx",
        [guide_row(), guide_row(CODE_3, "道路运输经营许可", "91350100M000100Y43", 事项类型="行政许可")],
        [material_row(), material_row(name="校舍安全证明", 必要性="容缺后补", 材料形式="电子", 份数=None,
                                      来源渠道="政府部门核发", 来源说明="住建部门出具"),
         material_row(CODE_3, "营业执照")],
    )
    report = import_guides(path, user=editor)
    assert [o.status for o in report.outcomes] == ["published", "published"]
    assert len(report.created) == 2 and not report.updated and not report.drafts

    guide = ServiceGuidePage.objects.get(implementation_code=CODE_1)
    assert guide.live and guide.department == dept_a
    assert guide.get_parent().specific == GuideFolderPage.objects.get(department=dept_a)
    assert guide.matter_type == "licensing" and guide.audience == "legal"
    assert sorted(t.name for t in guide.themes.all()) == ["文体教育", "设立变更"]
    assert guide.conditions == "<p>举办者具备办学条件。</p><p>校舍符合安全标准。</p>"
    assert (guide.legal_time_limit, guide.promised_time_limit, guide.visits) == (20, 10, 1)
    assert guide.is_online and not guide.is_charged and guide.online_url == "https://zwfw.example.gov.cn/item/1"
    assert [(b.value["question"], b.value["answer"]) for b in guide.faq] == [
        ("可以委托他人办理吗？", "可以，需提交授权委托书。"), ("多久办结？", "10个工作日。")]
    materials = list(guide.materials.all())
    assert [m.name for m in materials] == ["办学申请书", "校舍安全证明"]
    assert (materials[1].necessity, materials[1].form, materials[1].copies, materials[1].source,
            materials[1].source_note) == ("deferrable", "electronic", 1, "government", "住建部门出具")
    assert missing_elements(guide) == []
    other = ServiceGuidePage.objects.get(implementation_code=CODE_3)
    assert other.live and other.department == dept_b and other.slug == CODE_3.lower()


def test_html_cells_are_sanitized_and_text_is_escaped(dept_a, editor, tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", [guide_row(
        受理条件='<p onclick="x()">条件<script>alert(1)</script></p>', 办理流程="先受理 <b>再审查</b>x")],
        [material_row()])
    import_guides(path, user=editor)
    guide = ServiceGuidePage.objects.get(implementation_code=CODE_1)
    assert "script" not in guide.conditions and "onclick" not in guide.conditions and "条件" in guide.conditions
    assert guide.process == "<p>先受理 &lt;b&gt;再审查&lt;/b&gt;x</p>"


def test_incomplete_rows_become_drafts_listed_with_what_they_lack(dept_a, editor, tmp_path):
    path = write_workbook(
        tmp_path / "x.xlsx",
        [guide_row(), guide_row(CODE_2, "幼儿园办园许可", 设定依据=None, 法定办结时限=None, 常见问题=None),
         guide_row(f"{CODE_2}9", "收费未写标准", 是否收费="是"),
         guide_row(f"{CODE_2}8", "承诺超过法定", 承诺办结时限=30)],
        [material_row(), material_row(f"{CODE_2}9"), material_row(f"{CODE_2}8")],
    )
    report = import_guides(path, user=editor)
    assert [o.status for o in report.outcomes] == ["published", "draft", "draft", "draft"]
    assert report.drafts[0].missing == ["设定依据", "法定办结时限", "申请材料", "常见问题"]
    assert "收费标准" in report.drafts[1].missing
    assert "承诺办结时限不能超过法定办结时限" in report.drafts[2].missing
    draft = ServiceGuidePage.objects.get(implementation_code=CODE_2)
    assert not draft.live and draft.department == dept_a and draft.title == "幼儿园办园许可"
    assert ServiceGuidePage.objects.live().filter(implementation_code__startswith=CODE_2).count() == 0
    assert "因缺少要素存为草稿 3 项" in report.summary()


def test_update_makes_a_new_revision_of_the_same_page(dept_a, editor, tmp_path):
    guide = make_guide(dept_a, "旧名称", implementation_code=CODE_1)
    material = guide.materials.first()
    revisions = guide.revisions.count()
    path = write_workbook(tmp_path / "x.xlsx", [guide_row(title="新名称", 承诺办结时限=3)],
                          [material_row(name="申请材料1", 份数=3), material_row(name="新增材料")])
    report = import_guides(path, user=editor)
    assert len(report.updated) == 1 and report.outcomes[0].status == "published"
    guide.refresh_from_db()
    assert guide.title == "新名称" and guide.promised_time_limit == 3 and guide.live
    assert guide.revisions.count() == revisions + 1
    assert ServiceGuidePage.objects.filter(implementation_code=CODE_1).count() == 1
    materials = list(guide.materials.all())
    assert [m.name for m in materials] == ["申请材料1", "新增材料"]
    assert materials[0].pk == material.pk and materials[0].copies == 3


def test_incomplete_update_of_a_live_guide_keeps_the_published_version(dept_a, editor, tmp_path):
    guide = make_guide(dept_a, "已发布的指南", implementation_code=CODE_1)
    path = write_workbook(tmp_path / "x.xlsx", [guide_row(title="改后的名称", 办理地点=None)], [material_row()])
    report = import_guides(path, user=editor)
    assert report.outcomes[0].status == "draft" and report.outcomes[0].was_live
    assert report.outcomes[0].missing == ["办理地点"]
    guide.refresh_from_db()
    assert guide.live and guide.title == "已发布的指南" and guide.has_unpublished_changes
    latest = guide.get_latest_revision_as_object()
    assert latest.title == "改后的名称" and latest.location == ""


def test_one_bad_row_imports_nothing(dept_a, editor, tmp_path):
    before = ServiceGuidePage.objects.count()
    path = write_workbook(tmp_path / "x.xlsx", [guide_row(), guide_row(CODE_2, 事项类型="行政审批")],
                          [material_row(), material_row(CODE_2)])
    with pytest.raises(GuideImportError) as caught:
        import_guides(path, user=editor)
    assert [str(e) for e in caught.value.errors] == [
        "工作表“办事指南” 第 3 行 事项类型：无法识别“行政审批”，可填：行政许可、行政给付、行政确认、行政征收、"
        "行政奖励、行政裁决、其他行政权力、公共服务。"]
    assert ServiceGuidePage.objects.count() == before
    assert not PageLogEntry.objects.filter(action="guides.import").exists()


def test_a_failure_while_writing_rolls_everything_back(dept_a, editor, tmp_path, monkeypatch):
    from cms.guides.spreadsheet import writing

    original = writing._save
    calls = []

    def failing_save(page, folder, outcome, context, source):
        calls.append(outcome.row)
        if len(calls) == 2:
            raise GuideImportError([])
        original(page, folder, outcome, context, source)

    monkeypatch.setattr(writing, "_save", failing_save)
    before = ServiceGuidePage.objects.count()
    path = write_workbook(tmp_path / "x.xlsx", [guide_row(), guide_row(CODE_2)], [material_row(), material_row(CODE_2)])
    with pytest.raises(GuideImportError):
        import_guides(path, user=editor)
    assert calls == [2, 3] and ServiceGuidePage.objects.count() == before


def test_dry_run_writes_nothing_but_reports(dept_a, editor, tmp_path):
    make_guide(dept_a, implementation_code=CODE_1)
    before = ServiceGuidePage.objects.count()
    path = write_workbook(tmp_path / "x.xlsx", [guide_row(), guide_row(CODE_2, 监督投诉方式=None)],
                          [material_row(), material_row(CODE_2)])
    report = import_guides(path, user=editor, dry_run=True)
    assert [(o.created, o.status, o.missing) for o in report.outcomes] == [
        (False, "published", []), (True, "draft", ["监督投诉方式"])]
    assert ServiceGuidePage.objects.count() == before and "未写入" in report.summary()


def test_each_imported_page_is_audit_logged_with_a_registered_label(dept_a, editor, tmp_path):
    path = write_workbook(tmp_path / "目录.xlsx", [guide_row(), guide_row(CODE_2, 办理时间=None)],
                          [material_row(), material_row(CODE_2)])
    import_guides(path, user=editor)
    entries = PageLogEntry.objects.filter(action="guides.import").order_by("id")
    assert [(e.user, e.data["source"], e.data["status"]) for e in entries] == [
        (editor, "目录.xlsx", "published"), (editor, "目录.xlsx", "draft")]
    registry = LogActionRegistry()
    register_guide_import_action(registry)
    assert registry.get_action_label("guides.import") == "从 Excel 导入办事指南"
    assert registry.formatters["guides.import"].format_message(entries[1]) == \
        "从文件“目录.xlsx”新建（草稿，缺少：办理时间）"
    from wagtail.log_actions import registry as wagtail_registry

    assert wagtail_registry.action_exists("guides.import")


def test_command_imports_with_summary_and_dry_run(dept_a, editor, tmp_path, capsys):
    path = write_workbook(tmp_path / "x.xlsx", [guide_row(), guide_row(CODE_2, 办理地点=None)],
                          [material_row(), material_row(CODE_2)])
    call_command("import_guides", str(path), "--dry-run", "--no-progress")
    assert ServiceGuidePage.objects.filter(implementation_code__in=[CODE_1, CODE_2]).count() == 0
    call_command("import_guides", str(path), "--user", editor.username, "--no-progress")
    out = capsys.readouterr().out
    assert "第 3 行" in out and "缺少：办理地点" in out and "新增 2 项" in out
    assert ServiceGuidePage.objects.get(implementation_code=CODE_1).owner == editor


def test_command_lists_every_problem(dept_a, tmp_path, capsys):
    path = write_workbook(tmp_path / "x.xlsx", [guide_row(是否网办="可以"), guide_row(CODE_2, 法定办结时限="二十天")],
                          [material_row()])
    with pytest.raises(CommandError, match="发现 2 个问题"):
        call_command("import_guides", str(path), "--no-progress")
    err = capsys.readouterr().err
    assert "第 2 行 是否网办" in err and "第 3 行 法定办结时限" in err
    with pytest.raises(CommandError, match="找不到用户"):
        call_command("import_guides", str(path), "--user", "nobody")
