"""Settings shared by every deployment of xiaoneng.

The embedded default (SQLite, in-process jobs) lives in ``local``; tests in ``test``;
production (PostgreSQL, Redis, Celery workers) in ``production``.  Everything that differs
between deployments comes from the environment.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("XIAONENG_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "xiaoneng-embedded-only-key-not-for-production-use-0123456789")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "axes",
    "xiaoneng.core",
    "xiaoneng.org",
    "xiaoneng.workdays",
    "xiaoneng.clocks",
    "xiaoneng.notifications",
    "xiaoneng.catalogue",
    "xiaoneng.applications",
    "xiaoneng.workorders",
    "xiaoneng.open311",
    "xiaoneng.supervision",
    "xiaoneng.inspections",
    "xiaoneng.accountability",
    "xiaoneng.insights",
    "xiaoneng.evaluation",
    "xiaoneng.workbench",
    "xiaoneng.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "xiaoneng.core.middleware.ContentSecurityPolicyMiddleware",
    "xiaoneng.core.middleware.ChannelMiddleware",
    "xiaoneng.org.login.AccountSecurityMiddleware",
    "xiaoneng.core.idempotency.IdempotencyMiddleware",
    # Last, as django-axes asks: turns a lockout into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xiaoneng.urls"
WSGI_APPLICATION = "xiaoneng.wsgi.application"
ASGI_APPLICATION = "xiaoneng.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "xiaoneng" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xiaoneng.workbench.context.navigation",
            ],
            "builtins": ["xiaoneng.core.templatetags.dates"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'xiaoneng.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while the other writes; the timeout makes
    # a second writer wait for the lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The covering indexes (INCLUDE columns) are for PostgreSQL at city scale; SQLite keeps
    # their key columns, which is all the embedded database needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters sent apart from the statement (the extended protocol) rather than quoted into
    # its text by the driver: 0.5 ms less CPU per intake, and psycopg prepares a statement
    # once it has run a few times.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True

# Behind PgBouncer in transaction pooling (DB_POOLER=transaction), consecutive transactions
# of one connection may reach different server sessions: no server-side cursors (Django
# requires it), no prepared statements kept by the driver, no persistent connections.
TRANSACTION_POOLER = os.environ.get("DB_POOLER", "") == "transaction"
if TRANSACTION_POOLER:
    DATABASES["default"] |= {"DISABLE_SERVER_SIDE_CURSORS": True, "CONN_MAX_AGE": 0}
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Login security (GB/T 22239-2019 level 3; xiaoneng.org.login, docs/security.md).
AUTHENTICATION_BACKENDS = ["xiaoneng.org.login.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("XIAONENG_PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "xiaoneng.org.passwords.ComplexityValidator", "OPTIONS": {"min_classes": int(os.environ.get("XIAONENG_PASSWORD_MIN_CLASSES", "3"))}},
    {"NAME": "xiaoneng.org.passwords.PasswordAgeRecorder"},
]
# Failed logins: an account, and separately a client address, is locked for
# XIAONENG_LOGIN_LOCKOUT_MINUTES after XIAONENG_LOGIN_FAILURE_LIMIT failures.
AXES_FAILURE_LIMIT = int(os.environ.get("XIAONENG_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("XIAONENG_LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "xiaoneng.core.clientip.client_address"
AXES_LOCKOUT_CALLABLE = "xiaoneng.org.login.lockout_response"
AXES_VERBOSE = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 3600  # the longest a session lasts even when used
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

CSRF_FAILURE_VIEW = "xiaoneng.core.views.csrf_failure"
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "xiaoneng" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work runs on Celery.  The embedded default keeps its queue in files under
# var/ so that no broker server is needed; production points this at Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
# Redis through Kombu's transport with one client per channel (xiaoneng.core.broker); others as Kombu chooses.
REDIS_TRANSPORT = "xiaoneng.core.broker:Transport"
CELERY_BROKER_TRANSPORT = REDIS_TRANSPORT if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else None
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "queue"),
        "data_folder_out": str(VAR_DIR / "queue"),
        "processed_folder": str(VAR_DIR / "queue-done"),
        "control_folder": str(VAR_DIR / "queue-control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
# Installations (or test runs) sharing one Redis keep apart by queue name.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("XIAONENG_QUEUE", "celery")
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "0") == "1"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when it finished, not when a worker took it, and a task whose worker
# died is given back to the broker: with the outbox relay and idempotent tasks, a killed
# worker delays work but never loses it (docs/operations.md, "Background work").
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# City-level configuration: what differs between cities is data here or in the database,
# never an ``if city == ...`` in code.
XIAONENG = {
    "CITY_NAME": os.environ.get("XIAONENG_CITY_NAME", "济南市"),
    # The longest period anyone may compute, in working days (about four years).
    "MAX_WORKING_DAYS": 1000,
    # Public statistics and open data: a count from 1 to this minus one is withheld, and so is
    # a rate resting on fewer cases (small numbers could point at a person).
    "PUBLIC_MIN_COUNT": int(os.environ.get("XIAONENG_PUBLIC_MIN_COUNT", "5")),
    # How long the public statistics page keeps its figures (seconds; 0 = always recompute).
    "PUBLIC_STATS_CACHE_SECONDS": int(os.environ.get("XIAONENG_PUBLIC_STATS_CACHE_SECONDS", "300")),
    # How often a process checks whether the working-day calendar changed.
    "CALENDAR_RECHECK_SECONDS": 5.0,
    # The reverse proxies (nginx, a load balancer) in front of the app servers, as addresses
    # or networks: X-Forwarded-For is believed only from these (xiaoneng.core.clientip).
    # Empty = REMOTE_ADDR is the client (behind nginx every citizen would share one address).
    "TRUSTED_PROXIES": [p for p in os.environ.get("XIAONENG_TRUSTED_PROXIES", "").split(",") if p.strip()],
    # 补录: a step's act time (the date on the paper) may be up to this many working days
    # before the day it is recorded; older acts need the supervision office's approval.
    "BACKFILL_WORKING_DAYS": 3,
    # 首问负责: an inquiry left open is due this many working days after it was recorded; one
    # handed to a colleague or section is due from them this many working days after that.
    "INQUIRY_WORKING_DAYS": 1,
    "INQUIRY_HANDOVER_WORKING_DAYS": 2,
    # Work orders (诉求工单).  Time limits per type are a table administrators edit
    # (工作台 › 系统管理 › 诉求工单 › 办理时限); the office hours count the sign-for deadline.
    "WORKORDER_OFFICE_HOURS": ["09:00-12:00", "13:30-17:30"],
    # An urgent ("same day") case must be answered within this many office hours.
    "WORKORDER_URGENT_OFFICE_HOURS": 4,
    # The 12345 centre (a department code): it calls requesters back and answers for the
    # dispatch queue; the call-back is due this many working days after the reply.
    "WORKORDER_CENTRE": os.environ.get("XIAONENG_WORKORDER_CENTRE", "rexian"),
    "WORKORDER_FOLLOW_UP_WORKING_DAYS": 1,
    "WORKORDER_ATTACHMENT_MAX_BYTES": 10 * 1024 * 1024,
    "WORKORDER_ATTACHMENTS_PER_CASE": 10,
    # Checked against the file's content (``filetype``), not its name.
    "WORKORDER_ATTACHMENT_TYPES": [
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "audio/mpeg",
        "audio/amr",
        "audio/mp4",
        "audio/x-wav",
        "video/mp4",
    ],
    # Anonymous submissions and public look-ups per client address: [(requests, seconds), ...].
    "WORKORDER_RATE_LIMITS": {"submit": [(10, 600), (50, 86400)], "lookup": [(30, 600)]},
    # A mailbox to fetch 12345 e-mail from (IMAP over TLS); off unless a host is given.
    "WORKORDER_IMAP": {
        "host": os.environ.get("XIAONENG_IMAP_HOST", ""),
        "port": int(os.environ.get("XIAONENG_IMAP_PORT", "993")),
        "user": os.environ.get("XIAONENG_IMAP_USER", ""),
        "password": os.environ.get("XIAONENG_IMAP_PASSWORD", ""),
        "folder": os.environ.get("XIAONENG_IMAP_FOLDER", "INBOX"),
    },
    # Open311 GeoReport v2 service discovery.
    "OPEN311_CONTACT": os.environ.get("XIAONENG_OPEN311_CONTACT", "12345市民服务热线"),
    "OPEN311_KEY_SERVICE": os.environ.get("XIAONENG_OPEN311_KEY_SERVICE", "接口密钥请向市软环境办申请（系统管理员在 /api/v1/apikeys 创建）"),
    # Where links in e-mails and text messages point to.
    "SITE_URL": os.environ.get("XIAONENG_SITE_URL", "http://127.0.0.1:8000"),
    # Outside channels for notifications besides the in-app inbox, as dotted paths, e.g.
    # ["xiaoneng.notifications.senders.EmailSender", "xiaoneng.notifications.senders.LoggingSmsSender"].
    "NOTIFICATION_SENDERS": [p for p in os.environ.get("XIAONENG_NOTIFICATION_SENDERS", "").split(",") if p],
    # Routing suggestions: below this probability the model suggests nothing (not a guess).
    "ROUTING_MIN_CONFIDENCE": 0.5,
    # Routing model training from the database reads the most recent closed cases, at most this
    # many: recent routing is what dispatchers need, and training time grows with the sample.
    "ROUTING_TRAINING_LIMIT": 50_000,
    # Reply quality: an overall score below this is flagged to the supervision office.
    "REPLY_FLAG_BELOW": 0.4,
    # The audit chain (xiaoneng.core.audit, docs/security.md): a keyed MAC whose key the
    # database never holds, through one crypto provider ("sha256" = HMAC-SHA-256, "sm3" =
    # HMAC-SM3, or the dotted path of a certified provider), and anchors of the chain head
    # written outside the database every AUDIT_ANCHOR_MINUTES.
    "CRYPTO_PROVIDER": os.environ.get("XIAONENG_CRYPTO_PROVIDER", "sha256"),
    "AUDIT_KEY": os.environ.get("XIAONENG_AUDIT_KEY", ""),
    "AUDIT_OLD_KEYS": [k for k in os.environ.get("XIAONENG_AUDIT_OLD_KEYS", "").split(",") if k],
    "AUDIT_ANCHOR_DIR": os.environ.get("XIAONENG_AUDIT_ANCHOR_DIR", str(VAR_DIR / "audit-anchors")),
    "AUDIT_ANCHOR_MINUTES": int(os.environ.get("XIAONENG_AUDIT_ANCHOR_MINUTES", "10")),
    # Audit records are kept at least this long (等保 level 3: six months); nothing in the
    # application deletes them, and a shorter setting is refused at start-up.
    "AUDIT_RETENTION_DAYS": int(os.environ.get("XIAONENG_AUDIT_RETENTION_DAYS", "180")),
    # Sessions end after this many minutes without a request; passwords expire after this
    # many days (0 = never); these roles log in with a second factor (TOTP), e.g.
    # "admin,security_admin,audit_admin,supervisor".
    "SESSION_IDLE_MINUTES": int(os.environ.get("XIAONENG_SESSION_IDLE_MINUTES", "30")),
    "PASSWORD_MAX_AGE_DAYS": int(os.environ.get("XIAONENG_PASSWORD_MAX_AGE_DAYS", "0")),
    "TOTP_ROLES": [r.strip() for r in os.environ.get("XIAONENG_TOTP_ROLES", "").split(",") if r.strip()],
    # Every answer carries this policy; pages keep their scripts and styles in static/.
    "CONTENT_SECURITY_POLICY": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    # The transactional outbox (xiaoneng.core.outbox): an intent not published by the fast path
    # after OUTBOX_GRACE_SECONDS is published by the relay; one published but not done after
    # OUTBOX_REPUBLISH_SECONDS is published again, up to OUTBOX_MAX_ATTEMPTS times.  /healthz
    # says degraded when the oldest unpublished intent is older than OUTBOX_ALERT_SECONDS.
    "OUTBOX_GRACE_SECONDS": int(os.environ.get("XIAONENG_OUTBOX_GRACE_SECONDS", "10")),
    "OUTBOX_REPUBLISH_SECONDS": int(os.environ.get("XIAONENG_OUTBOX_REPUBLISH_SECONDS", "600")),
    "OUTBOX_MAX_ATTEMPTS": int(os.environ.get("XIAONENG_OUTBOX_MAX_ATTEMPTS", "20")),
    "OUTBOX_ALERT_SECONDS": int(os.environ.get("XIAONENG_OUTBOX_ALERT_SECONDS", "300")),
    # Intents done longer ago than this are deleted (daily); keep it above the reconciler's look-back.
    "OUTBOX_KEEP_DAYS": int(os.environ.get("XIAONENG_OUTBOX_KEEP_DAYS", "7")),
    # The reconciler runs the after-intake work of cases received in the last
    # RECONCILE_LOOKBACK_HOURS whose work is not done RECONCILE_AFTER_MINUTES after intake.
    "RECONCILE_AFTER_MINUTES": int(os.environ.get("XIAONENG_RECONCILE_AFTER_MINUTES", "15")),
    "RECONCILE_LOOKBACK_HOURS": int(os.environ.get("XIAONENG_RECONCILE_LOOKBACK_HOURS", "48")),
    # Inspection evidence: the largest file accepted (nginx allows 20 MB per request).
    "EVIDENCE_MAX_BYTES": 15 * 1024 * 1024,
}
