"""The seeded calendar against the State Council notices for 2025 (国办发明电〔2024〕12号)
and 2026 (国办发明电〔2025〕7号), written out by hand."""

import datetime as dt

import pytest

from xiaoneng.workdays import selectors

D = dt.date

# Weekdays off (the weekend days inside a holiday are off anyway).
WEEKDAY_HOLIDAYS = {
    2025: [
        D(2025, 1, 1),  # 元旦 周三
        D(2025, 1, 28),
        D(2025, 1, 29),
        D(2025, 1, 30),
        D(2025, 1, 31),  # 春节 周二至周五
        D(2025, 2, 3),
        D(2025, 2, 4),  # 春节 周一、周二
        D(2025, 4, 4),  # 清明 周五
        D(2025, 5, 1),
        D(2025, 5, 2),
        D(2025, 5, 5),  # 劳动节 周四、周五、周一
        D(2025, 6, 2),  # 端午 周一
        D(2025, 10, 1),
        D(2025, 10, 2),
        D(2025, 10, 3),
        D(2025, 10, 6),
        D(2025, 10, 7),
        D(2025, 10, 8),  # 国庆中秋
    ],
    2026: [
        D(2026, 1, 1),
        D(2026, 1, 2),  # 元旦 周四、周五
        D(2026, 2, 16),
        D(2026, 2, 17),
        D(2026, 2, 18),
        D(2026, 2, 19),
        D(2026, 2, 20),
        D(2026, 2, 23),  # 春节
        D(2026, 4, 6),  # 清明 周一
        D(2026, 5, 1),
        D(2026, 5, 4),
        D(2026, 5, 5),  # 劳动节 周五、周一、周二
        D(2026, 6, 19),  # 端午 周五
        D(2026, 9, 25),  # 中秋 周五
        D(2026, 10, 1),
        D(2026, 10, 2),
        D(2026, 10, 5),
        D(2026, 10, 6),
        D(2026, 10, 7),  # 国庆
    ],
}

# Weekend days worked (调休上班).
MAKEUP_WORKDAYS = {
    2025: [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)],
    2026: [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)],
}


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_weekday_holiday_is_off(db, year):
    cal = selectors.calendar()
    for day in WEEKDAY_HOLIDAYS[year]:
        assert day.weekday() < 5, day
        assert not cal.is_working_day(day), day


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_makeup_day_is_worked(db, year):
    cal = selectors.calendar()
    for day in MAKEUP_WORKDAYS[year]:
        assert day.weekday() >= 5, day
        assert cal.is_working_day(day), day


@pytest.mark.parametrize("year", [2025, 2026])
def test_no_other_day_differs_from_the_plain_week(db, year):
    cal = selectors.calendar()
    day = D(year, 1, 1)
    while day.year == year:
        plain = day.weekday() < 5
        if day in WEEKDAY_HOLIDAYS[year] or day in MAKEUP_WORKDAYS[year]:
            assert cal.is_working_day(day) != plain, day
        else:
            assert cal.is_working_day(day) == plain, day
        day += dt.timedelta(days=1)


def test_working_days_per_year(db):
    cal = selectors.calendar()
    # 365 days - 104 weekend days - 13 weekday holidays + 5 make-up days (2025: 365-104-18+5)
    assert cal.working_days_between(D(2024, 12, 31), D(2025, 12, 31)) == 365 - 104 - len(WEEKDAY_HOLIDAYS[2025]) + len(MAKEUP_WORKDAYS[2025])
    assert cal.working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 365 - 104 - len(WEEKDAY_HOLIDAYS[2026]) + len(MAKEUP_WORKDAYS[2026])


def test_published_years_come_from_the_package(db):
    cal = selectors.calendar()
    assert {2025, 2026} <= cal.published_years
    assert not cal.is_provisional(D(2026, 12, 31))
    assert cal.is_provisional(D(2027, 1, 1))


def test_holidays_have_chinese_names(db):
    names = dict(selectors.days_of_year(2026).values_list("date", "name"))
    assert names[D(2026, 2, 17)] == "春节"
    assert names[D(2026, 10, 1)] == "国庆节"
    assert names[D(2026, 2, 28)] == "春节调休"
