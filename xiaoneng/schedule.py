"""The one list of periodic jobs.  Each entry calls a task that is safe to rerun and to run
on several workers at once."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "relay-outbox": {
        # The transactional outbox: publish what the fast path missed, republish what no worker
        # finished (xiaoneng.core.outbox).
        "task": "xiaoneng.core.tasks.relay_outbox",
        "schedule": 5.0,
    },
    "redeliver-stale-notifications": {
        # SMS / e-mail copies still pending hours after their retries would have ended.
        "task": "xiaoneng.notifications.tasks.redeliver_stale",
        "schedule": 1800.0,
    },
    "purge-outbox": {
        "task": "xiaoneng.core.tasks.purge_outbox",
        "schedule": crontab(minute=30, hour=3),
    },
    "reconcile-after-intake": {
        # Cases whose duplicate check and automatic dispatch never completed: run them.
        "task": "xiaoneng.workorders.tasks.reconcile_after_intake",
        "schedule": 300.0,
    },
    "seal-audit-log": {
        "task": "xiaoneng.core.tasks.seal_audit_log",
        "schedule": 60.0,
    },
    "recompute-provisional-clocks": {
        # Catches calendar edits made outside the admin (e.g. a direct database fix).
        "task": "xiaoneng.clocks.tasks.recompute_provisional_clocks",
        "schedule": crontab(minute=15, hour=2),
    },
    "fetch-workorder-mail": {
        # 12345 e-mail over IMAP; does nothing unless XIAONENG["WORKORDER_IMAP"]["host"] is set.
        "task": "xiaoneng.workorders.tasks.fetch_mail",
        "schedule": 300.0,
    },
    "applications-sweep-deadlines": {
        # 行政许可法 第三十二条 deemed acceptance, deemed co-department consent, deemed
        # approval: due dates are whole days, so shortly after midnight and again in the
        # morning (in case the night run was missed) is enough.
        "task": "xiaoneng.applications.tasks.sweep_deadlines",
        "schedule": crontab(minute=5, hour="0,7"),
    },
    "workorders-daily-figures": {
        # The statistics' per-day figures: only the days that changed since the last run.
        "task": "xiaoneng.workorders.tasks.refresh_daily_figures",
        "schedule": 300.0,
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
    "recompute-hot-issues": {
        # 热点问题: clusters of cases over the last fortnight, ranked by size, growth and support.
        "task": "xiaoneng.insights.tasks.recompute_hot_issues",
        "schedule": crontab(minute=20),
    },
    "evaluation-default-ratings": {
        # 好差评: cases whose rating window closed unrated get the configured default (if any).
        "task": "xiaoneng.evaluation.tasks.default_ratings",
        "schedule": crontab(minute=40, hour=1),
    },
}
