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


def _parse(value):
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return value or None


@register.filter
def moment(value, empty: str = EMPTY) -> str:
    value = _parse(value)
    if value is None:
        return empty
    return clock.format_moment(value) if isinstance(value, dt.datetime) else clock.format_day(value)


@register.filter
def day(value, empty: str = EMPTY) -> str:
    value = _parse(value)
    return clock.format_day(value) if value is not None else empty


@register.filter
def cn_day(value, empty: str = EMPTY) -> str:
    value = _parse(value)
    if value is None:
        return empty
    return clock.format_cn(clock.local(value).date() if isinstance(value, dt.datetime) else value)


@register.filter
def due(value, empty: str = EMPTY) -> str:
    value = _parse(value)
    return clock.format_due(value) if value is not None else empty


@register.filter
def weekday(value, empty: str = EMPTY) -> str:
    value = _parse(value)
    if value is None:
        return empty
    return clock.weekday(clock.local(value).date() if isinstance(value, dt.datetime) else value)


@register.filter
def month(value, empty: str = EMPTY) -> str:
    """2026-12 — a month on a chart's axis or in a list."""
    value = _parse(value)
    return f"{value:%Y-%m}" if value is not None else empty
