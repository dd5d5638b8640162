"""Domains register extra checks (the applications' own — refused without reasons, fees not on
the list — are tested in applications/tests/test_supervision_checks.py); here a fake one shows
the mechanism: "a refusal recorded as a clock of kind test.refusal"."""

import datetime as dt

import pytest
from django.db.models import F

from xiaoneng.accountability.models import Fault, FaultSource
from xiaoneng.clocks.models import Clock, ClockState
from xiaoneng.clocks.services import clock_stop
from xiaoneng.core import clock, hooks
from xiaoneng.notifications.models import Notification
from xiaoneng.supervision import checks
from xiaoneng.supervision.models import Level, Warning

from .conftest import at

CODE = "test.refused_without_reasons"


def _refusals(as_of):
    return (
        Clock.objects.filter(kind="test.refusal", created_at__lte=as_of)
        .exclude(state=ClockState.STOPPED)
        .values("subject_type", "subject_id", "department_id", "responsible_id", effective_at=F("created_at"))
    )


@pytest.fixture
def fake_check():
    with hooks.isolated(checks.CHECKS):
        checks.register_check(checks.ExtraCheck(code=CODE, label="不予受理未说明理由", find=_refusals, level=Level.RED, fault_source=FaultSource.SUPERVISION))
        yield


def test_a_registered_check_warns_once_opens_a_fault_and_resolves(city, start, sweep, fake_check):
    refusal = start(5, started_on=dt.date(2026, 10, 12), days=20, kind="test.refusal", subject_type="applications.application")
    first = sweep(2026, 10, 12, 11)
    assert first.counts["checks"][CODE] == 1 and first.counts["red"] == 1
    w = Warning.objects.get(rule=CODE)
    assert (w.level, w.clock_id, w.subject_type, w.subject_id) == (Level.RED, None, "applications.application", 5)
    assert w.effective_at == refusal.created_at and w.responsible == city.user("handler")
    fault = Fault.objects.get(warning=w)
    assert fault.source == FaultSource.SUPERVISION and fault.description.startswith("电子监察发现：不予受理未说明理由")
    assert Notification.objects.filter(recipient=city.user("head")).exists()  # irregularities reach the head at once
    assert sweep(2026, 10, 12, 12).counts["checks"][CODE] == 0
    with clock.frozen(at(2026, 10, 13, 9)):
        clock_stop(by=None, clock_=refusal)  # the reasons were added
    result = sweep(2026, 10, 13, 10)
    w.refresh_from_db()
    assert result.counts["resolved"] == 1 and w.resolved_at == at(2026, 10, 13, 10)
    assert Warning.objects.filter(rule=CODE).count() == 1


def test_a_check_must_select_the_agreed_columns(city, sweep):
    with hooks.isolated(checks.CHECKS):
        checks.register_check(checks.ExtraCheck(code="test.bad", label="坏", find=lambda as_of: Clock.objects.values("subject_id")))
        with pytest.raises(ValueError, match="must select exactly"):
            sweep(2026, 10, 12, 11)


def test_check_registration_is_validated():
    with hooks.isolated(checks.CHECKS), pytest.raises(ValueError):
        checks.register_check(checks.ExtraCheck(code="x", label="x", find=_refusals, level="purple"))
    with hooks.isolated(checks.CHECKS), pytest.raises(ValueError):
        checks.register_check(checks.ExtraCheck(code="deadline", label="x", find=_refusals))


# -- live passes read only what was stamped since the previous one -------------------------


@pytest.fixture
def stamped_check():
    with hooks.isolated(checks.CHECKS):
        checks.register_check(checks.ExtraCheck(code=CODE, label="不予受理未说明理由", find=_refusals, stamp="created_at"))
        yield


def _backdated_refusal(start, n, stamped_at):
    """A finding recorded around the services: a row whose stamp is earlier than when it appeared."""
    refusal = start(n, started_on=dt.date(2026, 10, 12), days=20, kind="test.refusal", subject_type="applications.application")
    Clock.objects.filter(pk=refusal.pk).update(created_at=stamped_at)
    return refusal


def test_a_live_pass_reads_the_rows_stamped_since_the_previous_pass_and_the_first_of_a_day_reads_all(city, start, sweep, stamped_check):
    assert sweep(2026, 10, 12, 10).counts["checks"][CODE] == 0
    # committed after that pass, but stamped 20 s before it (a transaction still open then): seen
    _backdated_refusal(start, 1, at(2026, 10, 12, 9, 59, 40))
    # stamped a day before the pass and slipped in without a new stamp: not seen the same day
    _backdated_refusal(start, 2, at(2026, 10, 11, 9))
    assert sweep(2026, 10, 12, 11).counts["checks"][CODE] == 1
    assert set(Warning.objects.filter(rule=CODE).values_list("subject_id", flat=True)) == {1}
    assert sweep(2026, 10, 12, 23, 50).counts["checks"][CODE] == 0
    # the first live pass of the next day reads every row
    assert sweep(2026, 10, 13, 0, 10).counts["checks"][CODE] == 1
    assert set(Warning.objects.filter(rule=CODE).values_list("subject_id", flat=True)) == {1, 2}


def test_a_check_the_previous_pass_did_not_run_reads_every_row(city, start, sweep):
    sweep(2026, 10, 12, 10)  # before the check existed
    _backdated_refusal(start, 3, at(2026, 10, 1, 9))
    with hooks.isolated(checks.CHECKS):
        checks.register_check(checks.ExtraCheck(code=CODE, label="不予受理未说明理由", find=_refusals, stamp="created_at"))
        assert sweep(2026, 10, 12, 11).counts["checks"][CODE] == 1
        assert sweep(2026, 10, 12, 12).counts["checks"][CODE] == 0  # and only once


def test_a_finding_stamped_long_ago_is_resolved_by_a_same_day_pass(city, start, sweep, stamped_check):
    refusal = _backdated_refusal(start, 4, at(2026, 10, 12, 9, 30))
    sweep(2026, 10, 12, 10)
    with clock.frozen(at(2026, 10, 12, 10, 30)):
        clock_stop(by=None, clock_=refusal)
    result = sweep(2026, 10, 12, 11)
    assert result.counts["resolved"] == 1 and Warning.objects.get(rule=CODE).resolved_at == at(2026, 10, 12, 11)
