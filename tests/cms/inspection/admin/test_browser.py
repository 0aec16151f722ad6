"""In a real browser: the run page follows a run in progress by itself, and 复查 reports its outcome."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cms.inspection.models import Finding, RunStatus
from cms.inspection.runner import execute_inline, start_run
from tests.e2e import conftest as e2e

# The browser fixtures of the browser tests, for this module only (their module-scoped baseline
# reload applies here and nowhere else in this package).
_portal_baseline = e2e._portal_baseline
_serialized_states = e2e._serialized_states
browser = e2e.browser
chromium_path = e2e.chromium_path
new_context = e2e.new_context
signed_in = e2e.signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module", autouse=True)
def _session_state_restored(_serialized_states, django_db_blocker):
    """After this module's last test (which empties the tables), put the portal baseline back: it is
    the state the session started with, and the transactional tests collected after this module
    (the worker-restart test of the column check) expect it."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for alias, (_, baseline) in _serialized_states.items():
            e2e._flush(alias)
            connections[alias].creation.deserialize_db_from_string(baseline)


def test_run_page_polls_the_progress_and_shows_the_scores_when_done(signed_in, editor, dept_a, dept_b):
    run = start_run(enqueue=False)
    page = signed_in(editor)
    page.goto(f"/admin/inspection/runs/{run.pk}/")
    expect(page.locator("[data-inspection-progress] [data-field=status_label]")).to_have_text("检查中")
    assert page.locator("table.listing").count() == 0  # no scores yet

    finished = execute_inline(run)  # the worker's part, while the page is open
    assert finished.status == RunStatus.FINISHED

    # the page's script sees the run finish and reloads: the result and the scores appear
    expect(page.locator("[data-inspection-progress] [data-field=percent]")).to_have_text("100%", timeout=15_000)
    expect(page.locator("table.listing")).to_contain_text("云溪县教育局")
    expect(page.locator("main")).to_contain_text(re.compile(r"单项否决 2 个部门"))


def test_recheck_in_the_browser_reports_the_outcome(signed_in, contributor_a, dept_a, dept_b):
    execute_inline(start_run(enqueue=False))
    finding = Finding.objects.get(department=dept_a, column__slug="jgzn")
    page = signed_in(contributor_a)
    page.goto(f"/admin/inspection/findings/{finding.pk}/")
    page.locator("form button", has_text="复查").click()
    expect(page.locator(".messages")).to_contain_text("复查未通过")
    expect(page.locator("main table").last).to_contain_text("复查未通过")
