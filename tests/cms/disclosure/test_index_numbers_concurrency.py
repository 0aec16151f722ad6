"""索引号 under concurrent publication on PostgreSQL: every publication gets its own serial."""

from __future__ import annotations

import pytest
from django.db import connection

from cms.disclosure.models import PolicyDocumentPage
from cms.disclosure.models.index_numbers import allocate_serials
from tests.concurrency import run_concurrently
from tests.conftest import column_of, make_policy

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency of 索引号 is tested on PostgreSQL (set DATABASE_URL)")



def test_concurrent_allocation_never_repeats_a_serial():
    ranges = run_concurrently(lambda i: list(allocate_serials("CONCURRENT", 2026, 5)), THREADS)
    serials = sorted(s for r in ranges for s in r)
    assert serials == list(range(1, THREADS * 5 + 1))


def test_concurrent_publication_assigns_unique_consecutive_numbers(dept_a):
    column = column_of(dept_a)
    drafts = [make_policy(column, f"并发发布文件{i}", publish=False) for i in range(THREADS)]

    def publish(i: int) -> str:
        page = PolicyDocumentPage.objects.get(pk=drafts[i].pk)
        page.get_latest_revision().publish()
        return PolicyDocumentPage.objects.get(pk=page.pk).index_number

    numbers = run_concurrently(publish, THREADS)
    assert len(set(numbers)) == THREADS
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, THREADS + 1))
