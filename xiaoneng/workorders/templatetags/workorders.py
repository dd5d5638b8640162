"""The work-order pages' deadline badge: how much time is left before a deadline (dates and
times themselves come from the ``core`` date filters)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html

from xiaoneng.core import clock
from xiaoneng.core.templatetags.dates import parse_moment
from xiaoneng.workdays import selectors as workdays

register = template.Library()


@register.filter
def deadline(value, done=False):
    """A badge saying how much time is left: minutes or hours today, working days after."""
    moment = parse_moment(value)
    if moment is None:
        return "—"
    moment = clock.local(moment)
    if done:
        return format_html('<span class="badge">{}</span>', clock.format_due(moment))
    now = clock.now()
    left = moment - now
    if left <= dt.timedelta(0):
        overdue = now - moment
        amount = (
            f"{overdue.days} 天"
            if overdue.days
            else f"{max(1, overdue.seconds // 3600)} 小时"
            if overdue.seconds >= 3600
            else f"{max(1, overdue.seconds // 60)} 分钟"
        )
        return format_html('<span class="badge overdue" title="{}">超期 {}</span>', clock.format_due(moment), amount)
    if left < dt.timedelta(hours=24) and moment.date() == clock.local(now).date() or left < dt.timedelta(hours=1):
        amount = f"{left.seconds // 3600} 小时 {left.seconds % 3600 // 60} 分" if left >= dt.timedelta(hours=1) else f"{max(1, left.seconds // 60)} 分钟"
        return format_html('<span class="badge warn" title="{}">剩 {}</span>', clock.format_due(moment), amount)
    days = workdays.calendar().working_days_between(clock.local(now).date(), (moment - dt.timedelta(microseconds=1)).date())
    css = "warn" if days <= 1 else "ok"
    return format_html('<span class="badge {}" title="{}">剩 {} 个工作日</span>', css, clock.format_due(moment), days)
