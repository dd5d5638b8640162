"""Unit tests: jobs run in-process, passwords hash fast, files go to a temp folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT = None  # Kombu's own for memory://
CELERY_BROKER_TRANSPORT_OPTIONS = {}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="xiaoneng-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="xiaoneng-static-")
XIAONENG = XIAONENG | {  # noqa: F405
    "CALENDAR_RECHECK_SECONDS": 0,  # every test rolls back its own calendar edits
    "AUDIT_KEY": "test-audit-key-not-secret",
    # Tests move the clock by months between requests; the idle-session test sets its own.
    "SESSION_IDLE_MINUTES": 10**8,
    # Date tables type paper acts in months later; the 补录 tests set the real window.
    "BACKFILL_WORKING_DAYS": 10**4,
    "WORKORDER_CENTRE": "hotline",
    "AUDIT_ANCHOR_DIR": tempfile.mkdtemp(prefix="xiaoneng-anchors-"),
    "PUBLIC_STATS_CACHE_SECONDS": 0,  # each test builds its own city
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, like the embedded default, so that concurrent-request tests see real locking
    # (an in-memory shared-cache database fails at once instead of waiting for the lock).
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"xiaoneng-test-{os.getpid()}.sqlite3")}  # noqa: F405

# The benchmark's app (the city generator and the baseline table) is never part of a
# deployment; only the bench server and the tests load it.
INSTALLED_APPS = [*INSTALLED_APPS, "xiaoneng.bench"]
