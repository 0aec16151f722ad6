"""After the selection, in the admin: contract confirmation, the service steps, the owner's evaluation
(1–5 on five aspects, a comment, within 180 days, once) and termination with a reason."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from modules.marketplace.models import Contract, Evaluation, Project, ProjectState
from modules.marketplace.services.contracts import upload_contract, upload_result
from modules.marketplace.services.projects import complete_service, confirm_contract, select_directly, start_service

from ..conftest import SELECTION_AT, pdf_upload
from .conftest import PROJECTS, client_of, pass_deadline, signed_up

STARS = {"quality": "5", "timeliness": "4", "attitude": "5", "fees": "3", "conduct": "4", "comment": "成果质量好，按期完成。"}


@pytest.fixture
def selected(project_direct, agencies, owner) -> Project:
    """project_direct with agencies[0] selected directly and its contract uploaded."""
    signups = signed_up(project_direct, agencies)
    pass_deadline(project_direct)
    select_directly(project_direct, signups[0], "本地机构，响应快。", owner, now=SELECTION_AT)
    upload_contract(project_direct, agencies[0], {"number": "YXJY-2026-018", "amount": Decimal("86000"),
                                                  "starts_on": datetime.date(2026, 10, 8),
                                                  "ends_on": datetime.date(2026, 11, 30)}, pdf_upload("合同.pdf"))
    return Project.objects.get(pk=project_direct.pk)


def _completed(project: Project, owner, *, days_ago: int = 1) -> Project:
    contract = Contract.objects.get(project=project)
    confirm_contract(contract, owner)
    start_service(project, owner)
    return complete_service(project, owner, now=timezone.now() - datetime.timedelta(days=days_ago))


def test_owner_confirms_the_contract_then_runs_the_service(selected, owner, agencies):
    client = client_of(owner)
    detail = f"{PROJECTS}{selected.pk}/"
    page = client.get(detail).content.decode()
    assert "YXJY-2026-018" in page and "待确认" in page and "确认合同备案" in page
    assert "开始服务" not in page.split("项目公告")[0]
    confirm = client.get(f"{PROJECTS}{selected.pk}/contract/confirm/").content.decode()
    assert "86000" in confirm and "查看合同扫描件" in confirm
    file = client.get(f"{PROJECTS}{selected.pk}/contract/file/")
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF")
    assert client.post(f"{PROJECTS}{selected.pk}/contract/confirm/").status_code == 302
    assert Contract.objects.get(project=selected).confirmed_by == owner
    again = client.post(f"{PROJECTS}{selected.pk}/contract/confirm/", follow=True).content.decode()
    assert "该合同已确认" in again
    assert client.post(f"{PROJECTS}{selected.pk}/complete/", follow=True).status_code == 200
    assert Project.objects.get(pk=selected.pk).state == ProjectState.SELECTED  # not yet in service
    assert client.post(f"{PROJECTS}{selected.pk}/start/").status_code == 302
    assert Project.objects.get(pk=selected.pk).state == ProjectState.IN_SERVICE
    upload_result(selected, agencies[0], "地形图成果", pdf_upload("成果.pdf"), "1:500 地形图")
    page = client.get(detail).content.decode()
    assert "地形图成果" in page
    result = selected.results.get()
    assert client.get(f"{PROJECTS}{selected.pk}/results/{result.pk}/file/").status_code == 200
    assert client.post(f"{PROJECTS}{selected.pk}/complete/").status_code == 302
    project = Project.objects.get(pk=selected.pk)
    assert project.state == ProjectState.COMPLETED and project.completed_at is not None
    assert f"{PROJECTS}{selected.pk}/evaluate/" in client.get(detail).content.decode()


def test_files_and_steps_are_the_owners_only(selected, other_owner, operator):
    other = client_of(other_owner)
    for url in ("contract/file/", "contract/confirm/", "start/"):
        assert other.get(f"{PROJECTS}{selected.pk}/{url}").status_code == 404
    centre = client_of(operator)
    assert centre.get(f"{PROJECTS}{selected.pk}/contract/file/").status_code == 200  # the operator may read
    assert centre.post(f"{PROJECTS}{selected.pk}/contract/confirm/").status_code == 403
    assert Contract.objects.get(project=selected).confirmed_at is None


@pytest.mark.parametrize(("change", "message"), [
    ({"timeliness": ""}, "请给“时效”评 1～5 星。"),
    ({"quality": "6"}, "“服务质量”只能评 1～5 星。"),
    ({"fees": "0"}, "“收费”只能评 1～5 星。"),
    ({"conduct": "五星"}, "“规范”只能评 1～5 星。"),
    ({"comment": "   "}, "请填写评价意见。"),
])
def test_the_evaluation_form_refuses_bad_input(selected, owner, change, message):
    _completed(selected, owner)
    response = client_of(owner).post(f"{PROJECTS}{selected.pk}/evaluate/", {**STARS, **change})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Evaluation.objects.exists()


def test_the_owner_evaluates_once_within_180_days(selected, owner, agencies):
    _completed(selected, owner, days_ago=179)
    client = client_of(owner)
    page = client.get(f"{PROJECTS}{selected.pk}/evaluate/").content.decode()
    assert "服务质量" in page and "5 星" in page
    assert client.post(f"{PROJECTS}{selected.pk}/evaluate/", STARS).status_code == 302
    evaluation = Evaluation.objects.get(project=selected)
    assert (evaluation.quality, evaluation.fees, evaluation.evaluated_by) == (5, 3, owner)
    agencies[0].refresh_from_db()
    assert agencies[0].rating == Decimal("4.20")
    detail = client.get(f"{PROJECTS}{selected.pk}/").content.decode()
    assert "成果质量好，按期完成。" in detail and "平均 4.2 星" in detail
    again = client.post(f"{PROJECTS}{selected.pk}/evaluate/", STARS, follow=True).content.decode()
    assert "本项目已经评价" in again
    assert Evaluation.objects.count() == 1


def test_no_evaluation_after_180_days(selected, owner):
    _completed(selected, owner, days_ago=181)
    client = client_of(owner)
    detail = client.get(f"{PROJECTS}{selected.pk}/").content.decode()
    assert "已届满" in detail and f"{PROJECTS}{selected.pk}/evaluate/" not in detail
    response = client.post(f"{PROJECTS}{selected.pk}/evaluate/", STARS, follow=True).content.decode()
    assert "评价期限已于" in response and "届满" in response
    assert not Evaluation.objects.exists()


def test_termination_needs_a_reason(selected, owner, operator, other_owner):
    url = f"{PROJECTS}{selected.pk}/terminate/"
    client = client_of(owner)
    assert "请填写理由" in client.post(url, {"reason": ""}).content.decode()
    assert "不少于 5 个字" in client.post(url, {"reason": "不要"}).content.decode()
    assert client_of(other_owner).post(url, {"reason": "别的部门想中止它。"}).status_code == 404
    assert Project.objects.get(pk=selected.pk).state == ProjectState.SELECTED
    response = client_of(operator).post(url, {"reason": "中选机构被列入黑名单，项目中止。"})
    assert response.status_code == 302
    project = Project.objects.get(pk=selected.pk)
    assert project.state == ProjectState.TERMINATED and project.void_reason == "中选机构被列入黑名单，项目中止。"
    page = client.get(f"{PROJECTS}{selected.pk}/").content.decode()
    assert "中止" in page and "中选机构被列入黑名单" in page and "中止项目" not in page
