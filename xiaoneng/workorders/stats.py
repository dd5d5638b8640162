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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.db.models import Count, F, Q

from xiaoneng.core import clock
from xiaoneng.org.models import Department

from .models import FollowUp, WorkOrder
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

    @property
    def signed_on_time_rate(self):
        return _rate(self.signed_on_time, self.sign_due)

    @property
    def answered_on_time_rate(self):
        return _rate(self.answered_on_time, self.answer_due)

    @property
    def resolution_rate(self):
        return _rate(self.resolved, self.reached)

    @property
    def satisfaction_rate(self):
        return _rate(self.satisfied, self.rated)

    def add(self, other: Figures) -> None:
        for f in fields(self):
            if f.type == "int":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        return out | {
            "signed_on_time_rate": self.signed_on_time_rate,
            "answered_on_time_rate": self.answered_on_time_rate,
            "resolution_rate": self.resolution_rate,
            "satisfaction_rate": self.satisfaction_rate,
        }


def overdue_now(as_of: dt.datetime) -> Q:
    """Cases not answered by ``as_of`` whose handling deadline has passed (当前超期)."""
    return Q(received_at__lte=as_of, due_at__lte=as_of) & (Q(replied_at__isnull=True) | Q(replied_at__gt=as_of))


def department_figures(*, start: dt.date, end: dt.date, as_of: dt.datetime | None = None, scope: Q | None = None) -> tuple[list[Figures], Figures]:
    """Figures per department for cases received (and call-backs made) from ``start`` to
    ``end`` inclusive, as of ``as_of``; ``scope`` limits the departments (a Q on
    ``department``).  Returns (rows sorted by received, descending; the total)."""
    as_of = as_of or clock.now()
    scope = scope or Q()
    since, until = clock.start_of_day(start), min(clock.end_of_day(end), as_of)
    signed = Q(signed_at__isnull=False, signed_at__lte=as_of)
    answered = Q(replied_at__isnull=False, replied_at__lte=as_of)
    cases = (
        WorkOrder.objects.filter(scope, received_at__gte=since, received_at__lt=until)
        .values("department")
        .annotate(
            n_received=Count("id"),
            n_sign_due=Count("id", filter=Q(sign_due_at__isnull=False) & (signed | Q(sign_due_at__lte=as_of))),
            n_signed_on_time=Count("id", filter=signed & Q(sign_due_at__isnull=False, signed_at__lte=F("sign_due_at"))),
            n_answer_due=Count("id", filter=answered | Q(due_at__lte=as_of)),
            n_answered_on_time=Count("id", filter=answered & Q(replied_at__lte=F("due_at"))),
        )
        .order_by()
    )
    overdue = WorkOrder.objects.filter(scope).filter(overdue_now(as_of)).values("department").annotate(n_overdue_now=Count("id")).order_by()
    calls = (
        FollowUp.objects.filter(scope, at__gte=since, at__lt=until)
        .values("department")
        .annotate(
            n_follow_ups=Count("id"),
            n_reached=Count("id", filter=Q(reached=True)),
            n_resolved=Count("id", filter=Q(reached=True, resolved=True)),
            n_rated=Count("id", filter=~Q(satisfaction="")),
            n_satisfied=Count("id", filter=Q(satisfaction__in=GOOD_SATISFACTION)),
        )
        .order_by()
    )
    rows: dict[int | None, Figures] = {}
    for row in [*cases, *calls, *overdue]:
        figures = rows.setdefault(row["department"], Figures(department_id=row["department"]))
        for name, value in row.items():
            if name != "department":  # annotations are n_<figure>: a bare name could shadow a field
                setattr(figures, name.removeprefix("n_"), value)
    names = dict(Department.objects.filter(pk__in=[k for k in rows if k]).values_list("pk", "name"))
    total = Figures(department="合计")
    for key, figures in rows.items():
        if key is not None:
            figures.department = names.get(key, str(key))
        total.add(figures)
    return sorted(rows.values(), key=lambda f: (-f.received, f.department)), total
