"""Tracking numbers: the day a case was received and its id, so no counter row is needed."""

from __future__ import annotations

import datetime as dt

from xiaoneng.core.clock import LOCAL_TZ


def tracking_number(pk: int | None, received_at: dt.datetime | None) -> str:
    """The date received and the id: 20261121000123.  Unique because the id is."""
    if pk is None or received_at is None:
        return ""
    return f"{received_at.astimezone(LOCAL_TZ):%Y%m%d}{pk:06d}"


def parse_tracking_number(text: str) -> tuple[dt.date, int] | None:
    """(date, id) from a tracking number, or None when it cannot be one."""
    text = (text or "").strip()
    if not (14 <= len(text) <= 20 and text.isascii() and text.isdigit()):
        return None
    try:
        day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return day, int(text[8:])
