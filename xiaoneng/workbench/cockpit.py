"""领导驾驶舱: the city at a glance for a leader — open and overdue cases, cards by department,
the 三率 trend by month, hot issues and the problems the leader answers for.  Every figure is
a link to the list it counts, filtered the same way (the list's 超期 filter and this page's
overdue count are one definition: ``workorders.stats.overdue_now``).  The open and overdue
counts are summed from the kept daily figures (``workorders.daily.backlog``), so the page does
not read the whole backlog of a big city."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from xiaoneng.core import clock
from xiaoneng.insights import selectors as insights
from xiaoneng.insights.models import ProblemState
from xiaoneng.org.models import Department
from xiaoneng.org.selectors import staff_of
from xiaoneng.workorders import daily, stats
from xiaoneng.workorders.access import workorder_stats_scope

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


def department_cards(rows: list[dict]) -> list[Card]:
    """Open and overdue cases per responsible department, most overdue first, from the
    backlog's rows (``workorders.daily.backlog``)."""
    counts = {r["department"]: r for r in rows if r["department"] is not None}
    names = Department.objects.filter(pk__in=counts).values_list("pk", "name", "code")
    cards = [Card(name, code, counts[pk]["open"], counts[pk]["overdue"]) for pk, name, code in names]
    return sorted((c for c in cards if c.open or c.overdue), key=lambda c: (-c.overdue, -c.open, c.department))


def backlog(user, now: dt.datetime) -> list[dict]:
    """当前在办 and 当前超期 per department (None: not yet dispatched), summed from the kept daily
    figures where they are exact."""
    per_department: dict = {}
    for row in daily.backlog(now=now, scope=workorder_stats_scope(user)):
        kept = per_department.setdefault(row["department"], {"department": row["department"], "open": 0, "overdue": 0})
        kept["open"] += row["n_open_now"] or 0
        kept["overdue"] += row["n_overdue_now"] or 0
    return list(per_department.values())


def trend(user, today: dt.date) -> list[dict]:
    """按期办结率, 解决率 and 满意率 of each of the last months (the current one to date)."""
    out = []
    for start in stats.month_starts(today, TREND_MONTHS):
        end = min(stats.month_end(start), today)
        _, total = stats.department_figures(start=start, end=end, scope=workorder_stats_scope(user), overdue=False)
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
    rows = backlog(user, now)
    staff = staff_of(user)
    mine = insights.problems().filter(leader=staff, state=ProblemState.OPEN) if staff else insights.problems().none()
    return {
        "open": sum(r["open"] for r in rows),
        "overdue": sum(r["overdue"] for r in rows),
        "open_url": list_url(open=1),
        "overdue_url": list_url(overdue=1),
        "cards": department_cards(rows),
        "trend": trend(user, today),
        "hot_issues": list(insights.hot_issues()[:5]),
        "problems": list(mine.order_by("due_on", "id")[:10]),
        "as_of": now,
    }
