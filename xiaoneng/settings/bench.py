"""The benchmark's server settings (``make bench`` only): the production-like server
settings on the bench database, plus the one-row baseline view at ``/bench/baseline``.
Never used for a real deployment."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, TRANSACTION_POOLER

ROOT_URLCONF = "xiaoneng.bench.baseline_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["CONN_MAX_AGE"] = 0 if TRANSACTION_POOLER else int(os.environ.get("DB_CONN_MAX_AGE", "60"))
# Tasks go through the broker to the bench's own Celery worker, as in production (Redis
# when it answers, else the embedded file queue: see xiaoneng.bench.run).
CELERY_TASK_ALWAYS_EAGER = False
# The generated staff accounts are fixtures; hashing their passwords slowly only slows setup.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The benchmark's app (the city generator and the baseline table) is never part of a
# deployment; only the bench server and the tests load it.
INSTALLED_APPS = [*INSTALLED_APPS, "xiaoneng.bench"]
