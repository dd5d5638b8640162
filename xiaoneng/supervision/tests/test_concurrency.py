"""Several sweepers at once (Celery workers on several machines) never issue a warning, a
fault or a notification twice."""

import datetime as dt
import threading

import pytest
from django.db import connection

from xiaoneng.accountability.models import Fault
from xiaoneng.core import clock
from xiaoneng.notifications.models import Notification
from xiaoneng.supervision.models import SweepRun, Warning
from xiaoneng.supervision.sweep import warnings_sweep

from .conftest import at


@pytest.mark.django_db(transaction=True)
def test_four_sweepers_at_once_issue_everything_once(city, start):
    for n in range(12):
        start(n, started_on=dt.date(2026, 9, 21), days=7, who="handler" if n % 3 else None)
    start(100, started_on=dt.date(2026, 10, 12), days=1)  # due Tue 13 Oct: noticed on the 12th
    barrier, errors = threading.Barrier(4), []

    def run():
        try:
            barrier.wait()
            with clock.frozen(at(2026, 10, 13, 9)):
                warnings_sweep(by=None)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert SweepRun.objects.count() == 4
    assert Warning.objects.filter(level="yellow").count() == 12 and Warning.objects.filter(level="red").count() == 12
    assert Warning.objects.filter(level="notice").count() == 13  # the twelve overdue clocks' notices were in force before
    assert Fault.objects.count() == 12
    per_recipient = {}
    for n in Notification.objects.all():
        per_recipient[n.recipient_id] = per_recipient.get(n.recipient_id, 0) + 1
    assert set(per_recipient.values()) == {1}  # one digest each, from whichever sweep issued the cards
