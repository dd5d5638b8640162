import datetime as dt

from celery import shared_task

from xiaoneng.core.context import Channel, via

from . import services


@shared_task(name="xiaoneng.clocks.tasks.recompute_provisional_clocks")
def recompute_provisional_clocks(dates: list[str] | None = None) -> int:
    """Recompute deadlines touched by a calendar change (or all provisional ones)."""
    with via(Channel.SYSTEM):
        return services.clocks_recompute(by=None, dates=[dt.date.fromisoformat(d) for d in dates or []])


def recompute_after_calendar_change(dates: list[dt.date]) -> None:
    """The calendar's hook: queue the recomputation of the deadlines those days touch."""
    recompute_provisional_clocks.delay(sorted({d.isoformat() for d in dates}))
