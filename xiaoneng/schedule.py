"""The one list of periodic jobs.  Each entry calls a task that is safe to rerun and to run
on several workers at once."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "seal-audit-log": {
        "task": "xiaoneng.core.tasks.seal_audit_log",
        "schedule": 60.0,
    },
    "recompute-provisional-clocks": {
        # Catches calendar edits made outside the admin (e.g. a direct database fix).
        "task": "xiaoneng.clocks.tasks.recompute_provisional_clocks",
        "schedule": crontab(minute=15, hour=2),
    },
    "supervision-sweep": {
        # Electronic supervision: notices, yellow and red cards for every clock in the city.
        "task": "xiaoneng.supervision.tasks.sweep",
        "schedule": 600.0,
    },
    "finalise-sanctions": {
        "task": "xiaoneng.accountability.tasks.finalise_sanctions",
        "schedule": crontab(minute=5),
    },
}
