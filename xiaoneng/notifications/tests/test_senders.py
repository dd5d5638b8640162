"""Outside copies of notifications: queued after commit, one per notification and sender."""

import logging

import pytest
from django.core import mail
from django.test import override_settings

from xiaoneng.notifications.models import Notification
from xiaoneng.notifications.services import notify


@pytest.fixture(autouse=True)
def _project_celery_app():
    """Shared tasks run on the current Celery app; a test elsewhere that starts a worker on an
    app of its own leaves that app current, and tasks would then go to its broker."""
    from celery import current_app

    from xiaoneng.celery import app

    previous = current_app._get_current_object()
    app.set_current()
    yield
    previous.set_current()


SENDERS = ["xiaoneng.notifications.senders.EmailSender", "xiaoneng.notifications.senders.LoggingSmsSender"]


def with_senders(settings, senders):
    return override_settings(XIAONENG=settings.XIAONENG | {"NOTIFICATION_SENDERS": senders})


def test_in_app_only_by_default(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        notify(users=[city.user("handler"), city.user("handler"), None], category="order", text="请答复督办")
    assert Notification.objects.count() == 1 and callbacks == [] and mail.outbox == []


def test_email_and_sms_after_commit(city, settings, django_capture_on_commit_callbacks, caplog):
    handler = city.user("handler")
    handler.email = "handler@example.gov.cn"
    handler.save()
    with with_senders(settings, SENDERS), caplog.at_level(logging.INFO, logger="xiaoneng.notifications.senders"):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            notify(users=[handler, city.user("head")], category="order", text="请答复督办", link="/staff/supervision/orders/1/")
        assert mail.outbox == []  # nothing leaves before the commit
        for callback in callbacks:
            callback()
    assert [m.to for m in mail.outbox] == [["handler@example.gov.cn"]]  # the head has no address on file
    assert "请答复督办" in mail.outbox[0].body and "http://127.0.0.1:8000/staff/supervision/orders/1/" in mail.outbox[0].body
    sms = [r.getMessage() for r in caplog.records if r.name == "xiaoneng.notifications.senders"]
    assert sms == ["SMS to 13800000000: 【济南市效能平台】请答复督办"] * 2
