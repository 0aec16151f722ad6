"""Admin views: who may export and import, department isolation, the upload checks and the result page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import PageLogEntry

from cms.guides.models import ServiceGuidePage

from ..conftest import make_guide
from .conftest import CODE_1, CODE_2, CODE_3, guide_row, material_row, read_workbook, response_bytes, write_workbook

pytestmark = pytest.mark.django_db

EXPORT = "/admin/guides/export.xlsx"
IMPORT = "/admin/guides/import/"


def _upload(tmp_path, guides, materials, name="目录.xlsx") -> SimpleUploadedFile:
    path = write_workbook(tmp_path / "upload.xlsx", guides, materials)
    return SimpleUploadedFile(name, path.read_bytes())


def _exported_titles(client, query: str = "") -> list[str]:
    response = client.get(EXPORT + query)
    assert response.status_code == 200
    return [row[0] for row in read_workbook(response_bytes(response))["办事指南"][1:]]


def test_anonymous_users_are_sent_to_the_login(client):
    for url in (EXPORT, IMPORT):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_users_without_a_guide_role_get_403(client, outsider, dept_a, tmp_path):
    make_guide(dept_a, implementation_code="EXISTING-1")
    count = ServiceGuidePage.objects.count()
    client.force_login(outsider)
    assert client.get(EXPORT).status_code == 403
    assert client.get(EXPORT + "?template=1").status_code == 403
    assert client.get(IMPORT).status_code == 403
    response = client.post(IMPORT, {"file": _upload(tmp_path, [guide_row()], [material_row()])})
    assert response.status_code == 403
    assert ServiceGuidePage.objects.count() == count


@pytest.mark.parametrize("who", ["editor", "centre_user"])
def test_service_centre_and_editors_reach_every_department_and_publish(client, request, dept_a, dept_b, tmp_path,
                                                                      who):
    user = request.getfixturevalue(who)
    make_guide(dept_b, "交通", implementation_code=CODE_3)
    client.force_login(user)
    assert _exported_titles(client) == ["交通"]
    page = client.get(IMPORT)
    assert page.status_code == 200
    html = page.content.decode()
    assert "下载导入模板" in html and f"{EXPORT}?template=1" in html and "?department=jtysj" in html
    response = client.post(IMPORT, {"file": _upload(tmp_path, [guide_row(), guide_row(CODE_2, 办理地点=None)],
                                                    [material_row(), material_row(CODE_2)])})
    assert response.status_code == 200
    html = response.content.decode()
    assert "导入结果" in html and "新增 2 项" in html and "发布 1 项" in html and "因缺少要素存为草稿 1 项" in html
    assert "办理地点" in html
    assert ServiceGuidePage.objects.get(implementation_code=CODE_1).live
    assert not ServiceGuidePage.objects.get(implementation_code=CODE_2).live
    entry = PageLogEntry.objects.filter(action="guides.import").first()
    assert entry.user == user and entry.data["source"] == "目录.xlsx"


@pytest.mark.parametrize("who", ["contributor_a", "reviewer_a"])
def test_department_people_export_only_their_own_guides(client, request, dept_a, dept_b, who):
    make_guide(dept_a, "教育")
    make_guide(dept_b, "交通", implementation_code=CODE_3)
    client.force_login(request.getfixturevalue(who))
    assert _exported_titles(client) == ["教育"]
    assert _exported_titles(client, "?department=jyj") == ["教育"]
    assert client.get(EXPORT + "?department=jtysj").status_code == 403
    html = client.get(IMPORT).content.decode()
    assert "?department=jyj" in html and "?department=jtysj" not in html


def test_department_people_import_into_their_own_department_only(client, contributor_a, dept_a, dept_b, tmp_path):
    client.force_login(contributor_a)
    response = client.post(IMPORT, {"file": _upload(
        tmp_path, [guide_row(), guide_row(CODE_3, department="云溪县交通运输局")], [material_row()])})
    assert response.status_code == 200
    html = response.content.decode()
    assert "发现 1 个问题，未导入任何办事指南" in html
    assert "第 3 行 实施主体：您只能导入本部门的办事指南，不能导入“云溪县交通运输局”的。" in html
    assert not ServiceGuidePage.objects.filter(implementation_code__in=[CODE_1, CODE_3]).exists()


def test_department_people_cannot_update_another_departments_guide(client, contributor_a, dept_a, dept_b, tmp_path):
    other = make_guide(dept_b, "交通", implementation_code=CODE_3)
    client.force_login(contributor_a)
    response = client.post(IMPORT, {"file": _upload(tmp_path, [guide_row(CODE_3, "改名")], [material_row(CODE_3)])})
    assert "已是云溪县交通运输局的办事指南“交通”" in response.content.decode()
    other.refresh_from_db()
    assert other.title == "交通" and other.revisions.count() == 1


def test_department_imports_go_to_review_instead_of_being_published(client, contributor_a, dept_a, tmp_path):
    """Contributors cannot publish: complete guides enter the department → 政务服务中心 review."""
    client.force_login(contributor_a)
    response = client.post(IMPORT, {"file": _upload(tmp_path, [guide_row(), guide_row(CODE_2, 咨询方式=None)],
                                                    [material_row(), material_row(CODE_2)])})
    html = response.content.decode()
    assert "提交审核 1 项" in html and "已提交审核" in html and "因缺少要素存为草稿 1 项" in html
    complete = ServiceGuidePage.objects.get(implementation_code=CODE_1)
    assert not complete.live and complete.workflow_in_progress
    assert complete.current_workflow_task.name == "教育局审核"
    draft = ServiceGuidePage.objects.get(implementation_code=CODE_2)
    assert not draft.live and not draft.workflow_in_progress


def test_upload_checks(client, editor, dept_a, tmp_path):
    client.force_login(editor)
    cases = [
        (SimpleUploadedFile("目录.csv", "事项名称,实施编码\n".encode()), "请上传 Excel（.xlsx）文件"),
        (SimpleUploadedFile("目录.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64), "请上传 Excel（.xlsx）文件"),
        (SimpleUploadedFile("目录.xlsx", b"<html><script>x</script></html>"), "文件内容与扩展名 .xlsx 不符"),
        (SimpleUploadedFile("目录.xlsx", b"PK\x03\x04broken"), "文件不是有效的 .xlsx 文档"),
    ]
    for upload, message in cases:
        response = client.post(IMPORT, {"file": upload})
        assert response.status_code == 200
        assert message in response.content.decode(), message
    assert "必需字段" in client.post(IMPORT, {}).content.decode()


def test_dry_run_in_the_admin(client, centre_user, dept_a, tmp_path):
    client.force_login(centre_user)
    response = client.post(IMPORT, {"file": _upload(tmp_path, [guide_row()], [material_row()]), "dry_run": "on"})
    html = response.content.decode()
    assert "校验结果" in html and "校验通过（未写入）" in html
    assert not ServiceGuidePage.objects.filter(implementation_code=CODE_1).exists()
