"""Browser tests: a real headless Chromium (Debian's package) driven by Playwright.

No browser is ever downloaded: the tests use the system Chromium (``/usr/bin/chromium``,
or ``CHROMIUM_PATH``) and are skipped, with the reason shown, where none is installed.

The site runs in pytest-django's ``live_server`` thread, so every test that uses it works on a
transactional database: the test's rows are committed, and the tables are flushed after it;
``serialized_rollback`` reloads the starting state (see ``_portal_baseline``) before each test.

On a failure, every open page is saved as a screenshot and an HTML dump in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # Nothing leaves the machine: every host but the live server's fails to resolve at once
    # (the admin would otherwise fetch avatars from www.gravatar.com).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
CHROMIUM_MISSING = "Chromium not installed: apt-get install chromium (or set CHROMIUM_PATH)"
TIMEOUT_MS = 15_000


def find_chromium() -> str | None:
    """The system Chromium: ``CHROMIUM_PATH``, else ``chromium`` / ``chromium-browser`` on PATH."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip(CHROMIUM_MISSING)
    return path


def _content_types_first(serialized: str) -> str:
    """``serialized`` (a JSON dump) with the content types moved to the front.

    Deserializing builds page and task objects whose constructors look up their content type;
    with an empty content-type cache that lookup creates the row, which then collides with the
    serialized one (Django's reload order follows ``INSTALLED_APPS``, where contenttypes is late).
    """
    import json

    objects = json.loads(serialized)
    objects.sort(key=lambda obj: obj["model"] != "contenttypes.contenttype")  # stable: the rest keep their order
    return json.dumps(objects, ensure_ascii=False)


def _flush(alias: str) -> None:
    from django.core.management import call_command

    call_command(
        "flush",
        database=alias,
        interactive=False,
        verbosity=0,
        reset_sequences=False,  # reloaded rows keep their ids; new rows must come after them
        inhibit_post_migrate=True,  # the reload brings content types and permissions back
    )


@pytest.fixture(scope="session")
def _serialized_states(chromium_path, django_db_setup, django_db_blocker) -> dict[str, tuple[str, str]]:
    """Per database alias: the migrated state and the portal baseline, serialized.

    The baseline is the migrated state plus the portal and the two departments of the shared
    fixtures, built once for all browser tests.  The tables are emptied first (the session's
    set-up in tests/conftest.py built the portal for the transaction-wrapped tests, and
    reloading on top of it would collide) and again afterwards, ready for the first test.
    """
    from django.db import connections

    from cms.home.setup import setup_portal
    from tests.conftest import _departments

    states: dict[str, tuple[str, str]] = {}
    with django_db_blocker.unblock():
        for connection in connections.all():
            migrated = getattr(connection, "_test_serialized_contents", None)
            if migrated is None:
                continue
            _flush(connection.alias)
            connection.creation.deserialize_db_from_string(_content_types_first(migrated))
            setup_portal()
            _departments()
            baseline = _content_types_first(connection.creation.serialize_db_to_string())
            _flush(connection.alias)
            states[connection.alias] = (migrated, baseline)
    return states


@pytest.fixture(scope="module", autouse=True)
def _portal_baseline(_serialized_states):
    """Every browser test starts from the portal baseline (see ``_serialized_states``).

    A transactional test with ``serialized_rollback`` reloads, before it runs, the rows
    serialized when the test database was made (the migrated state), and flushes all tables
    after it.  Building the portal and departments again in every test would cost far more
    than the test itself, so the browser tests reload the baseline instead, and the shared
    fixtures (``portal``, ``dept_a``...) find everything in place.  The rest of the suite
    gets the migrated state back.
    """
    from django.db import connections

    for alias, (_, baseline) in _serialized_states.items():
        connections[alias]._test_serialized_contents = baseline
    yield
    for alias, (migrated, _) in _serialized_states.items():
        connections[alias]._test_serialized_contents = migrated


@pytest.fixture
def browser(chromium_path, live_server, transactional_db, monkeypatch):
    """A headless Chromium for one test, started after the database is ready.

    While Playwright's sync API is started, an event loop runs in this thread, and Django
    then (a) refuses ORM calls unless told the calling code is synchronous (it is) and
    (b) keeps this thread's database connections apart from those opened before.  So the
    browser lives inside one test: the database set-up and flush around it use the
    ordinary connection, and the connections opened beside the browser are closed with it.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")[:120]


@pytest.fixture
def new_context(request, browser, live_server) -> Iterator[Callable]:
    """Open a fresh browser context (its own cookies: one per person) on the live server.

    ``new_context()`` returns a page whose relative URLs resolve against the live server.
    """
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        stem = _artifact_name(request.node.nodeid)
        for n, context in enumerate(contexts):
            for m, page in enumerate(context.pages):
                target = ARTIFACTS_DIR / f"{stem}-{n}-{m}"
                try:
                    page.screenshot(path=f"{target}.png", full_page=True)
                    target.with_suffix(".html").write_text(f"<!-- {page.url} -->\n{page.content()}", encoding="utf-8")
                except Exception as exc:  # a crashed page must not hide the test's own failure
                    target.with_suffix(".txt").write_text(f"{page.url}\n{exc!r}\n", encoding="utf-8")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """One anonymous visitor's page."""
    return new_context()


def login(page, username: str, password: str = PASSWORD) -> None:
    """Sign in to the Wagtail admin through its login form."""
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form[action*='/admin/login/'] [type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/(?!login)"))


@pytest.fixture
def signed_in(new_context) -> Callable:
    """``signed_in(user)``: a page of a new browser context, signed in to the admin as ``user``."""

    def open_as(user):
        page = new_context()
        login(page, user.get_username())
        return page

    return open_as
