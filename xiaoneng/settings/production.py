"""Production: PostgreSQL, Redis (cache and Celery broker), secure cookies, HTTPS.

Required environment: SECRET_KEY, DATABASE_URL (postgres://...), ALLOWED_HOSTS, REDIS_URL.
Several app servers and Celery workers can run against one database: nothing here keeps
state in a process that another process would need.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_TRANSPORT, TRANSACTION_POOLER


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"生产环境必须设置环境变量 {name}")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = _required("ALLOWED_HOSTS").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

DATABASES["default"]["CONN_MAX_AGE"] = 0 if TRANSACTION_POOLER else int(os.environ.get("DB_CONN_MAX_AGE", "60"))
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("生产环境的 DATABASE_URL 必须指向 PostgreSQL")

# 等保 level 3 defaults for a real deployment (each can still be set in the environment).
XIAONENG = XIAONENG | {  # noqa: F405
    "PASSWORD_MAX_AGE_DAYS": int(os.environ.get("XIAONENG_PASSWORD_MAX_AGE_DAYS", "90")),
    "TOTP_ROLES": [r.strip() for r in os.environ.get("XIAONENG_TOTP_ROLES", "admin,security_admin,audit_admin,supervisor").split(",") if r.strip()],
}

# The audit chain's key lives in the environment, never in the database it protects.
XIAONENG = XIAONENG | {"AUDIT_KEY": _required("XIAONENG_AUDIT_KEY")}  # noqa: F405

REDIS_URL = _required("REDIS_URL")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_BROKER_TRANSPORT = REDIS_TRANSPORT if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else None
# A message a worker took and never acknowledged (the worker was killed) goes back to the
# queue after this long; the outbox relay republishes such work too.  Keep it above the
# longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * int(os.environ.get("XIAONENG_BROKER_VISIBILITY_MINUTES", "10"))}
CELERY_TASK_ALWAYS_EAGER = False

# TLS ends at nginx, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe the app servers over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
