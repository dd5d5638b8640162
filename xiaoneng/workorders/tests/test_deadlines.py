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


def test_the_call_back_is_due_the_working_day_after_the_reply_and_moves_with_the_calendar(city):
    case = hotline(city, at(2026, 4, 30, 9))
    with clock.frozen(at(2026, 4, 30, 10)):
        case = services.workorder_dispatch(by=city.user("dispatcher"), workorder=case, department=city.dept("market"))
        case = services.workorder_sign(by=city.user("handler"), workorder=case)
        case = services.workorder_reply(by=city.user("handler"), workorder=case, content="已责令整改")
    follow_up = Clock.objects.get(subject_id=case.pk, kind="workorder.follow_up")
    # 劳动节 2026: 5月1日–5日 off, 5月9日 (Saturday) worked: the call-back is due 5月6日.
    assert (follow_up.due_on, follow_up.department, follow_up.state) == (dt.date(2026, 5, 6), city.dept("hotline"), "running")
    with clock.frozen(at(2026, 5, 5, 9)):
        calendar_set_day(by=city.user("admin"), date=dt.date(2026, 5, 6), kind="holiday", name="调整放假")
        assert clocks_recompute(by=None, dates=[dt.date(2026, 5, 6)]) == 1
    follow_up.refresh_from_db()
    assert follow_up.due_on == dt.date(2026, 5, 7)
    case.refresh_from_db()
    assert case.due_on == dt.date(2026, 5, 25)  # the answered deadline is history: not moved to 5月26日
    with clock.frozen(at(2026, 5, 7, 11)):
        services.workorder_follow_up(by=city.user("dispatcher"), workorder=case, resolved=True, satisfaction="satisfied")
    follow_up.refresh_from_db()
    assert follow_up.state == "stopped" and follow_up.met is True
