"""The open-warning counts the sweeper keeps (per department, level and rule) equal a recount
from the warnings after every pass, whatever happened between passes: cards issued, resolved
when the clock stops, withdrawn when its history changes, a check's findings resolved, a dry
run rolled back.  The dashboard of those who see everything reads them."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings

from xiaoneng.clocks.services import clock_move, clock_stop
from xiaoneng.core import clock
from xiaoneng.core.audit import AuditRecord
from xiaoneng.core.errors import Forbidden
from xiaoneng.supervision import open_counts, selectors
from xiaoneng.supervision.codes import Action
from xiaoneng.supervision.models import Level, OpenWarningCount, Warning
from xiaoneng.supervision.sweep import warnings_sweep

from . import test_history_property as hp
from .conftest import at
from .test_checks import CODE, fake_check  # noqa: F401 - the fixture

NATIONAL_DAY = {"started_on": dt.date(2026, 9, 21), "days": 7}


def _checked_sweep(*args, **kwargs):
    result = warnings_sweep(*args, **kwargs)
    assert open_counts.differences() == [], f"after the pass as of {result.as_of}"
    return result


# The histories of test_history_property (late acts, extensions, pauses, calendar changes),
# with the counts compared after every live pass, then after a backfill and a dry run.
@example(specs=[(0, 0, 5), (1, 0, 7)], events=[("stop", 1, 552, 161), ("extend", 0, 192, 3), ("calendar", 4, 504, "holiday")])
@example(specs=[(1, 0, 7), (2, 3, 4)], events=[("pause", 0, 300, 200, 2), ("stop", 1, 600, 200)])
@settings(max_examples=hp.EXAMPLES, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(specs=hp.clock_specs, events=hp.events)
def test_after_every_pass_the_kept_counts_equal_a_recount(city, monkeypatch, specs, events):
    monkeypatch.setattr(hp, "warnings_sweep", _checked_sweep)
    with transaction.atomic():
        hp._replay(city, specs, events, live=True)
        with clock.frozen(hp.END + hp.HOUR):
            _checked_sweep(by=None, as_of=hp.END)
            before = open_counts.kept()
            _checked_sweep(by=None, dry_run=True)
            assert open_counts.kept() == before
        transaction.set_rollback(True)


def test_withdrawn_and_resolved_cards_leave_the_counts(city, start, sweep):
    late = start(1, **NATIONAL_DAY)
    moved = start(2, **NATIONAL_DAY)
    sweep(2026, 10, 13, 9)
    market = city.dept("market").pk
    assert open_counts.kept()[(market, Level.RED, "deadline")] == 2
    with clock.frozen(at(2026, 10, 13, 10)):
        clock_stop(by=None, clock_=late)
        clock_move(by=None, clock_=moved, working_days=30, reason="延长")
    sweep(2026, 10, 13, 11)
    assert Warning.objects.filter(withdrawn_at__isnull=False).exists()
    assert open_counts.kept() == open_counts.recount()
    assert (market, Level.RED, "deadline") not in open_counts.kept()


def test_a_checks_findings_are_counted_and_uncounted(city, start, sweep, fake_check):  # noqa: F811
    refusal = start(5, started_on=dt.date(2026, 10, 12), days=20, kind="test.refusal", subject_type="applications.application")
    sweep(2026, 10, 12, 11)
    market = city.dept("market").pk
    assert open_counts.kept()[(market, Level.RED, CODE)] == 1
    with clock.frozen(at(2026, 10, 13, 9)):
        clock_stop(by=None, clock_=refusal)
    sweep(2026, 10, 13, 10)
    assert (market, Level.RED, CODE) not in open_counts.kept()
    assert open_counts.differences() == []


def test_the_dashboard_reads_the_kept_counts(city, start, sweep):
    start(1, **NATIONAL_DAY)
    start(2, started_on=dt.date(2026, 10, 12), days=1, dept="east-1", who="street_handler")
    sweep(2026, 10, 13, 9)
    with clock.frozen(at(2026, 10, 13, 12)):
        supervisor = {r["department"]: r for r in selectors.counts_by_department(city.user("supervisor"))}
        head = {r["department"]: r for r in selectors.counts_by_department(city.user("head"))}
        OpenWarningCount.objects.filter(level=Level.RED).update(open=7)  # what the dashboard reads
        doctored = {r["department"]: r for r in selectors.counts_by_department(city.user("supervisor"))}
    assert (supervisor["市市场监督管理局"][Level.RED], supervisor["市市场监督管理局"][Level.YELLOW]) == (1, 0)
    assert supervisor["东一街道"][Level.NOTICE] == 1
    assert head["市市场监督管理局"][Level.RED] == 1  # a head's own cards, counted from them
    assert doctored["市市场监督管理局"][Level.RED] == 7


def test_the_command_finds_a_difference_and_rebuilds(city, start, sweep):
    start(1, **NATIONAL_DAY)
    sweep(2026, 10, 13, 9)
    call_command("supervision_counts", stdout=StringIO())  # no difference: no error
    market = city.dept("market").pk
    OpenWarningCount.objects.filter(department_id=market, level=Level.RED).update(open=5)
    with pytest.raises(CommandError, match="不一致"):
        call_command("supervision_counts", stdout=StringIO())
    out = StringIO()
    with clock.frozen(at(2026, 10, 13, 10)):
        call_command("supervision_counts", "--rebuild", stdout=out)
    assert json.loads(out.getvalue())["differences"] == [{"department_id": market, "level": "red", "rule": "deadline", "kept": 5, "counted": 1}]
    assert open_counts.differences() == []
    assert AuditRecord.objects.filter(action=Action.OPEN_COUNTS_REBUILD).count() == 1


def test_only_the_supervision_office_rebuilds(city):
    with pytest.raises(Forbidden):
        open_counts.counts_rebuild(by=city.user("head"))
