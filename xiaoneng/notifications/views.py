"""My notifications on the workbench; the office's dead-letter page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xiaoneng.web.pages import attempt, page, shown, staff_required

from . import deliveries, selectors
from .models import Delivery, Notification
from .senders import sender_label
from .services import notification_mark_read, notifications_mark_all_read


@staff_required
def notification_list(request):
    qs = selectors.inbox(request.user)
    return render(request, "notifications/list.html", {"rows": page(request, qs), "unread": selectors.unread_count(request.user)})


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
