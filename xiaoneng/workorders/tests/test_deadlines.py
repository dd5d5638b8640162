"""When the working-day calendar changes, open cases' deadlines and clocks move with it."""

import datetime as dt

from xiaoneng.clocks.models import Clock
from xiaoneng.clocks.services import clocks_recompute
from xiaoneng.core import clock
from xiaoneng.core.models import AuditRecord
from xiaoneng.workdays.services import calendar_set_day
from xiaoneng.workorders import services

from .conftest import at, hotline


def test_a_new_local_holiday_moves_open_deadlines(city, django_capture_on_commit_callbacks):
    open_case = hotline(city, at(2026, 3, 2, 10))  # due 3月23日
    with clock.frozen(at(2026, 3, 2, 10, 30)):
        open_case = services.workorder_dispatch(by=city.user("dispatcher"), workorder=open_case, department=city.dept("market"))
        open_case = services.workorder_sign(by=city.user("handler"), workorder=open_case)  # next feedback: 3月9日
    answered = hotline(city, at(2026, 3, 2, 11))
    answered = services.workorder_dispatch(by=city.user("dispatcher"), workorder=answered, department=city.dept("market"))
    services.workorder_sign(by=city.user("handler"), workorder=answered)
    services.workorder_reply(by=city.user("handler"), workorder=answered, content="已答复")
    with clock.frozen(at(2026, 3, 3, 9)):
        with django_capture_on_commit_callbacks() as scheduled:
            calendar_set_day(by=city.user("admin"), date=dt.date(2026, 3, 5), kind="holiday", name="本地活动日")
        assert scheduled  # the calendar service queues the recomputation …
        assert clocks_recompute(by=None, dates=[dt.date(2026, 3, 5)]) == 2  # … which the job runs: the open case's handle and feedback clocks
    open_case.refresh_from_db()
    answered.refresh_from_db()
    assert open_case.due_on == dt.date(2026, 3, 24) and open_case.due_at == at(2026, 3, 25, 0)
    assert answered.due_on == dt.date(2026, 3, 23)  # finished cases keep their history
    handle = Clock.objects.get(subject_id=open_case.pk, kind="workorder.handle")
    assert handle.due_on == open_case.due_on
    feedback = Clock.objects.get(subject_id=open_case.pk, kind="workorder.feedback")
    assert feedback.due_on == dt.date(2026, 3, 10) and open_case.feedback_due_at == at(2026, 3, 11, 0)
    rec = AuditRecord.objects.get(action="workorder.recompute", subject_id=str(open_case.pk))
    assert rec.before["due_on"] == "2026-03-23" and rec.after["due_on"] == "2026-03-24"
