"""My notifications; the office's list of outside copies that could not be delivered."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from xiaoneng.api.auth import STAFF_AUTH, actor
from xiaoneng.api.schemas import ERRORS
from xiaoneng.core import clock
from xiaoneng.core.people import display_name
from xiaoneng.web.params import window

from . import deliveries, selectors
from .models import Delivery, Notification
from .senders import sender_label
from .services import notification_mark_read, notifications_mark_all_read

router = Router(tags=["站内通知"])


class NotificationOut(Schema):
    id: int
    category: str
    category_label: str
    text: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationPageOut(Schema):
    count: int
    unread: int
    items: list[NotificationOut]


class MarkedOut(Schema):
    marked: int


def notification_out(n: Notification) -> dict:
    return {
        "id": n.pk,
        "category": n.category,
        "category_label": n.get_category_display(),
        "text": n.text,
        "link": n.link,
        "created_at": clock.local(n.created_at),
        "read_at": clock.local(n.read_at) if n.read_at else None,
    }


@router.get("/notifications", auth=STAFF_AUTH, response={200: NotificationPageOut, **ERRORS}, summary="我的通知")
def my_notifications(request, unread: bool = False, limit: int = 50, offset: int = 0):
    user = actor(request)
    qs = selectors.inbox(user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return {"count": qs.count(), "unread": selectors.unread_count(user), "items": [notification_out(n) for n in window(qs, limit, offset)]}


@router.post("/notifications/{notification_id}/read", auth=STAFF_AUTH, response={200: NotificationOut, **ERRORS}, summary="标为已读")
def read_notification(request, notification_id: int):
    user = actor(request)
    n = get_object_or_404(Notification, pk=notification_id, recipient=user)
    return notification_out(notification_mark_read(by=user, notification=n))


@router.post("/notifications/read-all", auth=STAFF_AUTH, response={200: MarkedOut, **ERRORS}, summary="全部标为已读")
def read_all(request):
    return {"marked": notifications_mark_all_read(by=actor(request))}


class DeadLetterOut(Schema):
    id: int
    sender: str
    recipient: str
    category_label: str
    text: str
    attempts: int
    last_error: str
    failed_at: dt.datetime | None
    status: str


class DeadLetterPageOut(Schema):
    count: int
    items: list[DeadLetterOut]


def dead_letter_out(d: Delivery) -> dict:
    return {
        "id": d.pk,
        "sender": sender_label(d.sender),
        "recipient": display_name(d.notification.recipient),
        "category_label": d.notification.get_category_display(),
        "text": d.notification.text,
        "attempts": d.attempts,
        "last_error": d.last_error,
        "failed_at": clock.local(d.failed_at) if d.failed_at else None,
        "status": d.status,
    }


@router.get("/notifications/dead-letters", auth=STAFF_AUTH, response={200: DeadLetterPageOut, **ERRORS}, summary="投递失败的通知（死信）")
def dead_letters(request, limit: int = 50, offset: int = 0):
    qs = deliveries.dead_letters(by=actor(request))
    return {"count": qs.count(), "items": [dead_letter_out(d) for d in window(qs, limit, offset)]}


@router.post("/notifications/dead-letters/{delivery_id}/resend", auth=STAFF_AUTH, response={200: DeadLetterOut, **ERRORS}, summary="重新发送投递失败的通知")
def resend_dead_letter(request, delivery_id: int):
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    return dead_letter_out(deliveries.delivery_resend(by=actor(request), delivery=delivery))
