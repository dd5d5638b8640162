"""Reading what people type and clients send: dates, moments, months, numbers, choices, pages,
departments and people.  Shared by the pages and the API; every refusal is a Chinese message
with a machine code, never a 500."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import models

from xiaoneng.core import clock
from xiaoneng.core.codes import Error
from xiaoneng.core.errors import InvalidInput
from xiaoneng.org.models import Department, Staff

_OFFSET_WITHOUT_PLUS = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")
FIRST_YEAR, LAST_YEAR = 1900, 2999  # dates people mean; beyond these a typo, not a date
MAX_PAGE = 500
MAX_OFFSET = 10**9  # far past any list; beyond it the database's integers overflow


def _clean(value) -> str:
    return "" if value is None else str(value).strip()


def _given(value, name: str, required: bool, code: str = Error.MISSING_FIELD) -> str:
    """The value typed, trimmed: "" when left blank, unless it is ``required``."""
    value = _clean(value)
    if required and not value:
        raise InvalidInput(f"请填写{name}", code=code)
    return value


def _in_range(day: dt.date, name: str, shown: str) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(f"{name}超出可用范围（{FIRST_YEAR}–{LAST_YEAR}年）：“{shown}”", code=Error.DATE_OUT_OF_RANGE)
    return day


def bounded(day, name: str = "日期"):
    """A date or moment already parsed (by the API's schema) within the years people mean."""
    if day is not None:
        _in_range(day if isinstance(day, dt.date) and not isinstance(day, dt.datetime) else day.date(), name, day.isoformat())
    return day


def date(value, name: str = "日期", *, default: dt.date | None = None, required: bool = False) -> dt.date | None:
    """``2026-03-01``; blank gives ``default`` (or an error when ``required``)."""
    value = _given(value, name, required, Error.MISSING_DATE)
    if not value:
        return default
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name}应为日期，格式 YYYY-MM-DD，收到“{value}”", code=Error.INVALID_DATE) from None
    return _in_range(day, name, value)


def moment(value, name: str = "as_of", *, starts: bool = False) -> dt.datetime | None:
    """ISO 8601 (``2026-10-11T09:00:00+08:00``; without an offset: Beijing time); a bare date
    means the end of that day (its start when the moment ``starts`` a range).  An unencoded
    ``+`` that arrived as a space is repaired."""
    value = _clean(value)
    if not value:
        return None
    value = _OFFSET_WITHOUT_PLUS.sub(r"\1+\2", value)
    try:
        if len(value) == 10:
            day = _in_range(dt.date.fromisoformat(value), name, value)
            return clock.start_of_day(day) if starts else clock.end_of_day(day) - dt.timedelta(microseconds=1)
        parsed = clock.aware(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))
    except (ValueError, OverflowError):
        raise InvalidInput(f"参数 {name} 应为 ISO 8601 时间（如 2026-10-11T09:00:00+08:00）或日期，收到“{value}”", code=Error.INVALID_MOMENT) from None
    _in_range(parsed.date(), name, value)
    return parsed


def month(value) -> dt.date:
    """``2026-10`` (default: the previous month)."""
    value = _clean(value)
    if not value:
        return (clock.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    try:
        first = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise InvalidInput(f"月份应为 YYYY-MM，收到“{value}”", code=Error.INVALID_MONTH) from None
    return _in_range(first, "月份", value)


def integer(value, name: str, *, low: int | None = None, high: int | None = None, default: int | None = None, required: bool = False) -> int | None:
    """A whole number within ``[low, high]``; blank gives ``default`` (or an error when
    ``required``)."""
    value = _given(value, name, required)
    if not value:
        return default
    if not value.isascii() or not re.fullmatch(r"[+-]?\d{1,12}", value):
        raise InvalidInput(f"{name}应为整数，收到“{value}”", code=Error.INVALID_NUMBER)
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"{low if low is not None else ''}–{high if high is not None else ''}"
        raise InvalidInput(f"{name}应在 {bounds} 之间，收到 {number}", code=Error.NUMBER_OUT_OF_RANGE)
    return number


def decimal(value, name: str, *, required: bool = False) -> Decimal | None:
    """A number with decimals, such as an amount of money (``12.50``); blank gives None (or an
    error when ``required``)."""
    value = _given(value, name, required)
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise InvalidInput(f"{name}应为数字，收到“{value}”", code=Error.INVALID_DECIMAL)
    return number


def choice(value, choices: type[models.TextChoices], name: str) -> str | None:
    """One of ``choices``' values (blank gives None)."""
    value = _clean(value)
    if value and value not in choices.values:
        allowed = "、".join(f"{v}（{label}）" for v, label in choices.choices)
        raise InvalidInput(f"{name}应为 {allowed} 之一，收到“{value}”", code=Error.INVALID_CHOICE)
    return value or None


def window(queryset, limit: int, offset: int):
    """One page of an API list: ``limit`` 1–500 rows from ``offset``."""
    if not 1 <= limit <= MAX_PAGE or not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput(f"limit 应为 1–{MAX_PAGE}，offset 应为 0–{MAX_OFFSET}", code=Error.INVALID_PAGE)
    return queryset[offset : offset + limit]


def department(code, name: str = "部门", *, required: bool = False) -> Department | None:
    """The department with this code (None when left blank, or an error when ``required``)."""
    code = _clean(code)
    if not code:
        if required:
            raise InvalidInput(f"请指明{name}", code=Error.MISSING_DEPARTMENT)
        return None
    dept = Department.objects.filter(code=code).first()
    if dept is None:
        raise InvalidInput(f"未知的部门编码：{code}", code=Error.UNKNOWN_DEPARTMENT)
    return dept


def staff(username) -> Staff | None:
    """The staff member with this user name (None when left blank)."""
    username = _clean(username)
    if not username:
        return None
    found = Staff.objects.select_related("department", "user").filter(user__username=username).first()
    if found is None:
        raise InvalidInput(f"未知的工作人员：{username}", code=Error.UNKNOWN_PERSON)
    return found


def user(username):
    found = staff(username)
    return found.user if found else None
