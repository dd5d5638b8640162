from django.conf import settings
from django.db import models
from django.db.models import Q


class FaultSource(models.TextChoices):
    INSPECTION = "inspection", "明察暗访"
    COMPLAINT = "complaint", "投诉查实"
    RED_CARD = "red_card", "电子监察红牌"
    EXTRA_MATERIALS = "extra_materials", "受理后要求补充材料"
    IMPROPER_RETURN = "improper_return", "不当退单"
    DEEMED_DECISION = "deemed_decision", "超时未办（视为同意）"
    OTHER = "other", "其他"


class FaultStatus(models.TextChoices):
    REPORTED = "reported", "待核实"
    VERIFIED = "verified", "已认定"
    DISMISSED = "dismissed", "不予认定"


class Fault(models.Model):
    """An administrative fault (行政过错) to be verified and, if verified, sanctioned.

    Faults are opened by inspections, substantiated complaints, red cards and the service
    rules (asking for materials after acceptance, improper returns ...).  Nothing is ever
    deleted: a fault that does not stand is dismissed, with its reasons."""

    source = models.CharField("来源", max_length=30, choices=FaultSource.choices)
    status = models.CharField("状态", max_length=20, choices=FaultStatus.choices, default=FaultStatus.REPORTED)
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="faults", verbose_name="责任部门")
    person = models.ForeignKey("org.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="faults", verbose_name="责任人")
    subject_type = models.CharField("关联对象类型", max_length=60, blank=True)
    subject_id = models.CharField("关联对象编号", max_length=64, blank=True)
    description = models.TextField("事实")
    occurred_at = models.DateTimeField("发生时间")
    recorded_at = models.DateTimeField("记录时间")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="记录人")
    dedupe_key = models.CharField(max_length=120, blank=True, help_text="自动产生的过错用它防止重复记录")

    class Meta:
        verbose_name = verbose_name_plural = "行政过错"
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], condition=~Q(dedupe_key=""), name="fault_dedupe")]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="fault_subject")]

    def __str__(self):
        return f"{self.get_source_display()}：{self.department}"
