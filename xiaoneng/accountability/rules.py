"""Pure rules of accountability: the transition tables and the sanction ladder arithmetic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import AppealStatus, CountingWindow, FaultStatus, SanctionStatus


def fault_key(source: str, source_id) -> str:
    """The dedupe key of a fault opened automatically for one thing (``source`` names its
    kind, e.g. ``supervision.warning``): the same thing never opens a second fault."""
    return f"{source}:{source_id}"


def fault_key_sql(source: str, id_column: str) -> tuple[str, list]:
    """:func:`fault_key` as SQL over a column of ids, for bulk opening."""
    return f"%s || CAST({id_column} AS TEXT)", [fault_key(source, "")]


CONDUCT = "conduct"  # the kind of a fault that breaches a prohibited-conduct line


def fault_kind(source: str, breaches_conduct: bool) -> str:
    """What a ladder counts a fault as: ``conduct`` for a 高压线 breach, else its source."""
    return CONDUCT if breaches_conduct else source


FAULT_TRANSITIONS = {
    FaultStatus.REPORTED: {FaultStatus.VERIFIED, FaultStatus.DISMISSED, FaultStatus.WITHDRAWN},
    FaultStatus.VERIFIED: {FaultStatus.REVOKED, FaultStatus.WITHDRAWN},
    FaultStatus.DISMISSED: set(),
    FaultStatus.REVOKED: set(),
    FaultStatus.WITHDRAWN: {FaultStatus.REPORTED},  # reinstated by a new red card of the same act
}

SANCTION_TRANSITIONS = {
    SanctionStatus.PROPOSED: {SanctionStatus.DECIDED, SanctionStatus.REVOKED},
    SanctionStatus.DECIDED: {SanctionStatus.APPEALED, SanctionStatus.FINAL},
    SanctionStatus.APPEALED: {SanctionStatus.FINAL, SanctionStatus.REVOKED, SanctionStatus.SUPERSEDED},
    SanctionStatus.FINAL: set(),
    SanctionStatus.REVOKED: set(),
    SanctionStatus.SUPERSEDED: set(),
}

APPEAL_TRANSITIONS = {
    AppealStatus.FILED: {AppealStatus.UPHELD, AppealStatus.MODIFIED, AppealStatus.REVOKED},
    AppealStatus.UPHELD: set(),
    AppealStatus.MODIFIED: set(),
    AppealStatus.REVOKED: set(),
}

# What an appeal decision does to the sanction.
APPEAL_OUTCOME = {
    AppealStatus.UPHELD: SanctionStatus.FINAL,
    AppealStatus.MODIFIED: SanctionStatus.SUPERSEDED,
    AppealStatus.REVOKED: SanctionStatus.REVOKED,
}


@dataclass(frozen=True)
class Ladder:
    window: str
    appeal_working_days: int
    steps: tuple[str, ...]
    basis: str = ""
    counts: tuple[str, ...] = ()
    track: str = "conduct"

    def measure_for(self, ordinal: int) -> str:
        """The n-th fault in the window proposes step n; past the last step, the last."""
        if ordinal < 1 or not self.steps:
            raise ValueError("ordinal starts at 1 and a ladder needs steps")
        return self.steps[min(ordinal, len(self.steps)) - 1]


def counting_window(window: str, occurred_on: dt.date) -> tuple[dt.date, dt.date]:
    """The period whose verified faults count together: the calendar year of the fault, or
    the twelve months up to and including the day it happened."""
    if window == CountingWindow.CALENDAR_YEAR:
        return dt.date(occurred_on.year, 1, 1), dt.date(occurred_on.year, 12, 31)
    if window == CountingWindow.ROLLING_12_MONTHS:
        try:
            start = occurred_on.replace(year=occurred_on.year - 1)
        except ValueError:  # 29 February
            start = occurred_on.replace(year=occurred_on.year - 1, day=28)
        return start + dt.timedelta(days=1), occurred_on
    raise ValueError(f"unknown counting window {window!r}")
