from __future__ import annotations

import datetime as dt

from django.conf import settings
from ninja import Router, Schema

from xiaoneng.api.auth import STAFF_AUTH, actor
from xiaoneng.api.schemas import ERRORS
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import InvalidInput
from xiaoneng.web import params
from xiaoneng.workdays.codes import Error

from . import selectors, services

router = Router(tags=["工作日历"])

MAX_SPAN_DAYS = 3660  # ten years: a public endpoint counts day by day


class AddOut(Schema):
    start: dt.date
    days: int
    due: dt.date
    provisional: bool
    skipped: list[dt.date]
    published_through: int | None


class BetweenOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int
    provisional: bool


class DayOut(Schema):
    date: dt.date
    working_day: bool
    provisional: bool
    name: str


class CalendarDayOut(Schema):
    date: dt.date
    kind: str
    name: str
    source: str


class YearDayIn(Schema):
    date: str
    kind: str
    name: str = ""


class YearIn(Schema):
    days: list[YearDayIn]
    source: str = ""
    local: bool = False


class YearLoadOut(Schema):
    year: int
    days: int
    changed: int
    published: bool
    newly_published: bool


def _year(year: int) -> int:
    if not dt.MINYEAR < year < dt.MAXYEAR:
        raise InvalidInput(f"年份应在 {dt.MINYEAR + 1}–{dt.MAXYEAR - 1} 之间，收到 {year}", code=Error.INVALID_YEAR)
    return year


@router.get("/workdays/add", auth=None, response={200: AddOut, 400: ERRORS[400]}, summary="起算日加 N 个工作日（起算日为第0日）")
def add(request, start: str, days: str):
    start_on = params.date(start, "参数 start ", required=True)
    n = params.integer(days, "参数 days ", low=0, high=settings.XIAONENG["MAX_WORKING_DAYS"], required=True)
    cal = selectors.calendar()
    try:
        due = cal.add_working_days(start_on, n)
    except OverflowError:
        raise InvalidInput("起算日加上工作日数超出可表示的日期范围", code=Shared.DATE_OUT_OF_RANGE) from None
    return {
        "start": start_on,
        "days": n,
        "due": due.due,
        "provisional": due.provisional,
        "skipped": list(due.skipped),
        "published_through": cal.last_published_year,
    }


@router.get("/workdays/between", auth=None, response={200: BetweenOut, 400: ERRORS[400]}, summary="两个日期之间的工作日数（不含起、含止）")
def between(request, start: str, end: str):
    a, b = params.date(start, "参数 start ", required=True), params.date(end, "参数 end ", required=True)
    if abs((b - a).days) > MAX_SPAN_DAYS:
        raise InvalidInput(f"起止日期相隔不能超过 {MAX_SPAN_DAYS} 天", code=Error.SPAN_OUT_OF_RANGE)
    cal = selectors.calendar()
    return {"start": a, "end": b, "working_days": cal.working_days_between(a, b), "provisional": cal.span_is_provisional(a, b)}


@router.get("/workdays/day", auth=None, response={200: DayOut, 400: ERRORS[400]}, summary="某日是否为工作日")
def day(request, date: str):
    d = params.date(date, "参数 date ", required=True)
    cal = selectors.calendar()
    row = selectors.days_of_year(d.year).filter(date=d).first()
    return {"date": d, "working_day": cal.is_working_day(d), "provisional": cal.is_provisional(d), "name": row.name if row else ""}


@router.get("/workdays/years/{year}", auth=None, response={200: list[CalendarDayOut], 400: ERRORS[400]}, summary="某年的节假日与调休上班日")
def year_days(request, year: int):
    return list(selectors.days_of_year(_year(year)))


@router.put("/workdays/years/{year}", auth=STAFF_AUTH, response={200: YearLoadOut, **ERRORS}, summary="载入某年的放假安排（系统管理员）")
def load_year(request, year: int, payload: YearIn):
    days = services.parse_rows([(d.date, d.kind, d.name) for d in payload.days])
    return services.calendar_load_year(by=actor(request), year=year, days=days, source=payload.source, local=payload.local)
