"""好差评: one rating per application or work order, the rectification a bad review opens,
and the department's appeal against a mistaken or malicious review."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..rules import AppealStatus, Level, RectificationStatus, is_bad

USER = settings.AUTH_USER_MODEL


class SubjectType(models.TextChoices):
    APPLICATION = "application", "办件"
    WORKORDER = "workorder", "诉求工单"


class Channel(models.TextChoices):
    """评价渠道 (GB/T 39046-2020's list); ``default`` marks a rating nobody gave."""

    PC = "pc", "网上（PC端）"
    MOBILE = "mobile", "移动端"
    QR = "qr", "二维码"
    TABLET = "tablet", "窗口评价器"
    TERMINAL = "terminal", "其他终端（自助机）"
    PHONE = "phone", "电话"
    SMS = "sms", "短信"
    DEFAULT = "default", "逾期默认"


class RatingPolicy(models.Model):
    """The city's 好差评 rules (one row, edited by the supervision office)."""

    window_days = models.PositiveSmallIntegerField("评价期限（自然日）", default=7, help_text="办结后多少天内可以评价")
    default_level = models.PositiveSmallIntegerField(
        "逾期默认评价", choices=Level.choices, null=True, blank=True, help_text="留空表示逾期不评价的不作默认；只能是好评或基本满意"
    )
    rectification_days = models.PositiveSmallIntegerField(
        "差评整改期限（工作日）", default=5, choices=[(5, "5个工作日"), (10, "10个工作日"), (15, "15个工作日")]
    )
    callback_days = models.PositiveSmallIntegerField("整改后回访期限（工作日）", default=1)
    updated_at = models.DateTimeField("更新时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "好差评规则"


class Rating(models.Model):
    """One person's rating of one service (GB/T 39046-2020's 办件评价): who gave it, through
    which channel, when they gave it (``rated_at``) and when it was recorded.  Nothing is ever
    deleted: a review found mistaken or malicious on appeal is ``excluded`` from statistics."""

    subject_type = models.CharField("评价对象", max_length=12, choices=SubjectType.choices)
    subject_id = models.BigIntegerField("对象编号")
    subject_number = models.CharField("办件编号", max_length=40)
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="被评价部门")
    window = models.ForeignKey("org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="窗口")
    person = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="经办人")
    division_code = models.CharField("行政区划", max_length=12, blank=True)
    served_at = models.DateTimeField("办结时间")

    level = models.PositiveSmallIntegerField("满意度", choices=Level.choices)
    channel = models.CharField("评价渠道", max_length=12, choices=Channel.choices)
    comment = models.TextField("文字评价", blank=True)
    indicator_scores = models.JSONField("指标评分", default=dict, blank=True)
    rater_name = models.CharField("评价人", max_length=100, blank=True)
    is_default = models.BooleanField("默认评价", default=False)
    rated_at = models.DateTimeField("评价时间")
    recorded_at = models.DateTimeField("录入时间")
    entered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="代录人")
    terminal = models.CharField("终端", max_length=60, blank=True)

    follow_up_level = models.PositiveSmallIntegerField("追评满意度", choices=Level.choices, null=True, blank=True)
    follow_up_comment = models.TextField("追评内容", blank=True)
    follow_up_at = models.DateTimeField("追评时间", null=True, blank=True)

    excluded = models.BooleanField("不计入统计", default=False)
    excluded_reason = models.CharField("不计入原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "好差评"
        constraints = [models.UniqueConstraint(fields=["subject_type", "subject_id"], name="rating_once_per_case")]
        indexes = [
            models.Index(fields=["department", "rated_at"], name="rating_dept_at"),
            models.Index(fields=["rated_at"], name="rating_at"),
        ]

    def __str__(self):
        return f"{self.subject_number} {self.get_level_display()}"

    @property
    def bad(self) -> bool:
        return is_bad(self.level)


class Rectification(models.Model):
    """差评整改: a bad review is verified (核实) and rectified (整改) within the configured
    working days, the rater is called back (回访) within a working day of the rectification,
    and may then add one follow-up rating (追评).  Both deadlines are clocks that electronic
    supervision watches; the due dates are read from them (no copy kept here)."""

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="rectification")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="整改部门")
    status = models.CharField("状态", max_length=12, choices=RectificationStatus.choices, default=RectificationStatus.VERIFYING)
    working_days = models.PositiveSmallIntegerField("整改期限（工作日）")
    opened_at = models.DateTimeField("转办时间")
    clock = models.ForeignKey("clocks.Clock", null=True, on_delete=models.PROTECT, related_name="+", verbose_name="整改时限")
    callback_clock = models.ForeignKey("clocks.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="回访时限")
    substantiated = models.BooleanField("反映属实", null=True, blank=True)
    verification = models.TextField("核实情况", blank=True)
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    verified_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    measures = models.TextField("整改措施", blank=True)
    rectified_at = models.DateTimeField("整改完成时间", null=True, blank=True)
    rectified_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    callback_note = models.TextField("回访情况", blank=True)
    rater_reached = models.BooleanField("联系上评价人", null=True, blank=True)
    called_back_at = models.DateTimeField("回访时间", null=True, blank=True)
    called_back_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "差评整改"
        indexes = [models.Index(fields=["department", "status"], name="rectification_dept")]

    def __str__(self):
        return f"差评整改 {self.rating.subject_number}"


class AppealGrounds(models.TextChoices):
    MISTAKEN = "mistaken", "误评"
    MALICIOUS = "malicious", "恶意差评"


class Appeal(models.Model):
    """申诉复核: the department says a review is mistaken or malicious, with evidence; the
    supervision office decides.  Upheld: the review leaves the statistics, never the table."""

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="appeal")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="申诉部门")
    grounds = models.CharField("申诉类型", max_length=12, choices=AppealGrounds.choices)
    reason = models.TextField("申诉理由")
    evidence = models.TextField("证据")
    filed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField("申诉时间")
    status = models.CharField("状态", max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("复核时间", null=True, blank=True)
    decision_note = models.TextField("复核意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "差评申诉"
        indexes = [models.Index(fields=["filed_at"], condition=Q(status="pending"), name="rating_appeal_pending")]
