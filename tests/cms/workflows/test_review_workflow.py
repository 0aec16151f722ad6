"""The two-step review workflow, through real admin HTTP requests.

Contributor submits → department reviewer approves → portal editor approves → live.
Rejection returns the item with a comment; nobody approves their own submission.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from cms.disclosure.models import PolicyDocumentPage
from tests.admin_forms import form_data, form_errors, rich_text
from tests.conftest import PASSWORD, column_of

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def create_and_submit(client, column, title: str) -> PolicyDocumentPage:
    """Create a policy document in ``column`` through the add form and submit it for review."""
    url = reverse("wagtailadmin_pages:add", args=("disclosure", "policydocumentpage", column.pk))
    response = client.get(url)
    assert response.status_code == 200
    data = form_data(response.content)
    data.update({"title": title, "slug": f"item-{abs(hash(title)) % 10**8}", "body": rich_text("正文：关于做好有关工作的通知。"),
                 "publish_date": "2026-11-20", "genre": "notice", "validity": "valid", "action-submit": "1"})
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response.content)
    return PolicyDocumentPage.objects.get(title=title)


def current_task_state(page) -> TaskState:
    return page.current_workflow_state.current_task_state


def act(client, page, action: str, comment: str = ""):
    state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state.pk))
    return client.post(url, {"comment": comment} if comment else {})


def assert_refused(response) -> None:
    """The admin answers a refused action with 403 or a redirect to the dashboard."""
    assert response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def test_submit_then_two_approvals_publish(client, dept_a, contributor_a, reviewer_a, editor):
    page = create_and_submit(login(client, contributor_a), column_of(dept_a), "关于开展校园安全大检查的通知")
    assert not page.live
    assert page.index_number is None
    assert current_task_state(page).task.name == "教育局审核"

    client.logout()
    assert act(login(client, reviewer_a), page, "approve").status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert current_task_state(page).task.name == "门户编辑终审"

    client.logout()
    assert act(login(client, editor), page, "approve").status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.index_number.startswith(f"{dept_a.index_prefix}/")
    assert page.current_workflow_state is None

    # The history shows who did what and when.
    actions = list(PageLogEntry.objects.filter(page=page).order_by("timestamp").values_list("action", "user__username"))
    assert ("wagtail.workflow.start", "contrib_a") in actions
    assert ("wagtail.workflow.approve", "review_a") in actions
    assert ("wagtail.workflow.approve", "editor") in actions
    assert ("wagtail.publish", "editor") in actions
    history = client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    assert history.status_code == 200


def test_contributor_cannot_publish(client, dept_a, contributor_a):
    login(client, contributor_a)
    column = column_of(dept_a)
    url = reverse("wagtailadmin_pages:add", args=("disclosure", "policydocumentpage", column.pk))
    data = form_data(client.get(url).content)
    data.update({"title": "试图直接发布", "slug": "direct-publish", "body": rich_text("内容"), "publish_date": "2026-11-20",
                 "genre": "notice", "validity": "valid", "action-publish": "1"})
    client.post(url, data)
    page = PolicyDocumentPage.objects.get(title="试图直接发布")
    assert not page.live
    assert page.index_number is None
    assert not page.permissions_for_user(contributor_a).can_publish()


def test_rejection_returns_with_comment(client, dept_a, contributor_a, reviewer_a):
    page = create_and_submit(login(client, contributor_a), column_of(dept_a), "需要修改的通知")
    client.logout()
    login(client, reviewer_a)
    assert act(client, page, "reject", comment="文号有误，请核对后重新提交。").status_code == 302
    page.refresh_from_db()
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = TaskState.objects.get(workflow_state=state, status=TaskState.STATUS_REJECTED)
    assert rejected.comment == "文号有误，请核对后重新提交。"
    assert rejected.finished_by == reviewer_a
    assert not page.live
    # The contributor sees the comment in the page's workflow history.
    client.logout()
    login(client, contributor_a)
    detail = client.get(reverse("wagtailadmin_pages:workflow_history_detail", args=(page.pk, state.pk)))
    assert detail.status_code == 200
    assert "文号有误" in detail.content.decode()


def test_self_approval_is_refused(client, dept_a, reviewer_a):
    """A reviewer who submits an item cannot approve it, even through a hand-made request."""
    page = create_and_submit(login(client, reviewer_a), column_of(dept_a), "审核员本人提交的文件")
    state = current_task_state(page)
    assert state.task.specific.get_actions(page, reviewer_a) == []
    response = act(client, page, "approve")
    assert_refused(response)
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS
    # It is not in their review queue either.
    assert not TaskState.objects.reviewable_by(reviewer_a).filter(pk=state.pk).exists()


def test_editor_cannot_final_approve_own_submission(client, dept_a, contributor_a, reviewer_a, editor, editor2):
    page = create_and_submit(login(client, contributor_a), column_of(dept_a), "终审四眼原则")
    client.logout()
    act(login(client, reviewer_a), page, "approve")
    client.logout()
    # editor edits the item while it sits in the final step: the new revision is theirs.
    login(client, editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = form_data(client.get(edit_url).content)
    data.update({"title": "终审四眼原则（修订）"})
    assert client.post(edit_url, data).status_code == 302
    page.refresh_from_db()
    assert_refused(act(client, page, "approve"))
    page.refresh_from_db()
    assert not page.live
    client.logout()
    # Another editor approves; the edit requires the department's re-approval first.
    assert act(login(client, editor2), page, "approve").status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert current_task_state(page).task.name == "教育局审核"
    client.logout()
    act(login(client, reviewer_a), page, "approve")
    client.logout()
    act(login(client, editor2), page, "approve")
    page.refresh_from_db()
    assert page.live and page.title == "终审四眼原则（修订）"
