from celery import shared_task

from xiaoneng.core import clock, outbox

from . import deliveries


@shared_task(name="xiaoneng.notifications.tasks.deliver_notifications", base=outbox.Tracked, **outbox.RETRY)
def deliver_notifications(ids: list[int] | None = None, batch: int | None = None) -> int:
    """Write one delivery per notification and configured sender, and queue those not yet
    sent (published from the outbox; safe to rerun)."""
    pending = deliveries.deliveries_open(ids=ids, batch=batch)
    for pk in pending:
        deliver_one.delay(pk)
    return len(pending)


@shared_task(name=deliveries.DELIVER_ONE, bind=True, base=outbox.Tracked, max_retries=deliveries.ATTEMPTS - 1)
def deliver_one(self, delivery_id: int) -> None:
    """Send one delivery; on failure retry with backoff, and after the last attempt keep it
    as a dead letter and tell the office."""
    try:
        deliveries.delivery_send(delivery_id)
    except Exception as exc:  # noqa: BLE001 - whatever the gateway raised counts as a failed attempt
        final = self.request.retries >= self.max_retries
        deliveries.delivery_failed(delivery_id=delivery_id, error=exc, final=final)
        if not final:
            raise self.retry(exc=exc, countdown=deliveries.backoff(self.request.retries)) from exc


@shared_task(name="xiaoneng.notifications.tasks.redeliver_stale", **outbox.RETRY)
def redeliver_stale() -> int:
    """Periodic: queue again the deliveries whose message was lost."""
    stale = deliveries.deliveries_stale(clock.now())
    for pk in stale:
        deliver_one.delay(pk)
    return len(stale)
