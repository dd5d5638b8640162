"""Reading the calendar.  The table is small (a few dozen rows a year), so each process keeps
a built :class:`WorkCalendar` and checks a cheap fingerprint of the table at most every few
seconds; a change made on one server reaches the others within that time.  Code that must
see a change it just made (the recompute job) asks for ``fresh=True``."""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models import Count, Max

from .models import CalendarDay, CalendarYear, DayKind
from .rules import WorkCalendar

_lock = threading.Lock()
_cached: dict = {"fingerprint": None, "calendar": None, "checked": 0.0}


def _fingerprint() -> tuple:
    days = CalendarDay.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    years = CalendarYear.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    return (days["n"], days["t"], years["n"], years["t"])


def _build() -> WorkCalendar:
    holidays, workdays = [], []
    for date, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == DayKind.HOLIDAY else workdays).append(date)
    return WorkCalendar(holidays, workdays, CalendarYear.objects.values_list("year", flat=True))


def calendar(*, fresh: bool = False) -> WorkCalendar:
    with _lock:
        recheck = settings.XIAONENG.get("CALENDAR_RECHECK_SECONDS", 5.0)
        if not fresh and _cached["calendar"] is not None and time.monotonic() - _cached["checked"] < recheck:
            return _cached["calendar"]
        fingerprint = _fingerprint()
        if fresh or fingerprint != _cached["fingerprint"] or _cached["calendar"] is None:
            _cached["calendar"] = _build()
            _cached["fingerprint"] = fingerprint
        _cached["checked"] = time.monotonic()
        return _cached["calendar"]


def days_of_year(year: int):
    return CalendarDay.objects.filter(date__year=year).order_by("date")
