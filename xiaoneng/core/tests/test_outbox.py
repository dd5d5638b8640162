"""The outbox as ``/healthz`` reports it: the backlog and the age of the oldest unpublished
intent, degraded above ``OUTBOX_ALERT_SECONDS``."""

import datetime as dt

from celery import shared_task
from django.test import Client

from xiaoneng.core import clock, outbox
from xiaoneng.core.models import TaskIntent

RUNS = []


@shared_task(name="xiaoneng.core.tests.test_outbox.remember", base=outbox.Tracked)
def remember(value: str) -> None:
    RUNS.append(value)


def moment(minutes: int) -> dt.datetime:
    return clock.aware(dt.datetime(2026, 12, 3, 14, 5)) + dt.timedelta(minutes=minutes)


def test_healthz_reports_the_backlog_and_degrades_when_the_oldest_intent_waits_too_long(db, settings):
    settings.XIAONENG = settings.XIAONENG | {"OUTBOX_ALERT_SECONDS": 300}
    TaskIntent.objects.create(task="xiaoneng.core.tests.test_outbox.remember", args=["甲"], created_at=moment(0))
    TaskIntent.objects.create(task="xiaoneng.core.tests.test_outbox.remember", created_at=moment(3), published_at=moment(3), attempts=1)
    TaskIntent.objects.create(task="xiaoneng.core.tests.test_outbox.remember", created_at=moment(1), published_at=moment(1), done_at=moment(2))
    with clock.frozen(moment(4)):
        ok = Client().get("/healthz")
    with clock.frozen(moment(5) + dt.timedelta(seconds=1)):
        late = Client().get("/healthz")
    assert ok.status_code == 200 and ok.json()["outbox"] == {"backlog": 2, "unpublished": 1, "oldest_unpublished_seconds": 240, "given_up": 0, "status": "ok"}
    assert late.status_code == 503 and late.json()["status"] == "degraded" and late.json()["outbox"]["status"] == "late"
    with clock.frozen(moment(6)):
        assert outbox.relay() == 1  # in-process: published and run at once
        assert RUNS == ["甲"]
        assert Client().get("/healthz").json()["outbox"] == {"backlog": 1, "unpublished": 0, "oldest_unpublished_seconds": 0, "given_up": 0, "status": "ok"}


def test_intents_done_more_than_a_week_ago_are_purged(db):
    TaskIntent.objects.create(task="xiaoneng.core.tests.test_outbox.remember", created_at=moment(0), done_at=moment(1))
    recent = TaskIntent.objects.create(task="xiaoneng.core.tests.test_outbox.remember", created_at=moment(0), done_at=moment(60 * 24 * 7))
    open_ = TaskIntent.objects.create(task="xiaoneng.core.tests.test_outbox.remember", created_at=moment(0))
    assert outbox.purge(moment(60 * 24 * 7 + 2), batch=1) == 1
    assert set(TaskIntent.objects.values_list("pk", flat=True)) == {recent.pk, open_.pk}
