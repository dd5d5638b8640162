"""Judgments that stand up on appeal (issue 12), on the real 国庆 2026 schedule: a clock of 7
working days started Mon 21 Sep is due at the end of Thu 8 Oct; its notice opens Wed 30 Sep,
its yellow card at midnight, its red card when Mon 12 Oct ends (Sat 10 Oct worked)."""

import datetime as dt

from xiaoneng.accountability.models import Fault, FaultStatus
from xiaoneng.accountability.services import fault_verify
from xiaoneng.clocks.services import clock_move, clock_start, clock_stop, clocks_recompute
from xiaoneng.core import clock
from xiaoneng.notifications.models import Notification
from xiaoneng.supervision.models import Level, Warning, WithdrawnBecause
from xiaoneng.supervision.selectors import warnings_as_of
from xiaoneng.supervision.services import order_issue
from xiaoneng.workdays.services import calendar_set_day

from .conftest import at

D = dt.date
NATIONAL_DAY = {"started_on": D(2026, 9, 21), "days": 7}


def standing(c):
    return sorted(Warning.objects.filter(clock=c, withdrawn_at__isnull=True).values_list("level", flat=True))


def test_a_decision_dated_on_its_due_day_but_typed_in_a_week_later_was_met(city, start, sweep):
    c = start(1, **NATIONAL_DAY)
    sweep(2026, 10, 9, 9)
    sweep(2026, 10, 13, 9)
    assert standing(c) == [Level.NOTICE, Level.RED, Level.YELLOW] and Fault.objects.get().status == FaultStatus.REPORTED
    with clock.frozen(at(2026, 10, 15, 10)):
        clock_stop(by=None, clock_=c, at=at(2026, 10, 8, 16), note="决定书落款 10月8日")
    c.refresh_from_db()
    assert c.met and c.backdated and c.stopped_at == at(2026, 10, 8, 16) and c.stop_recorded_at == at(2026, 10, 15, 10)
    result = sweep(2026, 10, 15, 10, 5)
    assert result.counts["withdrawn"] == 2 and result.counts["faults_withdrawn"] == 1
    assert standing(c) == [Level.NOTICE] and Warning.objects.get(clock=c, level=Level.NOTICE).resolved_at == at(2026, 10, 8, 16)
    yellow = Warning.objects.get(clock=c, level=Level.YELLOW)
    assert yellow.withdrawn_reason == WithdrawnBecause.MET and yellow.withdrawn_at == at(2026, 10, 15, 10, 5)
    fault = Fault.objects.get()
    assert fault.status == FaultStatus.WITHDRAWN and fault.revoked_at == at(2026, 10, 15, 10, 5)
    assert "已撤回" in Notification.objects.filter(recipient=city.user("handler"), category="fault").get().text
    with clock.frozen(at(2026, 10, 15, 11)):
        assert not warnings_as_of(city.user("admin"), as_of=at(2026, 10, 13, 12), level=Level.RED).exists()


def test_an_extension_granted_in_time_withdraws_the_old_notice_and_notices_the_new_deadline(city, start, sweep):
    c = start(1, **NATIONAL_DAY)
    sweep(2026, 9, 30, 9)
    with clock.frozen(at(2026, 10, 8, 10)):
        clock_move(by=None, clock_=c, working_days=12, reason="经负责人批准延长", at=at(2026, 10, 8, 9))  # due Wed 14 Oct
    sweep(2026, 10, 8, 10, 5)
    old = Warning.objects.get(clock=c, level=Level.NOTICE, due=at(2026, 10, 9))
    assert old.withdrawn_reason == WithdrawnBecause.MOVED and standing(c) == []
    sweep(2026, 10, 13, 9)  # one working day ahead of the new deadline
    assert standing(c) == [Level.NOTICE] and Warning.objects.get(clock=c, withdrawn_at__isnull=True).due == at(2026, 10, 15)
    sweep(2026, 10, 20, 9)  # the supervision deadline after it: Mon 19 Oct
    assert standing(c) == [Level.NOTICE, Level.RED, Level.YELLOW]  # the new deadline was missed: judged on it alone


def test_a_calendar_import_that_moves_a_deadline_later_withdraws_its_cards_and_fault(city, start, sweep):
    c = start(1, started_on=D(2026, 12, 21), days=5)  # due Mon 28 Dec
    sweep(2026, 12, 29, 9)
    assert standing(c) == [Level.NOTICE, Level.YELLOW]
    with clock.frozen(at(2026, 12, 29, 10)):
        calendar_set_day(by=None, date=D(2026, 12, 24), kind="holiday", name="临时调休")
        assert clocks_recompute(by=None, dates=[D(2026, 12, 24)]) == 1
    sweep(2026, 12, 29, 10, 5)
    assert standing(c) == [Level.NOTICE]  # due Tue 29 Dec now: in its notice window, not yet missed
    assert Warning.objects.get(clock=c, level=Level.YELLOW).withdrawn_reason == WithdrawnBecause.MOVED


def test_commitment_and_legal_limits_of_one_act_give_cards_for_each_but_one_fault(city, sweep):
    def clock_of(kind, days):
        with clock.frozen(at(2026, 3, 2, 9)):
            return clock_start(
                by=None,
                subject=("applications.application", 5),
                kind=kind,
                started_on=D(2026, 3, 2),
                working_days=days,
                department=city.dept("market"),
                responsible=city.user("handler"),
            )

    commitment, legal = clock_of("application.commitment", 5), clock_of("application.decision", 20)
    sweep(2026, 3, 13, 9)  # the commitment's red card (due Mon 9 Mar, supervision deadline Thu 12 Mar)
    fault = Fault.objects.get()
    assert fault.warning == Warning.objects.get(clock=commitment, level=Level.RED)
    sweep(2026, 4, 6, 9)  # the legal limit (Mon 30 Mar) and its supervision deadline (Thu 2 Apr) passed too
    assert standing(commitment) == standing(legal) == [Level.NOTICE, Level.RED, Level.YELLOW]
    fault = Fault.objects.get()  # still one fault, now on the more serious legal card
    assert fault.warning == Warning.objects.get(clock=legal, level=Level.RED) and "审批决定" in fault.description
    with clock.frozen(at(2026, 4, 7, 10)):
        fault_verify(by=city.user("supervisor"), fault=fault, basis="超过法定期限")
    assert fault.sanctions.get().ordinal == 1  # one missed duty: one proposal, on the first step


def test_a_calendar_import_moves_a_supervision_orders_deadline(city):
    with clock.frozen(at(2026, 12, 21, 9)):
        order = order_issue(
            by=city.user("supervisor"), department=city.dept("market"), instructions="请核查并答复", working_days=5, subject_type="test.case", subject_id=1
        )
    assert clock.local(order.due_at).date() == D(2026, 12, 29)  # the end of Mon 28 Dec
    with clock.frozen(at(2026, 12, 22, 9)):
        calendar_set_day(by=None, date=D(2026, 12, 24), kind="holiday", name="临时调休")
        assert clocks_recompute(by=None, dates=[D(2026, 12, 24)]) == 1
    order.refresh_from_db()
    assert order.due_at == order.clock.due_at == clock.end_of_day(D(2026, 12, 29))
