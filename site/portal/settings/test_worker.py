"""Settings of a django-q2 worker started by the test suite against the test database."""

import os

from .test import *  # noqa: F401,F403
from .test import DATABASES, Q_CLUSTER

Q_CLUSTER = {**{k: v for k, v in Q_CLUSTER.items() if k != "sync"}, "workers": 1, "poll": 0.2}
# A test that kills its worker sets a short re-delivery time so the restarted worker resumes soon.
if os.environ.get("WORKER_RETRY"):
    Q_CLUSTER["retry"] = int(os.environ["WORKER_RETRY"])
    Q_CLUSTER["timeout"] = Q_CLUSTER["retry"] - 1
DATABASES["default"]["NAME"] = os.environ["WORKER_DATABASE_NAME"]
DATABASES["default"].pop("TEST", None)
