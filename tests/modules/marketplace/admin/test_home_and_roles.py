"""The home-page panel (what waits for the operator or a department), the roles of a department
provisioned later, and the date filter of the project list."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import Permission

from modules.marketplace.models import AgencyStatus, Project, QualificationStatus, SelectionMethod
from modules.marketplace.services.contracts import upload_contract
from modules.marketplace.services.credit import file_grievance
from modules.marketplace.services.projects import select_directly
from tests.conftest import make_department, make_user

from ..conftest import SELECTION_AT, make_agency, make_project, pdf_upload
from .conftest import PROJECTS, client_of, pass_deadline, signed_up
from .test_projects import notice


def _panel(client) -> str:
    page = client.get("/admin/").content.decode()
    start = page.find('id="marketplace-panel-section"')
    return page[start:page.find("</section>", start)] if start >= 0 else ""


def test_a_department_provisioned_later_runs_its_own_projects(portal, survey, marketplace_perms):
    department = make_department("云溪县自然资源局", "自然资源局", "zrzyj", "11530100MB0000000H")
    # provisioning grants the owners' permissions at once (modules/marketplace/signals.py)
    assert department.contributors.permissions.filter(content_type__app_label="marketplace",
                                                      codename="add_project").exists()
    staff = make_user("zrzyj_xxy", department.contributors)
    client = client_of(staff)
    assert client.get(f"{PROJECTS}new/").status_code == 200
    response = client.post(f"{PROJECTS}new/", notice(department, survey, title="不动产权籍调查"))
    assert response.status_code == 302
    project = Project.objects.get(title="不动产权籍调查")
    assert project.owner == department and project.created_by == staff
    assert client.post(f"{PROJECTS}{project.pk}/publish/").status_code == 302
    assert '"marketplace-projects"' in client.get("/admin/").content.decode()


def test_the_owner_panel_lists_what_waits_for_the_department(owner, other_owner, dept_a, survey, project_direct,
                                                            project_merit, agencies):
    draft = make_project(dept_a, survey, SelectionMethod.LOTTERY, user=owner, publish=False, title="待发布的草稿")
    signups = signed_up(project_direct, agencies)
    pass_deadline(project_direct)
    signed_up(project_merit, agencies)
    pass_deadline(project_merit)
    panel = _panel(client_of(owner))
    assert "本单位待办的中介服务项目" in panel
    assert f"{PROJECTS}{draft.pk}/" in panel and "草稿，待发布" in panel
    assert "直接选取：待选取" in panel and "择优选取：录入评分并完成评审" in panel
    select_directly(project_direct, signups[0], "本地机构，响应快。", owner, now=SELECTION_AT)
    upload_contract(project_direct, agencies[0], {"number": "HT-01", "amount": Decimal("80000"),
                                                  "starts_on": datetime.date(2026, 10, 8),
                                                  "ends_on": datetime.date(2026, 12, 8)}, pdf_upload("合同.pdf"))
    assert "合同备案待确认" in _panel(client_of(owner))
    other = _panel(client_of(other_owner))
    assert "本单位暂无待办的中介服务项目" in other and project_direct.title not in other


def test_the_operator_panel_counts_reviews_and_grievances(operator, editor, survey, project_direct):
    make_agency("逾期待审机构", categories=(survey,), status=AgencyStatus.PENDING,
                qualification_status=QualificationStatus.PENDING)
    file_grievance("complaint", submitter="市民", contact="12345", content="电话打不通。", project=project_direct)
    panel = _panel(client_of(operator))
    assert "待审核的入驻申请和资质变更" in panel and "已逾期 1 件" in panel and "/admin/marketplace/review/" in panel
    assert "待答复的异议和投诉" in panel
    assert _panel(client_of(editor)) == ""


def test_the_project_list_filters_by_state_and_deadline(owner, dept_a, survey, project_lottery):
    later = make_project(dept_a, survey, SelectionMethod.LOTTERY, user=owner, title="十二月的项目",
                         now=datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), publish=False)
    client = client_of(owner)
    page = client.get(f"{PROJECTS}?signup_deadline_from=2026-12-01&signup_deadline_to=2026-12-31").content.decode()
    assert "十二月的项目" in page and project_lottery.title not in page
    page = client.get(f"{PROJECTS}?state=signup").content.decode()
    assert project_lottery.title in page and later.title not in page
    assert client.get(f"{PROJECTS}?signup_deadline_from=不是日期&state=坏值").status_code == 200


def test_nobody_without_a_role_gets_the_panel(client, django_user_model):
    user = django_user_model.objects.create_user("plain", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert _panel(client) == ""
