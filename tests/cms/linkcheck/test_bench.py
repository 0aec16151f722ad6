"""manage.py linkcheck_bench: the figures of the README come from a command that keeps working."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import column_of, make_policy

pytestmark = pytest.mark.django_db


def test_bench_measures_pages_and_external_throughput(dept_a):
    column = column_of(dept_a)
    for n in range(4):
        make_policy(column, f"测速文件{n}", body=f'<p>正文 <a href="{column.url}">本栏目</a> <a href="#main">正文</a></p>')
    out = StringIO()
    call_command("linkcheck_bench", "--pages", "3", "--urls", "30", "--hosts", "2", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["pages"] == 4 and figures["pages_not_200"] == 0  # fewer than the warm-up: all are measured
    assert figures["links_per_page"] > 10  # the theme's navigation and footer plus the body
    assert figures["render_ms_per_page"] > 0 and figures["scan_ms_per_page"] > 0
    assert figures["external_broken"] == 0
    assert figures["external_one_host_max_in_flight"] <= 2
    assert figures["external_many_hosts_max_in_flight_per_host"] <= 2
    assert figures["external_many_hosts_urls_per_second"] > 0


def test_bench_needs_published_items(portal):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("linkcheck_bench", "--pages", "2", "--urls", "5", "--hosts", "1", stdout=StringIO())
