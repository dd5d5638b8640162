"""A calendar change recomputes every stored due date from the application's own facts.

The calendar services queue ``clocks_recompute`` after commit; the tests run it directly so
that they do not depend on which Celery app is current in the test process."""

import datetime as dt

from xiaoneng.applications import services
from xiaoneng.clocks.models import Clock
from xiaoneng.clocks.services import clocks_recompute
from xiaoneng.core.models import AuditRecord
from xiaoneng.workdays.models import DayKind
from xiaoneng.workdays.services import calendar_load_year, calendar_set_day

from .conftest import D, fresh


def test_a_new_local_holiday_moves_open_applications_only(submit, today_is, city):
    with today_is(D(2026, 3, 4)):
        open_app = submit(D(2026, 3, 2), item="JOINT")
        services.application_suspend(by=city.user("handler"), application=open_app, kind="hearing", start_on=D(2026, 3, 3), end_on=D(2026, 3, 3))
        decided = submit(D(2026, 3, 2))
        services.application_decide(by=city.user("handler"), application=decided, result="deny", reason="不符合条件")
    open_app, decided = fresh(open_app), fresh(decided)
    # 45 / 30 / 10 working days from 3月2日 with 3月3日 excluded; 5月9日 is a Saturday worked.
    assert (open_app.legal_due_on, open_app.committed_due_on, open_app.joint_reviews.get().due_on) == (D(2026, 5, 9), D(2026, 4, 15), D(2026, 3, 17))
    calendar_set_day(by=city.user("admin"), date=D(2026, 3, 10), kind=DayKind.HOLIDAY, name="本地停工日")
    assert clocks_recompute(by=None, dates=[D(2026, 3, 10)]) == 3
    open_app, decided = fresh(open_app), fresh(decided)
    # Every date after 3月10日 moves by one working day; the excluded 3月3日 still does not count.
    assert (open_app.legal_due_on, open_app.committed_due_on, open_app.joint_reviews.get().due_on) == (D(2026, 5, 11), D(2026, 4, 16), D(2026, 3, 18))
    assert Clock.objects.get(subject_id=open_app.pk, kind="application.decision").due_on == D(2026, 5, 11)
    record = AuditRecord.objects.get(action="application.recompute")
    assert record.subject_id == str(open_app.pk) and record.before["legal_due_on"] == "2026-05-09" and record.after["legal_due_on"] == "2026-05-11"
    assert decided.legal_due_on == D(2026, 3, 30)  # a closed step keeps the date it was judged by
    assert clocks_recompute(by=None, dates=[D(2026, 3, 10)]) == 0  # a rerun moves nothing


def test_publishing_next_year_settles_provisional_due_dates(submit, today_is):
    with today_is(D(2026, 12, 21)):
        app = fresh(submit(D(2026, 12, 21)))
    assert (app.legal_due_on, app.due_provisional) == (D(2027, 1, 18), True)
    calendar_load_year(by=None, year=2027, days=[(dt.date(2027, 1, 1), DayKind.HOLIDAY, "元旦")], source="测试安排")
    clocks_recompute(by=None, dates=[dt.date(2027, 1, 1), dt.date(2027, 12, 31)])
    app = fresh(app)
    assert (app.legal_due_on, app.due_provisional) == (D(2027, 1, 19), False)
    assert not Clock.objects.get(subject_id=app.pk, kind="application.decision").provisional
