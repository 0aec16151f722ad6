"""Helpers of the guide spreadsheet tests: real .xlsx workbooks written with openpyxl."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from openpyxl import Workbook, load_workbook

from cms.guides.spreadsheet.columns import GUIDE_HEADERS, GUIDE_SHEET, MATERIAL_HEADERS, MATERIAL_SHEET
from cms.workflows.roles import SERVICE_CENTRE, ensure_service_centre
from tests.conftest import CODE_A, CODE_B, make_user

CODE_1 = f"{CODE_A}4000123001000"
CODE_2 = f"{CODE_A}4000123002000"
CODE_3 = f"{CODE_B}4000456001000"


def guide_row(code: str = CODE_1, title: str = "民办学校设立审批", department: str = "云溪县教育局",
              **overrides) -> dict[str, object]:
    """A complete row of the 办事指南 sheet."""
    row: dict[str, object] = {
        "事项名称": title, "基本编码": "000123001000", "实施编码": code, "事项类型": "行政许可",
        "服务对象": "法人", "办事主题": "设立变更、文体教育", "实施主体": department,
        "设定依据": "《中华人民共和国民办教育促进法》第十二条", "受理条件": "举办者具备办学条件。\n校舍符合安全标准。",
        "办理流程": "受理\n审查\n决定", "法定办结时限": 20, "承诺办结时限": "10个工作日", "是否收费": "否",
        "收费标准": None, "办理地点": "云溪县政务服务中心二楼", "办理时间": "工作日 9:00-17:00",
        "咨询方式": "0760-1234567", "监督投诉方式": "12345热线", "到办事现场次数": 1, "是否网办": "是",
        "网办地址": "https://zwfw.example.gov.cn/item/1",
        "常见问题": "问：可以委托他人办理吗？答：可以，需提交授权委托书。\n\n问：多久办结？\n答：10个工作日。",
    }
    row.update(overrides)
    return row


def material_row(code: str = CODE_1, name: str = "办学申请书", **overrides) -> dict[str, object]:
    row: dict[str, object] = {"实施编码": code, "材料名称": name, "必要性": "必要", "材料形式": "纸质",
                              "份数": 2, "来源渠道": "申请人自备", "来源说明": None, "填报须知": "加盖公章"}
    row.update(overrides)
    return row


def write_workbook(path: Path, guides: list[dict], materials: list[dict], *,
                   guide_headers=GUIDE_HEADERS, material_headers=MATERIAL_HEADERS) -> Path:
    """An .xlsx file with the two sheets, header row first."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = GUIDE_SHEET
    for name, headers, rows in ((GUIDE_SHEET, guide_headers, guides), (MATERIAL_SHEET, material_headers, materials)):
        sheet = workbook[name] if name in workbook.sheetnames else workbook.create_sheet(name)
        sheet.append(list(headers))
        for row in rows:
            sheet.append([row.get(header) for header in headers])
    workbook.save(path)
    return path


def read_workbook(content: bytes) -> dict[str, list[list[object]]]:
    workbook = load_workbook(io.BytesIO(content))
    return {name: [list(row) for row in workbook[name].iter_rows(values_only=True)] for name in workbook.sheetnames}


def as_dicts(rows: list[list[object]]) -> list[dict[str, object]]:
    headers = rows[0]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def response_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def centre_user(portal):
    ensure_service_centre()
    return make_user("centre", SERVICE_CENTRE)


@pytest.fixture
def outsider(portal):
    """Admin access, but no role that reaches guides."""
    user = make_user("outsider")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user
