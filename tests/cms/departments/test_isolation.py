"""A department's people reach nothing outside their department, through real admin requests.

Contributor A can neither see department B's drafts nor edit, submit, publish, preview or
add pages in B's subtree, and finds nothing of B's in admin search or the document library.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document

from tests.admin_forms import form_data, rich_text
from tests.conftest import PASSWORD, column_of, make_policy

pytestmark = pytest.mark.django_db


def refused(response) -> bool:
    """The admin refuses with 403/404 or by redirecting to the dashboard or login."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and (
        response.url == reverse("wagtailadmin_home") or response.url.startswith(reverse("wagtailadmin_login"))
    )


@pytest.fixture
def b_draft(dept_b, contributor_b):
    page = make_policy(column_of(dept_b), "交通运输局内部草稿", publish=False)
    page.owner = contributor_b
    page.save_revision(user=contributor_b)
    return page


@pytest.fixture
def client_a(client, contributor_a):
    assert client.login(username=contributor_a.username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    "url_name",
    ["wagtailadmin_pages:edit", "wagtailadmin_pages:history",
     "wagtailadmin_pages:delete", "wagtailadmin_pages:unpublish", "wagtailadmin_pages:copy",
     "wagtailadmin_pages:move", "wagtailadmin_pages:workflow_history"],
)
def test_contributor_cannot_open_other_departments_draft(client_a, b_draft, url_name):
    assert refused(client_a.get(reverse(url_name, args=(b_draft.pk,))))


def test_contributor_cannot_lock_other_departments_draft(client_a, b_draft):
    assert refused(client_a.post(reverse("wagtailadmin_pages:lock", args=(b_draft.pk,))))
    b_draft.refresh_from_db()
    assert not b_draft.locked


def test_contributor_cannot_preview_other_departments_draft(client_a, b_draft):
    response = client_a.get(reverse("wagtailadmin_pages:preview_on_edit", args=(b_draft.pk,)))
    assert refused(response) or "交通运输局内部草稿" not in response.content.decode()


def test_contributor_cannot_browse_other_departments_subtree(client_a, dept_b, b_draft):
    """The explorer lists none of department B's pages to a contributor of department A.

    A's people hold permissions on two subtrees (disclosure, guide folder), so Wagtail's
    explorer opens at their common ancestor and filters every listing to A's own pages.
    """
    column = column_of(dept_b)
    for page in (column, dept_b.disclosure_page):
        response = client_a.get(reverse("wagtailadmin_explore", args=(page.pk,)), follow=True)
        html = response.content.decode()
        assert "交通运输局内部草稿" not in html
        assert f"/admin/pages/{b_draft.pk}/" not in html
        assert f"/admin/pages/{column.pk}/edit/" not in html


def test_contributor_cannot_edit_submit_or_publish_in_other_department(client_a, b_draft):
    edit_url = reverse("wagtailadmin_pages:edit", args=(b_draft.pk,))
    for action in ("action-submit", "action-publish", None):
        data = {"title": "被篡改", "slug": b_draft.slug, "body": rich_text("篡改"), "publish_date": "2026-11-20",
                "genre": "notice", "validity": "valid", "attachments-count": "0"}
        if action:
            data[action] = "1"
        assert refused(client_a.post(edit_url, data))
    b_draft.refresh_from_db()
    assert b_draft.title == "交通运输局内部草稿"
    assert not b_draft.live
    assert b_draft.current_workflow_state is None
    assert b_draft.latest_revision.as_object().title == "交通运输局内部草稿"


def test_contributor_cannot_add_pages_in_other_department(client_a, dept_b):
    url = reverse("wagtailadmin_pages:add", args=("disclosure", "policydocumentpage", column_of(dept_b).pk))
    assert refused(client_a.get(url))
    data = {"title": "越权新增", "slug": "yuequan", "body": rich_text("x"), "publish_date": "2026-11-20",
            "genre": "notice", "validity": "valid", "attachments-count": "0", "action-submit": "1"}
    assert refused(client_a.post(url, data))
    assert not column_of(dept_b).get_children().filter(title="越权新增").exists()


def test_contributor_cannot_publish_or_unpublish_other_departments_live_item(client_a, dept_b):
    live = make_policy(column_of(dept_b), "交通运输局已发布文件")
    assert refused(client_a.post(reverse("wagtailadmin_pages:unpublish", args=(live.pk,))))
    assert refused(client_a.post(reverse("wagtailadmin_pages:delete", args=(live.pk,))))
    live.refresh_from_db()
    assert live.live


def test_admin_search_does_not_reveal_other_departments_drafts(client_a, b_draft, dept_a):
    make_policy(column_of(dept_a), "教育局自己的草稿", publish=False)
    response = client_a.get(reverse("wagtailadmin_pages:search"), {"q": "草稿"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "交通运输局内部草稿" not in body


def test_own_department_reviewer_and_portal_editor_see_the_draft(client, dept_a, reviewer_a, editor):
    draft = make_policy(column_of(dept_a), "教育局待审草稿", publish=False)
    for user in (reviewer_a, editor):
        client.login(username=user.username, password=PASSWORD)
        assert client.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,))).status_code == 200
        client.logout()


def test_drafts_are_not_public(client, b_draft):
    assert client.get(b_draft.url_path.replace("/home", "", 1)).status_code == 404


def test_contributor_sees_only_own_department_documents(client_a, dept_a, dept_b):
    Document.objects.create(title="教育局附件", collection=dept_a.collection, file=ContentFile(b"%PDF-1.4", name="a.pdf"))
    Document.objects.create(title="交通局附件", collection=dept_b.collection, file=ContentFile(b"%PDF-1.4", name="b.pdf"))
    body = client_a.get(reverse("wagtaildocs:index")).content.decode()
    assert "教育局附件" in body
    assert "交通局附件" not in body


def test_contributor_cannot_reach_department_admin(client_a, dept_b):
    assert refused(client_a.get(reverse("wagtailsnippets_departments_department:edit", args=(dept_b.pk,))))
    assert refused(client_a.get(reverse("wagtailsnippets_departments_department:add")))


def test_reviewer_of_a_cannot_approve_b_items(client, dept_b, contributor_b, reviewer_a):
    page = make_policy(column_of(dept_b), "交通运输局待审文件", publish=False)
    page.save_revision(user=contributor_b)
    page.get_workflow().start(page, contributor_b)
    state = page.current_workflow_state.current_task_state
    client.login(username=reviewer_a.username, password=PASSWORD)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk))
    assert refused(client.post(url))
    state.refresh_from_db()
    assert state.status == "in_progress"


def test_form_data_helper_reads_the_real_form(client_a, dept_a):
    """Guards the helper the other tests rely on."""
    url = reverse("wagtailadmin_pages:add", args=("disclosure", "policydocumentpage", column_of(dept_a).pk))
    data = form_data(client_a.get(url).content)
    assert "title" in data and data["attachments-count"] == "0"
