"""My notifications."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from xiaoneng.api.auth import STAFF_AUTH, actor
from xiaoneng.api.schemas import ERRORS
from xiaoneng.core import clock
from xiaoneng.web.params import window

from . import selectors
from .models import Notification
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
