"""The statutory clock of an application, as pure rules over a working-day calendar.

行政许可法 (Administrative Licensing Law):
- 第三十二条: materials incomplete → one notice of everything to correct, on the spot or
  within 5 working days; no notice in time → accepted as of the day the materials arrived.
- 第四十二条: a decision within 20 working days of acceptance (or the item's own legal limit);
  the head may extend it once by 10 (joint or centralised handling: 45 + 15), telling the
  applicant why.
- 第四十四条: the certificate is delivered within 10 working days of the approval.
- 第四十五条: hearings, tendering, auctions, inspection, testing, quarantine, appraisal and
  expert review do not count against the limit.
- 第四十三条: an item decided above after a lower level's preliminary review: the lower
  level sends its opinion and all the materials up within 20 working days of acceptance;
  the upper level's limit runs from the day they arrive.
- 第五十条: a renewal is applied for 30 days (calendar days, or what the item's law says)
  before the licence expires; not decided before expiry → deemed renewed.
- 第八十二条: limits are working days; the day of the event is day zero.

No database here: services pass the calendar and the application's facts in.
"""

from __future__ import annotations

import calendar as months_calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from xiaoneng.workdays.rules import Due, WorkCalendar

from .models import GRANTED_STATUSES, LICENCE_STATUSES, JointReviewStatus, Status

ACCEPTANCE_WINDOW_DAYS = 5  # 第三十二条
EXTENSION_DAYS = 10  # 第四十二条第一款
JOINT_EXTENSION_DAYS = 15  # 第四十二条第二款
CERTIFICATE_DAYS = 10  # 第四十四条
ONE_DAY = dt.timedelta(days=1)

S = Status
# Every status change, and every change made while the status stays (a self-loop), must be
# listed here; core.transitions.transition refuses anything else.
TRANSITIONS: dict[str, set[str]] = {
    S.RECEIVED: {S.RECEIVED, S.AWAITING_CORRECTION, S.ACCEPTED, S.COMPLETED_ON_SPOT, S.NOT_ACCEPTED, S.WITHDRAWN},
    S.AWAITING_CORRECTION: {S.AWAITING_CORRECTION, S.ACCEPTED, S.COMPLETED_ON_SPOT, S.NOT_ACCEPTED, S.WITHDRAWN},
    S.ACCEPTED: {S.ACCEPTED, S.SUSPENDED, S.APPROVED, S.DENIED, S.DEEMED_APPROVED, S.DEEMED_RENEWED, S.WITHDRAWN},
    S.SUSPENDED: {S.SUSPENDED, S.ACCEPTED, S.DEEMED_RENEWED, S.WITHDRAWN},
    S.APPROVED: {S.APPROVED},
    S.DEEMED_APPROVED: {S.DEEMED_APPROVED},
    # A decision dated before the expiry but recorded after the sweep deemed the renewal
    # (act time wins: 补录) replaces the deemed renewal.
    S.DEEMED_RENEWED: {S.DEEMED_RENEWED, S.APPROVED, S.DENIED},
    S.DENIED: set(),
    S.NOT_ACCEPTED: set(),
    S.COMPLETED_ON_SPOT: set(),
    S.WITHDRAWN: set(),
}

R = JointReviewStatus
# A co-department's review (并联审批): answered once, or deemed to consent when it may be.
REVIEW_TRANSITIONS: dict[str, set[str]] = {
    R.PENDING: {R.CONSENTED, R.OBJECTED, R.DEEMED_CONSENTED},
    R.CONSENTED: set(),
    R.OBJECTED: set(),
    R.DEEMED_CONSENTED: set(),
}

# What may be done in which status, with the words used to refuse it.
ACTIONS: dict[str, tuple[str, frozenset[str]]] = {
    "review": ("审查材料", frozenset({S.RECEIVED})),
    "correct": ("接收补正材料", frozenset({S.AWAITING_CORRECTION})),
    "not_accept": ("作出不予受理决定", frozenset({S.RECEIVED, S.AWAITING_CORRECTION})),
    "assign": ("指定承办人", frozenset({S.RECEIVED, S.AWAITING_CORRECTION, S.ACCEPTED, S.SUSPENDED})),
    "extend": ("延期", frozenset({S.ACCEPTED, S.SUSPENDED})),
    "suspend": ("登记不计时段", frozenset({S.ACCEPTED})),
    "resume": ("结束不计时段", frozenset({S.SUSPENDED})),
    "answer_joint": ("答复并联审查", frozenset({S.ACCEPTED, S.SUSPENDED})),
    "decide": ("作出审批决定", frozenset({S.ACCEPTED, S.DEEMED_RENEWED})),
    "deliver": ("登记证件送达", frozenset(GRANTED_STATUSES)),
    "renewal_link": ("登记为延续申请", frozenset({S.RECEIVED, S.AWAITING_CORRECTION, S.ACCEPTED, S.SUSPENDED})),
    "validity": ("登记许可有效期", frozenset(LICENCE_STATUSES)),
    "assign_preliminary": ("指定初审承办人", frozenset({S.ACCEPTED, S.SUSPENDED})),
    "send_up": ("初审报送", frozenset({S.ACCEPTED})),
    "charge": ("登记收费", frozenset({S.RECEIVED, S.AWAITING_CORRECTION, S.ACCEPTED, S.SUSPENDED, S.APPROVED, S.DEEMED_APPROVED, S.COMPLETED_ON_SPOT})),
    "withdraw": ("登记撤回申请", frozenset({S.RECEIVED, S.AWAITING_CORRECTION, S.ACCEPTED, S.SUSPENDED})),
}


def action_allowed(action: str, status: str) -> bool:
    return status in ACTIONS[action][1]


def max_extension_days(joint: bool) -> int:
    return JOINT_EXTENSION_DAYS if joint else EXTENSION_DAYS


@dataclass(frozen=True)
class Period:
    """An excluded period, both ends inside it; ``end`` None while it lasts."""

    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.end is not None and self.start <= day <= self.end


def count_due(cal: WorkCalendar, start: dt.date, days: int, periods: Iterable[Period] = ()) -> Due:
    """The day on which the ``days``-th counted working day after ``start`` falls, where a
    working day counts unless it lies inside a finished excluded period (第四十五条).

    This is the same as moving the due date by the working days of each period that fall on
    or before the due date being moved, and moving it again while the moved date still falls
    inside a period: a period that straddles the due date therefore moves it past the
    period's end by the working days that were left, and the working days of a period after
    the due date move nothing.  An unfinished period is not counted yet: the clock is paused
    and the due date it had stands until the period ends."""
    closed = [p for p in periods if p.end is not None]
    day, counted, skipped, provisional = start, 0, [], False
    while counted < days:
        day += ONE_DAY
        provisional = provisional or cal.is_provisional(day)
        if cal.is_working_day(day) and not any(p.covers(day) for p in closed):
            counted += 1
        else:
            skipped.append(day)
    return Due(due=day, skipped=tuple(skipped), provisional=provisional)


def excluded_working_days(cal: WorkCalendar, period: Period, after: dt.date, until: dt.date) -> int:
    """Working days of a finished period that did not count: those after ``after`` (day
    zero of the clock) and on or before ``until`` (the due date it produced)."""
    if period.end is None:
        return 0
    low, high = max(period.start, after + ONE_DAY), min(period.end, until)
    return cal.working_days_between(low - ONE_DAY, high) if low <= high else 0


def acceptance_due(cal: WorkCalendar, received_on: dt.date) -> Due:
    """The last day to issue the one-time notice (第三十二条)."""
    return cal.add_working_days(received_on, ACCEPTANCE_WINDOW_DAYS)


def certificate_due(cal: WorkCalendar, decided_on: dt.date) -> Due:
    """The last day to deliver the certificate after an approval (第四十四条)."""
    return cal.add_working_days(decided_on, CERTIFICATE_DAYS)


@dataclass(frozen=True)
class Facts:
    """What an application's due dates depend on."""

    status: str
    received_on: dt.date
    legal_limit_days: int
    committed_limit_days: int
    accepted_on: dt.date | None = None
    extension_days: int = 0
    periods: tuple[Period, ...] = ()
    decided_on: dt.date | None = None
    joint_limits: dict = field(default_factory=dict)  # {key: limit in working days}
    preliminary_limit_days: int | None = None  # 第四十三条: None when the item has no preliminary review
    arrived_on: dt.date | None = None  # the day the lower level's materials reached the deciding department


@dataclass(frozen=True)
class Schedule:
    acceptance: Due
    legal: Due | None = None
    committed: Due | None = None
    certificate: Due | None = None
    joint: dict = field(default_factory=dict)  # {key: Due}
    preliminary: Due | None = None

    @property
    def provisional(self) -> bool:
        return any(d.provisional for d in (self.legal, self.committed, self.certificate, self.preliminary) if d is not None)

    def next_due(self, status: str) -> dt.date | None:
        """The earliest date owed in the current step: the notice window while materials
        wait to be checked, the nearer of the committed and legal dates while deciding."""
        if status == S.RECEIVED:
            return self.acceptance.due
        if status in (S.ACCEPTED, S.SUSPENDED) and self.legal is not None:
            return min(self.legal.due, self.committed.due)
        if status in (S.ACCEPTED, S.SUSPENDED) and self.preliminary is not None:
            return self.preliminary.due
        return None


def schedule(cal: WorkCalendar, facts: Facts) -> Schedule:
    """Every due date of an application from its own facts.  The extension adds to the
    legal limit only: the committed limit is the department's own promise and is not
    extended.  Excluded periods stop every clock of the decision, co-reviews included.

    With a preliminary review (第四十三条) the lower level's limit runs from acceptance and
    the deciding department's limits from the day the materials arrived; until they arrive
    the deciding department owes nothing yet."""
    acceptance = acceptance_due(cal, facts.received_on)
    if facts.accepted_on is None:
        return Schedule(acceptance=acceptance)
    preliminary = None
    start = facts.accepted_on
    if facts.preliminary_limit_days is not None:
        preliminary = count_due(cal, facts.accepted_on, facts.preliminary_limit_days, facts.periods)
        start = facts.arrived_on
        if start is None:
            return Schedule(acceptance=acceptance, preliminary=preliminary)
    legal = count_due(cal, start, facts.legal_limit_days + facts.extension_days, facts.periods)
    committed = count_due(cal, start, facts.committed_limit_days, facts.periods)
    joint = {key: count_due(cal, start, limit, facts.periods) for key, limit in facts.joint_limits.items()}
    certificate = certificate_due(cal, facts.decided_on) if facts.decided_on and facts.status in GRANTED_STATUSES else None
    return Schedule(acceptance=acceptance, legal=legal, committed=committed, certificate=certificate, joint=joint, preliminary=preliminary)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has no such day
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, months_calendar.monthrange(year, month)[1]))


def validity_end(first_day: dt.date, months: int) -> dt.date:
    """The last day of a validity of ``months`` that begins on ``first_day`` (a licence
    granted on 1 November 2026 for 12 months is valid to 31 October 2027)."""
    return add_months(first_day, months) - ONE_DAY


def renewal_filing_deadline(valid_until: dt.date, lead_days: int) -> dt.date:
    """The last day to apply for a renewal (第五十条: 有效期届满三十日前, calendar days, the
    expiry day itself not counted): with 30 days, a licence valid to 31 October 2026 must
    be renewed by 1 October 2026 — a holiday does not move it, the counter or the online
    hall takes applications on any day."""
    return valid_until - dt.timedelta(days=lead_days)


def renewal_in_time(received_on: dt.date, valid_until: dt.date, lead_days: int) -> bool:
    return received_on <= renewal_filing_deadline(valid_until, lead_days)


def renewed_validity(licence_valid_until: dt.date, decided_on: dt.date, months: int) -> dt.date:
    """A renewal's validity: it continues the old one without a gap, or, when the old one has
    already lapsed (a late application decided after the expiry), starts on the decision."""
    return validity_end(max(licence_valid_until + ONE_DAY, decided_on), months)


def missing_materials(required: Iterable[str], submitted: Iterable[str]) -> list[str]:
    """Required material codes not (yet) submitted, in the catalogue's order."""
    have = set(submitted)
    return [code for code in required if code not in have]


def overdue(due_on: dt.date | None, done_on: dt.date | None, as_of: dt.date) -> bool:
    """Whether a day-based limit was missed as of a date: the step was done after the due
    date, or it is still not done and the due date has passed (a limit on day D passes at
    the midnight that ends D)."""
    if due_on is None:
        return False
    end = done_on if done_on is not None and done_on <= as_of else as_of
    return end > due_on


# 首问负责制: an inquiry is closed only with one of these outcomes, each with what it needs.
# A hand-over keeps the inquiry open (open → open) until the colleague answers.
INQUIRY_TRANSITIONS: dict[str, set[str]] = {"open": {"open", "closed"}, "closed": set()}


def inquiry_outcome_problem(outcome: str, *, answer: str, handed_to: bool, referred_to: str) -> str | None:
    """Why an inquiry cannot be closed this way, or None.  Answered and one-time notice need
    what was said; a hand-over names the colleague or section; a referral names the body."""
    if outcome in ("answered", "notice_given") and not answer.strip():
        return "请填写答复或一次性告知的内容"
    if outcome == "handed_over" and not handed_to:
        return "移交时请写明接手的同事或科室"
    if outcome == "referred" and not referred_to.strip():
        return "请写明有权办理的单位名称"
    if outcome not in ("answered", "notice_given", "handed_over", "referred"):
        return "请选择办理结果：当场解答、一次性告知、移交同事或科室、告知有权办理的单位（不得以“不归我管”了结）"
    return None
