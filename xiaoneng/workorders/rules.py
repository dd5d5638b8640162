"""Pure rules for work orders: the one transition table, the time limits on the working-day
calendar, office-hours arithmetic for the sign-for deadline, return and follow-up rules,
routing-rule matching.  (Redaction of identities in free text: ``core.masking``.)  No database.

Time conventions (PRODUCT §2, 广东12345 reference rules):
- the handling deadline starts at intake: the day received is day zero, the limit is
  counted in working days and passes at the end of the last day (Asia/Shanghai);
- an urgent case (limit 0) is due within ``WORKORDER_URGENT_OFFICE_HOURS`` office hours of
  its receipt (services.common.apply_handling_due), so a case received at night is due the
  next working day;
- the sign-for deadline is counted in office hours (e.g. 09:00–12:00, 13:30–17:30 on
  working days) from the moment of dispatch.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from xiaoneng.core.clock import LOCAL_TZ
from xiaoneng.workdays.rules import ONE_DAY, Due, WorkCalendar

from .models import Satisfaction, Status, WorkOrderType

S = Status

# Every allowed status change, in one place.  Follow-up (回访) records a result without
# changing the status; closing needs that result.
TRANSITIONS: dict[str, set[str]] = {
    S.RECEIVED: {S.DISPATCHED, S.ANSWERED},
    S.ANSWERED: {S.CLOSED, S.RECEIVED},  # reopening a direct answer sends it to dispatch
    S.DISPATCHED: {S.SIGNED, S.RETURNED, S.DISPATCHED},  # re-dispatch before sign-for
    S.RETURNED: {S.RECEIVED, S.DISPATCHED, S.SIGNED},  # return accepted / rejected
    S.SIGNED: {S.REPLIED, S.RETURNED},
    S.REPLIED: {S.CLOSED, S.REOPENED},
    S.REOPENED: {S.SIGNED, S.RETURNED, S.DISPATCHED},
    S.CLOSED: {S.REOPENED, S.RECEIVED},
}

# Reference time limits (广东省12345热线 rules): working days to answer, office hours to
# sign for, working days between interim feedbacks (None: none needed).  Seeded into the
# TimeLimit table, which administrators edit; used as the fallback if a row is missing.
REFERENCE_LIMITS: dict[str, tuple[int, Decimal, int | None]] = {
    WorkOrderType.CONSULTATION: (2, Decimal("1"), None),
    WorkOrderType.HELP: (10, Decimal("1"), 5),
    WorkOrderType.SUGGESTION: (10, Decimal("1"), 5),
    WorkOrderType.COMPLAINT: (15, Decimal("1"), 5),
    WorkOrderType.REPORT: (15, Decimal("1"), 5),
    WorkOrderType.ENTERPRISE: (10, Decimal("1"), 5),  # 企业服务: as help; cities often shorten it
    "urgent": (0, Decimal("0.5"), None),
}

GOOD_SATISFACTION = frozenset({Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED})
BAD_SATISFACTION = frozenset({Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED})

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
QUERY_CODE_LENGTH = 6


# --- deadlines ----------------------------------------------------------------------


def handling_due(cal: WorkCalendar, received_on: dt.date, days: int) -> Due:
    """The day the answer is due: ``days`` working days after the day received (day zero).
    A limit of 0 (urgent cases) means the same day: the receiving working day, or the next
    working day when the case came in on a day off."""
    if days == 0:
        day = cal.working_day_on_or_after(received_on)
        skipped = tuple(received_on + ONE_DAY * i for i in range((day - received_on).days))
        return Due(due=day, skipped=skipped, provisional=cal.is_provisional(day))
    return cal.add_working_days(received_on, days)


@dataclass(frozen=True)
class OfficeHours:
    """The office's working periods on a working day, e.g. 09:00–12:00 and 13:30–17:30."""

    periods: tuple[tuple[dt.time, dt.time], ...]

    @classmethod
    def parse(cls, spec: Iterable[str]) -> OfficeHours:
        periods = []
        for item in spec:
            start, _, end = item.partition("-")
            a, b = dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())
            if not a < b:
                raise ValueError(f"office period {item!r} must start before it ends")
            periods.append((a, b))
        periods.sort()
        for (_, end), (start, _) in itertools.pairwise(periods):
            if start < end:
                raise ValueError("office periods overlap")
        if not periods:
            raise ValueError("no office periods")
        return cls(tuple(periods))


MAX_SEARCH_DAYS = 400  # a year of holidays cannot hide every office hour


def add_office_time(cal: WorkCalendar, start: dt.datetime, duration: dt.timedelta, hours: OfficeHours) -> dt.datetime:
    """The moment ``duration`` of office time has passed after ``start``.

    Time outside the office periods and on days off does not count; a start outside office
    hours counts from the next period.  A deadline that ends exactly at the end of a period
    is that moment (12:00), not the start of the next one."""
    if duration < dt.timedelta(0):
        raise ValueError("duration must not be negative")
    moment = start.astimezone(LOCAL_TZ)
    remaining = duration
    day = moment.date()
    for _ in range(MAX_SEARCH_DAYS):
        if cal.is_working_day(day):
            for a, b in hours.periods:
                period_end = dt.datetime.combine(day, b, tzinfo=LOCAL_TZ)
                if period_end <= moment:
                    continue
                begin = max(dt.datetime.combine(day, a, tzinfo=LOCAL_TZ), moment)
                available = period_end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        day += ONE_DAY
    raise ValueError("no office hours found within a year")


def office_time_between(cal: WorkCalendar, start: dt.datetime, end: dt.datetime, hours: OfficeHours) -> dt.timedelta:
    """Office time from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -office_time_between(cal, end, start, hours)
    a, b = start.astimezone(LOCAL_TZ), end.astimezone(LOCAL_TZ)
    total = dt.timedelta(0)
    day = a.date()
    while day <= b.date():
        if cal.is_working_day(day):
            for p_start, p_end in hours.periods:
                lo = max(dt.datetime.combine(day, p_start, tzinfo=LOCAL_TZ), a)
                hi = min(dt.datetime.combine(day, p_end, tzinfo=LOCAL_TZ), b)
                if hi > lo:
                    total += hi - lo
        day += ONE_DAY
    return total


def needs_interim_feedback(handle_days: int, interval_days: int | None) -> bool:
    """定期反馈 is owed when the case runs longer than one feedback interval."""
    return bool(interval_days) and handle_days > interval_days


# --- returns, extensions, follow-up -------------------------------------------------


def may_return(previous: Sequence[tuple[str, bool]]) -> bool:
    """Whether a department may return a case, given its earlier returns of the same case
    as (decision, allow_again), oldest first: the first return is free; another needs the
    dispatcher's leave on the latest decision (退单不得重复，除非派单员准许)."""
    if not previous:
        return True
    decision, allow_again = previous[-1]
    return decision != "pending" and allow_again


def follow_up_requires_reopen(resolved: bool | None, satisfaction: str, department_at_fault: bool | None) -> bool:
    """Not resolved, or dissatisfied, through the department's fault: the case is handled
    again (重办) rather than closed."""
    negative = resolved is False or satisfaction in BAD_SATISFACTION
    return negative and department_at_fault is not False


# --- routing ------------------------------------------------------------------------

_KEYWORD_SPLIT = re.compile(r"[\s,，、;；]+")


def parse_keywords(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for k in _KEYWORD_SPLIT.split(text or "") if k))


@dataclass(frozen=True)
class RuleSpec:
    """A routing rule as plain data (built from the RoutingRule table)."""

    id: int
    name: str
    priority: int
    type: str
    keywords: tuple[str, ...]
    area_path: str | None
    department_code: str
    department_name: str
    auto_dispatch: bool

    def matches(self, *, type: str, text: str, area_path: str | None) -> str | None:
        """Why the rule matches (for the dispatcher), or None when it does not."""
        reasons = []
        if self.type:
            if self.type != type:
                return None
            reasons.append(f"类型为{WorkOrderType(self.type).label}")
        if self.area_path:
            if not (area_path and area_path.startswith(self.area_path)):
                return None
            reasons.append("区域相符")
        if self.keywords:
            hits = [k for k in self.keywords if k in text]
            if not hits:
                return None
            reasons.append("命中关键词“" + "、".join(hits[:3]) + "”")
        return "，".join(reasons) or "兜底规则"


def matching_rules(rules: Iterable[RuleSpec], *, type: str, text: str, area_path: str | None) -> list[tuple[RuleSpec, str]]:
    """The rules a case matches, highest priority first, each with its reason."""
    found = []
    for rule in sorted(rules, key=lambda r: (r.priority, r.id)):
        why = rule.matches(type=type, text=text, area_path=area_path)
        if why is not None:
            found.append((rule, why))
    return found


# -- the duty roster (派单值班表) ---------------------------------------------------------

LONGEST_SHIFT = dt.timedelta(hours=24)


def shift_problem(starts_at: dt.datetime | None, ends_at: dt.datetime | None) -> str:
    """What is wrong with a shift's span ("" when nothing): both ends given, the end after
    the start, at most ``LONGEST_SHIFT`` (a longer span is a typing mistake, not a shift)."""
    if starts_at is None or ends_at is None:
        return "请填写值班的开始和结束时间"
    if ends_at <= starts_at:
        return "值班结束时间应晚于开始时间"
    if ends_at - starts_at > LONGEST_SHIFT:
        return "一个班次不能超过24小时，请分成几个班次"
    return ""


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday and Sunday of ``day``'s week (a roster is read week by week)."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)
