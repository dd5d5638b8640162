"""Reading what people type: every refusal a Chinese message and a machine code."""

import datetime as dt
from decimal import Decimal

import pytest

from xiaoneng.core import clock
from xiaoneng.core.errors import InvalidInput
from xiaoneng.web import params

BEIJING = clock.LOCAL_TZ


def refused(call) -> tuple[str, str]:
    with pytest.raises(InvalidInput) as exc:
        call()
    return exc.value.code, exc.value.message


def test_dates():
    assert params.date(" 2026-10-01 ") == dt.date(2026, 10, 1)
    assert params.date("", default=dt.date(2026, 1, 1)) == dt.date(2026, 1, 1) and params.date(None) is None
    assert refused(lambda: params.date("", "开始日期", required=True)) == ("missing_date", "请填写开始日期")
    assert refused(lambda: params.date("2026-02-30", "开始日期")) == ("invalid_date", "开始日期应为日期，格式 YYYY-MM-DD，收到“2026-02-30”")
    assert refused(lambda: params.date("0001-01-01"))[0] == "date_out_of_range"


@pytest.mark.parametrize(
    "typed,starts,meant",
    [
        ("2026-10-11T09:00:00+08:00", False, dt.datetime(2026, 10, 11, 9, tzinfo=BEIJING)),
        ("2026-10-11T09:00:00 08:00", False, dt.datetime(2026, 10, 11, 9, tzinfo=BEIJING)),  # an unencoded + in a query
        ("2026-10-11T01:00:00Z", False, dt.datetime(2026, 10, 11, 9, tzinfo=BEIJING)),
        ("2026-10-11T09:00", False, dt.datetime(2026, 10, 11, 9, tzinfo=BEIJING)),  # no offset: Beijing time
        ("2026-10-11", False, dt.datetime(2026, 10, 11, 23, 59, 59, 999999, tzinfo=BEIJING)),  # as of a day: all of it
        ("2026-10-11", True, dt.datetime(2026, 10, 11, tzinfo=BEIJING)),  # the first day of a range
    ],
)
def test_moments(typed, starts, meant):
    assert params.moment(typed, "as_of", starts=starts) == meant


def test_a_bad_moment():
    assert params.moment("") is None
    code, message = refused(lambda: params.moment("yesterday", "end_date"))
    assert code == "invalid_moment" and "end_date" in message and "yesterday" in message


def test_whole_numbers():
    assert params.integer(" 12 ", "天数") == 12 and params.integer("", "天数", default=3) == 3
    assert refused(lambda: params.integer("", "天数", required=True)) == ("missing_field", "请填写天数")
    assert refused(lambda: params.integer("²", "天数"))[0] == "invalid_number"  # digits Python would read, people would not type
    assert refused(lambda: params.integer("2.5", "天数"))[0] == "invalid_number"
    assert refused(lambda: params.integer("31", "天数", low=1, high=30)) == ("number_out_of_range", "天数应在 1–30 之间，收到 31")


def test_amounts():
    assert params.decimal("12.50", "金额") == Decimal("12.50") and params.decimal("", "金额") is None
    assert refused(lambda: params.decimal(" ", "金额", required=True)) == ("missing_field", "请填写金额")
    for typed in ("十元", "NaN", "Infinity", "1e"):
        assert refused(lambda typed=typed: params.decimal(typed, "金额"))[0] == "invalid_decimal"


def test_a_page_of_a_list():
    rows = list(range(10))
    assert params.window(rows, 3, 2) == [2, 3, 4]
    for limit, offset in ((0, 0), (501, 0), (10, -1)):
        assert refused(lambda limit=limit, offset=offset: params.window(rows, limit, offset))[0] == "invalid_page"


def test_departments_and_people(city):
    assert params.department("market") == city.dept("market") and params.department("") is None
    assert refused(lambda: params.department("", "承办部门", required=True)) == ("missing_department", "请指明承办部门")
    assert refused(lambda: params.department("nowhere"))[0] == "unknown_department"
    assert params.user("handler") == city.user("handler") and params.user(" ") is None
    assert refused(lambda: params.staff("nobody"))[0] == "unknown_person"
