"""Reusing unchanged items' snapshots: same findings, fresh look when a reused view no longer holds."""

from __future__ import annotations

import pytest

from cms.inspection.checks.pages import PageChecker
from cms.inspection.models import Observation, PageSnapshot
from cms.inspection.planning import column_paths, department_page_ids
from cms.inspection.runner import execute_inline, start_run
from tests.conftest import column_of

from .planted import TODAY, _article, plant

pytestmark = pytest.mark.django_db


def _check(department):
    result = PageChecker().check_pages(department_page_ids(department.pk), department.pk, column_paths(department.pk))
    from cms.inspection import snapshots

    snapshots.save(result.snapshots)
    return result


def test_second_run_reuses_items_and_finds_the_same_defects(dept_a, dept_b, outside_web):
    planted = plant(dept_a, dept_b, outside_web)
    expected = {row for row in planted.expected if row[1] == dept_a.pk}
    for _ in range(2):
        run = execute_inline(start_run(department=dept_a, today=TODAY, enqueue=False))
        found = set(Observation.objects.filter(run=run).values_list(
            "rule", "department_id", "finding__page_id", "finding__target"))
        assert found == expected
    assert PageSnapshot.objects.filter(page__in=department_page_ids(dept_a.pk)).exists()


def test_unchanged_items_are_not_rendered_again(dept_a):
    for number in range(3):
        _article(column_of(dept_a, "gzdt"), f"动态{number}", 1)
    first = _check(dept_a)
    second = _check(dept_a)
    assert first.reused == 0
    assert second.reused == 3, "the three items"
    assert second.rendered == first.rendered - 3, "listing pages are always rendered"


def test_republished_item_is_rendered_again(dept_a):
    page = _article(column_of(dept_a, "gzdt"), "动态", 1)
    _check(dept_a)
    page.body = "<p>改过的正文。</p>"
    page.save_revision().publish()
    assert _check(dept_a).reused == 0


def test_a_moved_link_target_makes_the_item_look_again_not_a_false_finding(dept_a):
    target = _article(column_of(dept_a, "tzgg"), "通知", 1)
    _article(column_of(dept_a, "gzdt"), "动态", 1, body=f'<p><a linktype="page" id="{target.pk}">通知</a></p>')
    assert not [d for d in _check(dept_a).defects if d.rule == "broken_link"]
    target.slug = "tongzhi-new"
    target.save_revision().publish()
    again = _check(dept_a)
    assert not [d for d in again.defects if d.rule == "broken_link"], "the old URL is not reported"
