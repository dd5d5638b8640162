"""Inspections (明察暗访): unannounced visits drawn at random, and what the inspectors found."""

import uuid

from django.conf import settings
from django.db import models

from xiaoneng.core.numbers import document_number


class FindingCategory(models.Model):
    """What inspectors record (late, absent from post, games at work ...): data, seeded from
    the source documents; a category may point at the line of the 高压线 it breaches."""

    code = models.SlugField("编码", max_length=40, unique=True)
    name = models.CharField("问题类别", max_length=60)
    conduct = models.ForeignKey(
        "accountability.ProhibitedConduct", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="对应高压线"
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "问题类别"
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class PlanState(models.TextChoices):
    DRAFT = "draft", "待抽取"
    DRAWN = "drawn", "已抽取"
    DONE = "done", "已完成"


class InspectionPlan(models.Model):
    """A round of unannounced visits (不打招呼、随机安排).  The draw is reproducible: the seed,
    the candidate departments and the time slots are recorded, and the same inputs always
    give the same targets.  Plans are seen by the supervision office and leaders only."""

    title = models.CharField("名称", max_length=120)
    notes = models.TextField("工作要求", blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    pool = models.JSONField("候选部门", default=list, help_text="部门编号列表，抽取时固定")
    target_count = models.PositiveSmallIntegerField("抽取数量")
    slots = models.JSONField("时段", default=list, help_text='如 ["08:50", "10:30", "14:10", "16:20"]')
    seed = models.BigIntegerField("随机种子", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="制定人")
    created_at = models.DateTimeField("制定时间")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="抽取人")
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "明察暗访计划"
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.title


class InspectionTarget(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="targets", verbose_name="计划")
    sequence = models.PositiveSmallIntegerField("序号")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="检查对象")
    visit_on = models.DateField("检查日期")
    visit_time = models.CharField("时段", max_length=5)

    class Meta:
        verbose_name = verbose_name_plural = "抽取结果"
        ordering = ["plan", "sequence"]
        constraints = [models.UniqueConstraint(fields=["plan", "sequence"], name="inspectiontarget_unique")]

    def __str__(self):
        return f"{self.visit_on} {self.visit_time} {self.department}"


class Finding(models.Model):
    """A problem seen on a visit (or reported by an inspector ad hoc), tied to a department and,
    where known, a person.  One action turns it into a fault for accountability."""

    plan = models.ForeignKey(InspectionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="findings", verbose_name="计划")
    target = models.ForeignKey(InspectionTarget, null=True, blank=True, on_delete=models.PROTECT, related_name="findings", verbose_name="检查对象")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="部门/窗口")
    person = models.ForeignKey("org.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="当事人")
    category = models.ForeignKey(FindingCategory, on_delete=models.PROTECT, related_name="+", verbose_name="问题类别")
    observed_at = models.DateTimeField("发现时间")
    location = models.CharField("地点", max_length=120, blank=True)
    description = models.TextField("情况描述")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人")
    recorded_at = models.DateTimeField("记录时间")
    fault = models.OneToOneField("accountability.Fault", null=True, blank=True, on_delete=models.PROTECT, related_name="finding", verbose_name="过错")

    class Meta:
        verbose_name = verbose_name_plural = "检查发现"
        indexes = [models.Index(fields=["department", "observed_at"], name="finding_department")]

    def __str__(self):
        return f"{self.category}：{self.department}"


def _evidence_path(instance, filename: str) -> str:
    # Never the uploaded name: stored names are unguessable and carry no personal data.
    return f"private/evidence/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"

    @property
    def number(self) -> str:
        return document_number("检查", self.recorded_at, self.pk)


class Evidence(models.Model):
    """A photo, recording or document supporting a finding.  Its type is read from the
    content (not the name), its size is limited, and it is served to authorised users only."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="evidence", verbose_name="检查发现")
    file = models.FileField("文件", upload_to=_evidence_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    extension = models.CharField("扩展名", max_length=10)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = verbose_name_plural = "证据材料"

    def __str__(self):
        return self.original_name
