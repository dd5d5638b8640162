"""Unit tests: jobs run in-process, passwords hash fast, files go to a temp folder."""

import tempfile

from .base import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="xiaoneng-media-")
XIAONENG = XIAONENG | {"CALENDAR_RECHECK_SECONDS": 0}  # noqa: F405  every test rolls back its own calendar edits
