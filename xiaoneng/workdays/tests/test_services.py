import datetime as dt

import pytest

from xiaoneng.clocks.models import Clock
from xiaoneng.clocks.services import clock_start
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.workdays import selectors, services
from xiaoneng.workdays.models import CalendarDay, CalendarYear

D = dt.date

# The 2027 schedule as an administrator would type it (dates chosen for the test).
SCHEDULE_2027_CSV = """date,kind,name
2027-01-01,休,元旦
2027-01-02,休,元旦
2027-01-03,休,元旦
2027-02-05,休,春节
2027-02-08,休,春节
2027-02-09,休,春节
2027-02-10,休,春节
2027-02-11,休,春节
2027-02-12,休,春节
2027-02-20,班,春节调休
"""


def test_parse_csv_and_json_agree():
    from_csv = services.parse_schedule(SCHEDULE_2027_CSV)
    from_json = services.parse_schedule('{"days": [' + ",".join(f'{{"date": "{d}", "kind": "{k}", "name": "{n}"}}' for d, k, n in from_csv) + "]}")
    assert from_csv == from_json
    assert from_csv[0] == (D(2027, 1, 1), "holiday", "元旦")
    assert from_csv[-1] == (D(2027, 2, 20), "workday", "春节调休")


@pytest.mark.parametrize(
    "content,code",
    [
        ("2027-13-01,休,元旦", "invalid_date"),
        ("2027-01-01,放风筝,元旦", "invalid_kind"),
        ("2027-01-01,休,元旦\n2027-01-01,班,元旦", "duplicate_date"),
        ("2027-01-01,休," + "元" * 61, "name_too_long"),
        ("{not json", "invalid_json"),
        (b"\xff\xfe\x00", "invalid_encoding"),
    ],
)
def test_parse_errors_name_the_problem(content, code):
    with pytest.raises(InvalidInput) as exc:
        services.parse_schedule(content)
    assert exc.value.code == code
    assert exc.value.message  # a Chinese sentence for the person who uploaded it


def test_loading_a_year_publishes_it_and_recomputes_provisional_deadlines(city, django_capture_on_commit_callbacks):
    admin = city.user("admin")
    # A 20-working-day clock started before the 2027 schedule is known.
    c = clock_start(by=None, subject=("test.thing", 1), kind="test.decision", started_on=D(2026, 12, 21), working_days=20, department=city.dept("market"))
    # Weekends only: 12月22–25 (4), 28–31 (8), 1月1 (9, a Friday), 4–8 (14), 11–15 (19), 18 (20)
    assert c.due_on == D(2027, 1, 18)
    assert c.provisional

    with django_capture_on_commit_callbacks(execute=True):
        result = services.calendar_load_year(by=admin, year=2027, days=services.parse_schedule(SCHEDULE_2027_CSV), source="测试通知")

    assert result["published"] and result["newly_published"]
    assert CalendarYear.objects.filter(year=2027).exists()
    c.refresh_from_db()
    # 1月1日 is now a holiday: one more working day needed.
    assert c.due_on == D(2027, 1, 19)
    assert not c.provisional
    moves = AuditRecord.objects.filter(action="clock.move", subject_id=str(c.pk))
    assert moves.count() == 1
    assert moves.get().before["due_on"] == "2027-01-18" and moves.get().after["due_on"] == "2027-01-19"
    load = AuditRecord.objects.get(action="calendar.load_year", subject_id="2027")
    assert load.actor == admin and "2027-01-01" in load.after["days"]


def test_a_finished_clock_is_not_recomputed(city, django_capture_on_commit_callbacks):
    c = clock_start(by=None, subject=("test.thing", 2), kind="test.decision", started_on=D(2026, 12, 21), working_days=20)
    Clock.objects.filter(pk=c.pk).update(state="stopped")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.calendar_load_year(by=city.user("admin"), year=2027, days=services.parse_schedule(SCHEDULE_2027_CSV))
    assert len(callbacks) == 1
    c.refresh_from_db()
    assert c.due_on == D(2027, 1, 18)


def test_a_local_holiday_moves_deadlines_that_span_it(city, django_capture_on_commit_callbacks):
    admin = city.user("admin")
    c = clock_start(by=None, subject=("test.thing", 3), kind="test.decision", started_on=D(2026, 11, 2), working_days=10)
    assert c.due_on == D(2026, 11, 16)
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_set_day(by=admin, date=D(2026, 11, 10), kind="holiday", name="本市防汛放假")
    c.refresh_from_db()
    assert c.due_on == D(2026, 11, 17)
    assert not selectors.calendar().is_working_day(D(2026, 11, 10))
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_remove_day(by=admin, date=D(2026, 11, 10))
    c.refresh_from_db()
    assert c.due_on == D(2026, 11, 16)
    assert list(AuditRecord.objects.filter(action__startswith="calendar.").values_list("action", flat=True).order_by("id"))[-2:] == [
        "calendar.set_day",
        "calendar.remove_day",
    ]


def test_a_national_reload_keeps_local_days(city):
    admin = city.user("admin")
    services.calendar_set_day(by=admin, date=D(2027, 3, 15), kind="holiday", name="本地节日")
    services.calendar_load_year(by=admin, year=2027, days=services.parse_schedule(SCHEDULE_2027_CSV))
    assert CalendarDay.objects.filter(date=D(2027, 3, 15), source="local").exists()
    assert CalendarDay.objects.filter(date__year=2027).count() == 11


def test_reloading_replaces_the_national_entries(city):
    admin = city.user("admin")
    services.calendar_load_year(by=admin, year=2027, days=services.parse_schedule(SCHEDULE_2027_CSV))
    services.calendar_load_year(by=admin, year=2027, days=services.parse_schedule("2027-01-01,休,元旦"))
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", flat=True)) == [D(2027, 1, 1)]


@pytest.mark.parametrize("role", ["window", "dispatcher", "handler", "head", "supervisor", "leader"])
def test_only_administrators_change_the_calendar(city, role):
    with pytest.raises(Forbidden):
        services.calendar_load_year(by=city.user(role), year=2027, days=services.parse_schedule(SCHEDULE_2027_CSV))
    with pytest.raises(Forbidden):
        services.calendar_set_day(by=city.user(role), date=D(2027, 3, 15), kind="holiday")
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_dates_outside_the_year_are_refused(city):
    with pytest.raises(InvalidInput) as exc:
        services.calendar_load_year(by=city.user("admin"), year=2028, days=services.parse_schedule(SCHEDULE_2027_CSV))
    assert exc.value.code == "date_outside_year"
    assert not CalendarYear.objects.filter(year=2028).exists()


def test_an_overlong_source_is_refused(city):
    with pytest.raises(InvalidInput) as exc:
        services.calendar_load_year(by=city.user("admin"), year=2027, days=services.parse_schedule(SCHEDULE_2027_CSV), source="国" * 201)
    assert exc.value.code == "source_too_long"
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_seeding_from_the_package_is_idempotent(db):
    before = CalendarDay.objects.count()
    years = services.calendar_seed_from_package()
    assert 2026 in years and 2004 in years
    assert CalendarDay.objects.count() == before


def test_the_recomputation_is_stored_with_the_calendar_change(city, django_capture_on_commit_callbacks):
    """The deadline recomputation is an outbox intent written in the change's transaction: a
    change that commits leaves it (done once run), a change rolled back leaves nothing."""
    from django.db import transaction

    from xiaoneng.clocks.tasks import RECOMPUTE
    from xiaoneng.core.models import TaskIntent

    admin = city.user("admin")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.calendar_set_day(by=admin, date=D(2026, 11, 11), kind="holiday", name="回滚的假日")
        assert TaskIntent.objects.filter(task=RECOMPUTE, args=[["2026-11-11"]]).exists()
        raise RuntimeError("rolled back")
    assert not TaskIntent.objects.filter(task=RECOMPUTE).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_set_day(by=admin, date=D(2026, 11, 11), kind="holiday", name="本市放假")
    intent = TaskIntent.objects.get(task=RECOMPUTE)
    assert intent.args == [["2026-11-11"]] and intent.done_at is not None
