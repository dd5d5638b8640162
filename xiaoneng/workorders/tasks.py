from celery import shared_task
from django.conf import settings

from xiaoneng.core import clock, outbox
from xiaoneng.core.context import Channel, via

from . import daily, routing
from .services import fetch_mailbox


@shared_task(name=routing.AFTER_INTAKE_TASK, base=outbox.Tracked, **outbox.RETRY)
def after_intake(workorder_id: int) -> None:
    """After a case is received: automatic dispatch by routing rule, then the registered
    hooks (duplicate detection).  Published from the outbox; retried with backoff while the
    database is unreachable.  Safe to rerun: a case already dispatched or linked is left alone."""
    with via(Channel.SYSTEM):
        routing.after_intake(workorder_id)


@shared_task(name="xiaoneng.workorders.tasks.reconcile_after_intake", **outbox.RETRY)
def reconcile_after_intake(limit: int = 200) -> int:
    """Periodic: run the after-intake work of every recent case whose work is still not done
    some minutes after intake (its intent lost, given up, or never written), here and now."""
    missed = routing.after_intake_missed(
        now=clock.now(),
        after_minutes=settings.XIAONENG["RECONCILE_AFTER_MINUTES"],
        lookback_hours=settings.XIAONENG["RECONCILE_LOOKBACK_HOURS"],
        limit=limit,
    )
    for pk in missed:
        outbox.run_now(routing.AFTER_INTAKE_TASK, pk, key=str(pk))
    return len(missed)


@shared_task(name="xiaoneng.workorders.tasks.fetch_mail")
def fetch_mail() -> dict:
    """Import unread 12345 e-mail (periodic; does nothing unless a mailbox is configured)."""
    with via(Channel.EMAIL):
        return fetch_mailbox(by=None)


@shared_task(name="xiaoneng.workorders.tasks.refresh_daily_figures")
def refresh_daily_figures() -> int:
    """Recompute the statistics' daily figures of the days that changed (periodic)."""
    return daily.refresh()
