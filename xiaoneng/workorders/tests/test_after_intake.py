"""After-intake work that cannot be lost (issue 13): the intent is written with the case, the
relay publishes what the fast path missed and republishes what no worker finished, the task
retries on database errors instead of reporting success, and the reconciler runs what is
still not done."""

import datetime as dt

import pytest
from django.db import OperationalError

from xiaoneng.core import clock, hooks, outbox
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import TaskIntent
from xiaoneng.workorders import routing, services, tasks
from xiaoneng.workorders.models import RoutingRule, Status, WorkOrder
from xiaoneng.workorders.services import Requester

from .conftest import at

RECEIVED = at(2026, 3, 2, 10)  # 周一


@pytest.fixture
def fumes_rule(city):
    return RoutingRule.objects.create(
        name="油烟归市场监管（测试）", priority=1, keywords="油烟", department=city.dept("market"), auto_dispatch=True, updated_at=clock.now()
    )


def intake(city, content="楼下饭店油烟很大"):
    return services.workorder_create(
        by=city.user("dispatcher"), channel="hotline", type="complaint", content=content, requester=Requester(name="甲", phone="13700000000")
    )


def intent_of(wo) -> TaskIntent:
    return TaskIntent.objects.get(task=routing.AFTER_INTAKE_TASK, key=str(wo.pk))


class LostMessages:
    """A broker that takes messages and never delivers them (a worker killed holding them)."""

    def __init__(self, monkeypatch):
        self.sent = []
        monkeypatch.setattr(tasks.after_intake, "apply_async", lambda args, kwargs, **printable: self.sent.append(args))


def test_the_intent_is_written_with_the_case_and_done_by_the_fast_path(city, fumes_rule, django_capture_on_commit_callbacks):
    with clock.frozen(RECEIVED), django_capture_on_commit_callbacks(execute=True):
        wo = intake(city)
        intent = intent_of(wo)
        assert intent.args == [wo.pk] and intent.published_at is None and intent.done_at is None  # inside the transaction
    intent.refresh_from_db()
    wo.refresh_from_db()
    assert intent.done_at == RECEIVED and intent.published_at == RECEIVED and intent.attempts == 1
    assert wo.status == Status.DISPATCHED and wo.department == city.dept("market")


def test_a_refused_intake_leaves_no_intent(city):
    with pytest.raises(InvalidInput):
        services.workorder_create(by=city.user("dispatcher"), channel="hotline", type="complaint", content=" ", requester=Requester(name="甲", phone="1"))
    assert not TaskIntent.objects.exists()


def test_the_relay_publishes_what_the_broker_refused_after_the_grace_period(city, fumes_rule, monkeypatch, django_capture_on_commit_callbacks):
    publish = tasks.after_intake.apply_async

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.after_intake, "apply_async", broker_down)
    with clock.frozen(RECEIVED), django_capture_on_commit_callbacks(execute=True):
        wo = intake(city)
    assert intent_of(wo).published_at is None
    with clock.frozen(RECEIVED + dt.timedelta(seconds=30)):
        assert outbox.relay() == 0  # still down: kept for the next run, not counted
        assert "broker down" in intent_of(wo).last_error and intent_of(wo).attempts == 0
        monkeypatch.setattr(tasks.after_intake, "apply_async", publish)
        assert outbox.relay() == 1
    wo.refresh_from_db()
    assert wo.status == Status.DISPATCHED and intent_of(wo).done_at is not None


def test_the_relay_waits_for_the_fast_path_before_publishing(city, monkeypatch):
    lost = LostMessages(monkeypatch)
    with clock.frozen(RECEIVED):
        intake(city)  # committed, the fast path not yet run
        assert outbox.relay() == 0
    with clock.frozen(RECEIVED + dt.timedelta(seconds=11)):
        assert outbox.relay() == 1
    assert len(lost.sent) == 1


def test_work_published_and_never_done_is_published_again_after_the_timeout(city, fumes_rule, monkeypatch, django_capture_on_commit_callbacks):
    lost = LostMessages(monkeypatch)
    with clock.frozen(RECEIVED), django_capture_on_commit_callbacks(execute=True):
        wo = intake(city)
    assert len(lost.sent) == 1 and intent_of(wo).published_at == RECEIVED
    with clock.frozen(RECEIVED + dt.timedelta(seconds=599)):
        assert outbox.relay() == 0  # a worker may still be on it
    monkeypatch.undo()
    with clock.frozen(RECEIVED + dt.timedelta(seconds=600)):
        assert outbox.relay() == 1
        assert outbox.relay() == 0  # done: never again
    wo.refresh_from_db()
    intent = intent_of(wo)
    assert intent.attempts == 2 and intent.done_at == RECEIVED + dt.timedelta(seconds=600)
    assert wo.status == Status.DISPATCHED and wo.dispatch_count == 1


def test_the_relay_gives_up_after_the_last_attempt(city, monkeypatch, settings):
    settings.XIAONENG = settings.XIAONENG | {"OUTBOX_MAX_ATTEMPTS": 2}
    LostMessages(monkeypatch)
    with clock.frozen(RECEIVED):
        wo = intake(city)
    runs = []
    for minutes in (1, 12, 23):
        with clock.frozen(RECEIVED + dt.timedelta(minutes=minutes)):
            runs.append(outbox.relay())
    assert runs == [1, 1, 0] and intent_of(wo).attempts == 2


def test_a_database_error_after_intake_is_retried_not_reported_as_success(city, fumes_rule, monkeypatch):
    monkeypatch.setitem(tasks.after_intake.app.conf, "task_eager_propagates", False)  # in-process retries run at once
    with clock.frozen(RECEIVED):
        wo = intake(city)
    calls = []

    def restarting_database(workorder_id):
        calls.append(workorder_id)
        if len(calls) < 3:
            raise OperationalError("terminating connection due to administrator command")

    intent = intent_of(wo)
    with hooks.register_temporarily(routing.AFTER_INTAKE, restarting_database), clock.frozen(RECEIVED + dt.timedelta(seconds=1)):
        tasks.after_intake.apply(args=[wo.pk], kwargs={outbox.INTENT: intent.pk})  # in-process: retries at once
    intent.refresh_from_db()
    wo.refresh_from_db()
    assert calls == [wo.pk] * 3
    assert intent.done_at is not None, intent.last_error
    assert "OperationalError" in intent.last_error
    assert wo.status == Status.DISPATCHED and wo.dispatch_count == 1  # the reruns dispatched once


def test_a_failing_step_that_is_not_the_database_does_not_stop_the_others(city, fumes_rule):
    with clock.frozen(RECEIVED):
        wo = intake(city)

    def broken(workorder_id):
        raise ValueError("模型文件损坏")

    with hooks.register_temporarily(routing.AFTER_INTAKE, broken):
        tasks.after_intake(wo.pk, **{outbox.INTENT: intent_of(wo).pk})
    wo.refresh_from_db()
    assert wo.status == Status.DISPATCHED and intent_of(wo).done_at is not None


def test_the_reconciler_runs_the_work_nobody_finished(city, fumes_rule, monkeypatch):
    LostMessages(monkeypatch)
    with clock.frozen(RECEIVED):
        lost = intake(city)
    with clock.frozen(RECEIVED + dt.timedelta(minutes=5)):
        done = intake(city, "另一家饭店油烟很大")
        tasks.after_intake(done.pk, **{outbox.INTENT: intent_of(done).pk})
        fresh = intake(city, "第三家饭店油烟很大")
    intent_of(lost).delete()  # even with no intent at all (a case from before the outbox)
    monkeypatch.undo()
    with clock.frozen(RECEIVED + dt.timedelta(minutes=16)):
        assert tasks.reconcile_after_intake() == 1
        assert tasks.reconcile_after_intake() == 0
    for wo in (lost, done, fresh):
        wo.refresh_from_db()
    assert lost.status == Status.DISPATCHED and intent_of(lost).done_at == RECEIVED + dt.timedelta(minutes=16)
    assert fresh.status == Status.RECEIVED and intent_of(fresh).done_at is None  # the queue still has time
    with clock.frozen(RECEIVED + dt.timedelta(minutes=21)):
        assert tasks.reconcile_after_intake() == 1
    assert WorkOrder.objects.get(pk=fresh.pk).status == Status.DISPATCHED


def test_the_reconciler_looks_back_only_so_far(city, monkeypatch):
    LostMessages(monkeypatch)
    with clock.frozen(RECEIVED):
        intake(city)
    with clock.frozen(RECEIVED + dt.timedelta(hours=49)):
        assert tasks.reconcile_after_intake() == 0


def test_a_republished_copy_of_work_already_done_does_nothing(city, fumes_rule, django_capture_on_commit_callbacks):
    with clock.frozen(RECEIVED), django_capture_on_commit_callbacks(execute=True):
        wo = intake(city)
    calls = []
    with hooks.register_temporarily(routing.AFTER_INTAKE, calls.append):
        tasks.after_intake(wo.pk, **{outbox.INTENT: intent_of(wo).pk})  # the relay's copy, after the first one finished
        tasks.after_intake(wo.pk)  # run by hand: runs
    assert calls == [wo.pk]
