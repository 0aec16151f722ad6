"""Fixtures of the column check: the outside web (a local HTTP server) and the planted site."""

from __future__ import annotations

import pytest

from cms.linkcheck.localserver import LocalHTTPServer

from .planted import TODAY, plant


@pytest.fixture
def outside_web():
    """The outside web: a real HTTP server on 127.0.0.2 (not one of the portal's own hosts)."""
    with LocalHTTPServer(host="127.0.0.2") as server:
        yield server


@pytest.fixture
def planted(dept_a, dept_b, outside_web):
    return plant(dept_a, dept_b, outside_web)


@pytest.fixture
def today():
    return TODAY
