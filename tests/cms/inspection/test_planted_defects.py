"""Every planted defect is found (recall 1.0) and nothing on the clean control columns."""

from __future__ import annotations

import pytest

from cms.inspection.models import CheckRun, Observation, RunStatus
from cms.inspection.runner import execute_inline, start_run

pytestmark = pytest.mark.django_db


def observed(run: CheckRun) -> set[tuple]:
    rows = Observation.objects.filter(run=run).values_list(
        "rule", "department_id", "finding__page_id", "finding__target")
    return {(rule, dept, page, target) for rule, dept, page, target in rows}


def test_department_run_finds_exactly_the_planted_defects(planted, dept_a, today):
    run = execute_inline(start_run(department=dept_a, today=today, enqueue=False))
    assert run.status == RunStatus.FINISHED, run.error
    found = observed(run)
    expected = {row for row in planted.expected if row[1] == dept_a.pk}
    assert found - expected == set(), "false positives"
    assert expected - found == set(), "missed defects"


def test_site_run_finds_nothing_on_the_clean_department(planted, dept_a, dept_b, today):
    run = execute_inline(start_run(today=today, enqueue=False))
    assert run.status == RunStatus.FINISHED, run.error
    found = observed(run)
    assert {row for row in found if row[1] == dept_b.pk} == set(), "false positives in the control department"
    assert {row for row in found if row[2] in planted.clean_pages} == set()
    expected = {row for row in planted.expected if row[1] == dept_a.pk}
    assert {row for row in found if row[1] == dept_a.pk} == expected


def test_site_level_findings_are_the_home_page_and_the_county_columns(planted, portal, today):
    run = execute_inline(start_run(today=today, enqueue=False))
    site_level = {(rule, page) for rule, dept, page, _ in observed(run) if dept is None}
    print(site_level)
    assert site_level == {("home_stale", portal.home.pk), ("column_blank", portal.news.pk),
                          ("column_blank", portal.notices.pk)}
