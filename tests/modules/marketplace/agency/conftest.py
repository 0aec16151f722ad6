"""Fixtures of the agency-area tests: uploads in a temporary media folder, agencies, projects.

The categories (``categories``, ``survey``) come from tests/modules/marketplace/conftest.py; the
agencies here are registered and approved through the services (``helpers.make_agency``), and
the projects published with a deadline in the real future (the views use the real time).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from modules.marketplace.services.projects import advance_due_projects, sign_up, submit_quote
from tests.conftest import PASSWORD

from .helpers import make_agency, make_project


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a fresh folder per test (checked for leftovers by some tests): the
    marketplace's private storage, where licences, certificates, contracts and results live."""
    root = tmp_path / "private"
    root.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "private": {**settings.STORAGES["private"],
                                                          "OPTIONS": {"location": str(root), "base_url": None}}}
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


@pytest.fixture
def decided_project(dept_a, contributor_a, survey, agency_a, agency_b):
    """A 竞价选取 project two days past its deadline: A quoted 88,000, B 80,000; B was selected
    by the schedule's run (``advance_due_projects``)."""
    now = timezone.now()
    published = now - datetime.timedelta(days=4)
    deadline = now - datetime.timedelta(days=2)
    project = make_project(dept_a, contributor_a, survey, title="产业园区规划测绘", published=published,
                           deadline=deadline)
    quoted_at = published + datetime.timedelta(days=1)
    for agency, value in ((agency_a, "88000"), (agency_b, "80000")):
        submit_quote(sign_up(project, agency, now=quoted_at), Decimal(value), now=quoted_at)
    assert advance_due_projects(now=now) >= 1
    project.refresh_from_db()
    assert project.selection.agency == agency_b
    return project
