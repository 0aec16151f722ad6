"""Guides in the admin: drafts may be incomplete, publishing and submitting may not; who may edit where."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cms.guides.models import GuideFolderPage, ServiceGuidePage
from cms.workflows.roles import SERVICE_CENTRE, ensure_service_centre
from tests.admin_forms import form_data, form_errors, rich_text
from tests.conftest import make_user

from .conftest import make_guide

pytestmark = pytest.mark.django_db


def _add_url(folder: GuideFolderPage) -> str:
    return reverse("wagtailadmin_pages:add", args=("guides", "serviceguidepage", folder.pk))


def _complete_post(client, folder: GuideFolderPage, **overrides) -> dict[str, str]:
    data = form_data(client.get(_add_url(folder)).content)
    data.update({
        "title": "幼儿园办园许可", "slug": "yeybyxk", "basic_code": "000123002000",
        "implementation_code": "11441700007280420Y4000123002000", "matter_type": "licensing",
        "audience": "legal", "legal_basis": "《幼儿园管理条例》第十一条",
        "conditions": rich_text("举办者具备办园条件。"), "process": rich_text("受理、现场核查、决定。"),
        "legal_time_limit": "20", "promised_time_limit": "10", "location": "县政务服务中心二楼",
        "office_hours": "工作日 9:00-17:00", "consultation": "0760-7654321", "complaint": "12345",
        "visits": "1",
        "materials-TOTAL_FORMS": "1", "materials-INITIAL_FORMS": "0", "materials-MIN_NUM_FORMS": "1",
        "materials-MAX_NUM_FORMS": "1000", "materials-0-name": "办园申请书", "materials-0-necessity": "required",
        "materials-0-form": "either", "materials-0-copies": "1", "materials-0-source": "applicant",
        "materials-0-ORDER": "1", "materials-0-DELETE": "", "materials-0-id": "",
        "faq-count": "1", "faq-0-type": "faq", "faq-0-deleted": "", "faq-0-order": "0", "faq-0-id": "",
        "faq-0-value-question": "需要现场核查吗？", "faq-0-value-answer": "需要。",
    })
    data.update(overrides)
    return data


@pytest.fixture
def centre_user(portal):
    ensure_service_centre()
    return make_user("centre", SERVICE_CENTRE)


def test_contributor_saves_an_incomplete_draft(client, contributor_a, dept_a):
    client.force_login(contributor_a)
    folder = dept_a.guide_folder
    data = form_data(client.get(_add_url(folder)).content)
    data.update({"title": "草稿中的指南", "slug": "cgzn"})
    response = client.post(_add_url(folder), data)
    assert response.status_code == 302, form_errors(response.content)
    guide = ServiceGuidePage.objects.get(title="草稿中的指南")
    assert not guide.live and guide.department == dept_a


def test_submit_with_a_missing_element_is_refused(client, contributor_a, dept_a):
    client.force_login(contributor_a)
    folder = dept_a.guide_folder
    data = _complete_post(client, folder, complaint="", **{"action-submit": "1"})
    response = client.post(_add_url(folder), data)
    assert response.status_code == 200
    assert not ServiceGuidePage.objects.filter(title="幼儿园办园许可").exists()


def test_submit_of_a_charged_guide_without_fee_standard_is_refused(client, contributor_a, dept_a):
    client.force_login(contributor_a)
    folder = dept_a.guide_folder
    data = _complete_post(client, folder, is_charged="on", **{"action-submit": "1"})
    response = client.post(_add_url(folder), data)
    assert response.status_code == 200
    assert "收费标准" in form_errors(response.content)
    assert not ServiceGuidePage.objects.filter(title="幼儿园办园许可").exists()


def test_submit_without_materials_is_refused(client, contributor_a, dept_a):
    client.force_login(contributor_a)
    folder = dept_a.guide_folder
    data = _complete_post(client, folder, **{"materials-TOTAL_FORMS": "0", "action-submit": "1"})
    assert client.post(_add_url(folder), data).status_code == 200
    assert not ServiceGuidePage.objects.filter(title="幼儿园办园许可").exists()


def test_complete_guide_goes_into_the_department_workflow(client, contributor_a, dept_a):
    client.force_login(contributor_a)
    folder = dept_a.guide_folder
    response = client.post(_add_url(folder), _complete_post(client, folder, **{"action-submit": "1"}))
    assert response.status_code == 302, form_errors(response.content)
    guide = ServiceGuidePage.objects.get(title="幼儿园办园许可")
    assert not guide.live
    state = guide.current_workflow_state
    assert state is not None and state.workflow.name == "教育局办事指南审核流程"
    assert [t.name for t in state.workflow.tasks] == ["教育局审核", "政务服务中心审核"]


def test_contributor_cannot_add_guides_for_another_department(client, contributor_a, dept_b):
    client.force_login(contributor_a)
    response = client.get(_add_url(dept_b.guide_folder))
    assert response.status_code in (302, 403)


def test_service_centre_publishes_for_any_department(client, centre_user, dept_b):
    client.force_login(centre_user)
    folder = dept_b.guide_folder
    response = client.post(_add_url(folder), _complete_post(client, folder, **{"action-publish": "1"}))
    assert response.status_code == 302, form_errors(response.content)
    guide = ServiceGuidePage.objects.get(title="幼儿园办园许可")
    assert guide.live and guide.department == dept_b


def test_incomplete_report_lists_live_guides_lacking_elements_per_department(client, dept_a, dept_b, contributor_a,
                                                                             centre_user):
    broken_a = make_guide(dept_a, "教师资格认定")
    broken_b = make_guide(dept_b, "道路运输证配发", implementation_code="X9")
    make_guide(dept_a, "学生资助申请", implementation_code="X10")
    for guide in (broken_a, broken_b):  # rules changed after publication: materials gone
        guide.materials.all().delete()
    ServiceGuidePage.objects.filter(pk=broken_b.pk).update(complaint="")

    client.force_login(centre_user)
    html = client.get(reverse("guides_incomplete")).content.decode()
    assert "教师资格认定" in html and "道路运输证配发" in html and "学生资助申请" not in html
    assert "申请材料、" not in html or "监督投诉方式" in html

    client.force_login(contributor_a)
    html = client.get(reverse("guides_incomplete")).content.decode()
    assert "教师资格认定" in html and "道路运输证配发" not in html


def test_incomplete_report_refuses_outsiders(client, portal):
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="访客")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(make_user("outsider", group))
    response = client.get(reverse("guides_incomplete"))
    assert response.status_code in (302, 403)  # the Wagtail admin redirects a refusal to its home
    assert "要素检查" not in response.content.decode()
