"""Fixtures of the marketplace admin tests: logged-in clients, sign-ups with quotes, the deadline passing.

The shared fixtures (``owner`` of dept_a, ``other_owner`` of dept_b, ``operator``, ``agencies``,
``project_*`` published at ``T0`` with 报名截止 ``DEADLINE``) come from
tests/modules/marketplace/conftest.py. ``T0`` lies before the real time of the test run, so those
projects are past their deadline for the admin views (which use the real time); ``live_project``
makes one whose deadline is in the real future.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from modules.marketplace.models import Project, SelectionMethod, SignUp
from modules.marketplace.services.projects import close_signup, run_selection, sign_up, submit_quote

from ..conftest import DEADLINE, SELECTION_AT, T0, make_project

PROJECTS = "/admin/marketplace/projects/"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def signed_up(project: Project, agencies, quotes=(), *, now: datetime.datetime = T0 + datetime.timedelta(hours=1)
              ) -> list[SignUp]:
    """Sign ``agencies`` up for ``project`` at ``now``; ``quotes[i]`` (if given) is agency i's quote."""
    signups = []
    for i, agency in enumerate(agencies):
        signup = sign_up(project, agency, now=now)
        if i < len(quotes) and quotes[i] is not None:
            signup = submit_quote(signup, Decimal(quotes[i]), now=now)
        signups.append(signup)
    return signups


def pass_deadline(project: Project, *, select: bool = False) -> Project:
    """Close the sign-ups at 报名截止 (and, with ``select``, run the automatic selection)."""
    project = close_signup(project, now=DEADLINE)
    if select:
        run_selection(project, now=SELECTION_AT)
    return Project.objects.get(pk=project.pk)


@pytest.fixture
def live_project(dept_a, owner, survey):
    """A 竞价选取 project of dept_a published now, 报名截止 in three days (real time)."""
    return make_project(dept_a, survey, SelectionMethod.BIDDING, user=owner, title="城区管网探测（竞价选取）",
                        now=timezone.now())


@pytest.fixture
def owner_client(owner) -> Client:
    return client_of(owner)


@pytest.fixture
def other_client(other_owner) -> Client:
    return client_of(other_owner)


@pytest.fixture
def operator_client(operator) -> Client:
    return client_of(operator)
