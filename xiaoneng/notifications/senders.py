"""Outside channels for notifications.  ``XIAONENG["NOTIFICATION_SENDERS"]`` lists dotted paths
of sender classes (default: none — in-app only).  A sender's ``send(notification)`` delivers
one notification or raises; the queue retries it with backoff, and after the last attempt
the delivery is a dead letter the office can send again (``deliveries``)."""

from __future__ import annotations

import logging
from functools import cache

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from xiaoneng.org.selectors import staff_of

from .models import Notification

log = logging.getLogger(__name__)


def _absolute(link: str) -> str:
    return settings.XIAONENG["SITE_URL"].rstrip("/") + link if link.startswith("/") else link


class EmailSender:
    """E-mail through Django's e-mail backend, to the address on the recipient's account."""

    label = "电子邮件"

    def send(self, notification: Notification) -> None:
        address = notification.recipient.email
        if not address:
            return
        body = notification.text + (f"\n\n详情：{_absolute(notification.link)}" if notification.link else "")
        send_mail(f"【{settings.XIAONENG['CITY_NAME']}效能平台】{notification.get_category_display()}", body, None, [address])


class SmsSender:
    """Text messages to the recipient's phone on file.  Subclass and implement
    :meth:`send_sms` for the city's SMS gateway."""

    label = "短信"

    def send(self, notification: Notification) -> None:
        staff = staff_of(notification.recipient)
        if staff is None or not staff.phone:
            return
        self.send_sms(staff.phone, f"【{settings.XIAONENG['CITY_NAME']}效能平台】{notification.text}")

    def send_sms(self, phone: str, text: str) -> None:
        raise NotImplementedError


class LoggingSmsSender(SmsSender):
    """Writes the message to the log instead of a gateway (demo and test installations)."""

    def send_sms(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", phone, text)


@cache
def sender(path: str):
    return import_string(path)()


def sender_label(path: str) -> str:
    """What people read for a sender: its ``label``, or its class name if it has none."""
    try:
        return getattr(sender(path), "label", path.rsplit(".", 1)[-1])
    except ImportError:
        return path.rsplit(".", 1)[-1]


def configured_senders() -> list[str]:
    return list(settings.XIAONENG.get("NOTIFICATION_SENDERS", []))
