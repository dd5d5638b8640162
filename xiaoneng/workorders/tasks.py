from celery import shared_task

from xiaoneng.core.context import Channel, via

from . import daily, routing
from .services import fetch_mailbox


@shared_task(name="xiaoneng.workorders.tasks.after_intake")
def after_intake(workorder_id: int) -> None:
    """After a case is received: automatic dispatch by routing rule, then the registered
    hooks (duplicate detection).  Safe to rerun: a case already dispatched is left alone."""
    with via(Channel.SYSTEM):
        routing.after_intake(workorder_id)


@shared_task(name="xiaoneng.workorders.tasks.fetch_mail")
def fetch_mail() -> dict:
    """Import unread 12345 e-mail (periodic; does nothing unless a mailbox is configured)."""
    with via(Channel.EMAIL):
        return fetch_mailbox(by=None)


@shared_task(name="xiaoneng.workorders.tasks.refresh_daily_figures")
def refresh_daily_figures() -> int:
    """Recompute the statistics' daily figures of the days that changed (periodic)."""
    return daily.refresh()
