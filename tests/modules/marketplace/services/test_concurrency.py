"""Two workers at once on PostgreSQL: one closing, one draw, unique project numbers."""

from __future__ import annotations

import pytest
from django.db import connection

from modules.marketplace.models import AuditEntry, Project, Selection, SelectionMethod
from modules.marketplace.services.projects import advance_due_projects, publish_project, sign_up
from tests.concurrency import run_concurrently
from tests.modules.marketplace.conftest import DEADLINE, SELECTION_AT, T0

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are tested on PostgreSQL (set DATABASE_URL)")



def test_two_workers_close_and_draw_once(project_factory, agencies):
    projects = [project_factory(SelectionMethod.LOTTERY) for _ in range(3)]
    for project in projects:
        for agency in agencies:
            sign_up(project, agency, now=T0)
    closed = run_concurrently(lambda i: advance_due_projects(now=DEADLINE), 4)
    assert sum(closed) == 3
    drawn = run_concurrently(lambda i: advance_due_projects(now=SELECTION_AT), 4)
    assert sum(drawn) == 3
    assert Selection.objects.filter(project__in=projects).count() == 3
    for project in projects:
        actions = list(AuditEntry.objects.filter(object_type="project", object_id=project.pk)
                       .values_list("action", flat=True))
        assert sorted(actions) == ["state_selected", "state_selecting", "state_signup"]


def test_concurrent_publication_gives_distinct_numbers(project_factory, owner):
    drafts = [project_factory(SelectionMethod.DIRECT, publish=False) for _ in range(6)]
    numbers = run_concurrently(lambda i: publish_project(Project.objects.get(pk=drafts[i].pk), owner, now=T0).number, 6)
    assert sorted(numbers) == [f"ZJ2026-{n:04d}" for n in range(1, 7)]
