"""A sweep writes one digest per recipient and queues their outside copies with one task."""

import datetime as dt

from django.core import mail

from xiaoneng.notifications.tests.test_senders import SENDERS, _project_celery_app, with_senders  # noqa: F401 - the fixture is used by name


def test_a_sweep_queues_its_digests(city, start, sweep, settings, django_capture_on_commit_callbacks):
    city.user("handler").__class__.objects.filter(username="handler").update(email="handler@example.gov.cn")
    start(1, started_on=dt.date(2026, 9, 21), days=7)
    with with_senders(settings, SENDERS[:1]), django_capture_on_commit_callbacks(execute=True):
        sweep(2026, 10, 9, 9)
    assert len(mail.outbox) == 1 and "黄牌 1 件" in mail.outbox[0].body
