"""Running a piece of work in several threads at once, each on its own database connection."""

from __future__ import annotations

import threading

from django.db import connections


def run_concurrently(work, count: int) -> list:
    """``work(i)`` for i in 0..count-1, all released together by a barrier; any error fails the test."""
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
