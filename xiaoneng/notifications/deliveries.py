"""Outside copies of notifications (SMS, e-mail): one :class:`Delivery` per notification and
sender, sent by the queue, retried with backoff (30 s, 1 min, 2 min … at most an hour apart),
and after the last attempt a dead letter: audited, logged at ERROR, announced in-app to the
office, listed on the dead-letter page and in the API, and sent again on request."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F

from xiaoneng.core import audit, clock, outbox
from xiaoneng.core.errors import Conflict, Forbidden
from xiaoneng.core.people import display_name
from xiaoneng.core.transitions import lock
from xiaoneng.org.selectors import users_with_roles

from .access import DEAD_LETTER_ROLES, access_dead_letters
from .codes import Action, Error
from .models import Category, Delivery, DeliveryStatus, Notification
from .senders import configured_senders, sender, sender_label

log = logging.getLogger(__name__)

ATTEMPTS = 6  # the first try and five retries
DELIVER_ONE = "xiaoneng.notifications.tasks.deliver_one"
DEAD_LETTERS_LINK = "/staff/notifications/dead-letters/"


def backoff(retries: int) -> int:
    """Seconds before the next attempt, after ``retries`` retries so far."""
    return min(30 * 2**retries, 3600)


def deliveries_open(*, ids: list[int] | None = None, batch: int | None = None) -> list[int]:
    """One delivery per notification (of ``ids`` or of a bulk writer's ``batch``) and configured
    sender, written once however often this runs; the ids of those still to be sent."""
    rows = Notification.objects.filter(batch=batch) if batch else Notification.objects.filter(pk__in=ids or [])
    now, senders = clock.now(), configured_senders()
    for chunk in _chunks(rows.values_list("pk", flat=True).iterator(chunk_size=2000), 2000):
        Delivery.objects.bulk_create([Delivery(notification_id=pk, sender=path, created_at=now) for pk in chunk for path in senders], ignore_conflicts=True)
    return list(Delivery.objects.filter(notification__in=rows, status=DeliveryStatus.PENDING).values_list("pk", flat=True))


def _chunks(iterable, size: int):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


STALE_AFTER = dt.timedelta(hours=2)  # far beyond the last retry (about 16 minutes after the first try)


def deliveries_stale(now: dt.datetime, limit: int = 1000) -> list[int]:
    """Deliveries still pending long after their retries would have ended: their message was
    lost (a worker killed while holding a retry).  The reconciler queues them again."""
    return list(Delivery.objects.filter(status=DeliveryStatus.PENDING, created_at__lt=now - STALE_AFTER).order_by("pk").values_list("pk", flat=True)[:limit])


def delivery_send(delivery_id: int) -> bool:
    """Send one pending delivery (raises what the sender raises).  A delivery already sent or
    dead is left alone, so a task that runs twice sends once."""
    delivery = Delivery.objects.select_related("notification__recipient").filter(pk=delivery_id, status=DeliveryStatus.PENDING).first()
    if delivery is None:
        return False
    sender(delivery.sender).send(delivery.notification)
    Delivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.SENT, sent_at=clock.now(), attempts=F("attempts") + 1, last_error="")
    return True


@transaction.atomic
def delivery_failed(*, delivery_id: int, error: BaseException, final: bool) -> Delivery | None:
    """Count a failed attempt; after the last one the delivery is a dead letter and the office
    is told (in-app only, so that a broken gateway cannot feed on its own alerts)."""
    delivery = Delivery.objects.select_for_update().select_related("notification__recipient").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return delivery
    delivery.attempts += 1
    delivery.last_error = f"{error.__class__.__name__}: {error}"[:2000]
    if final:
        delivery.status, delivery.failed_at = DeliveryStatus.DEAD, clock.now()
    delivery.save(update_fields=["attempts", "last_error", "status", "failed_at"])
    if final:
        _dead_letter(delivery)
    return delivery


def _dead_letter(delivery: Delivery) -> None:
    recipient = display_name(delivery.notification.recipient)
    label = sender_label(delivery.sender)
    audit.record(
        actor=None, action=Action.DELIVERY_DEAD, subject=delivery, after={"sender": label, "attempts": delivery.attempts, "error": delivery.last_error}
    )
    log.error("notification delivery %s (%s to %s) failed %s times: %s", delivery.pk, label, recipient, delivery.attempts, delivery.last_error)
    from .services import notify

    text = f"发给{recipient}的{label}通知发送{delivery.attempts}次均失败，已转入投递失败列表，请检查发送渠道后重新发送。"
    notify(users=users_with_roles(*DEAD_LETTER_ROLES), category=Category.DELIVERY, text=text, link=DEAD_LETTERS_LINK, outside=False)


def dead_letters(*, by):
    if not access_dead_letters(by):
        raise Forbidden("只有系统管理员和效能监督人员可以查看投递失败的通知", code=Error.DEAD_LETTERS_FORBIDDEN)
    return Delivery.objects.filter(status=DeliveryStatus.DEAD).select_related("notification__recipient").order_by("-failed_at", "-pk")


@transaction.atomic
def delivery_resend(*, by, delivery: Delivery) -> Delivery:
    """重新发送: a dead letter goes back to the queue with a fresh set of attempts."""
    if not access_dead_letters(by):
        raise Forbidden("只有系统管理员和效能监督人员可以重新发送通知", code=Error.DEAD_LETTERS_FORBIDDEN)
    delivery = lock(delivery)
    if delivery.status != DeliveryStatus.DEAD:
        raise Conflict("只有发送失败的通知可以重新发送", code=Error.NOT_DEAD)
    delivery.status = DeliveryStatus.PENDING
    delivery.save(update_fields=["status"])
    audit.record(actor=by, action=Action.DELIVERY_RESEND, subject=delivery, before={"status": DeliveryStatus.DEAD}, after={"status": DeliveryStatus.PENDING})
    outbox.enqueue(DELIVER_ONE, delivery.pk)
    return delivery
