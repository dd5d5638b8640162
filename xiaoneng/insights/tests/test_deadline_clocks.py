"""Every stored deadline is a clock: one calendar import moves the follow-up (回访), the open
inquiry (首问) and the problem register (包案) deadlines, each audited."""

import datetime as dt

from xiaoneng.applications import services as applications
from xiaoneng.clocks.models import Clock
from xiaoneng.clocks.services import clocks_recompute
from xiaoneng.core import clock
from xiaoneng.core.models import AuditRecord
from xiaoneng.insights.models import ProblemEntry
from xiaoneng.insights.services import problem_register, problem_solve
from xiaoneng.workdays.services import calendar_set_day
from xiaoneng.workorders import services as workorders
from xiaoneng.workorders.tests.conftest import at, hotline

D = dt.date


def _due(subject_type, pk, kind):
    return Clock.objects.get(subject_type=subject_type, subject_id=pk, kind=kind)


def test_a_calendar_import_moves_follow_up_inquiry_and_problem_register_deadlines(city):
    case = hotline(city, at(2026, 6, 15, 9))
    with clock.frozen(at(2026, 6, 15, 10)):  # Monday; 端午 2026 is 6月19日 (Friday)
        case = workorders.workorder_dispatch(by=city.user("dispatcher"), workorder=case, department=city.dept("market"))
        case = workorders.workorder_sign(by=city.user("handler"), workorder=case)
        case = workorders.workorder_reply(by=city.user("handler"), workorder=case, content="已责令整改")
        inquiry = applications.inquiry_record(by=city.user("window"), asker_name="孙先生", question="个体户怎么注册")
        inquiry = applications.inquiry_close(by=city.user("window"), inquiry=inquiry, outcome="handed_over", handed_to="handler")
        entry = problem_register(by=city.user("supervisor"), title="老旧小区加装电梯", leader=city["staff"]["leader"], due_on=D(2026, 6, 30))
    follow_up = _due("workorders.workorder", case.pk, "workorder.follow_up")
    handover = _due("applications.inquiry", inquiry.pk, "inquiry.handover")
    problem = _due("insights.problementry", entry.pk, "problem.due")
    assert (follow_up.due_on, handover.due_on, problem.due_on) == (D(2026, 6, 16), D(2026, 6, 17), D(2026, 6, 30))
    assert problem.responsible == city.user("leader")
    # The city declares 6月16日 a day off (a new schedule arrives).
    with clock.frozen(at(2026, 6, 15, 18)):
        calendar_set_day(by=city.user("admin"), date=D(2026, 6, 16), kind="holiday", name="临时调休")
        assert clocks_recompute(by=None, dates=[D(2026, 6, 16)]) >= 3
    for c in (follow_up, handover, problem):
        c.refresh_from_db()
    assert (follow_up.due_on, handover.due_on, problem.due_on) == (D(2026, 6, 17), D(2026, 6, 18), D(2026, 7, 1))
    assert ProblemEntry.objects.get(pk=entry.pk).due_on == D(2026, 7, 1)
    moved = AuditRecord.objects.get(action="problem.recompute", subject_id=str(entry.pk))
    assert (moved.before, moved.after) == ({"due_on": "2026-06-30"}, {"due_on": "2026-07-01"})
    with clock.frozen(at(2026, 6, 29, 10)):
        problem_solve(by=city.user("supervisor"), entry=entry, note="电梯已开工")
    problem.refresh_from_db()
    assert problem.state == "stopped" and problem.met is True
