"""Working-day arithmetic as tables of real dates.  Day zero is the start date."""

import datetime as dt

import pytest

from xiaoneng.workdays import selectors
from xiaoneng.workdays.rules import WorkCalendar

D = dt.date

ADD_CASES = [
    # start (weekday)           days  due (weekday)             why
    (D(2026, 11, 20), 1, D(2026, 11, 23)),  # 周五 +1 → 周一
    (D(2026, 11, 21), 0, D(2026, 11, 21)),  # 周六 +0 → the start itself
    (D(2026, 11, 21), 1, D(2026, 11, 23)),  # 周六 +1 → 周一
    (D(2026, 9, 30), 1, D(2026, 10, 8)),  # 国庆前一天 → 节后第一天
    (D(2026, 9, 30), 3, D(2026, 10, 10)),  # 10月10日 周六 调休上班
    (D(2026, 9, 30), 5, D(2026, 10, 13)),
    (D(2026, 2, 13), 1, D(2026, 2, 14)),  # 周五 → 2月14日 周六 调休上班
    (D(2026, 2, 13), 2, D(2026, 2, 24)),  # 春节 2月15日–23日
    (D(2026, 2, 24), 4, D(2026, 2, 28)),  # 2月28日 周六 调休上班
    (D(2025, 12, 31), 1, D(2026, 1, 4)),  # 元旦 1月1–3日放假，1月4日 周日 上班
    (D(2025, 12, 31), 2, D(2026, 1, 5)),
    (D(2025, 12, 30), 2, D(2026, 1, 4)),  # 12月31日，再到1月4日
    (D(2025, 1, 24), 1, D(2025, 1, 26)),  # 2025年1月26日 周日 上班
    (D(2025, 1, 26), 1, D(2025, 1, 27)),
    (D(2025, 1, 27), 1, D(2025, 2, 5)),  # 春节 1月28日–2月4日
    (D(2025, 4, 25), 1, D(2025, 4, 27)),  # 4月27日 周日 上班
    (D(2025, 9, 26), 20, D(2025, 10, 30)),  # 9月28日、10月11日 上班；10月1–8日 放假
    (D(2026, 1, 5), 20, D(2026, 2, 2)),  # a 20-working-day licence decision
    (D(2026, 1, 30), 20, D(2026, 3, 5)),  # across the Spring Festival, both make-up Saturdays worked
]


@pytest.mark.parametrize("start,days,due", ADD_CASES)
def test_add_working_days(db, start, days, due):
    cal = selectors.calendar()
    result = cal.add_working_days(start, days)
    assert result.due == due
    assert not result.provisional
    assert cal.working_days_between(start, due) == days


def test_skipped_lists_every_non_working_day_passed_over(db):
    result = selectors.calendar().add_working_days(D(2026, 9, 30), 5)
    assert result.skipped == (
        D(2026, 10, 1),
        D(2026, 10, 2),
        D(2026, 10, 3),
        D(2026, 10, 4),
        D(2026, 10, 5),
        D(2026, 10, 6),
        D(2026, 10, 7),
        D(2026, 10, 11),
    )


def test_between_counts_excluding_start_including_end(db):
    cal = selectors.calendar()
    assert cal.working_days_between(D(2026, 11, 16), D(2026, 11, 20)) == 4  # 周一 → 周五
    assert cal.working_days_between(D(2026, 11, 20), D(2026, 11, 16)) == -4
    assert cal.working_days_between(D(2026, 9, 30), D(2026, 10, 8)) == 1
    assert cal.working_days_between(D(2026, 10, 1), D(2026, 10, 7)) == 0


def test_dates_past_the_published_schedule_count_weekends_only_and_are_provisional(db):
    cal = selectors.calendar()
    result = cal.add_working_days(D(2026, 12, 30), 3)
    # 12月31日 周四, 2027年1月1日 周五 (a weekday, counted because 2027 is not published), 1月4日 周一
    assert result.due == D(2027, 1, 4)
    assert result.provisional
    assert cal.span_is_provisional(D(2026, 12, 30), D(2027, 1, 4))
    assert not cal.span_is_provisional(D(2026, 1, 1), D(2026, 12, 31))


def test_within_published_years_not_provisional(db):
    assert not selectors.calendar().add_working_days(D(2026, 12, 1), 20).provisional


def test_pure_calendar_without_database():
    cal = WorkCalendar(holidays=[D(2030, 1, 1)], makeup_workdays=[D(2030, 1, 5)], published_years=[2030])
    assert not cal.is_working_day(D(2030, 1, 1))
    assert cal.is_working_day(D(2030, 1, 5))  # a Saturday
    assert cal.add_working_days(D(2029, 12, 31), 1).due == D(2030, 1, 2)
    assert cal.add_working_days(D(2029, 12, 31), 1).provisional is False
    assert cal.next_working_day(D(2030, 1, 4)) == D(2030, 1, 5)
    assert cal.working_day_on_or_after(D(2030, 1, 1)) == D(2030, 1, 2)
    with pytest.raises(ValueError):
        cal.add_working_days(D(2030, 1, 1), -1)


@pytest.mark.parametrize("start", [D(2025, 1, 1) + dt.timedelta(days=i * 17) for i in range(40)])
def test_add_and_between_agree(db, start):
    cal = selectors.calendar()
    for days in (0, 1, 5, 20, 45):
        assert cal.working_days_between(start, cal.add_working_days(start, days).due) == days
