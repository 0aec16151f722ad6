"""The catalogue's facet counts are cached, and any change to a disclosure item refreshes them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.disclosure.catalogue import catalogue_version
from tests.conftest import column_of, make_policy

pytestmark = pytest.mark.django_db


def total_on_page(client, portal, **params) -> int:
    response = client.get(portal.catalogue.url, params)
    assert response.status_code == 200
    return response.context["total"]


def test_counts_follow_publication_unpublication_and_deletion(client, portal, dept_a):
    column = column_of(dept_a)
    before = total_on_page(client, portal)
    first = make_policy(column, "第一份文件")
    assert total_on_page(client, portal) == before + 1
    make_policy(column, "第二份文件")
    assert total_on_page(client, portal) == before + 2
    assert total_on_page(client, portal, department=dept_a.pk) == 2
    first.unpublish()
    assert total_on_page(client, portal) == before + 1
    first.delete()
    assert total_on_page(client, portal, department=dept_a.pk) == 1


def test_unchanged_catalogue_serves_counts_from_the_cache(client, portal, dept_a):
    make_policy(column_of(dept_a), "缓存测试文件")
    client.get(portal.catalogue.url)
    version = catalogue_version()
    with CaptureQueriesContext(connection) as queries:
        client.get(portal.catalogue.url)
    grouped = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    assert grouped == [], "facet counts were recomputed although nothing changed"
    assert catalogue_version() == version
