"""Pure rules of electronic supervision: the warning ladder over working days, and the
transition tables of supervision orders and list entries.  No database here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xiaoneng.workdays.rules import ONE_DAY, WorkCalendar

from .models import DEFAULT_KIND, Level, ListState, OrderState

RANK = {Level.NOTICE: 1, Level.YELLOW: 2, Level.RED: 3}
NEVER = 99  # rank of "never escalate"
DEADLINE = "deadline"  # Warning.rule of every clock-based warning
LOCK_KEY = 7_826_011_505  # pg_advisory_xact_lock key of the sweeper (and of a recount of its open counts)


@dataclass(frozen=True)
class KindRule:
    supervised: bool = True
    notice_lead_days: int = 1
    supervision_days: int = 3
    heads_from: str = Level.RED
    leaders_from: str = ""

    @property
    def heads_rank(self) -> int:
        return RANK[self.heads_from]

    @property
    def leaders_rank(self) -> int:
        return RANK.get(self.leaders_from, NEVER)


@dataclass(frozen=True)
class RuleBook:
    """Every kind's rule; kinds without a row of their own follow ``default``."""

    default: KindRule
    kinds: dict[str, KindRule]

    def of(self, kind: str) -> KindRule:
        return self.kinds.get(kind, self.default)

    @property
    def unsupervised(self) -> list[str]:
        return sorted(k for k, r in self.kinds.items() if not r.supervised)

    def differing(self, attribute: str) -> dict[str, int | str]:
        """Kinds whose ``attribute`` differs from the default's, for a CASE over the kind."""
        base = getattr(self.default, attribute)
        return {k: getattr(r, attribute) for k, r in sorted(self.kinds.items()) if r.supervised and getattr(r, attribute) != base}

    def values(self, attribute: str) -> set:
        return {getattr(self.default, attribute)} | {getattr(r, attribute) for r in self.kinds.values() if r.supervised}

    @classmethod
    def from_config(cls, config: dict[str, dict]) -> RuleBook:
        """``{kind: {field: value}}`` with ``*`` for the default; unknown keys are ignored."""
        fields = KindRule.__dataclass_fields__
        rules = {kind: KindRule(**{k: v for k, v in values.items() if k in fields}) for kind, values in config.items()}
        return cls(default=rules.pop(DEFAULT_KIND, KindRule()), kinds=rules)


def notice_threshold(cal: WorkCalendar, today: dt.date, lead_days: int) -> dt.date:
    """The latest deadline that is inside its notice window on ``today``: deadlines up to
    ``lead_days`` working days ahead (today is day zero)."""
    return cal.add_working_days(today, lead_days).due


def notice_starts_on(cal: WorkCalendar, due_on: dt.date, lead_days: int) -> dt.date:
    """The first day of the notice window of a deadline on ``due_on``: the earliest day from
    which the deadline is at most ``lead_days`` working days away.  With one day's lead a
    deadline on Monday is noticed from Friday; one on the first working day after 国庆 from
    the last working day before it."""
    day = due_on
    while cal.add_working_days(day - ONE_DAY, lead_days).due >= due_on:
        day -= ONE_DAY
    return day


def supervision_due_on(cal: WorkCalendar, due_on: dt.date, supervision_days: int) -> dt.date:
    """A yellow card orders the work finished within ``supervision_days`` working days after
    the missed deadline; the red card follows when that day ends."""
    return cal.add_working_days(due_on, supervision_days).due


def short_subject_type(subject_type: str) -> str:
    """``applications.application`` -> ``application`` (the name the API shows)."""
    return subject_type.rsplit(".", 1)[-1]


ORDER_TRANSITIONS = {
    OrderState.ISSUED: {OrderState.ANSWERED, OrderState.WITHDRAWN},
    OrderState.ANSWERED: {OrderState.CLOSED, OrderState.ISSUED},
    OrderState.CLOSED: set(),
    OrderState.WITHDRAWN: set(),
}

LIST_TRANSITIONS = {
    ListState.DRAFT: {ListState.SUBMITTED},
    ListState.SUBMITTED: {ListState.PUBLISHED, ListState.DRAFT},
    ListState.PUBLISHED: {ListState.WITHDRAWN},
    ListState.WITHDRAWN: set(),
}
