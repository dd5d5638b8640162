"""The one set of date filters every template uses (loaded as a builtin, see settings):

- ``{{ moment|moment }}`` 2026-12-03 14:05 and ``{{ day|day }}`` 2026-12-03 on screens;
- ``{{ day|cn_day }}`` 2026年12月3日 in documents (letters, notices, bulletins);
- ``{{ due|due }}`` 2026-12-24（周四）24:00 前 for a deadline (a date or the instant it passes);
- ``{{ day|weekday }}`` 周四.

Empty values read "—" unless the template gives another default."""

from __future__ import annotations

import datetime as dt

from django import template

from xiaoneng.core import clock

register = template.Library()

EMPTY = "—"


def parse_moment(value):
    """A moment from a template value: a datetime, an ISO text (JSON payloads) or nothing."""
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return value or None


def _local_day(value) -> dt.date:
    return clock.local(value).date() if isinstance(value, dt.datetime) else value


def _filter(name: str, show):
    """Register ``{{ value|name }}`` (``{{ value|name:"默认" }}`` for another empty text)."""

    def apply(value, empty: str = EMPTY) -> str:
        value = parse_moment(value)
        return empty if value is None else show(value)

    register.filter(name, apply)


_filter("moment", lambda v: clock.format_moment(v) if isinstance(v, dt.datetime) else clock.format_day(v))
_filter("day", clock.format_day)
_filter("cn_day", lambda v: clock.format_cn(_local_day(v)))
_filter("due", clock.format_due)
_filter("weekday", lambda v: clock.weekday(_local_day(v)))
_filter("month", lambda v: f"{_local_day(v):%Y-%m}")  # 2026-12, a month on a chart's axis or in a list
