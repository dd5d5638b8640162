"""The generated city is what the services would have left behind: statuses, deadlines and
clocks agree, and the sweeper and the statistics run over it."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from xiaoneng.applications.models import Application
from xiaoneng.clocks.models import Clock, ClockState
from xiaoneng.core import clock
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.supervision.sweep import warnings_sweep
from xiaoneng.workorders import stats
from xiaoneng.workorders.models import DEPARTMENT_OPEN, FollowUp, Status, WorkOrder

SUBJECT = "workorders.workorder"


@pytest.fixture
def generated(db):
    out = StringIO()
    call_command("generate_city", cases=400, applications=60, open_cases=30, seed=7, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_city_has_sixteen_districts_and_about_three_hundred_streets(generated):
    assert Department.objects.filter(kind=DepartmentKind.DISTRICT).count() == 16
    assert Department.objects.filter(kind__in=[DepartmentKind.STREET, DepartmentKind.TOWNSHIP]).count() >= 280
    assert "workorders=400" in generated and "applications=60" in generated


def test_cases_spread_over_a_year_mostly_closed(generated):
    cases = WorkOrder.objects.all()
    assert cases.count() == 400
    first, last = cases.order_by("received_at").values_list("received_at", flat=True)[::399]
    assert last - first > dt.timedelta(days=300) and last <= clock.now()
    assert cases.filter(status=Status.CLOSED).count() > 250
    assert cases.filter(status__in=DEPARTMENT_OPEN).count() >= 30
    assert not cases.filter(due_at__lt=clock.end_of_day(dt.date(2000, 1, 1))).exists()


def test_clocks_agree_with_the_cases(generated):
    for wo in WorkOrder.objects.all():
        handle = Clock.objects.get(subject_type=SUBJECT, subject_id=wo.pk, kind="workorder.handle")
        assert handle.due_at == wo.due_at
        answered = wo.replied_at is not None
        assert (handle.state == ClockState.STOPPED) == answered, wo.status
        if answered:
            assert handle.met == (wo.replied_at <= wo.due_at)
    assert FollowUp.objects.count() == WorkOrder.objects.filter(status=Status.CLOSED, department__isnull=False).count()
    open_apps = Application.objects.filter(status="accepted")
    assert Clock.objects.filter(subject_type="applications.application", state=ClockState.RUNNING).count() == open_apps.count()


def test_the_sweeper_and_the_statistics_run_over_it(generated):
    result = warnings_sweep(by=None)
    assert result.counts["yellow"] > 0
    rows, total = stats.department_figures(start=clock.today() - dt.timedelta(days=365), end=clock.today())
    assert total.received == 400 and total.answer_due > 0
