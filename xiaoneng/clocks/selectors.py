from __future__ import annotations

from django.db.models import Count, Q

from xiaoneng.core import clock
from xiaoneng.org.access import department_scope

from .models import Clock, ClockState


def _mine(user):
    """Open clocks of the user's department subtree, those naming the user as responsible and
    those the user started.  A window clerk who accepts an application starts deadlines that
    the implementing department (outside the clerk's window department) answers for: with the
    department filter alone the clerk's workbench said "本部门暂无在办时限" right after."""
    mine = department_scope(user)
    if user is not None and user.is_authenticated:
        mine |= Q(responsible=user) | Q(started_by=user)
    return Clock.objects.filter(mine).exclude(state=ClockState.STOPPED)


def open_clocks_for(user, *, limit: int = 20) -> list[Clock]:
    """Unfinished deadlines the user's department answers for, the most urgent first."""
    return list(_mine(user).select_related("department").order_by("due_at")[:limit])


def open_clock_counts_for(user) -> dict:
    now = clock.now()
    return _mine(user).aggregate(open=Count("id"), overdue=Count("id", filter=Q(due_at__lte=now)), provisional=Count("id", filter=Q(provisional=True)))
