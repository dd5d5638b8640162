from django.conf import settings
from django.db import models

from .context import Channel


class AuditRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if set(kwargs) - AuditRecord.SEAL_FIELDS:
            raise PermissionError("审计记录只能追加，不能修改")
        return super().update(**kwargs)

    def delete(self):
        raise PermissionError("审计记录只能追加，不能删除")


class AuditRecord(models.Model):
    """One state change: who, what, when, before/after, through which channel.

    Append-only.  Records are written inside the transaction that makes the change and sealed
    into a hash chain later, in batches, by ``seal_audit_log`` (a chain extended inside every
    request would make every writer wait for one row).  ``seq`` is the position in the chain,
    ``hash`` covers the record and the previous record's hash.
    """

    SEAL_FIELDS = frozenset({"seq", "prev_hash", "hash"})

    at = models.DateTimeField("时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="操作人")
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    action = models.CharField("操作", max_length=80)
    subject_type = models.CharField("对象类型", max_length=60)
    subject_id = models.CharField("对象编号", max_length=64)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    seq = models.BigIntegerField("链序号", null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "id"], name="audit_subject"),
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_unsealed"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '系统'} {self.action} {self.subject_type}#{self.subject_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计记录只能追加，不能删除")


class AuditChainHead(models.Model):
    """The single row the sealer locks so that only one sealer extends the chain at a time.

    ``epochs`` says how each stretch of the chain was sealed: ``[{"from_seq", "algorithm",
    "key_id"}, ...]`` in order.  Records sealed before keyed sealing existed form a first
    epoch with ``algorithm`` ``"sha256"`` (plain, unkeyed); every later epoch is a keyed MAC
    (``core.crypto``) whose key the database never holds.  Anchors written outside the
    database (``core.anchors``) repeat the epochs, so rewriting them is detected too."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    epochs = models.JSONField(default=list, blank=True)


class IdempotencyRecord(models.Model):
    """The first answer to a create request, replayed when the client retries with the same
    ``Idempotency-Key``."""

    scope = models.CharField(max_length=64)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="idempotency_scope_key")]


class TaskIntent(models.Model):
    """The transactional outbox (``core.outbox``): a background task a service asked for,
    written in the service's own transaction so that the work is never lost between the
    commit and the queue.  The relay publishes what is unpublished and republishes what was
    published but never reported done; the task marks ``done_at`` when it finished."""

    task = models.CharField("任务", max_length=200)
    key = models.CharField("业务键", max_length=100, null=True, blank=True)
    args = models.JSONField("参数", default=list, blank=True)
    created_at = models.DateTimeField("登记时间")
    published_at = models.DateTimeField("投递时间", null=True, blank=True)
    attempts = models.PositiveIntegerField("投递次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        db_table = "core_outbox"
        verbose_name = verbose_name_plural = "后台任务登记"
        constraints = [models.UniqueConstraint(fields=["task", "key"], name="outbox_task_key")]
        indexes = [models.Index(fields=["created_at"], condition=models.Q(done_at__isnull=True), name="outbox_pending")]

    def __str__(self):
        return f"{self.task}({self.key or self.args})"
