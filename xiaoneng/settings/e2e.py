"""The browser tests' server (``xiaoneng.e2e``): the demo city behind gunicorn, as a citizen
would see it (debug off), with jobs run in-process so that what a page triggers has happened
by the time the next page loads.  The database and the var/ folder come from the
environment (``DATABASE_URL``, ``XIAONENG_VAR_DIR``) that the harness sets up."""

from .base import *  # noqa: F403

DEBUG = False
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT = None  # Kombu's own for memory://
CELERY_BROKER_TRANSPORT_OPTIONS = {}
# Every journey logs in a few people: a fast hash keeps that out of the measured page times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
XIAONENG = XIAONENG | {"AUDIT_KEY": "e2e-audit-key-not-secret"}  # noqa: F405
