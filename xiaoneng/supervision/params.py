"""Parsing what people and clients type for supervision: moments, months, levels, departments.
Shared by the API and the pages; errors are Chinese with a machine code."""

from __future__ import annotations

import datetime as dt
import re

from xiaoneng.core import clock
from xiaoneng.core.errors import InvalidInput
from xiaoneng.org.models import Department, Staff

from .models import Level

_OFFSET_WITHOUT_PLUS = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


def moment(value: str | None, name: str = "as_of") -> dt.datetime | None:
    """ISO 8601 (``2026-10-11T09:00:00+08:00``; without an offset: Beijing time); a bare date
    means the end of that day.  An unencoded ``+`` that arrived as a space is repaired."""
    value = (value or "").strip()
    if not value:
        return None
    value = _OFFSET_WITHOUT_PLUS.sub(r"\1+\2", value)
    try:
        if len(value) == 10:
            return clock.end_of_day(dt.date.fromisoformat(value)) - dt.timedelta(microseconds=1)
        return clock.aware(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        raise InvalidInput(f"参数 {name} 应为 ISO 8601 时间（如 2026-10-11T09:00:00+08:00）或日期，收到“{value}”", code="invalid_moment") from None


def month(value: str | None) -> dt.date:
    """``2026-10`` (default: the previous month)."""
    value = (value or "").strip()
    if not value:
        return (clock.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise InvalidInput(f"月份应为 YYYY-MM，收到“{value}”", code="invalid_month") from None


def level(value: str | None) -> str | None:
    value = (value or "").strip()
    if value and value not in Level.values:
        raise InvalidInput("级别应为 notice、yellow 或 red", code="invalid_level")
    return value or None


def department(code: str | None) -> Department | None:
    code = (code or "").strip()
    if not code:
        return None
    dept = Department.objects.filter(code=code).first()
    if dept is None:
        raise InvalidInput(f"未知的部门编码：{code}", code="unknown_department")
    return dept


def text(value: str | None, message: str, code: str) -> str:
    """A required piece of text, trimmed; ``message`` (Chinese) when it is blank."""
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, code=code)
    return value


def staff(username: str | None) -> Staff | None:
    """The staff member with this user name (None when left blank)."""
    username = (username or "").strip()
    if not username:
        return None
    found = Staff.objects.select_related("department", "user").filter(user__username=username).first()
    if found is None:
        raise InvalidInput(f"未知的工作人员：{username}", code="unknown_person")
    return found


def user(username: str | None):
    found = staff(username)
    return found.user if found else None
