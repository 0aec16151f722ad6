"""Every malformed workbook is refused with sheet, row and column in Chinese, and nothing is written."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from cms.guides.models import ServiceGuidePage
from cms.guides.spreadsheet.columns import GUIDE_HEADERS, MATERIAL_HEADERS
from cms.guides.spreadsheet.importing import GuideImportError, import_guides

from ..conftest import make_guide
from .conftest import CODE_1, CODE_2, CODE_3, guide_row, material_row, write_workbook

pytestmark = pytest.mark.django_db


def _errors(path, user=None) -> list[str]:
    before = ServiceGuidePage.objects.count()
    with pytest.raises(GuideImportError) as caught:
        import_guides(path, user=user)
    assert ServiceGuidePage.objects.count() == before
    return [str(error) for error in caught.value.errors]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"实施主体": "云溪县不存在局"}, "第 2 行 实施主体：找不到名称或统一社会信用代码为“云溪县不存在局”的部门。"),
        ({"实施主体": None}, "第 2 行 实施主体：实施主体不能为空"),
        ({"事项类型": "审批"}, "第 2 行 事项类型：无法识别“审批”，可填：行政许可"),
        ({"服务对象": "外国人"}, "第 2 行 服务对象：无法识别“外国人”"),
        ({"法定办结时限": "二十"}, "第 2 行 法定办结时限：应填整数（工作日数），不能填“二十”。"),
        ({"承诺办结时限": 2.5}, "第 2 行 承诺办结时限：应填整数，不能填“2.5”。"),
        ({"法定办结时限": -1}, "第 2 行 法定办结时限：应为 0 到 32767 之间的整数"),
        ({"是否收费": "收费"}, "第 2 行 是否收费：应填“是”或“否”，不能填“收费”。"),
        ({"是否网办": "Y"}, "第 2 行 是否网办：应填“是”或“否”，不能填“Y”。"),
        ({"网办地址": "zwfw.example"}, "第 2 行 网办地址：“zwfw.example”不是有效的网址"),
        ({"网办地址": "javascript:alert(1)"}, "第 2 行 网办地址：“javascript:alert(1)”不是有效的网址"),
        ({"到办事现场次数": 3}, "第 2 行 到办事现场次数：无法识别“3”，可填：0、1、2。"),
        ({"办事主题": "设立变更、不存在的主题"}, "第 2 行 办事主题：没有名为“不存在的主题”的办事主题"),
        ({"服务对象": "自然人和法人", "办事主题": "其他"}, "个人和法人都有“其他”主题，请写作“个人·其他”或“法人·其他”。"),
        ({"常见问题": "可以委托吗？可以。"}, "第 2 行 常见问题：格式应为“问：……答：……”"),
        ({"常见问题": "问：可以委托吗？"}, "第 2 行 常见问题：第 1 个问答应为“问：……答：……”，问与答须成对出现。"),
        ({"事项名称": None}, "第 2 行 事项名称：事项名称不能为空。"),
        ({"实施编码": None}, "第 2 行 实施编码：实施编码不能为空"),
        ({"基本编码": "0" * 41}, "第 2 行 基本编码：不能超过 40 个字（现有 41 个）。"),
    ],
)
def test_bad_guide_cells(dept_a, tmp_path, overrides, expected):
    path = write_workbook(tmp_path / "x.xlsx", [guide_row(**overrides)], [material_row()])
    errors = _errors(path)
    assert any(expected in error for error in errors), errors
    assert all(error.startswith("工作表“") for error in errors)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"实施编码": CODE_2}, f"工作表“申请材料” 第 3 行 实施编码：实施编码“{CODE_2}”不在“办事指南”工作表中。"),
        ({"材料名称": None}, "工作表“申请材料” 第 3 行 材料名称：材料名称不能为空。"),
        ({"必要性": "必须"}, "工作表“申请材料” 第 3 行 必要性：无法识别“必须”，可填：必要、非必要、容缺后补。"),
        ({"份数": "两份"}, "工作表“申请材料” 第 3 行 份数：应填整数（份数），不能填“两份”。"),
        ({"来源渠道": "网上下载"}, "工作表“申请材料” 第 3 行 来源渠道：无法识别“网上下载”"),
    ],
)
def test_bad_material_cells(dept_a, tmp_path, overrides, expected):
    path = write_workbook(tmp_path / "x.xlsx", [guide_row()], [material_row(), material_row(**overrides)])
    errors = _errors(path)
    assert any(expected in error for error in errors), errors


def test_duplicate_code_in_the_file(dept_a, tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", [guide_row(), guide_row(title="另一个"), guide_row(CODE_2)],
                          [material_row()])
    assert _errors(path) == [f"工作表“办事指南” 第 3 行 实施编码：实施编码“{CODE_1}”与第 2 行重复。"]


def test_code_of_another_departments_guide(dept_a, dept_b, tmp_path):
    make_guide(dept_b, "道路运输经营许可", implementation_code=CODE_3)
    path = write_workbook(tmp_path / "x.xlsx", [guide_row(CODE_3)], [material_row(CODE_3)])
    assert _errors(path) == [
        f"工作表“办事指南” 第 2 行 实施主体：实施编码“{CODE_3}”已是云溪县交通运输局的办事指南“道路运输经营许可”，"
        "不能导入到“云溪县教育局”。"]


def test_every_error_of_the_file_is_reported(dept_a, tmp_path):
    path = write_workbook(
        tmp_path / "x.xlsx",
        [guide_row(是否收费="有", 网办地址="ftp://x"), guide_row(CODE_2, 事项类型="审批")],
        [material_row(份数="x"), material_row("不存在的编码")],
    )
    errors = _errors(path)
    assert [e.split("：", 1)[0] for e in errors] == [
        "工作表“办事指南” 第 2 行 是否收费", "工作表“办事指南” 第 2 行 网办地址", "工作表“办事指南” 第 3 行 事项类型",
        "工作表“申请材料” 第 2 行 份数", "工作表“申请材料” 第 3 行 实施编码"]


def test_bad_headers(dept_a, tmp_path):
    guide_headers = [h for h in GUIDE_HEADERS if h != "办理时间"] + ["备注"]
    path = write_workbook(tmp_path / "x.xlsx", [guide_row()], [material_row()], guide_headers=guide_headers,
                          material_headers=list(MATERIAL_HEADERS) + ["份数"])
    assert _errors(path) == [
        f"工作表“办事指南” 第 1 行 第 {len(guide_headers)} 列：无法识别的列名“备注”。",
        "工作表“办事指南” 第 1 行 办理时间：缺少此列。",
        "工作表“申请材料” 第 1 行 份数：列名重复。",
    ]


def test_missing_sheet(dept_a, tmp_path):
    workbook = Workbook()
    workbook.active.title = "办事指南"
    workbook.active.append(list(GUIDE_HEADERS))
    workbook.save(tmp_path / "x.xlsx")
    errors = _errors(tmp_path / "x.xlsx")
    assert errors == ["文件：缺少工作表“申请材料”（工作簿中有：办事指南）。"]


def test_empty_file(dept_a, tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", [], [])
    assert _errors(path) == ["工作表“办事指南”：没有数据行：请从第 2 行起每行填写一项办事指南。"]
    workbook = Workbook()
    workbook.active.title = "办事指南"
    workbook.create_sheet("申请材料")
    workbook.save(tmp_path / "blank.xlsx")
    errors = _errors(tmp_path / "blank.xlsx")
    assert errors[0].startswith("工作表“办事指南” 第 1 行：表头行为空")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "不支持旧版 Excel（.xls）文件"),
        ("事项名称,实施编码\n".encode(), "文件不是 Excel（.xlsx）文件"),
        (b"PK\x03\x04 not really a zip", "无法读取 Excel 文件，文件可能已损坏"),
        (b"", "文件不是 Excel（.xlsx）文件"),
    ],
)
def test_not_an_xlsx_file(dept_a, tmp_path, content, expected):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    errors = _errors(path)
    assert len(errors) == 1 and expected in errors[0]


def test_guide_locked_by_someone_else(dept_a, editor, editor2, tmp_path):
    from django.utils import timezone

    guide = make_guide(dept_a, "锁定的指南", implementation_code=CODE_1)
    ServiceGuidePage.objects.filter(pk=guide.pk).update(locked=True, locked_by=editor2, locked_at=timezone.now())
    path = write_workbook(tmp_path / "x.xlsx", [guide_row()], [material_row()])
    assert _errors(path, editor) == ["工作表“办事指南” 第 2 行 实施编码：办事指南“锁定的指南”已被他人锁定，解锁后才能导入更新。"]
    assert import_guides(path, user=editor2).outcomes[0].status == "published"
