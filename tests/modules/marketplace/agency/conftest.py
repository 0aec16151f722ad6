"""Fixtures of the agency-area tests: uploads in a temporary media folder, agencies, projects.

The categories (``categories``, ``survey``) come from tests/modules/marketplace/conftest.py; the
agencies here are registered and approved through the services (``helpers.make_agency``), and
the projects published with a deadline in the real future (the views use the real time).
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD

from .helpers import make_agency, make_project


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a fresh folder per test (checked for leftovers by some tests)."""
    root = tmp_path / "media"
    root.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def testing(categories):
    return categories["testing"]


@pytest.fixture
def agency_a(survey):
    return make_agency("agency_a", 1, [survey], name="云溪甲测绘有限公司")


@pytest.fixture
def agency_b(survey):
    return make_agency("agency_b", 2, [survey], name="云溪乙测绘有限公司")


def client_for(agency) -> Client:
    client = Client()
    assert client.login(username=agency.user.username, password=PASSWORD)
    return client


@pytest.fixture
def client_a(agency_a) -> Client:
    return client_for(agency_a)


@pytest.fixture
def client_b(agency_b) -> Client:
    return client_for(agency_b)


@pytest.fixture
def bidding_project(dept_a, contributor_a, survey):
    return make_project(dept_a, contributor_a, survey)
