"""Maintaining the working-day calendar.  Every change is audited, and every stored deadline
that the change affects is recomputed afterwards (on the queue, after commit)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.db import transaction

from xiaoneng.core import audit, clock, hooks
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Forbidden, InvalidInput, NotFound
from xiaoneng.org.access import access_manage_calendar
from xiaoneng.workdays.codes import Action, Error

from .models import CalendarDay, CalendarYear, DayKind, DaySource

# Accepted spellings of the day kinds in imported files.
_KIND_WORDS = {
    "holiday": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "休息": DayKind.HOLIDAY,
    "workday": DayKind.WORKDAY,
    "班": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
    "调休上班": DayKind.WORKDAY,
}


CALENDAR_CHANGED = "workdays.calendar_changed"  # hook: fn(dates) for the days that changed


def _schedule_recompute(dates: list[dt.date]) -> None:
    """Tell whoever keeps deadlines (the clocks) which days changed, inside the change's
    transaction (they queue their work through the outbox, so it runs after the commit)."""
    changed = sorted(set(dates))
    for fn in hooks.get_hooks(CALENDAR_CHANGED):
        fn(changed)


def _check(by) -> None:
    if by is not None and not access_manage_calendar(by):
        raise Forbidden("只有系统管理员可以维护工作日历")


def parse_schedule(content: str | bytes, *, filename: str = "") -> list[tuple[dt.date, str, str]]:
    """Read a year's schedule from CSV (``date,kind,name``) or JSON (a list of objects with
    ``date``, ``kind``, ``name``, or ``{"days": [...]}``).  ``kind`` is holiday/workday or
    休/班."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput("文件不是 UTF-8 编码", code=Error.INVALID_ENCODING) from None
    text = content.strip()
    if filename.lower().endswith(".json") or text.startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"JSON 格式错误：第 {exc.lineno} 行", code=Error.INVALID_JSON) from None
        rows = data.get("days", []) if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise InvalidInput("JSON 应为日期对象的列表", code=Error.INVALID_JSON)
        raw = [(str(r.get("date", "")), str(r.get("kind", "")), str(r.get("name", ""))) for r in rows]
    else:
        reader = csv.reader(io.StringIO(text))
        raw = [tuple((row + ["", "", ""])[:3]) for row in reader if row and any(cell.strip() for cell in row)]
        if raw and raw[0][0].strip().lower() in ("date", "日期"):
            raw = raw[1:]
    return parse_rows(raw)


NAME_LIMIT = 60  # CalendarDay.name
SOURCE_LIMIT = 200  # CalendarYear.source


def parse_rows(raw: list[tuple[str, str, str]]) -> list[tuple[dt.date, str, str]]:
    """Check (date, kind, name) rows as typed by a person; errors name the row."""
    days, seen = [], set()
    for line, (date_s, kind_s, name) in enumerate(raw, start=1):
        try:
            day = dt.date.fromisoformat(date_s.strip())
        except ValueError:
            raise InvalidInput(f"第 {line} 条：日期“{date_s}”格式错误，应为 YYYY-MM-DD", code=Shared.INVALID_DATE) from None
        kind = _KIND_WORDS.get(kind_s.strip().lower())
        if kind is None:
            raise InvalidInput(f"第 {line} 条：类型“{kind_s}”无法识别，应为 holiday/workday 或 休/班", code=Shared.INVALID_KIND)
        if day in seen:
            raise InvalidInput(f"第 {line} 条：日期 {day} 重复", code=Error.DUPLICATE_DATE)
        seen.add(day)
        if len(name.strip()) > NAME_LIMIT:
            raise InvalidInput(f"第 {line} 条：名称不能超过 {NAME_LIMIT} 个字", code=Error.NAME_TOO_LONG)
        days.append((day, kind, name.strip()))
    return days


@transaction.atomic
def calendar_load_year(*, by, year: int, days: list[tuple[dt.date, str, str]], source: str = "", local: bool = False) -> dict:
    """Load one year's schedule.  A national schedule replaces the year's national entries
    and marks the year as published (its dates stop being provisional); a local schedule
    (``local=True``) adds or replaces the city's own days and leaves national ones alone.
    Deadlines that the change affects are recomputed after commit."""
    _check(by)
    if not 1990 <= year <= 2100:
        raise InvalidInput("年份超出范围（1990–2100）", code=Error.INVALID_YEAR)
    if len(source.strip()) > SOURCE_LIMIT:
        raise InvalidInput(f"来源说明不能超过 {SOURCE_LIMIT} 个字", code=Error.SOURCE_TOO_LONG)
    wrong = [d for d, _, _ in days if d.year != year]
    if wrong:
        raise InvalidInput(f"日期 {wrong[0]} 不属于 {year} 年", code=Error.DATE_OUTSIDE_YEAR)
    if not local and not days:
        raise InvalidInput("全国安排不能为空", code=Error.EMPTY_SCHEDULE)
    source_kind = DaySource.LOCAL if local else DaySource.NATIONAL
    now = clock.now()

    existing = {d.date: d for d in CalendarDay.objects.filter(date__year=year)}
    before = {str(d.date): [d.kind, d.name, d.source] for d in existing.values()}
    incoming = {d: (k, n) for d, k, n in days}
    changed: list[dt.date] = []
    for d, row in existing.items():
        if row.source == source_kind and d not in incoming:
            row.delete()
            changed.append(d)
    for d, (kind, name) in incoming.items():
        row = existing.get(d)
        if row is None:
            CalendarDay.objects.create(date=d, kind=kind, name=name, source=source_kind, updated_at=now)
            changed.append(d)
        elif (row.kind, row.name, row.source) != (kind, name, source_kind):
            if row.kind != kind:
                changed.append(d)
            row.kind, row.name, row.source, row.updated_at = kind, name, source_kind, now
            row.save()

    newly_published = False
    if not local:
        year_row, newly_published = CalendarYear.objects.get_or_create(year=year, defaults={"source": source, "loaded_at": now, "updated_at": now})
        if not newly_published:
            year_row.source, year_row.loaded_at, year_row.updated_at = source, now, now
            year_row.save()

    after = {str(d): [k, n, source_kind] for d, (k, n) in incoming.items()}
    audit.record(
        actor=by,
        action=Action.LOAD_YEAR,
        subject="workdays.calendaryear",
        subject_id=year,
        before={"days": before},
        after={"days": after, "published": not local},
        note=source,
    )
    if newly_published:
        # Every day of the year may now differ from the weekends-only guess.
        changed.extend([dt.date(year, 1, 1), dt.date(year, 12, 31)])
    if changed:
        _schedule_recompute(changed)
    return {"year": year, "days": len(incoming), "changed": len(set(changed)), "published": not local, "newly_published": newly_published}


@transaction.atomic
def calendar_set_day(*, by, date: dt.date, kind: str, name: str = "", local: bool = True) -> CalendarDay:
    """Add or change one date (a city's local holiday, a correction)."""
    _check(by)
    if kind not in DayKind.values:
        raise InvalidInput("类型应为 holiday 或 workday", code=Shared.INVALID_KIND)
    row = CalendarDay.objects.filter(date=date).first()
    before = audit.snapshot(row, ["kind", "name", "source"]) if row else None
    row = row or CalendarDay(date=date)
    kind_changed = row.kind != kind
    row.kind, row.name = kind, name
    row.source = DaySource.LOCAL if local else DaySource.NATIONAL
    row.updated_at = clock.now()
    row.save()
    audit.record(actor=by, action=Action.SET_DAY, subject=row, before=before, after=audit.snapshot(row, ["date", "kind", "name", "source"]))
    if kind_changed:
        _schedule_recompute([date])
    return row


@transaction.atomic
def calendar_remove_day(*, by, date: dt.date) -> None:
    _check(by)
    row = CalendarDay.objects.filter(date=date).first()
    if row is None:
        raise NotFound(f"{date} 不在日历例外表中")
    before = audit.snapshot(row, ["date", "kind", "name", "source"])
    pk = row.pk
    row.delete()
    audit.record(actor=by, action=Action.REMOVE_DAY, subject="workdays.calendarday", subject_id=pk, before=before)
    _schedule_recompute([date])


_CN_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def package_schedule() -> dict[int, list[tuple[dt.date, str, str]]]:
    """Every year the ``chinesecalendar`` package knows, as {year: [(date, kind, name)]}."""
    from chinese_calendar import constants

    def name(holiday) -> str:
        english = str(getattr(holiday, "value", holiday))
        return _CN_NAMES.get(english, english)

    years: dict[int, list] = {}
    for day, holiday in constants.holidays.items():
        years.setdefault(day.year, []).append((day, DayKind.HOLIDAY, name(holiday)))
    for day, holiday in constants.workdays.items():
        years.setdefault(day.year, []).append((day, DayKind.WORKDAY, name(holiday) + "调休"))
    return {y: sorted(days) for y, days in sorted(years.items())}


def calendar_seed_from_package(*, by=None) -> list[int]:
    """Load every year the installed ``chinesecalendar`` knows (administrators run this after
    upgrading the package).  Returns the years loaded."""
    import chinese_calendar

    source = f"chinesecalendar {chinese_calendar.__version__}"
    loaded = []
    for year, days in package_schedule().items():
        calendar_load_year(by=by, year=year, days=days, source=source)
        loaded.append(year)
    return loaded
