"""Fixtures of the link-check tests: a real local HTTP server and an isolated media folder."""

from __future__ import annotations

import pytest

from cms.linkcheck.localserver import LocalHTTPServer


@pytest.fixture
def http_server():
    """The local test server (``cms.linkcheck.localserver``) on 127.0.0.1 and a free port."""
    with LocalHTTPServer("127.0.0.1") as server:
        yield server


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads of the test go to a folder of their own (other tests never see or delete them)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
