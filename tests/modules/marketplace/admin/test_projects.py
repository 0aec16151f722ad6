"""Owners' projects in the admin: department isolation, the notice form's rules, drafts, publishing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from modules.marketplace.models import MeritCriterion, Project, ProjectState, SelectionMethod
from tests.admin_forms import form_errors

from ..conftest import make_project
from .conftest import PROJECTS, client_of


def _when(days: float) -> str:
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


def notice(department, category, criteria=(), **overrides) -> dict[str, str]:
    """What the create/edit form posts: the notice fields and the criteria formset."""
    data = {
        "title": "城区地下管线普查", "owner": str(department.pk), "category": str(category.pk),
        "content": "普查城区地下管线并建库。", "service_period": "合同签订后 60 日内",
        "budget": "200000", "max_price": "180000", "quote_method": "amount",
        "qualification_requirement": "具有测绘资质", "required_level": "", "avoidance": "与业主有利害关系的机构回避。",
        "signup_deadline": _when(5), "selection_at": _when(5.5), "method": SelectionMethod.LOTTERY,
        "publicity_days": "3", "contact": "张科长 0871-66000001", "complaint_phone": "0871-12345",
        "criteria-TOTAL_FORMS": str(max(3, len(criteria))), "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, (name, points) in enumerate(criteria):
        data[f"criteria-{i}-name"] = name
        data[f"criteria-{i}-max_points"] = str(points)
    data.update(overrides)
    return data


def test_owner_creates_a_draft_for_their_department_then_publishes_it(owner_client, owner, dept_a, survey):
    response = owner_client.get(f"{PROJECTS}new/")
    assert response.status_code == 200
    assert "评分标准（仅择优选取）" in response.content.decode()
    response = owner_client.post(f"{PROJECTS}new/", notice(dept_a, survey))
    assert response.status_code == 302, form_errors(response.content)
    project = Project.objects.get(title="城区地下管线普查")
    assert response["Location"] == f"{PROJECTS}{project.pk}/"
    assert (project.state, project.owner, project.created_by, project.number) == (ProjectState.DRAFT, dept_a, owner, None)
    page = owner_client.get(response["Location"]).content.decode()
    assert "发布公告" in page and "（发布时生成）" in page
    response = owner_client.post(f"{PROJECTS}{project.pk}/publish/")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == ProjectState.SIGNUP and project.number.startswith("ZJ")
    assert len(project.lottery_commitment) == 64
    page = owner_client.get(f"{PROJECTS}{project.pk}/").content.decode()
    assert project.lottery_commitment in page and "发布公告" not in page


def test_another_departments_project_is_not_found_anywhere(other_client, owner_client, project_direct, dept_a,
                                                           survey, owner):
    draft = make_project(dept_a, survey, SelectionMethod.LOTTERY, user=owner, publish=False, title="教育局的草稿")
    listing = other_client.get(PROJECTS).content.decode()
    assert project_direct.title not in listing and "教育局的草稿" not in listing
    assert project_direct.title in owner_client.get(PROJECTS).content.decode()
    for project in (project_direct, draft):
        for suffix in ("", "edit/", "delete/", "publish/", "direct/", "merit/", "terminate/", "evaluate/",
                       "signups.xlsx", "contract/file/", "history/"):
            url = f"{PROJECTS}{suffix}{project.pk}/" if suffix in ("edit/", "delete/", "history/") \
                else f"{PROJECTS}{project.pk}/{suffix}"
            assert other_client.get(url).status_code == 404, url
        assert other_client.post(f"{PROJECTS}{project.pk}/terminate/", {"reason": "别的部门想中止它"}).status_code == 404
    response = other_client.post(f"{PROJECTS}edit/{draft.pk}/", notice(dept_a, survey, title="篡改"))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.title == "教育局的草稿" and draft.state == ProjectState.DRAFT


def test_owner_cannot_create_a_project_for_another_department(owner_client, dept_b, survey):
    response = owner_client.post(f"{PROJECTS}new/", notice(dept_b, survey))
    assert response.status_code == 200
    assert not Project.objects.filter(title="城区地下管线普查").exists()
    assert "owner" in response.context["form"].errors


@pytest.mark.parametrize(("overrides", "message"), [
    ({"signup_deadline": _when(-1), "selection_at": _when(1)}, "报名截止时间必须晚于当前时间。"),
    ({"selection_at": _when(4)}, "选取时间必须晚于报名截止时间。"),
    ({"max_price": "250000"}, "最高限价不能高于预算金额。"),
    ({"budget": "0", "max_price": ""}, "预算金额必须大于 0。"),
    ({"complaint_phone": "请打电话"}, "请填写有效的投诉电话"),
    ({"budget": "十万"}, "输入一个数字"),
    ({"signup_deadline": "明天上午"}, "输入一个有效的日期/时间"),
    ({"title": "   "}, "必需字段"),
    ({"publicity_days": "30"}, "15"),
    ({"method": SelectionMethod.MERIT}, "择优选取须至少公布一项评分标准"),
])
def test_bad_notices_are_refused_with_a_clear_error(owner_client, dept_a, survey, overrides, message):
    response = owner_client.post(f"{PROJECTS}new/", notice(dept_a, survey, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode(), form_errors(response.content)
    assert not Project.objects.exists()


def test_merit_criteria_are_entered_inline_and_only_for_merit(owner_client, dept_a, survey):
    criteria = [("技术方案", 50), ("业绩", 30), ("服务承诺", 20)]
    response = owner_client.post(f"{PROJECTS}new/", notice(dept_a, survey, criteria, method=SelectionMethod.LOTTERY))
    assert "只有择优选取的项目设置评分标准" in response.content.decode()
    bad = owner_client.post(f"{PROJECTS}new/", notice(dept_a, survey, [("技术方案", 0), ("技术方案", 10)],
                                                       method=SelectionMethod.MERIT)).content.decode()
    assert "分值必须大于 0。" in bad and "评分项名称重复。" in bad
    response = owner_client.post(f"{PROJECTS}new/", notice(dept_a, survey, criteria, method=SelectionMethod.MERIT))
    assert response.status_code == 302, form_errors(response.content)
    project = Project.objects.get()
    assert list(project.criteria.values_list("name", "max_points")) == [("技术方案", 50), ("业绩", 30), ("服务承诺", 20)]
    # editing the draft: delete one criterion, keep the others
    form = notice(dept_a, survey, method=SelectionMethod.MERIT, **{"criteria-TOTAL_FORMS": "5",
                                                                    "criteria-INITIAL_FORMS": "3"})
    for i, criterion in enumerate(project.criteria.order_by("pk")):
        form.update({f"criteria-{i}-id": str(criterion.pk), f"criteria-{i}-name": criterion.name,
                     f"criteria-{i}-max_points": str(criterion.max_points), f"criteria-{i}-project": str(project.pk)})
    form["criteria-1-DELETE"] = "on"
    response = owner_client.post(f"{PROJECTS}edit/{project.pk}/", form)
    assert response.status_code == 302, form_errors(response.content)
    assert list(MeritCriterion.objects.filter(project=project).values_list("name", flat=True)) == ["技术方案", "服务承诺"]


def test_a_published_notice_is_fixed(owner_client, project_lottery, dept_a, survey):
    response = owner_client.get(f"{PROJECTS}edit/{project_lottery.pk}/")
    assert response.status_code == 302 and response["Location"] == f"{PROJECTS}{project_lottery.pk}/"
    owner_client.post(f"{PROJECTS}edit/{project_lottery.pk}/", notice(dept_a, survey, title="改过的标题"))
    owner_client.post(f"{PROJECTS}delete/{project_lottery.pk}/")
    project_lottery.refresh_from_db()
    assert project_lottery.title == "学校用地勘测定界（随机抽取）"
    assert owner_client.post(f"{PROJECTS}{project_lottery.pk}/publish/").status_code == 302
    assert Project.objects.get(pk=project_lottery.pk).state == ProjectState.SIGNUP


def test_a_draft_past_its_deadline_is_not_published(owner_client, owner, dept_a, survey):
    draft = make_project(dept_a, survey, SelectionMethod.LOTTERY, user=owner, publish=False,
                         now=timezone.now() - datetime.timedelta(days=10))
    response = owner_client.post(f"{PROJECTS}{draft.pk}/publish/", follow=True)
    assert "报名截止时间已过" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == ProjectState.DRAFT and draft.number is None


def test_owner_edits_and_deletes_a_draft(owner_client, owner, dept_a, survey):
    draft = make_project(dept_a, survey, SelectionMethod.LOTTERY, user=owner, publish=False)
    page = owner_client.get(f"{PROJECTS}edit/{draft.pk}/")
    assert page.status_code == 200
    response = owner_client.post(f"{PROJECTS}edit/{draft.pk}/", notice(dept_a, survey, title="改名后的草稿"))
    assert response.status_code == 302, form_errors(response.content)
    draft.refresh_from_db()
    assert draft.title == "改名后的草稿"
    for url in (f"{PROJECTS}history/{draft.pk}/", f"{PROJECTS}usage/{draft.pk}/"):
        assert owner_client.get(url).status_code == 200, url
    assert owner_client.post(f"{PROJECTS}delete/{draft.pk}/").status_code == 302
    assert not Project.objects.filter(pk=draft.pk).exists()


def test_editors_and_operator_see_every_department_but_do_not_act(editor, operator, project_direct, dept_b, survey,
                                                                   other_owner):
    other = make_project(dept_b, survey, SelectionMethod.LOTTERY, user=other_owner, title="交通局的项目")
    for user in (editor, operator):
        client = client_of(user)
        listing = client.get(PROJECTS).content.decode()
        assert project_direct.title in listing and "交通局的项目" in listing
        assert client.get(f"{PROJECTS}{other.pk}/").status_code == 200
        assert client.get(f"{PROJECTS}new/").status_code in (302, 403)
        response = client.post(f"{PROJECTS}{project_direct.pk}/direct/", {"reason": "越权选取"})
        assert response.status_code == 403
        assert "业主单位" in response.content.decode()


def test_people_without_a_role_are_refused(client, django_user_model, project_direct):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    assert client.get(PROJECTS).status_code in (302, 403)
    assert client.get(f"{PROJECTS}{project_direct.pk}/").status_code == 403
    assert client.get(f"{PROJECTS}{project_direct.pk}/signups.xlsx").status_code == 403
