"""My notifications on the workbench; the office's dead-letter page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xiaoneng.core import clock
from xiaoneng.web import lists
from xiaoneng.web.pages import attempt, page, shown, staff_required

from . import deliveries, selectors
from .models import Delivery, Notification
from .senders import sender_label
from .services import notification_mark_read, notifications_mark_all_read

BATCH = lists.Batch([("read", "标为已读")])


@staff_required
def notification_list(request):
    user = request.user
    if request.method == "POST":
        return _batch(request)
    qs = selectors.inbox(user)
    return render(request, "notifications/list.html", {"rows": page(request, qs), "unread": selectors.unread_count(user), "batch": BATCH})


def _batch(request):
    """标为已读 on the ticked notifications, each as opening it would (read and audited)."""
    user = request.user
    chosen = attempt(request, lambda: (BATCH.chosen(request), lists.selected(request)))
    if chosen is not None:
        ids = chosen[1]
        read = lists.run_batch(ids, Notification.objects.filter(recipient=user), lambda n: notification_mark_read(by=user, notification=n), name=_name)
        lists.report(request, read)
    return redirect(request.get_full_path())


def _name(notification: Notification) -> str:
    return f"{clock.format_moment(notification.created_at)}的通知"


@staff_required
@require_POST
def notification_read(request, notification_id: int):
    n = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    notification_mark_read(by=request.user, notification=n)
    return redirect(n.link or "notifications:list")


@staff_required
@require_POST
def notifications_read_all(request):
    attempt(request, lambda: notifications_mark_all_read(by=request.user), "已全部标为已读")
    return redirect("notifications:list")


@staff_required
def dead_letters(request):
    qs = shown(lambda: deliveries.dead_letters(by=request.user))
    rows = page(request, qs)
    for d in rows.object_list:
        d.sender_label = sender_label(d.sender)
    return render(request, "notifications/dead_letters.html", {"rows": rows})


@staff_required
@require_POST
def dead_letter_resend(request, delivery_id: int):
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    attempt(request, lambda: deliveries.delivery_resend(by=request.user, delivery=delivery), "已重新排队发送")
    return redirect("notifications:dead_letters")
