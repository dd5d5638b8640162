"""Per-department figures (办理情况统计), set-based: two aggregate queries with conditional
counts, whatever the number of cases.

Definitions (also on the statistics page and in docs/workorders.md).  The period is a range
of dates in Asia/Shanghai; ``as_of`` (default: now) is the moment the figures describe —
anything recorded after it does not count yet.  A case counts for its current responsible
department (cases never dispatched, and direct answers, form the row “未派单/直接答复”).

- 受理量 received: cases received in the period.
- 按时签收率 signed on time: cases signed for no later than their sign-for deadline, divided
  by the cases whose sign-for was due: signed by ``as_of``, or still unsigned with the
  deadline passed (an unsigned case past its deadline counts against).
- 按期办结率 answered on time: cases the department answered (答复 = 办结 by the department)
  by the handling deadline, divided by the cases whose answer was due: answered by
  ``as_of``, or unanswered with the deadline passed (an open case past its deadline counts
  against).  A reopened case counts with its latest round.
- 当前超期 overdue now: cases not answered by ``as_of`` whose handling deadline has passed,
  whenever they were received (the same figure as the dashboards and the list's 超期 filter,
  whatever the period chosen).
- 解决率 resolution rate: call-backs (回访) in the period that reached the requester and
  found the problem solved, divided by call-backs that reached the requester.
- 满意率 satisfaction rate: call-backs in the period rated 非常满意, 满意 or 基本满意, divided by
  call-backs with a rating.  Each call-back counts: a case reopened after a dissatisfied
  call-back keeps that rating in the figures.
- 重办率 reopen rate: cases received in the period that were reopened (round above one),
  divided by the cases answered at least once (answered now, or reopened).  The round is the
  case's present state: a reopening after ``as_of`` already counts.
- 退单率 return rate: returns the office approved for cases received in the period, divided
  by the dispatches of those cases to the department (the cases it holds plus those it
  returned).  Counted for the department that returned the case.

Each rate carries its Wilson 95 % interval, so that a rate resting on few cases is not read
as precise, and a department without the cases a rate needs has no rate ("无办件"), never
a perfect score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Min, Q
from django.db.models.functions import TruncDate

from xiaoneng.core import clock
from xiaoneng.core.proportions import wilson
from xiaoneng.org.models import Department

from .models import OPEN_STATUSES, Decision, FollowUp, WorkOrder, WorkOrderReturn
from .rules import GOOD_SATISFACTION

DEFINITIONS = [
    ("受理量", "统计期内受理的工单数，按当前承办部门归属；未派单和受理时直接答复的工单单列一行。"),
    ("按时签收率", "按时签收数 ÷ 应签收数。应签收数为截至统计时点已签收的工单，加上签收期限已过仍未签收的工单（超期未签收计为未按时）。"),
    (
        "按期办结率",
        "按期答复数 ÷ 应办结数。部门答复即为部门办结；应办结数为截至统计时点已答复的工单，加上办理期限已过仍未答复的工单（在办超期计为未按期）。重办工单按最新一轮计。",
    ),
    ("当前超期", "截至统计时点尚未答复且办理期限已过的工单数（不限受理日期，与驾驶舱和工单查询的“超期”一致）。"),
    ("解决率", "统计期内回访中联系上诉求人且问题已解决的次数 ÷ 联系上诉求人的回访次数。"),
    ("满意率", "统计期内回访评价为非常满意、满意、基本满意的次数 ÷ 有满意度评价的回访次数。重办前的不满意评价同样计入。"),
    ("重办率", "统计期内受理的工单中被重办的件数 ÷ 其中至少答复过一次的件数（已答复的，加上已重办的）。"),
    ("退单率", "统计期内受理的工单中经审核同意的退单次数 ÷ 派至该部门的次数（现由该部门承办的件数，加上该部门退出的次数）；计入提出退单的部门。"),
]


@dataclass(frozen=True)
class Rate:
    """One rate as people read it: numerator, denominator, the rate in per cent and its Wilson
    95 % interval; ``value`` None is "无办件" (nothing to count), never 100 %."""

    key: str
    label: str
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return _rate(self.numerator, self.denominator)

    @property
    def interval(self) -> tuple[float, float] | tuple[None, None]:
        low, high = wilson(self.numerator, self.denominator)
        return (None, None) if low is None else (round(100 * low, 1), round(100 * high, 1))

    def as_dict(self) -> dict:
        low, high = self.interval
        return {
            "key": self.key,
            "label": self.label,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "low": low,
            "high": high,
        }


# (key, label, numerator, denominator): the rates of a row, in the order pages show them.
RATES = [
    ("signed_on_time_rate", "按时签收率", "signed_on_time", "sign_due"),
    ("answered_on_time_rate", "按期办结率", "answered_on_time", "answer_due"),
    ("resolution_rate", "解决率", "resolved", "reached"),
    ("satisfaction_rate", "满意率", "satisfied", "rated"),
    ("reopen_rate", "重办率", "reopened", "answered_once"),
    ("return_rate", "退单率", "returned", "dispatched_to"),
]


def _rate(numerator: int, denominator: int) -> float | None:
    return round(100.0 * numerator / denominator, 1) if denominator else None


@dataclass
class Figures:
    department_id: int | None = None
    department: str = "未派单/直接答复"
    received: int = 0
    sign_due: int = 0
    signed_on_time: int = 0
    answer_due: int = 0
    answered_on_time: int = 0
    overdue_now: int = 0
    follow_ups: int = 0
    reached: int = 0
    resolved: int = 0
    rated: int = 0
    satisfied: int = 0
    answered_once: int = 0
    reopened: int = 0
    returned: int = 0
    held: int = 0  # cases received in the period that the department holds now (dispatched to it)

    @property
    def dispatched_to(self) -> int:
        return self.held + self.returned

    def rates(self) -> list[Rate]:
        return [Rate(key, label, getattr(self, num), getattr(self, den)) for key, label, num, den in RATES]

    def add(self, other: Figures) -> None:
        for f in fields(self):
            if f.type == "int":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        return (
            out
            | {"dispatched_to": self.dispatched_to}
            | {r.key: r.value for r in self.rates()}
            | {"intervals": {r.key: list(r.interval) for r in self.rates()}}
        )


def _rate_property(numerator: str, denominator: str) -> property:
    return property(lambda self: _rate(getattr(self, numerator), getattr(self, denominator)))


# figures.signed_on_time_rate and the rest, one per row of RATES (pages and the API read them).
for _key, _label, _numerator, _denominator in RATES:
    setattr(Figures, _key, _rate_property(_numerator, _denominator))


def overdue_now(as_of: dt.datetime) -> Q:
    """Cases not answered by ``as_of`` whose handling deadline has passed (当前超期)."""
    return Q(received_at__lte=as_of, due_at__lte=as_of) & (Q(replied_at__isnull=True) | Q(replied_at__gt=as_of))


def department_figures(
    *, start: dt.date, end: dt.date, as_of: dt.datetime | None = None, scope: Q | None = None, overdue: bool = True
) -> tuple[list[Figures], Figures]:
    """Figures per department for cases received (and call-backs made) from ``start`` to
    ``end`` inclusive, as of ``as_of``; ``scope`` limits the departments (a Q on
    ``department``).  Returns (rows sorted by received, descending; the total).
    ``overdue=False`` leaves 当前超期 out (0, and no row for a department that has nothing
    else), for a series of periods that shows only rates: it is the same for every period,
    and the costliest count at city scale.

    For "now" the days whose kept daily figures are still exact are summed from them
    (``workorders.daily``) and only the other days are counted from the cases; a past
    ``as_of`` is counted from the cases.  当前超期 does not depend on the period and is
    always counted from the cases."""
    from . import daily  # the summary builds on the counting below

    now = clock.now()
    scope = scope or Q()
    if as_of is None or as_of >= now:
        return _named(daily.figures(start=start, end=end, now=now, scope=scope, overdue=overdue))
    rows = counts(since=clock.start_of_day(start), until=min(clock.end_of_day(end), as_of), as_of=as_of, scope=scope)
    return _named([*rows, *(overdue_rows(as_of=as_of, scope=scope, current=False) if overdue else [])])


def overdue_rows(*, as_of: dt.datetime, scope: Q, current: bool | None = None) -> list[dict]:
    """当前超期 per department (``department``, ``n_overdue_now``): every case, whatever the
    period (the changed days of the kept figures are counted by :func:`backlog_rows`).  For now (``current``; by default when
    ``as_of`` is not before the clock — a caller that took "now" a moment ago says so, since
    the clock has moved on since) nothing is answered later, so only the unanswered cases are
    read, along their partial index (``wo_unanswered_due``: an index-only range scan up to now)."""
    if current is None:
        current = as_of >= clock.now()
    cases = WorkOrder.objects.filter(scope)
    cases = cases.filter(replied_at__isnull=True, due_at__lte=as_of) if current else cases.filter(overdue_now(as_of))
    return list(cases.values("department").annotate(n_overdue_now=Count("*")).order_by())  # COUNT(*): the index alone answers


def backlog_rows(*, now: dt.datetime, scope: Q, days: list[dt.date] | None = None) -> list[dict]:
    """当前在办 and 当前超期 now per department (``department``, ``n_open_now``,
    ``n_overdue_now``): every case (only those received on ``days`` when given)."""
    cases = WorkOrder.objects.filter(scope)
    if days is not None:
        cases = cases.filter(_period("received_at", clock.start_of_day(min(days)), clock.end_of_day(max(days)), days))
    is_open, overdue = Q(status__in=OPEN_STATUSES), Q(replied_at__isnull=True, due_at__lte=now)
    return list(
        cases.filter(is_open | overdue)
        .values("department")
        .annotate(n_open_now=Count("id", filter=is_open), n_overdue_now=Count("id", filter=overdue))
        .order_by()
    )


def _period(field: str, since: dt.datetime, until: dt.datetime, days: list[dt.date] | None) -> Q:
    """``field`` within [since, until), and on one of ``days`` when given."""
    q = Q(**{f"{field}__gte": since, f"{field}__lt": until})
    if days is None:
        return q
    on_days = Q(pk__in=[])
    for day in days:
        on_days |= Q(**{f"{field}__gte": clock.start_of_day(day), f"{field}__lt": clock.end_of_day(day)})
    return q & on_days


def counts(*, since: dt.datetime, until: dt.datetime, as_of: dt.datetime, scope: Q, days: list[dt.date] | None = None, by_day: bool = False) -> list[dict]:
    """The set-based counts: one aggregate over the cases received in [since, until) and
    one over the call-backs made then (only on ``days`` when given), as of ``as_of``; rows
    of ``department`` (and ``day``, the local date, with ``by_day``) and ``n_<figure>``.
    With ``by_day`` the case rows also carry ``next_deadline``: the first sign-for or
    handling deadline after ``as_of`` of a case still waiting for it."""
    signed = Q(signed_at__isnull=False, signed_at__lte=as_of)
    answered = Q(replied_at__isnull=False, replied_at__lte=as_of)
    case_keys, call_keys = ["department"], ["department"]
    cases = WorkOrder.objects.filter(scope, _period("received_at", since, until, days))
    calls = FollowUp.objects.filter(scope, _period("at", since, until, days))
    extra = {}
    if by_day:
        cases = cases.annotate(day=TruncDate("received_at", tzinfo=clock.LOCAL_TZ))
        calls = calls.annotate(day=TruncDate("at", tzinfo=clock.LOCAL_TZ))
        case_keys, call_keys = ["day", "department"], ["day", "department"]
        extra = {
            "n_overdue_now": Count("id", filter=~answered & Q(due_at__lte=as_of)),  # kept per day, summed over every day
            "n_open_now": Count("id", filter=Q(status__in=OPEN_STATUSES)),  # likewise (the status as of now: by_day is for now)
            "next_sign": Min("sign_due_at", filter=~signed & Q(sign_due_at__gt=as_of)),
            "next_due": Min("due_at", filter=~answered & Q(due_at__gt=as_of)),
        }
    case_rows = cases.values(*case_keys).annotate(
        n_received=Count("id"),
        n_sign_due=Count("id", filter=Q(sign_due_at__isnull=False) & (signed | Q(sign_due_at__lte=as_of))),
        n_signed_on_time=Count("id", filter=signed & Q(sign_due_at__isnull=False, signed_at__lte=F("sign_due_at"))),
        n_answer_due=Count("id", filter=answered | Q(due_at__lte=as_of)),
        n_answered_on_time=Count("id", filter=answered & Q(replied_at__lte=F("due_at"))),
        n_answered_once=Count("id", filter=answered | Q(round__gt=1)),
        n_reopened=Count("id", filter=Q(round__gt=1)),
        n_held=Count("id", filter=Q(department__isnull=False, dispatched_at__isnull=False)),
        **extra,
    )
    returns = WorkOrderReturn.objects.filter(scope, _period("workorder__received_at", since, until, days), decision=Decision.APPROVED, decided_at__lte=as_of)
    if by_day:
        returns = returns.annotate(day=TruncDate("workorder__received_at", tzinfo=clock.LOCAL_TZ))
    return_rows = returns.values(*case_keys).annotate(n_returned=Count("id"))
    call_rows = calls.values(*call_keys).annotate(
        n_follow_ups=Count("id"),
        n_reached=Count("id", filter=Q(reached=True)),
        n_resolved=Count("id", filter=Q(reached=True, resolved=True)),
        n_rated=Count("id", filter=~Q(satisfaction="")),
        n_satisfied=Count("id", filter=Q(satisfaction__in=GOOD_SATISFACTION)),
    )
    return [*case_rows.order_by(), *call_rows.order_by(), *return_rows.order_by()]


def _named(rows: list[dict]) -> tuple[list[Figures], Figures]:
    """Rows of counts (``department`` and ``n_<figure>``, several per department) summed into
    one :class:`Figures` per department, named, with the total."""
    out: dict[int | None, Figures] = {}
    for row in rows:
        figures = out.setdefault(row["department"], Figures(department_id=row["department"]))
        for name, value in row.items():
            if name.startswith("n_"):  # annotations are n_<figure>: a bare name could shadow a field
                setattr(figures, name[2:], getattr(figures, name[2:]) + value)
    names = dict(Department.objects.filter(pk__in=[k for k in out if k]).values_list("pk", "name"))
    total = Figures(department="合计")
    for key, figures in out.items():
        if key is not None:
            figures.department = names.get(key, str(key))
        total.add(figures)
    return sorted(out.values(), key=lambda f: (-f.received, f.department)), total


def month_starts(last: dt.date, count: int) -> list[dt.date]:
    """The first days of ``count`` months ending with the month of ``last``, oldest first."""
    first = last.replace(day=1)
    months = [first]
    while len(months) < count:
        months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
    return months


def month_end(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def monthly_totals(*, last: dt.date, months: int = 12, as_of: dt.datetime | None = None, scope: Q | None = None) -> list[tuple[dt.date, Figures]]:
    """The city's (or ``scope``'s) figures month by month, the same definitions as
    :func:`department_figures`: one computation per month over that month's indexed range."""
    out = []
    for first in month_starts(last, months):
        if clock.start_of_day(first) > (as_of or clock.now()):
            break
        _, total = department_figures(start=first, end=month_end(first), as_of=as_of, scope=scope)
        out.append((first, total))
    return out


# ---- what the public sees ---------------------------------------------------------------------

STATUS_LABELS = {"ok": "", "none": "无办件", "few": "样本不足"}


def threshold() -> int:
    """Counts from 1 to this minus one are withheld from the public (``PUBLIC_MIN_COUNT``)."""
    return int(settings.XIAONENG.get("PUBLIC_MIN_COUNT", 5))


def published(figures: Figures, *, minimum: int) -> dict:
    """A row as published: a count from 1 to ``minimum`` − 1 is withheld (None); a rate is
    "none" (无办件) when nothing was due, "few" (样本不足, withheld) when its denominator is
    below ``minimum``, otherwise given with numerator, denominator and 95 % interval."""

    def count(n: int) -> int | None:
        return n if n == 0 or n >= minimum else None

    rates = {}
    for rate in figures.rates():
        status = "none" if rate.denominator == 0 else "few" if rate.denominator < minimum else "ok"
        shown = rate.as_dict() if status == "ok" else {"key": rate.key, "label": rate.label, "numerator": None, "denominator": count(rate.denominator)}
        shown.setdefault("value", None), shown.setdefault("low", None), shown.setdefault("high", None)
        rates[rate.key] = shown | {"status": status, "status_label": STATUS_LABELS[status]}
    return {"department": figures.department, "received": count(figures.received), "overdue_now": count(figures.overdue_now), "rates": rates}


def published_rows(rows: list[Figures], *, minimum: int) -> list[dict]:
    """Department rows as published; ``dispatched`` is False for the row of cases no
    department holds."""
    return [published(r, minimum=minimum) | {"dispatched": r.department_id is not None} for r in rows]


def public_report(month: dt.date, *, as_of: dt.datetime | None = None, months: int = 12) -> dict:
    """The public statistics of ``month``: every department's published row, the city's total,
    and the city's published totals for the ``months`` months up to it."""
    minimum = threshold()
    rows, total = department_figures(start=month, end=month_end(month), as_of=as_of)  # None: now, from the kept daily figures
    return {
        "month": f"{month:%Y-%m}",
        "start": month,
        "end": month_end(month),
        "as_of": as_of or clock.now(),
        "threshold": minimum,
        "definitions": [{"name": n, "definition": d} for n, d in DEFINITIONS],
        "departments": published_rows(rows, minimum=minimum),
        "total": published(total, minimum=minimum),
        "trend": [{"month": f"{m:%Y-%m}"} | published(t, minimum=minimum) for m, t in monthly_totals(last=month, months=months, as_of=as_of)],
    }


def public_report_now(month: dt.date) -> dict:
    """:func:`public_report` as of now, kept ``PUBLIC_STATS_CACHE_SECONDS`` (default 300) so
    that public traffic does not recompute thirteen months per request; 0 turns it off."""
    seconds = int(settings.XIAONENG.get("PUBLIC_STATS_CACHE_SECONDS", 300))
    if seconds <= 0:
        return public_report(month)
    key = f"xiaoneng:public-stats:{month:%Y-%m}:{threshold()}"
    report = cache.get(key)
    if report is None:
        report = public_report(month)
        cache.set(key, report, seconds)
    return report
