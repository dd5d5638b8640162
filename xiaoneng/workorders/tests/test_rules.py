"""The pure rules, as tables of real dates (2025–2026 holidays, 调休 Saturdays, year ends)."""

import datetime as dt

import pytest

from xiaoneng.core.masking import redact
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workdays.rules import WorkCalendar
from xiaoneng.workorders.models import Status
from xiaoneng.workorders.numbers import parse_tracking_number, tracking_number
from xiaoneng.workorders.rules import (
    TRANSITIONS,
    OfficeHours,
    RuleSpec,
    add_office_time,
    follow_up_requires_reopen,
    handling_due,
    matching_rules,
    may_return,
    needs_interim_feedback,
    office_time_between,
    parse_keywords,
)

from .conftest import at

D = dt.date
HOURS = OfficeHours.parse(["09:00-12:00", "13:30-17:30"])

HANDLING = [
    # received (weekday)   days  due                why
    (D(2026, 3, 2), 15, D(2026, 3, 23)),  # 周一，投诉 15 个工作日
    (D(2026, 3, 2), 2, D(2026, 3, 4)),  # 咨询 2 个工作日
    (D(2026, 9, 30), 2, D(2026, 10, 9)),  # 国庆 10月1–7日放假
    (D(2026, 9, 30), 3, D(2026, 10, 10)),  # 10月10日 周六 调休上班
    (D(2026, 2, 13), 2, D(2026, 2, 24)),  # 2月14日 周六上班，春节 2月15–23日
    (D(2025, 12, 31), 2, D(2026, 1, 5)),  # 元旦，1月4日 周日上班
    (D(2025, 1, 27), 2, D(2025, 2, 6)),  # 2025 春节 1月28日–2月4日
    (D(2026, 11, 21), 15, D(2026, 12, 11)),  # 周六受理：周六为第0日
    (D(2026, 3, 2), 0, D(2026, 3, 2)),  # 紧急：当日
    (D(2026, 11, 21), 0, D(2026, 11, 23)),  # 紧急，周六受理 → 周一
    (D(2026, 10, 1), 0, D(2026, 10, 8)),  # 紧急，国庆受理 → 节后第一个工作日
    (D(2026, 10, 10), 0, D(2026, 10, 10)),  # 紧急，调休上班的周六 → 当日
    (D(2025, 12, 31), 0, D(2025, 12, 31)),  # 紧急，年末最后一个工作日
]


@pytest.mark.parametrize("received,days,due", HANDLING)
def test_handling_deadline(db, received, days, due):
    result = handling_due(workdays.calendar(), received, days)
    assert result.due == due
    assert not result.provisional


def test_a_same_day_deadline_in_an_unpublished_year_is_provisional(db):
    assert handling_due(workdays.calendar(), D(2027, 3, 1), 0).provisional


OFFICE = [
    # dispatched at                 hours  sign-for due                   why
    (at(2026, 3, 2, 10, 30), 1, at(2026, 3, 2, 11, 30)),  # inside the morning period
    (at(2026, 3, 2, 11, 0), 1, at(2026, 3, 2, 12, 0)),  # ends exactly at noon, not 13:30
    (at(2026, 3, 2, 11, 30), 1, at(2026, 3, 2, 14, 0)),  # lunch break not counted
    (at(2026, 3, 2, 12, 15), 1, at(2026, 3, 2, 14, 30)),  # dispatched at lunch
    (at(2026, 3, 2, 7, 0), 1, at(2026, 3, 2, 10, 0)),  # before office hours
    (at(2026, 3, 2, 17, 0), 1, at(2026, 3, 3, 9, 30)),  # over the evening
    (at(2026, 3, 2, 20, 0), 0.5, at(2026, 3, 3, 9, 30)),  # dispatched at night
    (at(2026, 3, 6, 17, 20), 1, at(2026, 3, 9, 9, 50)),  # 周五 → 周一
    (at(2026, 9, 30, 17, 0), 1, at(2026, 10, 8, 9, 30)),  # 国庆长假
    (at(2026, 10, 9, 17, 30), 1, at(2026, 10, 10, 10, 0)),  # 10月10日 周六 调休上班
    (at(2026, 2, 13, 16, 0), 2, at(2026, 2, 14, 9, 30)),  # 2月14日 周六上班
    (at(2026, 2, 14, 17, 0), 1, at(2026, 2, 24, 9, 30)),  # 春节
    (at(2025, 12, 31, 17, 0), 1, at(2026, 1, 4, 9, 30)),  # 元旦，1月4日 周日上班
    (at(2026, 3, 2, 10, 0), 8, at(2026, 3, 3, 11, 0)),  # a full office day is 7 hours
    (at(2026, 3, 2, 12, 30), 0, at(2026, 3, 2, 13, 30)),  # zero: the next office moment
]


@pytest.mark.parametrize("start,hours,due", OFFICE)
def test_sign_for_deadline_in_office_hours(db, start, hours, due):
    cal = workdays.calendar()
    assert add_office_time(cal, start, dt.timedelta(hours=hours), HOURS) == due
    if hours:
        assert office_time_between(cal, start, due, HOURS) == dt.timedelta(hours=hours)


def test_office_time_between_is_signed():
    plain = WorkCalendar()  # weekends only: no database needed
    assert office_time_between(plain, at(2026, 3, 3, 10), at(2026, 3, 2, 16), HOURS) == -dt.timedelta(hours=2, minutes=30)


@pytest.mark.parametrize("spec", [["12:00-09:00"], ["09:00-12:00", "11:00-14:00"], []])
def test_bad_office_hours_are_refused(spec):
    with pytest.raises(ValueError):
        OfficeHours.parse(spec)


@pytest.mark.parametrize(
    "previous,allowed",
    [
        ([], True),  # the first return
        ([("pending", False)], False),  # one is already waiting
        ([("rejected", False)], False),  # rejected: the department keeps it
        ([("rejected", True)], True),  # rejected, but the dispatcher gave leave
        ([("approved", False)], False),  # sent back to it again later: no second return
        ([("rejected", True), ("rejected", False)], False),
    ],
)
def test_a_department_returns_a_case_once_without_leave(previous, allowed):
    assert may_return(previous) is allowed


@pytest.mark.parametrize(
    "resolved,satisfaction,fault,reopen",
    [
        (True, "satisfied", None, False),
        (True, "basically_satisfied", None, False),
        (False, "satisfied", None, True),  # not resolved: the department's fault unless said otherwise
        (True, "dissatisfied", None, True),
        (True, "very_dissatisfied", True, True),
        (False, "dissatisfied", False, False),  # the office found it was not the department's fault
    ],
)
def test_which_follow_ups_reopen_the_case(resolved, satisfaction, fault, reopen):
    assert follow_up_requires_reopen(resolved, satisfaction, fault) is reopen


@pytest.mark.parametrize("days,interval,needed", [(15, 5, True), (10, 5, True), (5, 5, False), (2, None, False), (0, 5, False)])
def test_interim_feedback_only_for_long_cases(days, interval, needed):
    assert needs_interim_feedback(days, interval) is needed


def test_every_status_has_a_row_in_the_transition_table():
    assert set(TRANSITIONS) == set(Status.values)
    assert all(targets <= set(Status.values) for targets in TRANSITIONS.values())
    assert Status.CLOSED not in TRANSITIONS[Status.SIGNED]  # closing needs an answer and a follow-up


def _rule(id, priority, *, type="", words="", area=None, dept="market", auto=False):
    return RuleSpec(
        id=id,
        name=f"规则{id}",
        priority=priority,
        type=type,
        keywords=parse_keywords(words),
        area_path=area,
        department_code=dept,
        department_name=dept,
        auto_dispatch=auto,
    )


def test_routing_rules_match_by_type_keyword_and_area_in_priority_order():
    rules = [
        _rule(1, 50, words="油烟，噪声", dept="env"),
        _rule(2, 10, type="enterprise", dept="approval"),
        _rule(3, 20, area="/1/2/", words="路灯", dept="east"),
        _rule(4, 999, dept="hotline"),  # catch-all
    ]
    found = matching_rules(rules, type="complaint", text="晚上油烟很大", area_path="/1/2/5/")
    assert [(r.department_code, why) for r, why in found] == [("env", "命中关键词“油烟”"), ("hotline", "兜底规则")]
    found = matching_rules(rules, type="enterprise", text="东区路灯不亮", area_path="/1/2/")
    assert [r.department_code for r, _ in found] == ["approval", "east", "hotline"]
    assert [r.department_code for r, _ in matching_rules(rules, type="help", text="路灯不亮", area_path="/1/3/")] == ["hotline"]


def test_redaction_hides_the_requesters_identity_in_free_text():
    text = "我是欧阳明远，电话13987654321，座机0531-86001234，身份证370102199001011234，邮箱oy@example.com，住在历山路88号。"
    out = redact(text, known=["欧阳明远", "历山路88号"])
    for secret in ("欧阳明远", "13987654321", "86001234", "370102199001011234", "oy@example.com", "历山路88号"):
        assert secret not in out
    assert "欧***" in out and "139****4321" in out and "370102********1234" in out and "o***@example.com" in out


def test_tracking_numbers_round_trip():
    moment = at(2026, 3, 2, 23, 59)
    assert tracking_number(42, moment) == "20260302000042"
    assert tracking_number(12345678, moment) == "2026030212345678"
    assert parse_tracking_number("20260302000042") == (D(2026, 3, 2), 42)
    assert parse_tracking_number("2026030212345678") == (D(2026, 3, 2), 12345678)
    for bad in ("", "abc", "20261302000042", "2026030200004", "2026-03-02-0001"):
        assert parse_tracking_number(bad) is None
