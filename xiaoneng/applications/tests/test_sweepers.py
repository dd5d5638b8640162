"""The law's defaults when nobody acts in time: deemed acceptance (第三十二条), deemed
co-department consent, deemed approval — audited, safe to rerun and to run twice at once."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from xiaoneng.accountability.models import Fault, FaultSource
from xiaoneng.applications import services
from xiaoneng.applications.models import Application, JointReviewStatus, Status
from xiaoneng.applications.tasks import sweep_deadlines
from xiaoneng.clocks.models import Clock
from xiaoneng.core.models import AuditRecord

from .conftest import PERSON, D, fresh


def test_no_notice_within_five_working_days_means_accepted_as_of_receipt(submit, today_is):
    with today_is(D(2026, 2, 13)):
        app = submit(D(2026, 2, 13), materials=None)  # window ends 2月27日
    assert services.sweep_deemed_acceptance(today=D(2026, 2, 27)) == 0
    assert services.sweep_deemed_acceptance(today=D(2026, 2, 28)) == 1
    app = fresh(app)
    assert (app.status, app.accepted_on, app.deemed_accepted) == (Status.ACCEPTED, D(2026, 2, 13), True)
    # Counted from 2月13日: 2月14日、2月28日 (周六) worked, 春节 off.
    assert (app.legal_due_on, app.committed_due_on) == (D(2026, 3, 19), D(2026, 3, 5))
    record = AuditRecord.objects.get(action="application.deemed_accept")
    assert record.actor is None and record.actor_name == "系统" and record.after["accepted_on"] == "2026-02-13"
    acceptance = Clock.objects.get(subject_id=app.pk, kind="application.acceptance")
    assert (acceptance.state, acceptance.met) == ("stopped", False)
    assert "未在五个工作日内告知补正" in "".join(app.notices.get(kind="acceptance").body)
    assert services.sweep_deemed_acceptance(today=D(2026, 3, 2)) == 0  # rerun: nothing left


def test_deemed_consent_where_the_item_allows_it(accepted_joint, city):
    allows, strict = accepted_joint("JOINT"), accepted_joint("STRICT")
    assert allows.joint_reviews.get().due_on == D(2026, 3, 16) and strict.joint_reviews.get().due_on == D(2026, 3, 9)
    assert services.sweep_deemed_consent(today=D(2026, 3, 16)) == 0
    assert services.sweep_deemed_consent(today=D(2026, 3, 17)) == 1
    review = allows.joint_reviews.get()
    assert (review.status, review.answered_on) == (JointReviewStatus.DEEMED_CONSENTED, D(2026, 3, 17))
    assert strict.joint_reviews.get().status == JointReviewStatus.PENDING  # no deemed consent for this item
    fault = Fault.objects.get()
    assert (fault.source, fault.department, fault.subject_id) == (FaultSource.DEEMED_DECISION, city.dept("housing"), str(allows.pk))
    assert fault.person == city["staff"]["housing_head"]  # a person answers for the co-department's silence
    c = Clock.objects.get(subject_type="applications.jointreview", subject_id=review.pk)
    assert (c.state, c.met) == ("stopped", False)
    assert services.sweep_deemed_consent(today=D(2026, 3, 20)) == 0
    assert Fault.objects.count() == 1


@pytest.fixture
def accepted_joint(submit, today_is):
    def make(item):
        with today_is(D(2026, 3, 2)):
            return fresh(submit(D(2026, 3, 2), item=item))

    return make


def test_deemed_approval_for_configured_items_only(submit, today_is, city):
    with today_is(D(2026, 3, 2)):
        deemed = submit(D(2026, 3, 2), item="DEEMED")
        ordinary = submit(D(2026, 3, 2))
        paused = submit(D(2026, 3, 2), item="DEEMED")
        services.application_assign(by=city.user("head"), application=deemed, handler=city.user("handler"))
    with today_is(D(2026, 3, 25)):
        services.application_suspend(by=city.user("handler"), application=paused, kind="hearing", start_on=D(2026, 3, 25))
    assert services.sweep_deemed_approval(today=D(2026, 3, 30)) == 0  # due day itself
    assert services.sweep_deemed_approval(today=D(2026, 3, 31)) == 1
    deemed, ordinary, paused = fresh(deemed), fresh(ordinary), fresh(paused)
    assert (deemed.status, deemed.decided_on, deemed.certificate_due_on) == (Status.DEEMED_APPROVED, D(2026, 3, 31), D(2026, 4, 15))
    assert ordinary.status == Status.ACCEPTED and paused.status == Status.SUSPENDED
    fault = Fault.objects.get()
    assert (fault.source, fault.department, fault.person) == (FaultSource.DEEMED_DECISION, city.dept("market"), city["staff"]["handler"])
    decision = Clock.objects.get(subject_id=deemed.pk, kind="application.decision")
    assert (decision.state, decision.met) == ("stopped", False)
    assert Clock.objects.get(subject_id=deemed.pk, kind="application.certificate").due_on == D(2026, 4, 15)
    assert deemed.notices.get(kind="decision").title == "视为准予许可告知书"
    assert services.sweep_deemed_approval(today=D(2026, 4, 1)) == 0


def test_task_and_command_run_every_sweep(submit, today_is, capsys):
    with today_is(D(2026, 2, 13)):
        submit(D(2026, 2, 13), materials=None)
    with today_is(D(2026, 3, 2)):
        assert sweep_deadlines() == {"deemed_acceptance": 1, "deemed_consent": 0, "deemed_renewal": 0, "deemed_approval": 0}
    call_command("applications_sweep", "--date", "2026-03-02")
    assert '"deemed_acceptance": 0' in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_at_once_transition_each_application_once(city, items):
    import datetime as dt

    from xiaoneng.core import clock

    with clock.frozen(dt.datetime(2026, 2, 13, 9, tzinfo=clock.LOCAL_TZ)):
        apps = [services.application_submit(by=city.user("window"), item_code="FOOD", applicant=PERSON, received_on=D(2026, 2, 13)) for _ in range(6)]
    counts = []

    def sweep():
        try:
            counts.append(services.sweep_deemed_acceptance(today=D(2026, 3, 2)))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts) == 6
    assert Application.objects.filter(status=Status.ACCEPTED, deemed_accepted=True).count() == 6
    assert AuditRecord.objects.filter(action="application.deemed_accept").count() == 6
    assert len({a.pk for a in apps}) == 6
