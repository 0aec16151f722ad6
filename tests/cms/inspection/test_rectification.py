"""Rectification: acknowledge, mark fixed, close only when a check passes; department isolation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cms.inspection import rectification
from cms.inspection.models import Finding, FindingEvent, FindingStatus, RuleCode
from cms.inspection.runner import execute_inline, start_run
from tests.conftest import column_of

from .planted import TODAY, _article

pytestmark = pytest.mark.django_db


@pytest.fixture
def blank_finding(dept_a) -> Finding:
    run = execute_inline(start_run(department=dept_a, today=TODAY, enqueue=False))
    return Finding.objects.get(first_seen_run=run, rule=RuleCode.COLUMN_BLANK, column=column_of(dept_a, "gzdt"))


def _actions(finding) -> list[str]:
    return list(finding.events.values_list("action", flat=True))


def test_fixed_is_a_claim_the_next_run_confirms(blank_finding, dept_a, reviewer_a):
    rectification.acknowledge(blank_finding, reviewer_a)
    rectification.mark_fixed(blank_finding, reviewer_a, "已发布本月工作动态。")
    assert blank_finding.status == FindingStatus.FIXED
    # not actually fixed: the next run sees the blank column again and reopens it
    execute_inline(start_run(department=dept_a, today=TODAY, enqueue=False))
    blank_finding.refresh_from_db()
    assert blank_finding.status == FindingStatus.OPEN
    assert _actions(blank_finding)[-1] == FindingEvent.Action.RECHECK_FAILED
    # fixed for real: the next run does not see it and closes it
    _article(column_of(dept_a, "gzdt"), "教育局开展安全检查", 1)
    run = execute_inline(start_run(department=dept_a, today=TODAY, enqueue=False))
    blank_finding.refresh_from_db()
    assert blank_finding.status == FindingStatus.CLOSED and blank_finding.closed_by_run == run
    assert _actions(blank_finding) == ["found", "acknowledged", "fixed", "recheck_failed", "closed"]


def test_recheck_of_one_item_closes_it_when_it_passes(blank_finding, dept_a, contributor_a):
    assert rectification.recheck(blank_finding, contributor_a) is False
    assert blank_finding.status == FindingStatus.OPEN
    _article(column_of(dept_a, "gzdt"), "教育局开展安全检查", 1)
    assert rectification.recheck(blank_finding, contributor_a) is True
    blank_finding.refresh_from_db()
    assert blank_finding.status == FindingStatus.CLOSED
    events = list(blank_finding.events.values_list("action", "user__username"))
    assert events[-2:] == [("recheck_failed", "contrib_a"), ("closed", "contrib_a")]


def test_a_closed_defect_found_again_is_a_new_finding(blank_finding, dept_a, contributor_a):
    page = _article(column_of(dept_a, "gzdt"), "教育局开展安全检查", 1)
    assert rectification.recheck(blank_finding, contributor_a)
    page.unpublish()
    run = execute_inline(start_run(department=dept_a, today=TODAY, enqueue=False))
    again = Finding.objects.get(first_seen_run=run, rule=RuleCode.COLUMN_BLANK, column=blank_finding.column)
    assert again.pk != blank_finding.pk and again.fingerprint == blank_finding.fingerprint
    assert _actions(again) == ["reopened"]


def test_other_departments_cannot_act(blank_finding, contributor_b):
    for action in (lambda: rectification.acknowledge(blank_finding, contributor_b),
                   lambda: rectification.mark_fixed(blank_finding, contributor_b, "x"),
                   lambda: rectification.recheck(blank_finding, contributor_b)):
        with pytest.raises(PermissionDenied):
            action()
    assert _actions(blank_finding) == ["found"]


def test_editors_may_act_and_a_note_is_required(blank_finding, editor):
    with pytest.raises(ValidationError):
        rectification.mark_fixed(blank_finding, editor, "   ")
    rectification.mark_fixed(blank_finding, editor, "已督促部门补充内容。")
    assert Finding.objects.get(pk=blank_finding.pk).fix_note == "已督促部门补充内容。"
