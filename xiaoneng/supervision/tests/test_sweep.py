"""The sweeper over real dates: 国庆 2026 (1–7 Oct off, Sat 10 Oct worked) and 春节 2026 (15–23
Feb off, Sat 14 Feb worked).  Rule for application.decision: notice 1 working day ahead,
yellow card with 3 working days to finish, then red."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiaoneng.accountability.models import Fault, FaultSource
from xiaoneng.clocks.models import Clock
from xiaoneng.clocks.services import clock_move, clock_pause, clock_resume, clock_stop
from xiaoneng.core import clock
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.notifications.models import Notification
from xiaoneng.supervision.models import Level, SupervisionRule, SweepRun, Warning, WarningCityDaily, WarningDaily
from xiaoneng.supervision.selectors import trend, warnings_as_of
from xiaoneng.supervision.sweep import warnings_sweep

from .conftest import at

D = dt.date
NATIONAL_DAY = {"started_on": D(2026, 9, 21), "days": 7}  # due Thu 8 Oct (中秋 25 Sep and 1–7 Oct skipped)


def levels(clock_):
    return sorted(Warning.objects.filter(clock=clock_).values_list("level", flat=True))


def test_national_day_walk_from_notice_to_red(city, start, sweep):
    c = start(1, **NATIONAL_DAY)
    assert c.due_on == D(2026, 10, 8)
    table = [
        ((2026, 9, 29, 17), []),  # Tue: two working days ahead
        ((2026, 9, 30, 8), [Level.NOTICE]),  # Wed, last working day before 国庆
        ((2026, 10, 8, 23, 59), [Level.NOTICE]),  # due day: still in time
        ((2026, 10, 9, 0, 1), [Level.NOTICE, Level.YELLOW]),  # passed at midnight
        ((2026, 10, 12, 23, 59), [Level.NOTICE, Level.YELLOW]),  # the supervision deadline (Fri 9, Sat 10, Mon 12)
        ((2026, 10, 13, 0, 1), [Level.NOTICE, Level.RED, Level.YELLOW]),
    ]
    for moment, expected in table:
        sweep(*moment)
        assert levels(c) == expected, moment
    notice, yellow, red = (Warning.objects.get(clock=c, level=lv) for lv in (Level.NOTICE, Level.YELLOW, Level.RED))
    assert notice.effective_at == at(2026, 9, 30) and notice.due == c.due_at
    assert yellow.effective_at == c.due_at == at(2026, 10, 9) and yellow.supervision_due_at == at(2026, 10, 13)
    assert red.effective_at == red.due == at(2026, 10, 13) and red.issued_at == at(2026, 10, 13, 0, 1)
    assert {w.department for w in (notice, yellow, red)} == {city.dept("market")}
    assert {w.responsible for w in (notice, yellow, red)} == {city.user("handler")}


def test_spring_festival_yellow_on_the_makeup_saturday(city, start, sweep):
    c = start(2, started_on=D(2026, 2, 6), days=5)  # due Fri 13 Feb
    sweep(2026, 2, 11, 12)
    assert levels(c) == []
    sweep(2026, 2, 12, 0, 5)
    assert levels(c) == [Level.NOTICE]
    sweep(2026, 2, 14, 8)  # Saturday 14 Feb is a working day
    assert levels(c) == [Level.NOTICE, Level.YELLOW]
    yellow = Warning.objects.get(clock=c, level=Level.YELLOW)
    assert yellow.supervision_due_at == at(2026, 2, 26)  # Sat 14, then Tue 24 and Wed 25 after the holiday
    sweep(2026, 2, 25, 18)
    assert Level.RED not in levels(c)
    sweep(2026, 2, 26, 9)
    assert Level.RED in levels(c)


def test_hour_based_sign_for_clock(city, start, sweep):
    """workorder.sign: notice from the start of the due day (lead 0), yellow at the due hour,
    red when the next working day ends (here the make-up Saturday 14 Feb)."""
    c = start(3, started_on=D(2026, 2, 13), due_at=at(2026, 2, 13, 10), kind="workorder.sign")
    sweep(2026, 2, 13, 9, 30)
    notice = Warning.objects.get(clock=c)
    assert notice.level == Level.NOTICE and notice.effective_at == c.created_at  # created after the window opened
    sweep(2026, 2, 13, 10, 5)
    assert Warning.objects.get(clock=c, level=Level.YELLOW).supervision_due_at == at(2026, 2, 15)
    sweep(2026, 2, 15, 0, 5)
    assert levels(c) == [Level.NOTICE, Level.RED, Level.YELLOW]


def test_rerun_never_duplicates(city, start, sweep):
    c = start(1, **NATIONAL_DAY)
    first = sweep(2026, 10, 13, 9)  # the first sweep ever, after the deadline: the notice that was in force before it too
    assert (first.counts["notice"], first.counts["yellow"], first.counts["red"], first.counts["faults"]) == (1, 1, 1, 1)
    again = sweep(2026, 10, 13, 9, 5)
    assert again.counts["notice"] == again.counts["yellow"] == again.counts["red"] == again.counts["faults"] == 0
    assert again.counts["notifications"] == 0
    assert Warning.objects.filter(clock=c).count() == 3 and Fault.objects.count() == 1


def test_a_clock_that_finished_in_time_gets_nothing_more(city, start, sweep):
    c = start(1, **NATIONAL_DAY)
    sweep(2026, 9, 30, 9)
    with clock.frozen(at(2026, 10, 8, 15)):
        clock_stop(by=None, clock_=c)
    sweep(2026, 10, 20, 9)
    assert levels(c) == [Level.NOTICE]
    assert Warning.objects.get(clock=c).resolved_at == at(2026, 10, 8, 15)


def test_a_clock_stopped_late_between_sweeps_still_earns_its_card(city, start, sweep):
    c = start(1, **NATIONAL_DAY)
    sweep(2026, 10, 8, 20)
    with clock.frozen(at(2026, 10, 9, 11)):
        clock_stop(by=None, clock_=c)  # one working day late, before any sweep saw it overdue
    sweep(2026, 10, 9, 12)
    yellow = Warning.objects.get(clock=c, level=Level.YELLOW)
    assert yellow.effective_at == at(2026, 10, 9) and yellow.resolved_at == at(2026, 10, 9, 11)
    sweep(2026, 10, 20, 9)
    assert Level.RED not in levels(c)  # it finished before the supervision deadline


def test_stopped_after_the_supervision_deadline_gets_red(city, start, sweep):
    c = start(1, **NATIONAL_DAY)
    sweep(2026, 10, 9, 9)
    with clock.frozen(at(2026, 10, 13, 8)):
        clock_stop(by=None, clock_=c)
    result = sweep(2026, 10, 13, 9)
    red = Warning.objects.get(clock=c, level=Level.RED)
    assert red.resolved_at == at(2026, 10, 13, 8) and result.counts["resolved"] == 2 and result.counts["red"] == 1
    assert Fault.objects.get(warning=red).source == FaultSource.RED_CARD


def test_paused_clocks_get_nothing_while_paused(city, start, sweep):
    c = start(1, **NATIONAL_DAY)
    with clock.frozen(at(2026, 9, 29, 10)):
        clock_pause(by=None, clock_=c, note="专家评审，不计时（行政许可法第四十五条）")
    sweep(2026, 10, 20, 9)
    assert levels(c) == []
    with clock.frozen(at(2026, 10, 21, 9)):
        clock_resume(by=None, clock_=c)
        clock_move(by=None, clock_=c, started_on=D(2026, 10, 21), working_days=2, reason="评审结束，恢复计时")
    sweep(2026, 10, 22, 9)
    assert levels(c) == [Level.NOTICE]


def test_unsupervised_kinds_and_configured_leads(city, start, sweep):
    appeal = start(1, started_on=D(2026, 9, 21), days=2, kind="accountability.appeal")
    other = start(2, started_on=D(2026, 9, 21), days=7, kind="rating.rectification")  # unknown kind: the default rule
    SupervisionRule.objects.filter(kind="*").update(notice_lead_days=2)
    sweep(2026, 9, 29, 9)  # two working days before Thu 8 Oct is Tue 29 Sep
    assert levels(appeal) == [] and levels(other) == [Level.NOTICE]
    sweep(2026, 10, 20, 9)
    assert levels(appeal) == []


def test_dry_run_changes_nothing(city, start, sweep):
    start(1, **NATIONAL_DAY)
    result = sweep(2026, 10, 13, 9, dry_run=True)
    assert (result.counts["notice"], result.counts["yellow"], result.counts["red"], result.counts["faults"]) == (1, 1, 1, 1)
    assert result.sweep_id is None and sorted(w.level for w in result.issued) == [Level.NOTICE, Level.RED, Level.YELLOW]
    assert not Warning.objects.exists() and not Fault.objects.exists() and not SweepRun.objects.exists()
    assert not Notification.objects.exists() and not AuditRecord.objects.filter(action="supervision.sweep").exists()


def test_as_of_a_past_moment(city, start, sweep):
    """A backfill for a past moment issues what should have existed then; listing as of a
    moment shows what was in force then, however late the sweeps ran."""
    c = start(1, **NATIONAL_DAY)
    with clock.frozen(at(2026, 10, 14, 10)):
        clock_stop(by=None, clock_=c)
    sweep(2026, 11, 2, 8, as_of=at(2026, 9, 30, 12))  # backfilled weeks later for 30 Sep ...
    sweep(2026, 11, 2, 9, as_of=at(2026, 10, 10, 12))  # ... and for 10 Oct
    assert levels(c) == [Level.NOTICE, Level.YELLOW]
    sweep(2026, 11, 2, 9, 5)  # live: the clock ran past its supervision deadline before it stopped
    assert levels(c) == [Level.NOTICE, Level.RED, Level.YELLOW]
    admin = city.user("admin")
    with clock.frozen(at(2026, 11, 2, 10)):

        def listed(*moment, **kw):
            return sorted(warnings_as_of(admin, as_of=at(*moment), **kw).values_list("level", flat=True))

        assert listed(2026, 9, 29, 12) == []
        assert listed(2026, 10, 1, 12) == [Level.NOTICE]
        assert listed(2026, 10, 10, 12) == [Level.NOTICE, Level.YELLOW]
        assert listed(2026, 10, 10, 12, current=True) == [Level.YELLOW]
        assert listed(2026, 10, 13, 12) == [Level.NOTICE, Level.RED, Level.YELLOW]
        assert listed(2026, 10, 13, 12, current=True) == [Level.RED]
        assert listed(2026, 10, 14, 11) == []  # stopped at 10:00 on 14 Oct
        assert listed(2026, 10, 13, 12, level=Level.RED) == [Level.RED]


def test_as_of_must_not_be_in_the_future(city, sweep):
    with pytest.raises(InvalidInput):
        sweep(2026, 10, 1, 9, as_of=at(2026, 10, 2, 9))


def test_only_the_office_runs_the_sweeper(city, sweep):
    with pytest.raises(Forbidden):
        sweep(2026, 10, 1, 9, by=city.user("head"))
    assert sweep(2026, 10, 1, 9, by=city.user("supervisor")).sweep_id


def test_responsible_falls_back_to_the_head_and_notifications_digest(city, start, sweep):
    start(1, **NATIONAL_DAY)  # names the handler
    start(2, **NATIONAL_DAY, who=None)  # names nobody: the head answers
    start(3, **NATIONAL_DAY, dept="housing", who="housing_handler")
    sweep(2026, 10, 9, 9)
    assert Warning.objects.get(subject_id=2, level=Level.YELLOW).responsible == city.user("head")
    inbox = {n.recipient.username: n.text for n in Notification.objects.select_related("recipient")}
    assert set(inbox) == {"handler", "head", "housing_handler"}  # heads hear of named staff's cards from red on
    assert inbox["head"] == "电子监察提醒：新增 黄牌 1 件，请按期办结。"
    sweep(2026, 10, 13, 9)
    red_digest = Notification.objects.filter(batch__in=SweepRun.objects.filter(as_of=at(2026, 10, 13, 9)).values("id"))
    assert {n.recipient.username: n.text for n in red_digest}["head"] == "电子监察提醒：新增 红牌 2 件，请按期办结。"
    assert {n.recipient.username for n in red_digest} == {"handler", "head", "housing_handler", "housing_head"}


def test_red_cards_open_faults_that_keep_fault_record_dedupe(city, start, sweep):
    from xiaoneng.accountability.services import fault_record

    start(1, **NATIONAL_DAY)
    sweep(2026, 10, 13, 9)
    red = Warning.objects.get(level=Level.RED)
    fault = Fault.objects.get()
    assert fault.source == FaultSource.RED_CARD and fault.person.user == city.user("handler") and fault.department == city.dept("market")
    assert (fault.subject_type, fault.subject_id, fault.warning) == ("test.case", "1", red)
    handler_staff = city["staff"]["handler"].pk
    assert fault.dedupe_key == f"supervision.act:test.case:1:1:application.decision:{handler_staff}" and fault.occurred_at == red.effective_at
    from xiaoneng.clocks.registry import kind_label

    assert fault.description == f"电子监察红牌：“{kind_label('application.decision')}”超过黄牌督办期限仍未办结"
    again = fault_record(by=None, source=FaultSource.RED_CARD, department=city.dept("market"), description="重复", dedupe_key=fault.dedupe_key)
    assert again.pk == fault.pk


def test_one_audit_record_per_sweep_and_the_daily_summary(city, start, sweep):
    start(1, **NATIONAL_DAY)
    start(2, **NATIONAL_DAY)
    result = sweep(2026, 10, 9, 9)
    rec = AuditRecord.objects.get(action="supervision.sweep")
    assert rec.subject_id == str(result.sweep_id) and rec.after["yellow"] == 2 and rec.after["notice"] == 2
    ids = sorted(Warning.objects.values_list("pk", flat=True))
    assert (rec.after["first_warning_id"], rec.after["last_warning_id"]) == (ids[0], ids[-1])
    sweep(2026, 10, 13, 9)
    daily = {(r.day, r.level): r.issued for r in WarningDaily.objects.all()}
    assert daily == {(D(2026, 9, 30), Level.NOTICE): 2, (D(2026, 10, 9), Level.YELLOW): 2, (D(2026, 10, 13), Level.RED): 2}


def test_the_city_daily_summary_is_the_sum_over_departments_and_feeds_the_citywide_trend(city, start, sweep):
    """Two departments' cards on the same days: the city's row per day and level is their
    sum, kept by the same passes, and the trend of someone who sees every department reads it
    (the department heads' trend still reads their own departments' rows)."""
    start(1, **NATIONAL_DAY)
    start(2, **NATIONAL_DAY, dept="housing", who=None)
    start(3, started_on=D(2026, 9, 22), days=7)
    sweep(2026, 10, 9, 9)
    sweep(2026, 10, 13, 9)
    per_department: dict[tuple, int] = {}
    for r in WarningDaily.objects.all():
        per_department[(r.day, r.level)] = per_department.get((r.day, r.level), 0) + r.issued
    assert len({r.department_id for r in WarningDaily.objects.all()}) == 2
    assert {(r.day, r.level): r.issued for r in WarningCityDaily.objects.all()} == per_department
    assert sum(per_department.values()) == Warning.objects.count() >= 6
    by_month: dict[tuple, int] = {}
    for (day, level), n in per_department.items():
        by_month[(day.replace(day=1), level)] = by_month.get((day.replace(day=1), level), 0) + n
    with clock.frozen(at(2026, 10, 13, 10)):
        months = trend(city.user("supervisor"))
    assert {(m["period"], level): m[level] for m in months for level in Level.values if m[level]} == by_month


def test_the_number_of_queries_does_not_grow_with_the_clocks(city, start, sweep):
    def queries(n_clocks, offset):
        for n in range(n_clocks):
            start(offset + n, started_on=D(2026, 9, 21), days=7, who="handler" if n % 2 else None)
        with CaptureQueriesContext(connection) as ctx, clock.frozen(at(2026, 10, 13, 9)):
            warnings_sweep(by=None, as_of=at(2026, 10, 13, 9))
        return len(ctx.captured_queries), Warning.objects.filter(subject_id__gte=offset, subject_id__lt=offset + n_clocks).count()

    few, issued_few = queries(2, 0)
    many, issued_many = queries(40, 100)
    assert issued_few == 6 and issued_many == 120
    assert many == few


def test_sweeps_for_other_subject_types_keep_their_names(city, start, sweep):
    start(7, **NATIONAL_DAY, subject_type="applications.application")
    start(8, **NATIONAL_DAY, kind="workorder.handle", subject_type="workorders.workorder")
    sweep(2026, 10, 9, 9)
    assert set(Warning.objects.filter(level=Level.YELLOW).values_list("subject_type", "clock_kind")) == {
        ("applications.application", "application.decision"),
        ("workorders.workorder", "workorder.handle"),
    }
    assert Clock.objects.count() == 2


def test_live_passes_catch_clocks_resumed_or_started_late(city, start, sweep):
    """A live pass reads only what changed since the previous one: a clock resumed after its
    supervision deadline passed, or started with its deadline already behind it, is still
    carded."""
    c = start(1, **NATIONAL_DAY)
    sweep(2026, 10, 9, 9)
    with clock.frozen(at(2026, 10, 9, 10)):
        clock_pause(by=None, clock_=c, note="现场核查不计时")
    sweep(2026, 10, 13, 9)
    sweep(2026, 10, 20, 9)
    assert levels(c) == [Level.NOTICE, Level.YELLOW]
    with clock.frozen(at(2026, 10, 21, 9)):
        clock_resume(by=None, clock_=c)
    sweep(2026, 10, 21, 10)
    assert levels(c) == [Level.NOTICE, Level.RED, Level.YELLOW]
    late = start(2, started_on=D(2026, 9, 1), days=5)  # recorded on 1 Sep with an 8 Sep deadline, swept only now
    with clock.frozen(at(2026, 10, 22, 9)):
        Clock.objects.filter(pk=late.pk).update(created_at=clock.now(), updated_at=clock.now())
    sweep(2026, 10, 22, 10)
    assert levels(late) == [Level.RED, Level.YELLOW]  # created after its deadline: no notice was ever in force


def test_a_live_pass_rejudges_changes_stamped_before_the_previous_watermark_and_no_further(city, start, sweep):
    """A live pass starts from the previous pass's watermark (the start of the oldest writing
    transaction then, less the clock skew): a stop stamped a few seconds before the previous
    pass (its transaction committed after it) is judged again; a change long before is not
    read again (the pass reads what changed, not a day of history)."""
    c = start(1, **NATIONAL_DAY)
    sweep(2026, 10, 9, 9)
    assert Level.YELLOW in levels(c)
    first = SweepRun.objects.latest("started_at")
    assert first.watermark == first.started_at - dt.timedelta(seconds=30)
    sweep(2026, 10, 9, 10)
    # The stop is dated on the due day (met) and stamped 10 s before the second pass started.
    Clock.objects.filter(pk=c.pk).update(state="stopped", stopped_at=at(2026, 10, 8, 16), stop_recorded_at=at(2026, 10, 9, 10), met=True)
    Clock.objects.filter(pk=c.pk).update(updated_at=at(2026, 10, 9, 10) - dt.timedelta(seconds=10))
    with CaptureQueriesContext(connection) as queries:
        sweep(2026, 10, 9, 10, 10)
    yellow = Warning.objects.get(clock=c, level=Level.YELLOW)
    assert yellow.withdrawn_at is not None and yellow.withdrawn_reason == "met"
    second = SweepRun.objects.filter(live=True).order_by("-started_at")[1]
    reads = [q["sql"] for q in queries if "WHERE updated_at >=" in q["sql"]]  # the changed clocks, read by id
    assert second.watermark.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S") in reads[0]  # not a day before
