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
