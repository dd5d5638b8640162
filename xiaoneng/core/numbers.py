"""Business numbers people read instead of database ids.

Records that have no number of their own (tracking numbers, application numbers) are named the
way the office numbers its documents: a prefix, the year in brackets and a serial, e.g.
``督〔2026〕15号``.  The serial is the row's key, so the number is unique, stable and costs no
counter row."""

from __future__ import annotations

import datetime as dt

from xiaoneng.core import clock


def document_number(prefix: str, moment: dt.datetime | dt.date | None, serial: int | None) -> str:
    """``过错〔2026〕12号``; empty until the row is saved."""
    if serial is None or moment is None:
        return ""
    year = clock.local(moment).year if isinstance(moment, dt.datetime) else moment.year
    return f"{prefix}〔{year}〕{serial}号"
