"""Settings of the search benchmark (``scripts/bench_search``): the development settings with
the benchmark-only app ``searchbench`` (a plain model indexed by Wagtail's database search
backend for the comparison).  Never used by the portal itself."""

from portal.settings.dev import *  # noqa: F401,F403
from portal.settings.dev import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "searchbench"]
# The benchmark's own table has no migrations: ``migrate --run-syncdb`` creates it.
MIGRATION_MODULES = {"searchbench": None}
