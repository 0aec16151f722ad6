"""Settings of a django-q2 worker started by the test suite against the test database."""

import os

from .test import *  # noqa: F401,F403
from .test import DATABASES, Q_CLUSTER

Q_CLUSTER = {**{k: v for k, v in Q_CLUSTER.items() if k != "sync"}, "workers": 1, "poll": 0.2}
DATABASES["default"]["NAME"] = os.environ["WORKER_DATABASE_NAME"]
DATABASES["default"].pop("TEST", None)
