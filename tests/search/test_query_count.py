"""Queries per search do not grow with the amount of content."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import column_of, make_policy

_last: list = []


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    _last[:] = [q["sql"][:120] for q in captured.captured_queries]
    return len(captured)


def test_the_search_page_and_api_run_a_fixed_number_of_queries(portal, dept_a, dept_b, indexed, client, monkeypatch):
    # One rate-limit window for the whole test: a new minute creates its counter (one more query).
    import types

    from search import ratelimit

    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: 1_800_000_030.0))
    with indexed():
        for n in range(3):
            make_policy(column_of(dept_a), f"乡村振兴项目第{n}批资金安排")
    urls = ["/search/?q=乡村振兴", "/api/search?q=乡村振兴", "/search/?q=乡村振兴&sort=date&page=1"]
    client.get(urls[0])  # warm the per-process caches
    few = [_queries(client, url) for url in urls]
    with indexed():
        for n in range(25):
            make_policy(column_of(dept_b if n % 2 else dept_a), f"乡村振兴示范村建设第{n}期")
    many = [_queries(client, url) for url in urls]
    assert many == few
    # the rate limit and the query log write through the shared cache and the log table; the
    # theme reads the site settings; the vocabulary is asked about the query's own words
    assert max(many) <= 30, _last
