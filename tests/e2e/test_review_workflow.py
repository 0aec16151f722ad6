"""A department's policy document goes from the editor through both review steps to the public site.

contributor (提交审核) → the department's reviewer (批准) → a portal editor (批准) → live, with a 索引号.
Each person works in their own browser context, through the admin's real pages and scripts.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cms.disclosure.models import PolicyDocumentPage
from cms.workflows.roles import FINAL_REVIEW_TASK
from tests.conftest import column_of, make_policy, make_user

from .admin import (
    APPROVE_IN_EDITOR,
    add_page_url,
    approve_from_dashboard,
    approve_in_editor,
    open_footer_menu,
    review_queue_row,
    submit_for_review,
    success_message,
    type_rich_text,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "关于印发云溪县学前教育三年行动计划的通知"
BODY = "各乡镇人民政府，县直各有关单位：现将行动计划印发给你们，请认真贯彻执行。"
FIRST_REVIEW_TASK = "教育局审核"  # dept_a's reviewers (short name 教育局)


def current_task_name(page_id: int) -> str | None:
    state = PolicyDocumentPage.objects.get(pk=page_id).current_workflow_state
    return state.current_task_state.task.name if state else None


def submitted(column, title: str, user, body: str | None = None) -> PolicyDocumentPage:
    """A draft in ``column`` written and submitted for review by ``user`` (set up without the browser)."""
    item = make_policy(column, title, publish=False)
    if body is not None:
        item.body = body
    item.save_revision(user=user)
    item.get_workflow().start(item, user)
    return item


def test_contributor_submits_reviewer_and_editor_approve_item_goes_live(
    signed_in, page, dept_a, contributor_a, reviewer_a, editor
):
    column = column_of(dept_a)

    # 1. The department's contributor writes the item in the page editor and submits it (提交审核).
    author = signed_in(contributor_a)
    author.goto(add_page_url("disclosure", "policydocumentpage", column.pk))
    author.fill("#id_title", TITLE)
    type_rich_text(author, "body", BODY)
    submit_for_review(author)
    expect(success_message(author)).to_be_visible()

    item = PolicyDocumentPage.objects.get(title=TITLE)
    assert item.get_parent().pk == column.pk
    assert not item.live and item.index_number is None
    assert item.current_workflow_state.requested_by == contributor_a
    assert current_task_name(item.pk) == FIRST_REVIEW_TASK

    # 2. The department's reviewer finds it in the dashboard's review queue and approves.
    reviewer = signed_in(reviewer_a)
    approve_from_dashboard(reviewer, item.pk)
    expect(review_queue_row(reviewer, item.pk)).to_have_count(0)
    assert current_task_name(item.pk) == FINAL_REVIEW_TASK
    assert not PolicyDocumentPage.objects.get(pk=item.pk).live

    # 3. A portal editor (not the submitter) gives the final approval, which publishes.
    final = signed_in(editor)
    approve_from_dashboard(final, item.pk)
    expect(review_queue_row(final, item.pk)).to_have_count(0)

    item = PolicyDocumentPage.objects.get(pk=item.pk)
    assert item.live
    assert item.current_workflow_state is None
    assert re.fullmatch(rf"{re.escape(dept_a.index_prefix)}/\d{{4}}-\d{{5}}", item.index_number)
    assert BODY in item.body
    assert item.revisions.count() == 1  # approving changed nothing

    # 4. Citizens see it on the public site, with its 索引号.
    response = page.goto(item.url)
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.locator("main")).to_contain_text(BODY)
    expect(page.locator("table.meta-table th:text-is('索引号') + td")).to_have_text(item.index_number)


# The body as the page editor (Draftail) saves it, with a key on every block, and as the sheet
# import, the demo content and make_policy() write it, without keys.
BODY_FROM_EDITOR = f'<p data-block-key="k3x9a">{BODY}</p>'
BODY_FROM_IMPORT = f"<p>{BODY}</p>"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(BODY_FROM_EDITOR, id="written-in-editor"),
        pytest.param(BODY_FROM_IMPORT, id="written-outside-editor"),
    ],
)
def test_approving_in_the_page_editor_moves_the_item_on(signed_in, dept_a, contributor_a, reviewer_a, editor, body):
    """批准 in the page editor (the footer menu) changes nothing in the item and moves it on."""
    item = submitted(column_of(dept_a), TITLE, contributor_a, body)
    revisions = item.revisions.count()

    reviewer = signed_in(reviewer_a)
    approve_in_editor(reviewer, item.pk)
    assert item.revisions.count() == revisions, "approving saved a new revision"
    assert current_task_name(item.pk) == FINAL_REVIEW_TASK
    expect(success_message(reviewer)).to_be_visible()

    approve_in_editor(signed_in(editor), item.pk)
    item = PolicyDocumentPage.objects.get(pk=item.pk)
    assert item.live and item.index_number
    assert item.revisions.count() == revisions


def test_submitter_sees_no_approve_action_on_own_item(signed_in, dept_a, reviewer_a):
    """Four eyes (审核不得审核本人提交的内容): a reviewer who submitted the item cannot approve it;
    another reviewer of the same department can."""
    item = submitted(column_of(dept_a), "本人提交的文件", reviewer_a)
    assert current_task_name(item.pk) == FIRST_REVIEW_TASK

    own = signed_in(reviewer_a)
    own.goto("/admin/")
    expect(own.locator("#awaiting-review-section")).to_have_count(0)  # the queue is empty: no panel
    expect(review_queue_row(own, item.pk)).to_have_count(0)
    own.goto(f"/admin/pages/{item.pk}/edit/")
    expect(own.locator("#id_title")).to_have_value("本人提交的文件")
    open_footer_menu(own)
    expect(own.locator("footer button[name=action-cancel-workflow]")).to_be_attached()  # the menu did open
    expect(own.locator("[data-workflow-action-name=approve]")).to_have_count(0)
    expect(own.locator("[data-workflow-action-url*='/approve/']")).to_have_count(0)

    colleague = signed_in(make_user("review_a2", dept_a.reviewers))
    expect(review_queue_row(colleague, item.pk)).to_have_count(1)
    colleague.goto(f"/admin/pages/{item.pk}/edit/")
    open_footer_menu(colleague)
    expect(colleague.locator(APPROVE_IN_EDITOR)).to_be_visible()
