from celery import shared_task

from .models import Notification
from .senders import configured_senders, sender


@shared_task(name="xiaoneng.notifications.tasks.deliver_notifications")
def deliver_notifications(ids: list[int] | None = None, batch: int | None = None) -> int:
    """Queue one delivery per notification and configured sender."""
    rows = Notification.objects.filter(batch=batch) if batch else Notification.objects.filter(pk__in=ids or [])
    queued = 0
    for pk in rows.values_list("pk", flat=True).iterator(chunk_size=2000):
        for path in configured_senders():
            deliver_one.delay(pk, path)
            queued += 1
    return queued


@shared_task(name="xiaoneng.notifications.tasks.deliver_one", autoretry_for=(Exception,), retry_backoff=30, retry_jitter=True, max_retries=6)
def deliver_one(notification_id: int, sender_path: str) -> None:
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is not None:
        sender(sender_path).send(notification)
