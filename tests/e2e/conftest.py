"""Browser tests: a real headless Chromium (Debian's package) driven by Playwright.

No browser is ever downloaded: the tests use the system Chromium (``/usr/bin/chromium``,
or ``CHROMIUM_PATH``) and are skipped, with the reason shown, where none is installed.

The site runs in pytest-django's ``live_server`` thread, so every test that uses it works on a
transactional database; ``serialized_rollback`` restores the rows the migrations created
(Wagtail's root page, default site, groups) after each test flushes the tables.

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


@pytest.fixture(scope="session", autouse=True)
def _start_from_migrated_state(chromium_path, django_db_setup, django_db_blocker):
    """Empty the tables once before the first browser test.

    The session's database set-up (tests/conftest.py) builds the portal for the fast,
    transaction-wrapped tests.  A transactional test with ``serialized_rollback`` reloads the
    rows the migrations created (serialized when the test database was made) before it runs
    and flushes after it; reloading them on top of the portal would collide (the default
    ``Site``), so the tables are emptied first, as Django's own flush before reloading does.
    """
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if getattr(connection, "_test_serialized_contents", None) is not None:
                call_command(
                    "flush", database=connection.alias, interactive=False, verbosity=0, inhibit_post_migrate=True
                )


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
