import datetime as dt

from celery import shared_task

from xiaoneng.core import outbox
from xiaoneng.core.context import Channel, via

from . import services

RECOMPUTE = "xiaoneng.clocks.tasks.recompute_provisional_clocks"


@shared_task(name=RECOMPUTE, base=outbox.Tracked, **outbox.RETRY)
def recompute_provisional_clocks(dates: list[str] | None = None) -> int:
    """Recompute deadlines touched by a calendar change (or all provisional ones); safe to run
    twice, as the outbox may."""
    with via(Channel.SYSTEM):
        return services.clocks_recompute(by=None, dates=[dt.date.fromisoformat(d) for d in dates or []])


def recompute_after_calendar_change(dates: list[dt.date]) -> None:
    """The calendar's hook, inside the transaction that changes the days: an outbox intent to
    recompute the deadlines those days touch, stored with the change or not at all."""
    outbox.enqueue(RECOMPUTE, sorted({d.isoformat() for d in dates}))
