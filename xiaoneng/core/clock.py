"""The one clock.  Everything that needs "now" calls :func:`now`; tests and "as of" reports
move it with :func:`frozen`.  Datetimes are timezone-aware; people see Asia/Shanghai."""

from __future__ import annotations

import contextvars
import datetime as dt
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.utils import timezone

LOCAL_TZ = ZoneInfo("Asia/Shanghai")

_frozen: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("xiaoneng_now", default=None)


def now() -> dt.datetime:
    """The current moment, timezone-aware."""
    return _frozen.get() or timezone.now()


def today() -> dt.date:
    """Today's date in the city (Asia/Shanghai)."""
    return local(now()).date()


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LOCAL_TZ)


def local_or_none(moment: dt.datetime | None) -> dt.datetime | None:
    """Datetimes in answers are Beijing time (+08:00), as people read them."""
    return moment.astimezone(LOCAL_TZ) if moment else None


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the city's time zone."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL_TZ)


def end_of_day(day: dt.date) -> dt.datetime:
    """The instant a day-based deadline on ``day`` passes: midnight that ends the day."""
    return start_of_day(day + dt.timedelta(days=1))


def aware(moment: dt.datetime) -> dt.datetime:
    """Read a datetime a person typed without a zone as Asia/Shanghai time."""
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)


@contextmanager
def frozen(moment: dt.datetime):
    """Run the block as if it were ``moment`` (tests, replays)."""
    token = _frozen.set(aware(moment))
    try:
        yield
    finally:
        _frozen.reset(token)


def format_cn(day: dt.date) -> str:
    """2026年11月21日 — the date form Chinese documents use."""
    return f"{day.year}年{day.month}月{day.day}日"


WEEKDAYS = "一二三四五六日"


def _as_local(value: dt.datetime | dt.date) -> dt.datetime | dt.date:
    return local(value) if isinstance(value, dt.datetime) else value


def format_day(value: dt.datetime | dt.date) -> str:
    """2026-12-03 — a date on a screen."""
    day = _as_local(value)
    return f"{day:%Y-%m-%d}"


def format_moment(moment: dt.datetime) -> str:
    """2026-12-03 14:05 — a moment on a screen, always with the year, in the city's time."""
    return f"{local(moment):%Y-%m-%d %H:%M}"


def weekday(day: dt.date) -> str:
    """周四."""
    return f"周{WEEKDAYS[day.weekday()]}"


def _due_parts(value: dt.datetime | dt.date) -> tuple[dt.date, str]:
    """The day a deadline ends and the time of day it passes; a day-based deadline (a date,
    or the midnight that ends a day) passes at 24:00 of its last day."""
    if not isinstance(value, dt.datetime):
        return value, "24:00"
    moment = local(value)
    if moment.time() == dt.time(0):
        return moment.date() - dt.timedelta(days=1), "24:00"
    return moment.date(), f"{moment:%H:%M}"


def format_due(value: dt.datetime | dt.date) -> str:
    """2026-12-24（周四）24:00 前 — a deadline on a screen, saying which day it ends."""
    day, time = _due_parts(value)
    return f"{day:%Y-%m-%d}（{weekday(day)}）{time} 前"


def format_due_cn(value: dt.datetime | dt.date) -> str:
    """2026年12月24日（周四）24:00 前 — a deadline in a document."""
    day, time = _due_parts(value)
    return f"{format_cn(day)}（{weekday(day)}）{time} 前"
