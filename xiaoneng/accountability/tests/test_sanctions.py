"""Sanction ladders, due process and appeals.  Defaults from the source documents: leaders
一次警告、两次免职; staff 一次查实待岗、两次记录辞退; counted per calendar year."""

import datetime as dt

import pytest

from xiaoneng.accountability.models import (
    AppealStatus,
    CountingWindow,
    Fault,
    FaultSource,
    FaultStatus,
    Measure,
    Sanction,
    SanctionLadder,
    SanctionStatus,
)
from xiaoneng.accountability.services import appeal_decide, appeal_file, fault_dismiss, fault_record, fault_verify, sanction_decide, sanctions_finalise
from xiaoneng.clocks.models import Clock, ClockState
from xiaoneng.core import clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.notifications.models import Notification
from xiaoneng.supervision.models import OversightAssignment

from .conftest import at


def verified(city, who, *moment, description="上班时间玩手机游戏"):
    """A fault of ``who`` that happened at ``moment``, verified by the supervisor then."""
    with clock.frozen(at(*moment)):
        fault = fault_record(
            by=city.user("supervisor"),
            source=FaultSource.INSPECTION,
            department=city["staff"][who].department,
            person=city["staff"][who],
            description=description,
        )
        fault_verify(by=city.user("supervisor"), fault=fault, basis="暗访录像与本人陈述")
    return Fault.objects.get(pk=fault.pk)


def proposal(fault) -> Sanction:
    return fault.sanctions.get()


@pytest.mark.parametrize(
    "who,expected",
    [
        ("handler", [Measure.SUSPENSION, Measure.DISMISSAL, Measure.DISMISSAL]),  # staff: 待岗, 辞退, and it stays there
        ("head", [Measure.WARNING, Measure.REMOVAL, Measure.REMOVAL]),  # leader: 警告, 免职
    ],
)
def test_the_ladder_counts_verified_faults_in_the_calendar_year(city, who, expected):
    faults = [verified(city, who, 2026, month, 10, 10) for month in (3, 6, 9)]
    assert [proposal(f).proposed_measure for f in faults] == expected
    assert [proposal(f).ordinal for f in faults] == [1, 2, 3]
    s = proposal(faults[1])
    assert (s.window_start, s.window_end, s.category) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31), "leader" if who == "head" else "staff")


def test_a_new_year_starts_the_count_again_unless_the_window_is_rolling(city):
    verified(city, "head", 2025, 12, 30, 10)
    assert proposal(verified(city, "head", 2026, 1, 5, 10)).proposed_measure == Measure.WARNING
    SanctionLadder.objects.filter(category="leader").update(window=CountingWindow.ROLLING_12_MONTHS)
    later = proposal(verified(city, "head", 2026, 2, 2, 10))
    assert later.proposed_measure == Measure.REMOVAL and later.ordinal == 3
    assert (later.window_start, later.window_end) == (dt.date(2025, 2, 3), dt.date(2026, 2, 2))


def test_dismissed_and_unverified_faults_do_not_count(city):
    with clock.frozen(at(2026, 3, 2, 10)):
        reported = fault_record(by=None, source=FaultSource.COMPLAINT, department=city.dept("market"), person=city["staff"]["handler"], description="态度生硬")
        fault_dismiss(by=city.user("supervisor"), fault=reported, reasons="经调查，投诉不实")
        fault_record(by=None, source=FaultSource.COMPLAINT, department=city.dept("market"), person=city["staff"]["handler"], description="未核实")
    assert proposal(verified(city, "handler", 2026, 4, 1, 10)).ordinal == 1
    dismissed = Fault.objects.get(pk=reported.pk)
    assert dismissed.status == FaultStatus.DISMISSED and dismissed.decision_basis == "经调查，投诉不实"
    assert Notification.objects.filter(recipient=city.user("handler"), text__contains="不予认定").exists()


def test_verification_needs_the_office_and_a_basis(city):
    fault = fault_record(by=None, source=FaultSource.COMPLAINT, department=city.dept("market"), person=city["staff"]["handler"], description="推诿")
    with pytest.raises(Forbidden):
        fault_verify(by=city.user("head"), fault=fault, basis="x")
    with pytest.raises(InvalidInput):
        fault_verify(by=city.user("supervisor"), fault=fault, basis="  ")
    assert Fault.objects.get(pk=fault.pk).status == FaultStatus.REPORTED and not Sanction.objects.exists()
    fault_verify(by=city.user("supervisor"), fault=fault, basis="调查属实")
    with pytest.raises(Conflict):
        fault_dismiss(by=city.user("supervisor"), fault=Fault.objects.get(pk=fault.pk), reasons="改判")


def _decided(city, *, measure=None, by="leader"):
    fault = verified(city, "handler", 2026, 9, 25, 10)
    with clock.frozen(at(2026, 9, 28, 10)):
        return sanction_decide(by=city.user(by), sanction=proposal(fault), basis="《软环境建设高压线问责规定》", measure=measure)


def test_decision_starts_the_appeal_clock_and_tells_the_person(city):
    s = _decided(city, measure=Measure.CIRCULATED_CRITICISM)  # a milder measure than the ladder's 待岗
    assert s.status == SanctionStatus.DECIDED and s.measure == Measure.CIRCULATED_CRITICISM and s.proposed_measure == Measure.SUSPENSION
    c = Clock.objects.get(kind="accountability.appeal")
    assert c.due_on == dt.date(2026, 10, 23) and s.appeal_due_at == c.due_at  # 15 working days across 国庆, Sat 10 Oct worked
    assert c.responsible == city.user("handler")
    text = Notification.objects.filter(recipient=city.user("handler"), category="sanction").get().text
    assert "通报批评" in text and "2026年10月23日（周五）24:00 前提出申诉" in text
    assert AuditRecord.objects.filter(action="sanction.decide", subject_id=str(s.pk)).exists()


def test_only_the_office_head_or_a_leader_decides(city):
    fault = verified(city, "handler", 2026, 9, 25, 10)
    with pytest.raises(Forbidden):
        sanction_decide(by=city.user("supervisor"), sanction=proposal(fault), basis="x")


@pytest.mark.parametrize("moment,allowed", [((2026, 10, 23, 23, 59), True), ((2026, 10, 24, 0, 1), False)])
def test_appeal_within_the_deadline_only(city, moment, allowed):
    s = _decided(city)
    with clock.frozen(at(*moment)):
        if allowed:
            appeal_file(by=city.user("handler"), sanction=s, grounds="当日系处理急件，并非玩游戏")
        else:
            with pytest.raises(Conflict, match="申诉期限已于2026年10月23日届满"):
                appeal_file(by=city.user("handler"), sanction=s, grounds="迟到的申诉")
    assert Sanction.objects.get(pk=s.pk).status == (SanctionStatus.APPEALED if allowed else SanctionStatus.DECIDED)


def test_only_the_person_appeals(city):
    s = _decided(city)
    with clock.frozen(at(2026, 9, 29, 9)), pytest.raises(Forbidden):
        appeal_file(by=city.user("head"), sanction=s, grounds="代为申诉")


def _appealed(city):
    s = _decided(city)
    with clock.frozen(at(2026, 9, 29, 9)):
        appeal_file(by=city.user("handler"), sanction=s, grounds="当日系处理急件")
    assert Clock.objects.get(kind="accountability.appeal").state == ClockState.STOPPED
    return Sanction.objects.get(pk=s.pk).appeal


def test_whoever_decided_does_not_review(city):
    appeal = _appealed(city)
    with pytest.raises(Forbidden, match="回避"):
        appeal_decide(by=city.user("leader"), appeal=appeal, outcome=AppealStatus.UPHELD, basis="维持")


@pytest.fixture
def office_head(city):
    from xiaoneng.org.models import Role
    from xiaoneng.org.services import staff_create

    return staff_create(
        by=None,
        username="office_head",
        password="office_head",
        name="测试主任",
        department=city.dept("office"),
        roles=[Role.SUPERVISOR, Role.HEAD],
        is_leader=True,
    ).user


def test_appeal_upheld_makes_the_decision_final(city, office_head):
    appeal = _appealed(city)
    with clock.frozen(at(2026, 10, 9, 9)):
        appeal_decide(by=office_head, appeal=appeal, outcome=AppealStatus.UPHELD, basis="证据确凿")
    s = Sanction.objects.get(pk=appeal.sanction_id)
    assert s.status == SanctionStatus.FINAL and s.final_at == at(2026, 10, 9, 9)
    assert Notification.objects.filter(recipient=city.user("handler"), text__contains="维持原决定").exists()


def test_appeal_modified_supersedes_with_a_new_record(city, office_head):
    appeal = _appealed(city)
    with pytest.raises(InvalidInput):
        appeal_decide(by=office_head, appeal=appeal, outcome=AppealStatus.MODIFIED, basis="x", new_measure=Measure.SUSPENSION)
    appeal_decide(by=office_head, appeal=appeal, outcome=AppealStatus.MODIFIED, basis="情节较轻", new_measure=Measure.SELF_CRITICISM)
    old = Sanction.objects.get(pk=appeal.sanction_id)
    new = Sanction.objects.get(replaces=old)
    assert old.status == SanctionStatus.SUPERSEDED and (new.status, new.measure) == (SanctionStatus.FINAL, Measure.SELF_CRITICISM)
    assert Sanction.objects.count() == 2  # nothing deleted


def test_appeal_revoked_withdraws_the_fault_so_it_no_longer_counts(city, office_head):
    appeal = _appealed(city)
    appeal_decide(by=office_head, appeal=appeal, outcome=AppealStatus.REVOKED, basis="录像显示当事人在处理急件")
    s = Sanction.objects.get(pk=appeal.sanction_id)
    assert s.status == SanctionStatus.REVOKED and s.fault.status == FaultStatus.REVOKED
    assert proposal(verified(city, "handler", 2026, 11, 2, 10)).ordinal == 1


def test_undisputed_decisions_become_final_when_the_appeal_period_ends(city):
    s = _decided(city)
    with clock.frozen(at(2026, 10, 23, 12)):
        assert sanctions_finalise() == 0
    with clock.frozen(at(2026, 10, 24, 1)):
        assert sanctions_finalise() == 1
        assert sanctions_finalise() == 0
    s.refresh_from_db()
    assert s.status == SanctionStatus.FINAL and s.final_at == s.appeal_due_at
    assert Clock.objects.get(kind="accountability.appeal").state == ClockState.STOPPED


def test_no_delete_anywhere_in_the_admin(city, rf):
    from django.contrib import admin

    request = rf.get("/")
    request.user = city.user("admin")
    mine = [m for m in admin.site._registry if m._meta.app_label in ("supervision", "accountability", "inspections")]
    mine.remove(OversightAssignment)  # who is in charge of what is organisation data: changes are audited, old rows may go
    assert len(mine) >= 15
    assert not [m for m in mine if admin.site._registry[m].has_delete_permission(request)]


def test_revoking_an_earlier_fault_on_appeal_regrades_a_pending_proposal(city, office_head):
    appeal = _appealed(city)  # the handler's first fault (25 Sep): 待岗, under appeal
    later = verified(city, "handler", 2026, 10, 9, 10, description="工作时间串岗聊天")
    assert (proposal(later).ordinal, proposal(later).proposed_measure) == (2, Measure.DISMISSAL)  # 两次辞退
    with clock.frozen(at(2026, 10, 12, 9)):
        appeal_decide(by=office_head, appeal=appeal, outcome=AppealStatus.REVOKED, basis="录像显示当事人在处理急件")
    regraded = proposal(later)
    assert (regraded.ordinal, regraded.proposed_measure, regraded.measure) == (1, Measure.SUSPENSION, Measure.SUSPENSION)
    assert AuditRecord.objects.filter(action="sanction.regrade", subject_id=str(regraded.pk)).exists()
    assert Fault.objects.get(pk=appeal.sanction.fault_id).revoked_at == at(2026, 10, 12, 9)


def test_overdue_faults_go_on_the_milder_ladder_and_conduct_stays_on_its_own(city):
    def overdue(*moment):
        with clock.frozen(at(*moment)):
            f = fault_record(by=None, source=FaultSource.RED_CARD, department=city.dept("market"), person=city["staff"]["handler"], description="审批超期")
            fault_verify(by=city.user("supervisor"), fault=f, basis="电子监察红牌")
        return proposal(f)

    first, second = overdue(2026, 3, 2, 10), overdue(2026, 4, 1, 10)
    assert [(s.track, s.ordinal, s.proposed_measure) for s in (first, second)] == [
        ("overdue", 1, Measure.REMINDER_TALK),
        ("overdue", 2, Measure.CIRCULATED_CRITICISM),
    ]
    conduct = proposal(verified(city, "handler", 2026, 5, 6, 10))  # an inspection finding: the 高压线 ladder, its first
    assert (conduct.track, conduct.ordinal, conduct.proposed_measure) == ("conduct", 1, Measure.SUSPENSION)


def test_a_calendar_change_moves_the_appeal_deadline_with_its_clock(city):
    from xiaoneng.clocks.services import clocks_recompute
    from xiaoneng.workdays.services import calendar_set_day

    s = _decided(city)
    assert clock.local(s.appeal_due_at).date() == dt.date(2026, 10, 24)  # the end of Fri 23 Oct
    with clock.frozen(at(2026, 10, 1, 9)):
        calendar_set_day(by=None, date=dt.date(2026, 10, 20), kind="holiday", name="临时调休")
        assert clocks_recompute(by=None, dates=[dt.date(2026, 10, 20)]) == 1
    s.refresh_from_db()
    assert s.appeal_due_at == s.appeal_clock.due_at == clock.end_of_day(dt.date(2026, 10, 26))  # Sat 24 and Sun 25 off
    assert AuditRecord.objects.filter(action="clock.copy", subject_id=str(s.pk)).exists()
    with clock.frozen(at(2026, 10, 24, 10)):  # the old deadline has passed; the lawful appeal is still in time
        appeal_file(by=city.user("handler"), sanction=s, grounds="当日系处理急件")
