"""Working-day arithmetic (行政许可法 第八十二条: time limits are in working days, statutory
holidays excluded).  Pure functions over a :class:`WorkCalendar`; no database here.

Conventions:
- The day of the event is day zero; a period starts on the next day.
- ``add_working_days(start, n)`` is the n-th working day after ``start``.
- ``working_days_between(a, b)`` counts working days d with a < d <= b, so that
  ``working_days_between(a, add_working_days(a, n).due) == n``.
- A date in a year whose schedule has not been published counts weekends only, and any
  result that relied on such a date is *provisional*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Due:
    due: dt.date
    skipped: tuple[dt.date, ...]
    provisional: bool


class WorkCalendar:
    def __init__(self, holidays: Iterable[dt.date] = (), makeup_workdays: Iterable[dt.date] = (), published_years: Iterable[int] = ()):
        self.holidays = frozenset(holidays)
        self.makeup_workdays = frozenset(makeup_workdays)
        self.published_years = frozenset(published_years)

    @property
    def last_published_year(self) -> int | None:
        return max(self.published_years, default=None)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.makeup_workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def is_provisional(self, day: dt.date) -> bool:
        return day.year not in self.published_years

    def add_working_days(self, start: dt.date, days: int) -> Due:
        if days < 0:
            raise ValueError("days must not be negative")
        day, counted, skipped, provisional = start, 0, [], False
        while counted < days:
            day += ONE_DAY
            provisional = provisional or self.is_provisional(day)
            if self.is_working_day(day):
                counted += 1
            else:
                skipped.append(day)
        return Due(due=day, skipped=tuple(skipped), provisional=provisional)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count

    def span_is_provisional(self, start: dt.date, end: dt.date) -> bool:
        """Whether counting from ``start`` to ``end`` passes a date without a published schedule."""
        low, high = min(start, end), max(start, end)
        if low == high:
            return False
        return any(year not in self.published_years for year in range((low + ONE_DAY).year, high.year + 1))

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day after ``day``."""
        return self.add_working_days(day, 1).due

    def working_day_on_or_after(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day += ONE_DAY
        return day
