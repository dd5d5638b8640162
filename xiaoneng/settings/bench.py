"""The benchmark's server settings (``make bench`` only): the production-like server
settings on the bench database, plus the one-row baseline view at ``/bench/baseline``.
Never used for a real deployment."""

import os

from .base import *  # noqa: F403
from .base import DATABASES

ROOT_URLCONF = "xiaoneng.bench.baseline_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
CELERY_TASK_ALWAYS_EAGER = True  # intake defers nothing heavy; the bench runs no broker
