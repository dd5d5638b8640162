"""Recomputing a case's deadlines after the working-day calendar changed (registered with
``clocks.registry.register_recompute``).  The case keeps its own copy of every deadline, so
it is recomputed from the case's data and its clocks moved to match."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from xiaoneng.clocks.services import clock_move
from xiaoneng.core import audit, clock
from xiaoneng.workdays.rules import WorkCalendar
from xiaoneng.workorders.codes import Action

from ..models import DEPARTMENT_OPEN, Status, WorkOrder
from ..rules import add_office_time
from ..selectors import office_hours
from .common import KIND_FEEDBACK, KIND_FOLLOW_UP, KIND_HANDLE, KIND_SIGN, apply_handling_due, clock_of, handle_period, unfinished

REASON = "工作日历更新，重新计算期限"
_FIELDS = ["due_on", "due_at", "provisional", "sign_due_at", "feedback_due_at"]


@transaction.atomic
def workorder_recompute(workorder_id: int, calendar: WorkCalendar, by) -> int:
    """Recompute the unfinished deadlines of one case; returns how many clocks moved."""
    wo = WorkOrder.objects.select_for_update().filter(pk=workorder_id).first()
    if wo is None or wo.status not in (Status.RECEIVED, *DEPARTMENT_OPEN, Status.REPLIED):
        return 0
    moved = _move_follow_up(wo, calendar, by)
    if wo.status == Status.REPLIED:
        return moved  # the answer's deadlines are history; only the call-back is still owed
    before = audit.snapshot(wo, _FIELDS)
    apply_handling_due(wo, calendar)
    handle = clock_of(wo, KIND_HANDLE, wo.round)
    if unfinished(handle):
        old = handle.due_at
        clock_move(by=by, clock_=handle, reason=REASON, calendar=calendar, **handle_period(wo))
        moved += handle.due_at != old
    sign = clock_of(wo, KIND_SIGN, wo.dispatch_count)
    if wo.sign_due_at and wo.sign_minutes is not None and unfinished(sign):
        wo.sign_due_at = add_office_time(calendar, wo.dispatched_at, dt.timedelta(minutes=wo.sign_minutes), office_hours())
        if sign.due_at != wo.sign_due_at:
            clock_move(by=by, clock_=sign, due_at=wo.sign_due_at, reason=REASON, calendar=calendar)
            moved += 1
    feedback = clock_of(wo, KIND_FEEDBACK, wo.dispatch_count)
    if unfinished(feedback):
        old = feedback.due_at
        clock_move(by=by, clock_=feedback, working_days=feedback.working_days, reason=REASON, calendar=calendar)
        wo.feedback_due_at = feedback.due_at
        moved += feedback.due_at != old
    after = audit.snapshot(wo, _FIELDS)
    if after != before:
        wo.updated_at = clock.now()
        wo.save(update_fields=[*_FIELDS, "updated_at"])
        audit.record(actor=by, action=Action.RECOMPUTE, subject=wo, before=before, after=after, note=REASON)
    return moved


def _move_follow_up(wo: WorkOrder, calendar: WorkCalendar, by) -> int:
    c = clock_of(wo, KIND_FOLLOW_UP, wo.round)
    if not unfinished(c):
        return 0
    old = c.due_at
    clock_move(by=by, clock_=c, working_days=c.working_days, reason=REASON, calendar=calendar)
    return int(c.due_at != old)
