"""Fixtures for supervision tests: clocks started through the real service, sweeps at frozen
moments, and the seeded defaults restored after a transactional test emptied the tables."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoneng.clocks.services import clock_start
from xiaoneng.core import clock
from xiaoneng.supervision.sweep import warnings_sweep


@pytest.fixture(autouse=True)
def _seeded_defaults(request):
    if not {"db", "transactional_db"} & set(request.fixturenames):
        return
    from django.apps import apps

    from xiaoneng.accountability.defaults import seed_conduct, seed_ladders
    from xiaoneng.inspections.defaults import seed_categories
    from xiaoneng.supervision.defaults import seed_rules

    get = apps.get_model
    seed_rules(get("supervision", "SupervisionRule"), clock.now())
    seed_conduct(get("accountability", "ProhibitedConduct"))
    seed_ladders(get("accountability", "SanctionLadder"), get("accountability", "SanctionStep"), clock.now())
    seed_categories(get("inspections", "FindingCategory"), get("accountability", "ProhibitedConduct"))


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=clock.LOCAL_TZ)


@pytest.fixture
def start(city):
    """``start(1, started_on=date(...), days=7)``: a clock on ("test.case", 1), started at 09:00
    of its start day by the real service."""

    def make(n, *, started_on, days=None, due_at=None, kind="application.decision", dept="market", who="handler", subject_type="test.case"):
        with clock.frozen(at(started_on.year, started_on.month, started_on.day, 9)):
            return clock_start(
                by=None,
                subject=(subject_type, n),
                kind=kind,
                started_on=started_on,
                working_days=days,
                due_at=due_at,
                department=city.dept(dept),
                responsible=city.user(who) if who else None,
            )

    return make


@pytest.fixture
def sweep():
    """``sweep(2026, 10, 9, 9)``: a live sweep at that moment; ``sweep(..., as_of=...)``."""

    def run(*args, as_of=None, dry_run=False, by=None):
        with clock.frozen(at(*args)):
            return warnings_sweep(by=by, as_of=as_of, dry_run=dry_run)

    return run
