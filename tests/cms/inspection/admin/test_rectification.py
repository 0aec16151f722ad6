"""确认整改, 标记已整改 and 复查 through the admin: outcomes, messages, audit events, refusals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cms.inspection.models import Finding, FindingEvent, FindingStatus, RuleCode
from tests.conftest import column_of, make_policy

from .conftest import make_finding

pytestmark = pytest.mark.django_db


def _act(client, finding: Finding, action: str, **data):
    return client.post(reverse("inspection:finding_action", args=[finding.pk, action]), data, follow=True)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _actions(finding: Finding) -> list[str]:
    return list(FindingEvent.objects.filter(finding=finding).order_by("pk").values_list("action", flat=True))


@pytest.fixture
def blank_policy_column(checked_site, dept_a) -> Finding:
    """The real finding 空白栏目 on 教育局's 政策文件 column."""
    return Finding.objects.get(department=dept_a, rule=RuleCode.COLUMN_BLANK, column__slug="zcwj")


def test_acknowledge_then_fix_with_a_note(client, contributor_a, blank_policy_column):
    finding = blank_policy_column
    client.force_login(contributor_a)
    response = _act(client, finding, "acknowledge")
    assert response.redirect_chain[-1][0] == reverse("inspection:finding", args=[finding.pk])
    assert any("已确认整改" in m for m in _messages(response))
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ACKNOWLEDGED
    page = response.content.decode()
    assert reverse("inspection:finding_action", args=[finding.pk, "acknowledge"]) not in page  # done once
    assert reverse("inspection:finding_action", args=[finding.pk, "fix"]) in page

    response = _act(client, finding, "fix", note="已在政策文件栏目发布本局规范性文件。")
    assert any("已标记为已整改" in m for m in _messages(response))
    finding.refresh_from_db()
    assert finding.status == FindingStatus.FIXED and finding.fix_note == "已在政策文件栏目发布本局规范性文件。"
    assert _actions(finding) == [FindingEvent.Action.FOUND, FindingEvent.Action.ACKNOWLEDGED, FindingEvent.Action.FIXED]
    event = finding.events.get(action=FindingEvent.Action.FIXED)
    assert event.user == contributor_a and event.note == finding.fix_note
    page = response.content.decode()
    assert "已整改待复查" in page and "已在政策文件栏目发布本局规范性文件。" in page and "contrib_a" in page


def test_fix_without_a_note_is_refused_with_a_message(client, reviewer_a, blank_policy_column):
    client.force_login(reviewer_a)
    response = _act(client, blank_policy_column, "fix", note="   ")
    assert "请填写整改说明。" in _messages(response)
    blank_policy_column.refresh_from_db()
    assert blank_policy_column.status == FindingStatus.OPEN
    assert _actions(blank_policy_column) == [FindingEvent.Action.FOUND]


def test_recheck_of_a_column_still_blank_keeps_it_open(client, contributor_a, blank_policy_column):
    client.force_login(contributor_a)
    _act(client, blank_policy_column, "fix", note="已整改。")
    response = _act(client, blank_policy_column, "recheck")
    assert any("复查未通过" in m for m in _messages(response))
    blank_policy_column.refresh_from_db()
    assert blank_policy_column.status == FindingStatus.OPEN  # 已整改 claimed, but the column is still blank
    assert _actions(blank_policy_column)[-1] == FindingEvent.Action.RECHECK_FAILED


def test_recheck_after_publishing_closes_the_finding(client, contributor_a, blank_policy_column, dept_a):
    make_policy(column_of(dept_a, "zcwj"), "云溪县教育局关于规范校外培训的通知")
    client.force_login(contributor_a)
    response = _act(client, blank_policy_column, "recheck")
    assert any("复查通过" in m and "已销号" in m for m in _messages(response))
    blank_policy_column.refresh_from_db()
    assert blank_policy_column.status == FindingStatus.CLOSED and blank_policy_column.closed_at is not None
    event = blank_policy_column.events.get(action=FindingEvent.Action.CLOSED)
    assert event.user == contributor_a
    # a closed finding offers no more actions, and a posted one is refused with a message
    assert 'action="' + reverse("inspection:finding_action", args=[blank_policy_column.pk, "fix"]) \
        not in response.content.decode()
    refused = _act(client, blank_policy_column, "acknowledge")
    assert "该问题已销号。" in _messages(refused)


def test_editors_may_act_on_any_finding(client, editor, site_run, dept_b):
    finding = make_finding(site_run, dept_b)
    client.force_login(editor)
    _act(client, finding, "acknowledge", note="请尽快整改")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ACKNOWLEDGED
    assert finding.events.get().note == "请尽快整改"


def test_another_department_cannot_act_and_learns_nothing(client, contributor_b, blank_policy_column):
    client.force_login(contributor_b)
    for action in ("acknowledge", "fix", "recheck"):
        response = client.post(reverse("inspection:finding_action", args=[blank_policy_column.pk, action]),
                               {"note": "越权"})
        assert response.status_code == 404
    blank_policy_column.refresh_from_db()
    assert blank_policy_column.status == FindingStatus.OPEN
    assert _actions(blank_policy_column) == [FindingEvent.Action.FOUND]


def test_only_known_actions_and_only_post(client, contributor_a, blank_policy_column):
    client.force_login(contributor_a)
    assert client.post(reverse("inspection:finding_action", args=[blank_policy_column.pk, "close"])).status_code == 404
    assert client.get(reverse("inspection:finding_action", args=[blank_policy_column.pk, "fix"])).status_code == 405
