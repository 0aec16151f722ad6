"""Export of guides as .xlsx: contents, filters, the template and a constant number of queries."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.guides.models import GuideMaterial, ServiceTheme
from cms.guides.spreadsheet.columns import GUIDE_HEADERS, MATERIAL_HEADERS
from cms.guides.spreadsheet.exporting import guides_for_export, write_guides_xlsx

from ..conftest import make_guide
from .conftest import CODE_3, as_dicts, read_workbook, response_bytes

pytestmark = pytest.mark.django_db

URL = "/admin/guides/export.xlsx"


def _charged_online_guide(dept_a):
    guide = make_guide(
        dept_a, "民办学校设立审批", materials=0, publish=False, is_charged=True, fee_standard="按省定标准收取。", is_online=True,
        online_url="https://zwfw.example.gov.cn/item/9", visits=0, audience="legal",
        conditions="<p>条件一</p><p>条件二 &amp; 三</p>",
        faq=[("faq", {"question": "要排队吗？", "answer": "不用。\n网上办理。"}),
             ("faq", {"question": "收费吗？", "answer": "收费。"})],
    )
    guide.materials = [GuideMaterial(name="申请书", necessity="optional", form="electronic", copies=2,
                                     source="agency", source_note="评估机构", note="原件")]
    guide.themes = [ServiceTheme.objects.get(audience="legal", name="设立变更"),
                    ServiceTheme.objects.get(audience="legal", name="其他")]
    guide.save_revision(clean=False).publish()
    return guide


def test_urls_are_the_admin_ones():
    assert reverse("guides_export") == URL and reverse("guides_import") == "/admin/guides/import/"


def test_export_contents(client, editor, dept_a, dept_b):
    _charged_online_guide(dept_a)
    make_guide(dept_b, "道路运输经营许可", implementation_code=CODE_3, materials=2)
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheets = read_workbook(response_bytes(response))
    assert list(sheets) == ["办事指南", "申请材料"]
    assert tuple(sheets["办事指南"][0]) == GUIDE_HEADERS and tuple(sheets["申请材料"][0]) == MATERIAL_HEADERS
    guides = as_dicts(sheets["办事指南"])
    # department order, then name: 交通运输局 before 教育局
    assert [g["事项名称"] for g in guides] == ["道路运输经营许可", "民办学校设立审批"]
    first = guides[1]
    assert first == {
        "事项名称": "民办学校设立审批", "基本编码": "000123001000", "实施编码": "11441700007280420Y4000123001000",
        "事项类型": "行政许可", "服务对象": "法人", "办事主题": "设立变更、法人·其他", "实施主体": "云溪县教育局",
        "设定依据": "《中华人民共和国教育法》第二十八条", "受理条件": "条件一\n条件二 & 三",
        "办理流程": "受理、审查、决定、送达。", "法定办结时限": 20, "承诺办结时限": 5, "是否收费": "是",
        "收费标准": "按省定标准收取。", "办理地点": "云溪县政务服务中心一楼3号窗口",
        "办理时间": "工作日 9:00-12:00，14:00-17:30", "咨询方式": "0760-1234567", "监督投诉方式": "12345政务服务便民热线",
        "到办事现场次数": 0, "是否网办": "是", "网办地址": "https://zwfw.example.gov.cn/item/9",
        "常见问题": "问：要排队吗？\n答：不用。\n网上办理。\n\n问：收费吗？\n答：收费。",
    }
    assert guides[0]["实施主体"] == "云溪县交通运输局" and guides[0]["是否收费"] == "否"
    materials = as_dicts(sheets["申请材料"])
    assert [(m["实施编码"], m["材料名称"]) for m in materials[:2]] == [(CODE_3, "申请材料1"), (CODE_3, "申请材料2")]
    assert materials[2] == {"实施编码": "11441700007280420Y4000123001000", "材料名称": "申请书", "必要性": "非必要",
                            "材料形式": "电子", "份数": 2, "来源渠道": "中介机构或法定机构出具", "来源说明": "评估机构",
                            "填报须知": "原件"}


def test_department_and_live_filters(client, editor, dept_a, dept_b):
    make_guide(dept_a, "已发布")
    make_guide(dept_a, "草稿", publish=False, implementation_code="X-2")
    make_guide(dept_b, "交通", implementation_code=CODE_3)
    client.force_login(editor)

    def titles(query: str) -> list[str]:
        return [row[0] for row in read_workbook(response_bytes(client.get(URL + query)))["办事指南"][1:]]

    assert titles("") == ["交通", "已发布", "草稿"]
    assert titles("?department=jyj") == ["已发布", "草稿"]
    assert titles("?department=jyj&live=1") == ["已发布"]
    assert titles("?live=1") == ["交通", "已发布"]
    assert client.get(URL + "?department=nope").status_code == 404
    response = client.get(URL + "?department=jyj&live=1")
    assert unquote(response["Content-Disposition"]).startswith("attachment; filename*=utf-8''教育局办事指南-已发布-")


def test_pending_changes_are_exported_unless_only_live_guides_are_asked_for(client, editor, dept_a):
    guide = make_guide(dept_a, "原名称")
    guide.title = "修改中的名称"
    guide.save_revision(clean=False)
    client.force_login(editor)
    assert read_workbook(response_bytes(client.get(URL)))["办事指南"][1][0] == "修改中的名称"
    assert read_workbook(response_bytes(client.get(URL + "?live=1")))["办事指南"][1][0] == "原名称"


def test_template_has_the_headers_and_instructions(client, contributor_a, dept_a):
    make_guide(dept_a)
    client.force_login(contributor_a)
    response = client.get(URL + "?template=1")
    assert response.status_code == 200
    sheets = read_workbook(response_bytes(response))
    assert sheets["办事指南"] == [list(GUIDE_HEADERS)] and sheets["申请材料"] == [list(MATERIAL_HEADERS)]
    instructions = "\n".join(" ".join(str(c) for c in row if c) for row in sheets["填写说明"])
    assert "事项类型 可填：行政许可" in instructions and "常见问题 “问：……答：……”" in instructions


def _make_guides(department, count: int, prefix: str) -> None:
    """Half published, half drafts (drafts are read from their latest revision)."""
    for number in range(count):
        make_guide(department, f"指南{number}", implementation_code=f"{prefix}-{number}", materials=2,
                   publish=number % 2 == 0)


def _export_queries(department) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        written = write_guides_xlsx(io.BytesIO(), guides_for_export(departments=[department.pk]))
    return written, len(queries)


def test_export_runs_a_constant_number_of_queries(dept_a, dept_b, django_assert_max_num_queries):
    _make_guides(dept_a, 5, "A")
    _make_guides(dept_b, 30, "B")
    written, few = _export_queries(dept_a)
    assert written == 5 and few <= 6
    with django_assert_max_num_queries(few):
        assert write_guides_xlsx(io.BytesIO(), guides_for_export(departments=[dept_b.pk])) == 30
    assert _export_queries(dept_b) == (30, few)


def test_export_command(dept_a, dept_b, tmp_path):
    make_guide(dept_a, "教育")
    make_guide(dept_a, "草稿", publish=False, implementation_code="D-1")
    make_guide(dept_b, "交通", implementation_code=CODE_3)
    path = tmp_path / "out.xlsx"
    call_command("export_guides", str(path), "--department", "jyj", "--live-only", verbosity=0)
    assert [row[0] for row in read_workbook(path.read_bytes())["办事指南"][1:]] == ["教育"]
    call_command("export_guides", str(path), verbosity=0)
    assert len(read_workbook(path.read_bytes())["办事指南"]) == 4
