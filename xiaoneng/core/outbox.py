"""The transactional outbox: background work that cannot be lost.

A service that needs work done after it commits (the duplicate check after intake, the SMS
copies of notifications) calls :func:`enqueue` inside its transaction.  That writes a
:class:`~xiaoneng.core.models.TaskIntent` row with the case, so either both are stored or
neither is.  After commit the intent is published at once (the fast path); if that never
happens — the process is killed between the commit and the broker, the broker is down — the
relay (:func:`relay`, every few seconds on beat) publishes it.  The relay also republishes
an intent that was published but not reported done within ``OUTBOX_REPUBLISH_SECONDS`` (a
worker killed while holding it, a message lost in the broker), so every task that reads an
intent must be safe to run twice.

Tasks that take intents use :class:`Tracked` as their Celery base: it takes the intent's id
from the ``outbox`` keyword and marks the intent done when the task returns.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging

from celery import Task
from celery._state import _task_stack
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Min, Q

from . import clock, sql
from .models import TaskIntent

log = logging.getLogger(__name__)

# Errors that pass (a database restarting, a connection cut): a task retries on them with
# exponential backoff (2 s, 4 s, … at most 5 minutes apart, with jitter).  Any other error is
# a bug or bad data and fails the task; its intent is then republished after the timeout.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
RETRY = {"autoretry_for": TRANSIENT, "retry_backoff": 2, "retry_backoff_max": 300, "retry_jitter": True, "max_retries": 12}

INTENT = "outbox"  # the keyword argument that carries the intent's id to the task
RELAY_BATCH = 500


def _setting(name: str) -> int:
    return int(settings.XIAONENG[name])


def _task(name: str):
    """The registered task; its module (``xiaoneng.<app>.tasks``, as task names are) imported
    first if nothing in this process has imported it yet."""
    from xiaoneng.celery import app

    if name not in app.tasks:
        importlib.import_module(name.rsplit(".", 1)[0])
    return app.tasks[name]


def enqueue(task: str, *args, key: str | None = None) -> TaskIntent:
    """Record, in the caller's transaction, that ``task(*args)`` must run once it commits.
    ``key`` names the business object the work is for (one intent per task and key), so that
    :func:`run_now` and the reconcilers can find it."""
    intent = TaskIntent(task=task, key=key, args=list(args), created_at=clock.now())
    sql.insert(intent)
    transaction.on_commit(lambda: publish_now(intent))
    return intent


def _publish(intent: TaskIntent) -> None:
    # The message's printable copies of the arguments, given rather than left to Celery's
    # saferepr: a quarter of the publish's CPU (0.74 against 0.55 ms measured).
    args = list(intent.args)
    _task(intent.task).apply_async(args=args, kwargs={INTENT: intent.pk}, argsrepr=repr(args), kwargsrepr=repr({INTENT: intent.pk}))


# The fast path's one statement, written out: it runs after every intake, and the ORM's
# UPDATE costs three times its CPU (0.45 against 0.16 ms measured).
_MARK_PUBLISHED = f"UPDATE {TaskIntent._meta.db_table} SET published_at = %s, attempts = attempts + 1 WHERE id = %s"


def publish_now(intent: TaskIntent) -> bool:
    """The fast path after commit: one message and one UPDATE.  Never raises: what it cannot
    publish the relay will."""
    try:
        _publish(intent)
        with connection.cursor() as cursor:
            cursor.execute(_MARK_PUBLISHED, [connection.ops.adapt_datetimefield_value(clock.now()), intent.pk])
        return True
    except Exception:  # noqa: BLE001 - the intent is stored; the relay publishes it later
        log.warning("outbox: intent %s not published now; the relay will", intent.pk, exc_info=True)
        return False


def due(now: dt.datetime):
    """Intents the relay should (re)publish now: unpublished for longer than the fast path
    needs, or published and not done within the republish timeout; not given up."""
    grace = dt.timedelta(seconds=_setting("OUTBOX_GRACE_SECONDS"))
    republish = dt.timedelta(seconds=_setting("OUTBOX_REPUBLISH_SECONDS"))
    return TaskIntent.objects.filter(
        Q(published_at__isnull=True, created_at__lte=now - grace) | Q(published_at__lte=now - republish),
        done_at__isnull=True,
        attempts__lt=_setting("OUTBOX_MAX_ATTEMPTS"),
    ).order_by("created_at")


def relay(limit: int = RELAY_BATCH) -> int:
    """Publish the due intents (oldest first) and return how many.  The rows are claimed with
    ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so relays on several machines share the work;
    a publish that fails leaves its intent for the next run."""
    now = clock.now()
    published = []
    with transaction.atomic():
        for intent in due(now).select_for_update(skip_locked=True)[:limit]:
            try:
                _publish(intent)
            except Exception as exc:  # noqa: BLE001 - the broker is down: keep the rest for the next run
                log.error("outbox: publishing %s failed: %s", intent, exc)
                TaskIntent.objects.filter(pk=intent.pk).update(last_error=f"publish: {exc}"[:2000])
                break
            published.append(intent.pk)
        TaskIntent.objects.filter(pk__in=published).update(published_at=now, attempts=F("attempts") + 1)
    return len(published)


def purge(now: dt.datetime, batch: int = 10_000) -> int:
    """Delete intents done more than ``OUTBOX_KEEP_DAYS`` ago (longer than the reconciler looks
    back), a batch at a time; how many."""
    cutoff = now - dt.timedelta(days=_setting("OUTBOX_KEEP_DAYS"))
    deleted = 0
    while True:
        ids = list(TaskIntent.objects.filter(done_at__lt=cutoff).values_list("pk", flat=True)[:batch])
        if not ids:
            return deleted
        deleted += TaskIntent.objects.filter(pk__in=ids).delete()[0]


def mark_done(pk: int) -> None:
    TaskIntent.objects.filter(pk=pk, done_at__isnull=True).update(done_at=clock.now())


def record_error(pk: int | None, exc: BaseException) -> None:
    if pk is None:
        return
    try:
        TaskIntent.objects.filter(pk=pk).update(last_error=f"{exc.__class__.__name__}: {exc}"[:2000])
    except Exception:  # noqa: BLE001 - the database may be the thing that failed
        log.warning("outbox: could not record the error of intent %s", pk)


def run_now(task: str, *args, key: str) -> None:
    """Run a keyed task in this process and mark its intent done (the reconciler)."""
    intent, _ = TaskIntent.objects.get_or_create(task=task, key=key, defaults={"args": list(args), "created_at": clock.now()})
    _task(task)(*intent.args, **{INTENT: intent.pk})


def backlog() -> dict:
    """What ``/healthz`` reports: intents not done, how many of them were never published,
    the age in seconds of the oldest unpublished one, and how many the relay gave up on."""
    pending = TaskIntent.objects.filter(done_at__isnull=True)
    unpublished = pending.filter(published_at__isnull=True)
    oldest = unpublished.aggregate(at=Min("created_at"))["at"]
    return {
        "backlog": pending.count(),
        "unpublished": unpublished.count(),
        "oldest_unpublished_seconds": round((clock.now() - oldest).total_seconds()) if oldest else 0,
        "given_up": pending.filter(attempts__gte=_setting("OUTBOX_MAX_ATTEMPTS")).count(),
    }


class Tracked(Task):
    """Celery base for tasks published through the outbox: the intent is marked done when
    the task returns, a copy of an intent already done returns at once (the relay republished
    it while the first copy was still queued), and the last error is kept on the intent when
    the task retries or fails."""

    typing = False  # the intent's id comes as a keyword the task's own signature does not have

    def __call__(self, *args, **kwargs):
        # Celery's own __call__, except that the request keeps the intent (a retry is sent with
        # it) while the task's function never sees it.
        intent = kwargs.get(INTENT)
        if intent is not None and TaskIntent.objects.filter(pk=intent, done_at__isnull=False).exists():
            return None  # a republished copy of work already done: nothing to do
        _task_stack.push(self)
        self.push_request(args=args, kwargs=kwargs)
        try:
            result = self.run(*args, **{k: v for k, v in kwargs.items() if k != INTENT})
        finally:
            self.pop_request()
            _task_stack.pop()
        if intent is not None:
            mark_done(intent)
        return result

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        record_error(kwargs.get(INTENT), exc)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        record_error(kwargs.get(INTENT), exc)
