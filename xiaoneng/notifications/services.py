"""Telling people: the in-app row is written in the caller's transaction, and with it an
outbox intent for the outside copies (SMS, e-mail), which the queue sends after commit, one
task per notification and sender, so a slow gateway never holds up a service or the sweeper;
a failed delivery is retried and then kept as a dead letter (``deliveries``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from xiaoneng.core import audit, clock, outbox
from xiaoneng.core import sql as db
from xiaoneng.core.errors import Forbidden

from .codes import Action, Error
from .models import Notification
from .senders import configured_senders


def notify(*, users: Iterable, category: str, text: str, link: str = "", outside: bool = True) -> list[Notification]:
    """Notify each user once (users without an account, and repeats, are skipped); in-app only
    when ``outside`` is false."""
    now = clock.now()
    seen, rows = set(), []
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, category=category, text=text, link=link, created_at=now))
    created = Notification.objects.bulk_create(rows)
    if created and outside:
        deliver_outside(ids=[n.pk for n in created])
    return created


def notify_bulk(*, category: str, rows: str, params: list, link: str, batch: int, ctes: str = "", cte_params: tuple = ()) -> int:
    """Write many notifications in one ``INSERT … SELECT`` — one per recipient for a bulk
    writer's ``batch`` (a supervision sweep): ``rows`` is a SELECT giving ``recipient_id`` and
    ``text``; ``ctes`` are WITH clauses it reads (with ``cte_params``).  The outside copies are queued after commit
    with one task.  Returns how many were written."""
    table = Notification._meta.db_table
    written = db.execute(
        f"{'WITH ' + ctes + ' ' if ctes else ''}"
        f"INSERT INTO {table} (recipient_id, category, text, link, created_at, read_at, sweep_id) "
        f"SELECT r.recipient_id, %s, r.text, %s, %s, NULL, %s FROM ({rows}) r WHERE TRUE ON CONFLICT DO NOTHING",
        [*cte_params, category, link, db.moment(clock.now()), batch, *params],
    )
    if written:
        deliver_outside(batch=batch)
    return written


DELIVER = "xiaoneng.notifications.tasks.deliver_notifications"


def deliver_outside(*, ids: list[int] | None = None, batch: int | None = None) -> None:
    """Have the outside copies of these notifications (or of one bulk writer's ``batch``) sent
    once the caller's transaction has committed: an outbox intent in that transaction."""
    if configured_senders():
        outbox.enqueue(DELIVER, ids, batch)


@transaction.atomic
def notification_mark_read(*, by, notification: Notification) -> Notification:
    if notification.recipient_id != getattr(by, "pk", None):
        raise Forbidden("只能标记自己的通知", code=Error.NOT_YOURS)
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
        audit.record(actor=by, action=Action.READ, subject=notification)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, by) -> int:
    count = Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=clock.now())
    if count:
        audit.record(actor=by, action=Action.READ_ALL, subject=Notification._meta.label_lower, subject_id=by.pk, after={"count": count})
    return count
