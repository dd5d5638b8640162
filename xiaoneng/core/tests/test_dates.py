"""The one set of date formats: screens, documents, deadlines."""

import datetime as dt

import pytest
from django.template import Context, Template

from xiaoneng.core import clock


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


MIDNIGHT_ENDING_24_DEC = dt.datetime(2026, 12, 25, 0, 0, tzinfo=clock.LOCAL_TZ)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 12, 24), "2026-12-24（周四）24:00 前"),
        (MIDNIGHT_ENDING_24_DEC, "2026-12-24（周四）24:00 前"),
        (dt.datetime(2026, 2, 13, 2, 0, tzinfo=dt.UTC), "2026-02-13（周五）10:00 前"),
        # 2026-01-01 元旦 is a Thursday; the midnight that starts it ends 2025-12-31 (周三)
        (dt.datetime(2026, 1, 1, 0, 0, tzinfo=clock.LOCAL_TZ), "2025-12-31（周三）24:00 前"),
    ],
)
def test_a_deadline_says_the_day_it_ends(value, expected):
    assert render("{{ v|due }}", v=value) == expected


def test_screens_always_show_the_year_in_the_citys_time():
    utc = dt.datetime(2026, 12, 3, 6, 5, tzinfo=dt.UTC)
    assert render("{{ v|moment }} · {{ v|day }} · {{ d|day }}", v=utc, d=dt.date(2026, 1, 9)) == "2026-12-03 14:05 · 2026-12-03 · 2026-01-09"
    # late in the evening UTC is already the next day in the city
    assert render("{{ v|day }}", v=dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC)) == "2027-01-01"


def test_documents_write_the_chinese_date_and_deadlines_name_the_weekday():
    assert render("{{ v|cn_day }}", v=dt.date(2026, 12, 3)) == "2026年12月3日"
    assert clock.format_due_cn(dt.date(2026, 10, 8)) == "2026年10月8日（周四）24:00 前"
    assert render("{{ v|weekday }}", v=dt.date(2026, 10, 1)) == "周四"


def test_empty_values_read_a_dash_or_the_given_default():
    assert render("{{ v|moment }}|{{ v|due }}|{{ v|day:'尚未受理' }}", v=None) == "—|—|尚未受理"
