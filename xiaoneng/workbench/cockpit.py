"""领导驾驶舱: the city at a glance for a leader — open and overdue cases, cards by department,
the 三率 trend by month, hot issues and the problems the leader answers for.  Every figure is
a link to the list it counts, filtered the same way (the list's 超期 filter and this page's
overdue count are one definition: ``workorders.stats.overdue_now``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from xiaoneng.core import clock
from xiaoneng.insights import selectors as insights
from xiaoneng.insights.models import ProblemState
from xiaoneng.org.models import Department
from xiaoneng.org.selectors import staff_of
from xiaoneng.workorders import stats
from xiaoneng.workorders.access import workorder_stats_scope
from xiaoneng.workorders.models import DEPARTMENT_OPEN, Status
from xiaoneng.workorders.selectors import workorders_for

OPEN = (Status.RECEIVED, *DEPARTMENT_OPEN)
TREND_MONTHS = 6


def list_url(**filters) -> str:
    """The work-order list filtered as a figure counts."""
    return f"{reverse('workorders:list')}?{urlencode(filters)}"


@dataclass
class Card:
    department: str
    code: str
    open: int
    overdue: int

    @property
    def open_url(self) -> str:
        return list_url(department=self.code, open=1)

    @property
    def overdue_url(self) -> str:
        return list_url(department=self.code, overdue=1)


def department_cards(user, now: dt.datetime) -> list[Card]:
    """Open and overdue cases per responsible department, most overdue first (one query)."""
    rows = (
        workorders_for(user)
        .filter(department__isnull=False, status__in=OPEN)
        .values("department")
        .annotate(open=Count("id"), overdue=Count("id", filter=stats.overdue_now(now)))
        .order_by()
    )
    counts = {r["department"]: r for r in rows}
    names = Department.objects.filter(pk__in=counts).values_list("pk", "name", "code")
    cards = [Card(name, code, counts[pk]["open"], counts[pk]["overdue"]) for pk, name, code in names]
    return sorted(cards, key=lambda c: (-c.overdue, -c.open, c.department))


def month_starts(today: dt.date, months: int) -> list[dt.date]:
    first = today.replace(day=1)
    out = []
    for _ in range(months):
        out.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return out[::-1]


def trend(user, today: dt.date, now: dt.datetime) -> list[dict]:
    """按期办结率, 解决率 and 满意率 of each of the last months (the current one to date)."""
    out = []
    for start in month_starts(today, TREND_MONTHS):
        end = min((start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1), today)
        _, total = stats.department_figures(start=start, end=end, as_of=now, scope=workorder_stats_scope(user))
        out.append(
            {
                "month": start,
                "received": total.received,
                "rates": [total.answered_on_time_rate, total.resolution_rate, total.satisfaction_rate],
                "url": f"{reverse('workorders:stats')}?{urlencode({'start': start.isoformat(), 'end': end.isoformat()})}",
            }
        )
    return out


def cockpit(user) -> dict:
    now, today = clock.now(), clock.today()
    cases = workorders_for(user)
    totals = cases.aggregate(open=Count("id", filter=Q(status__in=OPEN)), overdue=Count("id", filter=stats.overdue_now(now)))
    staff = staff_of(user)
    mine = insights.problems().filter(leader=staff, state=ProblemState.OPEN) if staff else insights.problems().none()
    return {
        "open": totals["open"],
        "overdue": totals["overdue"],
        "open_url": list_url(open=1),
        "overdue_url": list_url(overdue=1),
        "cards": department_cards(user, now),
        "trend": trend(user, today, now),
        "hot_issues": list(insights.hot_issues()[:5]),
        "problems": list(mine.order_by("due_on", "id")[:10]),
        "as_of": now,
    }
