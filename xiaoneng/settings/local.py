"""The embedded default: SQLite in var/, Celery queue in files, debug pages on."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "queue").mkdir(exist_ok=True)
(VAR_DIR / "queue-done").mkdir(exist_ok=True)
(VAR_DIR / "queue-control").mkdir(exist_ok=True)
