"""In-app notifications and their copies through outside channels (SMS, e-mail).

The row is written in the caller's transaction; outside copies are queued after commit,
one task per notification and sender, so a slow gateway never holds up a service or the
sweeper and a failed delivery is retried by the queue."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from xiaoneng.core import audit, clock
from xiaoneng.core.errors import Forbidden

from .models import Notification
from .senders import configured_senders


def notify(*, users: Iterable, category: str, text: str, link: str = "") -> list[Notification]:
    """Notify each user once (users without an account, and repeats, are skipped)."""
    now = clock.now()
    seen, rows = set(), []
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, category=category, text=text, link=link, created_at=now))
    created = Notification.objects.bulk_create(rows)
    if created:
        deliver_after_commit(ids=[n.pk for n in created])
    return created


def deliver_after_commit(*, ids: list[int] | None = None, sweep_id: int | None = None) -> None:
    if not configured_senders():
        return
    from .tasks import deliver_notifications

    transaction.on_commit(lambda: deliver_notifications.delay(ids=ids, sweep_id=sweep_id))


@transaction.atomic
def notification_mark_read(*, by, notification: Notification) -> Notification:
    if notification.recipient_id != getattr(by, "pk", None):
        raise Forbidden("只能标记自己的通知", code="forbidden")
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
        audit.record(actor=by, action="notification.read", subject=notification)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, by) -> int:
    count = Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=clock.now())
    if count:
        audit.record(actor=by, action="notification.read_all", subject="supervision.notification", subject_id=by.pk, after={"count": count})
    return count
