"""What every work-order service shares: the deadlines a case carries as clocks, and small
checks.

Clocks of a case (subject ``workorders.workorder``):
- ``workorder.handle`` — the answer, from intake; ``round`` = the handling round (重办 +1);
  department = the responsible department (none while the case waits for dispatch);
- ``workorder.sign`` — sign-for after each dispatch, in office hours; ``round`` = the
  dispatch number (a re-dispatch, a rejected return and a reopening each start one);
- ``workorder.feedback`` — interim feedback (定期反馈) while the case is handled;
  ``round`` = the dispatch number, moved forward at each feedback;
- ``workorder.follow_up`` — the 12345 centre's call-back (回访), from the reply's act date,
  ``WORKORDER_FOLLOW_UP_WORKING_DAYS`` working days; ``round`` = the handling round.
"""

from __future__ import annotations

import datetime as dt
import threading

from django.conf import settings

from xiaoneng.clocks import backfill
from xiaoneng.clocks.codes import Error as ClockError
from xiaoneng.clocks.models import Clock, ClockState
from xiaoneng.clocks.services import clock_assign, clock_move, clock_start, clock_stop
from xiaoneng.core import clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.org.models import Department
from xiaoneng.workdays.rules import WorkCalendar
from xiaoneng.workorders.codes import Error

from ..models import DutyShift, WorkOrder
from ..rules import add_office_time, handling_due
from ..selectors import office_hours, time_limit

SUBJECT = "workorders.workorder"
KIND_HANDLE = "workorder.handle"
KIND_SIGN = "workorder.sign"
KIND_FEEDBACK = "workorder.feedback"
KIND_FOLLOW_UP = "workorder.follow_up"
AFTER_INTAKE_TASK = "xiaoneng.workorders.tasks.after_intake"  # the task intake writes to the outbox

MAX_TEXT = 4000


def require(allowed: bool, message: str, *, code: str = Shared.FORBIDDEN) -> None:
    if not allowed:
        raise Forbidden(message, code=code)


def require_status(wo: WorkOrder, *statuses: str, message: str) -> None:
    if wo.status not in statuses:
        raise Conflict(message, code=Error.INVALID_STATUS, details={"status": wo.status})


# --- deadlines ----------------------------------------------------------------------


def apply_handling_due(wo: WorkOrder, cal: WorkCalendar) -> None:
    """Set the handling deadline from the case's own start day and limit.  An urgent
    ("same day") case is due after ``WORKORDER_URGENT_OFFICE_HOURS`` office hours from when
    it was received (or from the start of the day it was reopened): one received at 23:30 is
    due the next working morning, not half an hour later."""
    if wo.handle_days == 0:
        start = wo.received_at
        if clock.local(start).date() != wo.handle_started_on:
            start = dt.datetime.combine(wo.handle_started_on, dt.time(), tzinfo=clock.LOCAL_TZ)
        hours = dt.timedelta(hours=float(settings.XIAONENG.get("WORKORDER_URGENT_OFFICE_HOURS", 4)))
        wo.due_at = add_office_time(cal, start, hours, office_hours())
        wo.due_on = clock.local(wo.due_at).date()
        wo.provisional = cal.span_is_provisional(wo.handle_started_on, wo.due_on)
        return
    due = handling_due(cal, wo.handle_started_on, wo.handle_days)
    wo.due_on, wo.due_at, wo.provisional = due.due, clock.end_of_day(due.due), due.provisional


def handle_period(wo: WorkOrder) -> dict:
    """How the handle clock expresses the deadline: a working-day count, or (same-day
    cases, whose day zero may be a day off) the instant itself."""
    return {"due_at": wo.due_at} if wo.handle_days == 0 else {"working_days": wo.handle_days}


def sign_due(wo: WorkOrder, start: dt.datetime, cal: WorkCalendar) -> tuple[int, dt.datetime]:
    limit = time_limit(wo.type, urgent=wo.urgent)
    minutes = int(limit.sign_duration.total_seconds() // 60)
    return minutes, add_office_time(cal, start, dt.timedelta(minutes=minutes), office_hours())


def clock_of(wo: WorkOrder, kind: str, round: int) -> Clock | None:
    """The case's clock of ``kind`` and ``round`` (locked), if it exists."""
    return Clock.objects.select_for_update().filter(subject_type=SUBJECT, subject_id=wo.pk, kind=kind, round=round).first()


def unfinished(c: Clock | None) -> bool:
    return c is not None and c.state != ClockState.STOPPED


def dispatcher_on_duty(moment: dt.datetime):
    """The user of the dispatcher on duty at ``moment`` (the roster's latest shift covering it), or None."""
    shift = DutyShift.objects.filter(starts_at__lte=moment, ends_at__gt=moment).select_related("staff__user").order_by("-starts_at").first()
    return shift.staff.user if shift else None


# The queue's answerers per process for the current minute: every case of a busy hotline
# would otherwise read the centre and the roster again (two statements of intake's few).
_queue_lock = threading.Lock()
_queue_answerers: dict = {"minute": None, "answer": None}


def queue_answerers(moment: dt.datetime) -> tuple[Department | None, object]:
    """The 12345 centre and the dispatcher on duty at ``moment``, read once a minute per
    process: the roster is read at the start of the minute (shifts begin and end on whole
    minutes), so a change to the roster or the centre applies from the next minute."""
    minute = clock.local(moment).replace(second=0, microsecond=0)
    with _queue_lock:
        if _queue_answerers["minute"] == minute:
            return _queue_answerers["answer"]
    answer = (centre(), dispatcher_on_duty(minute))
    with _queue_lock:
        _queue_answerers.update(minute=minute, answer=answer)
    return answer


def forget_queue_answerers() -> None:
    """Drop the kept answerers (tests: each has its own roster and departments)."""
    with _queue_lock:
        _queue_answerers.update(minute=None, answer=None)


def _answerable(wo: WorkOrder) -> dict:
    """Who answers for the handle clock: the responsible department, or while the case waits
    in the dispatch queue the 12345 centre and the dispatcher on duty (nobody escapes)."""
    if wo.department is not None:
        return {"department": wo.department, "responsible": None}
    department, responsible = queue_answerers(clock.now())
    return {"department": department, "responsible": responsible}


def start_handle_clock(wo: WorkOrder, *, by, cal: WorkCalendar) -> Clock:
    return clock_start(
        by=by, subject=wo, kind=KIND_HANDLE, round=wo.round, started_on=wo.handle_started_on, calendar=cal, **_answerable(wo), **handle_period(wo)
    )


def move_handle_clock(wo: WorkOrder, *, by, cal: WorkCalendar, reason: str) -> None:
    c = clock_of(wo, KIND_HANDLE, wo.round)
    if unfinished(c):
        clock_move(by=by, clock_=c, started_on=wo.handle_started_on, reason=reason, calendar=cal, **handle_period(wo))


def stop_clock(wo: WorkOrder, kind: str, round: int, *, by, note: str, met: bool | None = None, at: dt.datetime | None = None) -> None:
    """Stop the clock; with ``at`` (the act time) it was met when the act came before its due moment."""
    c = clock_of(wo, kind, round)
    if unfinished(c):
        clock_stop(by=by, clock_=c, met=(at < c.due_at) if met is None and at is not None else met, note=note)


def _minute(moment: dt.datetime) -> str:
    return f"{clock.local(moment):%Y-%m-%d %H:%M}"


def act_time(wo: WorkOrder, acted_at: dt.datetime | None, *, step: str, label: str, not_before: dt.datetime | None) -> tuple[dt.datetime, str]:
    """When a step happened (now unless given): never in the future nor before the step it
    follows; in the past within the 补录 window, or beyond it with the supervision office's
    approval.  Returns the moment and the note's 补录 mark ("" when recorded as it happened)."""
    now = clock.now()
    at = acted_at or now
    if at > now:
        raise InvalidInput(f"{label}不能晚于现在", code=ClockError.ACT_IN_FUTURE)
    if not_before is not None and at < not_before:
        raise InvalidInput(f"{label}不能早于上一环节（{_minute(not_before)}）", code=Error.ACT_OUT_OF_ORDER)
    if acted_at is None:
        return at, ""
    mark = backfill.check_act_time(subject=wo, step=step, acted=at, label=label)
    return at, f"（{mark}：{_minute(at)}办理）" if mark else ""


def assign_handle_clock(wo: WorkOrder, *, by) -> None:
    """Point the handle clock at the case's (new) responsible department."""
    c = clock_of(wo, KIND_HANDLE, wo.round)
    if unfinished(c):
        clock_assign(by=by, clock_=c, **_answerable(wo), note="工单改由其他部门承办" if wo.department else "工单退回派单队列")


def centre():
    """The 12345 centre (``settings.XIAONENG["WORKORDER_CENTRE"]``, a department code)."""
    return Department.objects.filter(code=settings.XIAONENG.get("WORKORDER_CENTRE", "")).first()


def start_follow_up_clock(wo: WorkOrder, *, by, replied_at: dt.datetime) -> None:
    """The call-back is owed from the reply: the configured working days after its day."""
    clock_start(
        by=by,
        subject=wo,
        kind=KIND_FOLLOW_UP,
        round=wo.round,
        started_on=clock.local(replied_at).date(),
        working_days=int(settings.XIAONENG.get("WORKORDER_FOLLOW_UP_WORKING_DAYS", 1)),
        department=centre(),
    )


def start_sign_clock(wo: WorkOrder, *, by, cal: WorkCalendar) -> None:
    clock_start(
        by=by,
        subject=wo,
        kind=KIND_SIGN,
        round=wo.dispatch_count,
        started_on=clock.local(wo.dispatched_at).date(),
        due_at=wo.sign_due_at,
        department=wo.department,
        calendar=cal,
    )
