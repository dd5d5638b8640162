"""The cards and faults in force at any moment T are a function of the clocks' history, not of
when the sweeper ran.  Random histories on the 国庆 2026 schedule — clocks started, acts
recorded on time or days late, extensions, excluded periods (a pause, then a resume that
moves the deadline), calendar changes, commitment and legal clocks of one act — are replayed
three times:

(a) with a live sweeper on a ten-minute grid, at every tick where anything it reads can have
    changed: the first tick after each recorded event, after each clock's due moment as the
    clock stands at that tick, and after every midnight (notice periods begin and red cards
    fall due at midnight); and at 09:00 each day.  A full grid over six weeks would be 6,000
    passes an example; the ticks left out are those where neither the history, nor a due
    moment, nor the day changed since the previous tick,
(b) with no sweeper at all, then one backfill at the end,
(c) with no sweeper, then one pass for T only,

and what is in force at T must be identical."""

from __future__ import annotations

import datetime as dt
import heapq
import os

from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from xiaoneng.accountability.models import Fault, FaultStatus
from xiaoneng.clocks.models import Clock, ClockState
from xiaoneng.clocks.services import clock_move, clock_pause, clock_resume, clock_start, clock_stop, clocks_recompute
from xiaoneng.core import clock
from xiaoneng.supervision.models import Level, Warning
from xiaoneng.supervision.sweep import warnings_sweep
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workdays.services import calendar_set_day

from .conftest import at

START = at(2026, 9, 21, 9)
END = at(2026, 11, 2, 18)
HOUR = dt.timedelta(hours=1)
KINDS = [
    ("applications.application", 1, "application.commitment"),
    ("applications.application", 1, "application.decision"),
    ("workorders.workorder", 2, "workorder.handle"),
]
EXAMPLES = int(os.environ.get("XIAONENG_PROPERTY_EXAMPLES", "3"))

hours = st.integers(min_value=0, max_value=28 * 24)  # recorded in the four weeks around the deadlines
clock_specs = st.lists(st.tuples(st.integers(0, len(KINDS) - 1), st.integers(0, 14), st.integers(2, 8)), min_size=1, max_size=3, unique_by=lambda spec: spec[0])
events = st.lists(
    st.one_of(
        st.tuples(st.just("stop"), st.integers(0, 2), hours, st.sampled_from([0, 20, 120, 200])),
        st.tuples(st.just("extend"), st.integers(0, 2), hours, st.integers(1, 5)),
        st.tuples(st.just("pause"), st.integers(0, 2), hours, st.integers(24, 200), st.integers(0, 4)),
        st.tuples(st.just("calendar"), st.integers(0, 30), hours, st.sampled_from(["holiday", "workday"])),
    ),
    min_size=2,
    max_size=4,
)


GRID = dt.timedelta(minutes=10)


def _tick_after(moment: dt.datetime, *, strictly: bool) -> dt.datetime:
    """The live sweeper's first run at or after ``moment`` (strictly after, for an event being
    recorded at that moment), on a ten-minute grid from START."""
    ticks = -((START - moment) // GRID)  # ceiling
    tick = START + ticks * GRID
    return tick + GRID if strictly and tick == moment else tick


def _replay(city, specs, history, *, live: bool) -> None:
    """Apply the history in order of recording (and, for ``live``, sweep as a live sweeper
    would between the records)."""
    workdays.calendar(fresh=True)
    steps = []  # (record moment, order, action)
    for n, (kind_index, start_offset, days) in enumerate(specs):
        started_on = dt.date(2026, 9, 21) + dt.timedelta(days=start_offset)
        steps.append((at(started_on.year, started_on.month, started_on.day, 9), 0, ("start", n, kind_index, started_on, days)))
    for event in history:
        steps.append((START + event[2] * HOUR + dt.timedelta(days=1), 1, event))
    if live:
        days = range(int((END - START) / (24 * HOUR)) + 2)
        ticks = {START + k * 24 * HOUR for k in days} | {_tick_after(START.replace(hour=0) + k * 24 * HOUR, strictly=False) for k in days}
        ticks |= {_tick_after(moment, strictly=True) for moment, _, _ in steps}
        steps += [(t, 2, ("sweep",)) for t in ticks if START <= t <= END]
    heapq.heapify(steps)
    clocks: dict[int, Clock] = {}
    swept: set[dt.datetime] = set()
    while steps:
        moment, order, step = heapq.heappop(steps)
        if order == 2 and moment in swept:
            continue
        with clock.frozen(moment):
            _apply(city, clocks, moment, step)
        if order == 2:
            swept.add(moment)
        elif live:  # the live sweeper's first tick after each due moment, as the clocks now stand
            for due in Clock.objects.filter(pk__in=[c.pk for c in clocks.values()]).values_list("due_at", flat=True):
                tick = _tick_after(due, strictly=False) if due else None
                if tick and moment < tick <= END and tick not in swept:
                    heapq.heappush(steps, (tick, 2, ("sweep",)))


def _apply(city, clocks, moment, step) -> None:
    what = step[0]
    if what == "sweep":
        warnings_sweep(by=None)
    elif what == "start":
        _, n, kind_index, started_on, days = step
        subject_type, subject_id, kind = KINDS[kind_index]
        clocks[n] = clock_start(
            by=None,
            subject=(subject_type, subject_id),
            kind=kind,
            started_on=started_on,
            working_days=days,
            department=city.dept("market"),
            responsible=city.user("handler"),
        )
    elif what == "calendar":
        _, day_offset, _, kind = step
        day = dt.date(2026, 10, 8) + dt.timedelta(days=day_offset)
        calendar_set_day(by=None, date=day, kind=kind, name="调整")
        clocks_recompute(by=None, dates=[day])
    else:
        if not clocks:
            return
        started = sorted(clocks.values(), key=lambda c: c.pk)
        c = Clock.objects.get(pk=started[step[1] % len(started)].pk)
        if c.state == ClockState.STOPPED or (what != "pause" and c.state == ClockState.PAUSED):
            return
        if what == "stop":
            clock_stop(by=None, clock_=c, at=moment - step[3] * HOUR)
        elif what == "extend":
            clock_move(by=None, clock_=c, working_days=c.working_days + step[3], reason="延长")
        elif what == "pause" and c.state == ClockState.RUNNING:
            clock_pause(by=None, clock_=c)
            with clock.frozen(min(moment + step[3] * HOUR, END - HOUR)):
                clock_resume(by=None, clock_=c)
                clock_move(by=None, clock_=c, working_days=c.working_days + step[4], reason="扣除特别程序期间")


def _in_force(moment: dt.datetime) -> tuple[frozenset, frozenset]:
    cards = Warning.objects.filter(effective_at__lte=moment, withdrawn_at__isnull=True).exclude(resolved_at__lte=moment)
    card_keys = frozenset(cards.values_list("subject_type", "subject_id", "clock_kind", "level", "due", "effective_at"))
    reds = Warning.objects.filter(level=Level.RED, withdrawn_at__isnull=True, effective_at__lte=moment)
    faults = Fault.objects.exclude(status=FaultStatus.WITHDRAWN)
    fault_keys = frozenset(
        f.dedupe_key for f in faults if reds.filter(subject_type=f.subject_type, subject_id=int(f.subject_id), responsible=f.person.user_id).exists()
    )
    return card_keys, fault_keys


def _run(city, specs, history, moments, *, live: bool, only_at: dt.datetime | None = None) -> list:
    with transaction.atomic():
        _replay(city, specs, history, live=live)
        with clock.frozen(END + HOUR):
            if only_at is not None:
                warnings_sweep(by=None, as_of=only_at)
            elif live:
                warnings_sweep(by=None)
            else:
                warnings_sweep(by=None, as_of=END)
        seen = [_in_force(m) for m in moments]
        transaction.set_rollback(True)
    return seen


# Histories that must always be tried: a decision dated on its due day recorded a week later,
# an extension after the notice, a holiday declared after a red card (国庆 2026); an excluded
# period that moves the deadline, and a work order's answer recorded eight days late.
@example(specs=[(0, 0, 5), (1, 0, 7)], history=[("stop", 1, 552, 161), ("extend", 0, 192, 3), ("calendar", 4, 504, "holiday")], probes=[400, 500])
@example(specs=[(1, 0, 7), (2, 3, 4)], history=[("pause", 0, 300, 200, 2), ("stop", 1, 600, 200)], probes=[350, 560])
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(specs=clock_specs, history=events, probes=st.lists(st.integers(0, int((END - START) / HOUR)), min_size=2, max_size=2))
def test_what_is_in_force_at_any_moment_does_not_depend_on_when_the_sweeper_ran(city, specs, history, probes):
    probed = [START + p * HOUR for p in probes]
    moments = [START + k * 12 * HOUR for k in range(int((END - START) / (12 * HOUR)) + 1)] + probed
    live = _run(city, specs, history, moments, live=True)
    backfilled = _run(city, specs, history, moments, live=False)
    assert live == backfilled
    for n, moment in enumerate(probed, start=len(moments) - len(probed)):
        assert _run(city, specs, history, [moment], live=False, only_at=moment) == [backfilled[n]]
