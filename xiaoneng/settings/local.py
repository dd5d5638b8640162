"""The embedded default: SQLite in var/, Celery queue in files.  Debug pages are off, as a
citizen would see the site (XIAONENG_DEBUG=1 turns them on for development); WhiteNoise
serves the static files straight from the source folders, so no collectstatic is needed."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("XIAONENG_DEBUG") == "1"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "queue").mkdir(exist_ok=True)
(VAR_DIR / "queue-done").mkdir(exist_ok=True)
(VAR_DIR / "queue-control").mkdir(exist_ok=True)
