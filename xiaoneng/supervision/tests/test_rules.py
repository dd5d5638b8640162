"""The warning ladder over real working days: 2026 国庆 (1–7 Oct off, Sat 10 Oct worked),
春节 (15–23 Feb off, Sat 14 and Sat 28 Feb worked), 中秋 (Fri 25 Sep off)."""

import datetime as dt

import pytest

from xiaoneng.supervision import rules
from xiaoneng.supervision.rules import KindRule, RuleBook
from xiaoneng.workdays import selectors

D = dt.date


@pytest.mark.parametrize(
    "due_on,lead,starts_on",
    [
        (D(2026, 10, 8), 1, D(2026, 9, 30)),  # Thu after 国庆: noticed from Wed 30 Sep, before the holiday
        (D(2026, 10, 12), 1, D(2026, 10, 10)),  # Mon: the make-up Saturday 10 Oct is the working day before
        (D(2026, 10, 9), 1, D(2026, 10, 8)),  # Fri: from Thu
        (D(2026, 9, 28), 1, D(2026, 9, 24)),  # Mon after 中秋 (Fri 25 Sep off): from Thu 24 Sep
        (D(2026, 2, 24), 1, D(2026, 2, 14)),  # Tue after 春节: from the make-up Saturday 14 Feb
        (D(2026, 2, 13), 1, D(2026, 2, 12)),  # Fri before 春节: from Thu
        (D(2026, 3, 2), 1, D(2026, 2, 28)),  # Mon: from the make-up Saturday 28 Feb
        (D(2026, 10, 8), 2, D(2026, 9, 29)),  # two days' lead
        (D(2026, 10, 8), 0, D(2026, 10, 8)),  # lead 0: the due day itself
        (D(2026, 1, 5), 1, D(2026, 1, 4)),  # Mon after 元旦: from the make-up Sunday 4 Jan
    ],
)
def test_notice_window_starts(db, due_on, lead, starts_on):
    cal = selectors.calendar()
    assert rules.notice_starts_on(cal, due_on, lead) == starts_on
    # The window and the threshold agree: on its first day the deadline is inside, the day before not.
    assert rules.notice_threshold(cal, starts_on, lead) >= due_on
    assert rules.notice_threshold(cal, starts_on - dt.timedelta(days=1), lead) < due_on


@pytest.mark.parametrize(
    "due_on,days,supervision_due",
    [
        (D(2026, 10, 8), 3, D(2026, 10, 12)),  # Fri 9, Sat 10 (make-up), Mon 12
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # across 国庆: 8, 9, Sat 10
        (D(2026, 2, 13), 3, D(2026, 2, 25)),  # Sat 14 (make-up), then 24, 25 after 春节
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # the make-up Saturday itself
        (D(2025, 12, 31), 2, D(2026, 1, 5)),  # year end: 元旦 1–2 Jan off, Sun 4 Jan worked
        (D(2026, 12, 31), 1, D(2027, 1, 1)),  # 2027 unpublished: weekends only, so Fri 1 Jan counts
    ],
)
def test_supervision_deadline(db, due_on, days, supervision_due):
    assert rules.supervision_due_on(selectors.calendar(), due_on, days) == supervision_due


def test_rule_book_defaults_and_overrides():
    book = RuleBook.from_config({"*": {"notice_lead_days": 2}, "a.b": {"supervision_days": 5, "leaders_from": "red"}, "x.y": {"supervised": False}})
    assert book.of("unknown.kind") == KindRule(notice_lead_days=2)
    assert book.of("a.b").supervision_days == 5 and book.of("a.b").leaders_rank == 3 and book.of("a.b").heads_rank == 3
    assert book.unsupervised == ["x.y"]
    assert book.differing("supervision_days") == {"a.b": 5}
    assert book.differing("leaders_rank") == {"a.b": 3}
    assert book.values("notice_lead_days") == {1, 2}


@pytest.mark.parametrize("label,short", [("applications.application", "application"), ("workorders.workorder", "workorder"), ("test.case", "case")])
def test_short_subject_type(label, short):
    assert rules.short_subject_type(label) == short
