"""Test settings: the suite runs on SQLite by default, or on ``DATABASE_URL`` when set."""

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-secret-key-0123456789-0123456789-0123456789-abcdef"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# The production task backend, with django-q2 running each task in-process when the
# transaction commits (``sync``): same code path, no worker needed.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.admin_backend"}}

# SQLite test databases live in a file (one per test process), so that a real django-q2
# cluster started by a test in a subprocess works on the same database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os

    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405

# Each test sees the dictionaries of its own transaction at once.
SEARCH_LEXICON_CHECK_SECONDS = 0.0

# whitenoise looks for the collected static files at start-up; tests serve them from the apps.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Private files written by tests (marketplace licences, contracts …) go to a temporary folder.
import tempfile  # noqa: E402

STORAGES["private"] = {**STORAGES["private"], "OPTIONS": {  # noqa: F405
    "location": tempfile.mkdtemp(prefix="gongkai-test-private-"), "base_url": None}}
