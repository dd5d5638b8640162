"""Outside copies that cannot be lost or forgotten (issue 13): the intent is written with the
notification, a failing gateway is retried with backoff, after the last attempt the delivery
is a dead letter — audited, logged at ERROR, announced to the office — and the office sends
it again from its page or the API."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.test import override_settings

from xiaoneng.core import clock
from xiaoneng.core.models import AuditRecord, TaskIntent
from xiaoneng.notifications import deliveries, tasks
from xiaoneng.notifications.models import Category, Delivery, DeliveryStatus, Notification
from xiaoneng.notifications.senders import SmsSender
from xiaoneng.notifications.services import DELIVER, notify

from .test_senders import _project_celery_app  # noqa: F401 - the same autouse fixture

GATEWAY = {"down": True, "sent": []}


class FlakySms(SmsSender):
    label = "短信"

    def send_sms(self, phone: str, text: str) -> None:
        if GATEWAY["down"]:
            raise ConnectionError("短信网关无响应")
        GATEWAY["sent"].append((phone, text))


FLAKY = f"{__name__}.FlakySms"


@pytest.fixture
def gateway(settings, monkeypatch):
    GATEWAY.update(down=True, sent=[])
    monkeypatch.setitem(tasks.deliver_one.app.conf, "task_eager_propagates", False)  # in-process retries run at once
    with override_settings(XIAONENG=settings.XIAONENG | {"NOTIFICATION_SENDERS": [FLAKY]}):
        yield GATEWAY


def order_notice(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return notify(users=[city.user("handler")], category=Category.ORDER, text="请答复督办")[0]


def test_the_intent_is_written_with_the_notification(city, gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        n = notify(users=[city.user("handler")], category=Category.ORDER, text="请答复督办")[0]
        assert TaskIntent.objects.get(task=DELIVER).args == [[n.pk], None]


def test_a_failing_gateway_is_retried_with_backoff_then_kept_as_a_dead_letter(city, gateway, caplog, django_capture_on_commit_callbacks):
    with caplog.at_level(logging.ERROR, logger="xiaoneng.notifications.deliveries"):
        n = order_notice(city, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(notification=n)
    assert delivery.status == DeliveryStatus.DEAD and delivery.attempts == deliveries.ATTEMPTS == 6
    assert "短信网关无响应" in delivery.last_error and delivery.failed_at is not None
    assert [deliveries.backoff(r) for r in range(5)] == [30, 60, 120, 240, 480] and deliveries.backoff(20) == 3600
    assert AuditRecord.objects.filter(action="notification.delivery_dead", subject_id=str(delivery.pk)).count() == 1
    assert any("failed 6 times" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
    alerts = Notification.objects.filter(category=Category.DELIVERY)
    assert sorted(a.recipient.username for a in alerts) == ["admin", "supervisor"]
    assert "短信通知发送6次均失败" in alerts[0].text and alerts[0].link == deliveries.DEAD_LETTERS_LINK
    assert not Delivery.objects.filter(notification__in=alerts).exists()  # alerts never go out through the broken gateway
    assert TaskIntent.objects.get(task=DELIVER).done_at is not None


def test_the_office_sees_the_dead_letters_and_sends_them_again(city, gateway, api, client, django_capture_on_commit_callbacks):
    delivery = Delivery.objects.get(notification=order_notice(city, django_capture_on_commit_callbacks))
    assert api("handler").get("/api/v1/notifications/dead-letters").status_code == 403
    listed = api("supervisor").get("/api/v1/notifications/dead-letters").json()
    assert listed["count"] == 1 and listed["items"][0] | {"failed_at": None} == {
        "id": delivery.pk,
        "sender": "短信",
        "recipient": city.user("handler").staff.name,
        "category_label": "督办",
        "text": "请答复督办",
        "attempts": 6,
        "last_error": "ConnectionError: 短信网关无响应",
        "failed_at": None,
        "status": "dead",
    }
    client.force_login(city.user("admin"))
    page = client.get("/staff/notifications/dead-letters/")
    assert page.status_code == 200 and "请答复督办" in page.content.decode() and "重新发送" in page.content.decode()
    client.force_login(city.user("handler"))
    assert client.get("/staff/notifications/dead-letters/").status_code == 403
    gateway["down"] = False
    with django_capture_on_commit_callbacks(execute=True):
        r = api("supervisor").post(f"/api/v1/notifications/dead-letters/{delivery.pk}/resend")
    assert r.status_code == 200 and r.json()["status"] == "pending"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 7 and gateway["sent"] == [("13800000000", "【济南市效能平台】请答复督办")]
    resend = AuditRecord.objects.get(action="notification.delivery_resend", subject_id=str(delivery.pk))
    assert resend.actor == city.user("supervisor")
    again = api("supervisor").post(f"/api/v1/notifications/dead-letters/{delivery.pk}/resend")
    assert again.status_code == 409 and again.json()["code"] == "delivery_not_dead"


def test_delivery_is_idempotent(city, gateway, django_capture_on_commit_callbacks):
    gateway["down"] = False
    n = order_notice(city, django_capture_on_commit_callbacks)
    assert tasks.deliver_notifications(ids=[n.pk]) == 0  # a rerun: already sent
    tasks.deliver_one(Delivery.objects.get(notification=n).pk)
    assert len(gateway["sent"]) == 1 and Delivery.objects.count() == 1


def test_email_goes_out_once_per_notification(city, settings, django_capture_on_commit_callbacks):
    handler = city.user("handler")
    handler.email = "handler@example.gov.cn"
    handler.save()
    with override_settings(XIAONENG=settings.XIAONENG | {"NOTIFICATION_SENDERS": ["xiaoneng.notifications.senders.EmailSender"]}):
        n = order_notice(city, django_capture_on_commit_callbacks)
        tasks.deliver_notifications(ids=[n.pk])
    assert len(mail.outbox) == 1 and Delivery.objects.get(notification=n).status == DeliveryStatus.SENT


def test_a_delivery_whose_message_was_lost_is_queued_again(city, gateway, monkeypatch, django_capture_on_commit_callbacks):
    gateway["down"] = False
    lost = []
    monkeypatch.setattr(tasks.deliver_one, "delay", lost.append)  # the message never reaches a worker
    with clock.frozen(clock.aware(dt.datetime(2026, 12, 3, 9))):
        n = order_notice(city, django_capture_on_commit_callbacks)
    monkeypatch.undo()
    delivery = Delivery.objects.get(notification=n)
    assert lost == [delivery.pk] and delivery.status == DeliveryStatus.PENDING
    with clock.frozen(clock.aware(dt.datetime(2026, 12, 3, 10, 59))):
        assert tasks.redeliver_stale() == 0  # its retries could still be running
    with clock.frozen(clock.aware(dt.datetime(2026, 12, 3, 11, 1))):
        assert tasks.redeliver_stale() == 1
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT and len(gateway["sent"]) == 1
