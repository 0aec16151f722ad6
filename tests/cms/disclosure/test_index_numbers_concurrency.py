"""索引号 under concurrent publication on PostgreSQL: every publication gets its own serial."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from cms.disclosure.models import PolicyDocumentPage
from cms.disclosure.models.index_numbers import allocate_serials
from tests.conftest import column_of, make_policy

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency of 索引号 is tested on PostgreSQL (set DATABASE_URL)")


def _run_concurrently(work, count: int) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list[BaseException] = []

    def target(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, [repr(e) for e in errors]
    return results


def test_concurrent_allocation_never_repeats_a_serial():
    ranges = _run_concurrently(lambda i: list(allocate_serials("CONCURRENT", 2026, 5)), THREADS)
    serials = sorted(s for r in ranges for s in r)
    assert serials == list(range(1, THREADS * 5 + 1))


def test_concurrent_publication_assigns_unique_consecutive_numbers(dept_a):
    column = column_of(dept_a)
    drafts = [make_policy(column, f"并发发布文件{i}", publish=False) for i in range(THREADS)]

    def publish(i: int) -> str:
        page = PolicyDocumentPage.objects.get(pk=drafts[i].pk)
        page.get_latest_revision().publish()
        return PolicyDocumentPage.objects.get(pk=page.pk).index_number

    numbers = _run_concurrently(publish, THREADS)
    assert len(set(numbers)) == THREADS
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, THREADS + 1))
