"""In-app notifications: every domain tells people things through this one table."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Category(models.TextChoices):
    WARNING = "warning", "电子监察"
    ORDER = "order", "督办"
    FAULT = "fault", "过错认定"
    SANCTION = "sanction", "责任追究"
    APPEAL = "appeal", "申诉"
    PUBLICITY = "publicity", "红黑榜"
    INSPECTION = "inspection", "明察暗访"
    REPLY = "reply", "答复质量"
    DELIVERY = "delivery", "通知投递失败"


class Notification(models.Model):
    """An in-app message on the recipient's workbench.  SMS and e-mail copies go out through
    the senders in ``XIAONENG["NOTIFICATION_SENDERS"]`` after commit.  Append-only apart from
    the read mark.

    ``batch`` groups the digests one bulk writer (a supervision sweep) wrote, at most one per
    recipient, so that the writer can queue their outside copies with one task."""

    Category = Category

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="接收人")
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    text = models.TextField("内容")
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    batch = models.BigIntegerField("批次", null=True, blank=True, db_column="sweep_id")

    class Meta:
        db_table = "supervision_notification"  # the table predates this package
        verbose_name = verbose_name_plural = "站内通知"
        constraints = [models.UniqueConstraint(fields=["batch", "recipient"], condition=Q(batch__isnull=False), name="notification_sweep_recipient")]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self):
        return self.text[:40]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    DEAD = "dead", "发送失败"


class Delivery(models.Model):
    """One outside copy (SMS, e-mail) of a notification through one sender.  Retried with
    backoff; after the last attempt it is a dead letter, which the office sees and can send
    again (``notifications.deliveries``)."""

    Status = DeliveryStatus

    notification = models.ForeignKey(Notification, on_delete=models.PROTECT, related_name="deliveries", verbose_name="通知")
    sender = models.CharField("发送渠道", max_length=200)
    status = models.CharField("状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField("发送次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("登记时间")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    failed_at = models.DateTimeField("失败时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知投递"
        constraints = [models.UniqueConstraint(fields=["notification", "sender"], name="delivery_notification_sender")]
        indexes = [models.Index(fields=["-failed_at"], condition=Q(status="dead"), name="delivery_dead_letters")]

    def __str__(self):
        return f"{self.sender} → {self.notification_id}"
