"""Peer check: on a demo site with planted broken links, our checker and LinkChecker agree.

The portal runs on pytest-django's live server (a real HTTP server) for LinkChecker, while our
checker renders the same pages in-process; external links point at a local test server on
127.0.0.2 (not one of our host names).  With ``LINKCHECK_PEER_REPORT=1`` the comparison table
is printed (``scripts/peer_linkcheck``).
"""

from __future__ import annotations

import os

import pytest

from cms.linkcheck.localserver import LocalHTTPServer, closed_port
from cms.linkcheck.peer import compare, linkchecker_broken, linkchecker_command, our_broken, plant_site, report

pytestmark = pytest.mark.skipif(linkchecker_command() is None,
                                reason="LinkChecker not installed: pip install -r requirements-dev.txt")


@pytest.fixture
def peer_media(settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = str(media)
    settings.ROOT_URLCONF = "tests.cms.linkcheck.media_urls"
    return media


def test_our_broken_links_equal_linkcheckers(transactional_db, live_server, portal, peer_media):
    with LocalHTTPServer("127.0.0.2") as external:
        refused = f"http://127.0.0.2:{closed_port('127.0.0.2')}"
        site = plant_site(portal.news, portal.notices, external_base=external.base_url, refused_base=refused)
        ours = our_broken(site.pages)
        theirs, raw = linkchecker_broken([live_server.url + page.url for page in site.pages])
    comparison = compare(ours, theirs)
    if os.environ.get("LINKCHECK_PEER_REPORT"):
        print("\n" + report(comparison, site.descriptions))
    assert ours == site.expected, report(compare(ours, site.expected), site.descriptions)
    assert comparison.equal, report(comparison, site.descriptions) + "\n" + raw
