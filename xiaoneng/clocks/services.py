"""Starting, moving and stopping clocks.  Every change is audited."""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.db.models import Q

from xiaoneng.clocks.codes import Action, Error
from xiaoneng.core import audit, clock, sql
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.people import person
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workdays.rules import WorkCalendar

from .models import Clock, ClockState
from .registry import recompute_hook

_AUDITED = ["kind", "round", "started_on", "working_days", "due_on", "due_at", "provisional", "state", "met"]


def _subject(subject) -> tuple[str, int]:
    if isinstance(subject, models.Model):
        return subject._meta.label_lower, subject.pk
    return subject


def clock_start(
    *,
    by,
    subject,
    kind: str,
    started_on: dt.date,
    working_days: int | None = None,
    due_at: dt.datetime | None = None,
    due_day: dt.date | None = None,
    department=None,
    responsible=None,
    round: int = 1,
    calendar: WorkCalendar | None = None,
) -> Clock:
    """Start a clock: day-based (``working_days`` after ``started_on``, due at the end of
    the last day), with an explicit ``due_at`` (hour-based limits), or due at the end of a
    fixed calendar date ``due_day`` (a licence's expiry: no working-day count, the calendar
    never moves it)."""
    subject_type, subject_id = _subject(subject)
    now = clock.now()
    c = Clock(
        subject_type=subject_type,
        subject_id=subject_id,
        kind=kind,
        round=round,
        department=department,
        responsible=responsible,
        started_by=person(by),
        started_on=started_on,
        created_at=now,
        updated_at=now,
    )
    _apply_period(c, working_days, due_at, calendar or workdays.calendar(), due_day)
    sql.insert(c)
    audit.record(actor=by, action=Action.START, subject=c, after=audit.snapshot(c, _AUDITED) | {"subject": f"{subject_type}#{subject_id}"})
    return c


def _apply_period(c: Clock, working_days: int | None, due_at: dt.datetime | None, cal: WorkCalendar, due_day: dt.date | None = None) -> None:
    if due_day is not None:
        c.working_days, c.due_on, c.due_at, c.provisional = None, due_day, clock.end_of_day(due_day), False
    elif working_days is not None:
        due = cal.add_working_days(c.started_on, working_days)
        c.working_days, c.due_on, c.provisional = working_days, due.due, due.provisional
        c.due_at = clock.end_of_day(due.due)
    elif due_at is not None:
        c.working_days, c.due_on, c.due_at = None, clock.local(due_at).date(), due_at
        c.provisional = cal.span_is_provisional(c.started_on, c.due_on)
    else:
        raise ValueError("a clock needs working_days or due_at")


def clock_move(
    *,
    by,
    clock_: Clock,
    working_days: int | None = None,
    due_at: dt.datetime | None = None,
    due_day: dt.date | None = None,
    started_on: dt.date | None = None,
    reason: str = "",
    calendar: WorkCalendar | None = None,
    at: dt.datetime | None = None,
) -> Clock:
    """Change a running clock's period (extension, excluded period, recomputation).  ``at``
    is when the change was decided (an extension's approval date), recorded in the audit
    next to the recording moment."""
    before = audit.snapshot(clock_, _AUDITED)
    act = _act_time(at, clock.now())
    if started_on is not None:
        clock_.started_on = started_on
    _apply_period(clock_, working_days, due_at, calendar or workdays.calendar(), due_day)
    clock_.updated_at = clock.now()
    clock_.save()
    after = audit.snapshot(clock_, _AUDITED)
    if after != before:
        audit.record(actor=by, action=Action.MOVE, subject=clock_, before=before, after=after | {"act_at": act}, note=reason)
    return clock_


_UNCHANGED = object()


def clock_assign(*, by, clock_: Clock, department=_UNCHANGED, responsible=_UNCHANGED, note: str = "") -> Clock:
    """Hand a running clock to another department and/or person (re-dispatch, reassignment);
    None clears it (a case back in the dispatch queue has no department)."""
    fields = ["department", "responsible"]
    before = audit.snapshot(clock_, fields)
    if department is not _UNCHANGED:
        clock_.department = department
    if responsible is not _UNCHANGED:
        clock_.responsible = responsible
    after = audit.snapshot(clock_, fields)
    if after != before:
        clock_.updated_at = clock.now()
        clock_.save(update_fields=[*fields, "updated_at"])
        audit.record(actor=by, action=Action.ASSIGN, subject=clock_, before=before, after=after, note=note)
    return clock_


_STATE_ACTIONS = {ClockState.STOPPED: Action.STOP, ClockState.PAUSED: Action.PAUSE, ClockState.RUNNING: Action.RESUME}


def _act_time(at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """When the step happened: ``at`` (the date on the paper) or, by default, now."""
    if at is None:
        return now
    if at.tzinfo is None:
        raise ValueError("an act time needs a time zone")
    if at > now:
        raise InvalidInput("办理时间不能晚于现在", code=Error.ACT_IN_FUTURE)
    return at


def _set_state(by, c: Clock, state: str, *, met: bool | None = None, note: str = "", at: dt.datetime | None = None) -> Clock:
    before = audit.snapshot(c, _AUDITED)
    now = clock.now()
    act = _act_time(at, now)
    c.state = state
    if state == ClockState.STOPPED:
        c.stopped_at, c.stop_recorded_at, c.paused_at = act, now, None
        c.met = (act < c.due_at) if met is None else met
    else:
        c.paused_at = act if state == ClockState.PAUSED else None
    c.updated_at = now
    c.save(update_fields=["state", "stopped_at", "stop_recorded_at", "paused_at", "met", "updated_at"])
    after = audit.snapshot(c, _AUDITED) | {"act_at": act}
    audit.record(actor=by, action=_STATE_ACTIONS[state], subject=c, before=before, after=after, note=note)
    return c


def clock_stop(*, by, clock_: Clock, met: bool | None = None, note: str = "", at: dt.datetime | None = None) -> Clock:
    """Stop a clock because the step is done (or no longer owed).  ``at`` is when the step
    happened (the date on the paper; now by default) — the recording moment is always now.
    ``met`` defaults to whether the step happened before the due moment, whenever it was
    typed in."""
    return _set_state(by, clock_, ClockState.STOPPED, met=met, note=note, at=at)


def clock_pause(*, by, clock_: Clock, note: str = "", at: dt.datetime | None = None) -> Clock:
    """Stop counting (an excluded period began at ``at``, now by default)."""
    return _set_state(by, clock_, ClockState.PAUSED, note=note, at=at)


def clock_resume(*, by, clock_: Clock, note: str = "", at: dt.datetime | None = None) -> Clock:
    return _set_state(by, clock_, ClockState.RUNNING, note=note, at=at)


def recompute_copy(model, copy_field: str, clock_field: str = "clock"):
    """A recompute hook (:func:`registry.register_recompute`) for a domain that keeps a copy
    of one clock's due moment on its own row (a sanction's appeal deadline, a supervision
    order's answer deadline): the clock is recomputed from its start and length, and the copy
    follows it in the same transaction, both audited."""

    def hook(subject_id, cal: WorkCalendar, by) -> int:
        row = model.objects.select_for_update().filter(pk=subject_id).first()
        clock_id = getattr(row, f"{clock_field}_id", None) if row is not None else None
        if clock_id is None:
            return 0
        c = Clock.objects.select_for_update().get(pk=clock_id)
        if c.state == ClockState.STOPPED or c.working_days is None:
            return 0
        old = c.due_at
        clock_move(by=by, clock_=c, working_days=c.working_days, reason="工作日历更新，重新计算期限", calendar=cal)
        if getattr(row, copy_field) != c.due_at:
            before = {copy_field: getattr(row, copy_field)}
            setattr(row, copy_field, c.due_at)
            row.save(update_fields=[copy_field])
            audit.record(actor=by, action=Action.COPY, subject=row, before=before, after={copy_field: c.due_at}, note="随时限重新计算")
        return int(c.due_at != old)

    return hook


def clocks_affected_by(dates: list[dt.date]):
    """Unfinished clocks whose count passed one of ``dates``, or that were computed
    provisionally.  Hour-based clocks (no ``working_days``) are included: their domain's
    recompute hook knows how to redo them; without a hook they are left as they are."""
    open_clocks = Clock.objects.exclude(state=ClockState.STOPPED)
    if not dates:
        return open_clocks.filter(provisional=True)
    return open_clocks.filter(Q(provisional=True) | Q(started_on__lt=max(dates), due_on__gte=min(dates)))


def clocks_recompute(*, by, dates: list[dt.date] | None = None) -> int:
    """Recompute deadlines after the calendar changed; returns how many clocks moved.

    Domains with a registered hook recompute their own object (and its clocks); other
    clocks are recomputed from their start and length."""
    cal = workdays.calendar(fresh=True)
    moved = 0
    done_subjects: set[tuple[str, int]] = set()
    for c in clocks_affected_by(dates or []).order_by("id").iterator(chunk_size=500):
        key = (c.subject_type, c.subject_id)
        hook = recompute_hook(c.subject_type)
        if hook is not None:
            if key not in done_subjects:
                done_subjects.add(key)
                with transaction.atomic():
                    moved += hook(c.subject_id, cal, by) or 0
            continue
        if c.working_days is None:
            continue  # an hour-based clock without a domain hook cannot be redone from itself
        with transaction.atomic():
            locked = Clock.objects.select_for_update().get(pk=c.pk)
            old_due = locked.due_on
            clock_move(by=by, clock_=locked, working_days=locked.working_days, reason="工作日历更新，重新计算期限", calendar=cal)
            moved += locked.due_on != old_due
    return moved
