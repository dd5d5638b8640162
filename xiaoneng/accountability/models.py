from django.conf import settings
from django.db import models
from django.db.models import Q

from xiaoneng.core.numbers import document_number


class FaultSource(models.TextChoices):
    INSPECTION = "inspection", "明察暗访"
    COMPLAINT = "complaint", "投诉查实"
    RED_CARD = "red_card", "电子监察红牌"
    SUPERVISION = "supervision", "电子监察发现"
    EXTRA_MATERIALS = "extra_materials", "受理后要求补充材料"
    IMPROPER_RETURN = "improper_return", "不当退单"
    DEEMED_DECISION = "deemed_decision", "超时未办（视为同意）"
    OTHER = "other", "其他"


class FaultStatus(models.TextChoices):
    REPORTED = "reported", "待核实"
    VERIFIED = "verified", "已认定"
    DISMISSED = "dismissed", "不予认定"
    REVOKED = "revoked", "申诉后撤销认定"
    WITHDRAWN = "withdrawn", "监察依据不成立，已撤回"


class ProhibitedConduct(models.Model):
    """One line of the published list of prohibited conduct (高压线).  Data, seeded from the
    source documents and edited by administrators; retired lines are deactivated."""

    code = models.SlugField("编码", max_length=40, unique=True)
    title = models.CharField("行为", max_length=100)
    description = models.TextField("具体表现", blank=True)
    basis = models.CharField("依据", max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "高压线（禁止行为）"
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.title


class Fault(models.Model):
    """An administrative fault (行政过错) to be verified and, if verified, sanctioned.

    Faults are opened by inspections, substantiated complaints, red cards and the service
    rules (asking for materials after acceptance, improper returns ...).  Nothing is ever
    deleted: a fault that does not stand is dismissed, with its reasons; one reversed on
    appeal is revoked."""

    source = models.CharField("来源", max_length=30, choices=FaultSource.choices)
    status = models.CharField("状态", max_length=20, choices=FaultStatus.choices, default=FaultStatus.REPORTED)
    # Red-card faults are written in bulk by the sweeper from warnings whose department and
    # person exist; per-row key triggers would cost more than the writes, so the database does
    # not check these keys (Django still refuses to delete a referenced row: PROTECT).
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="faults", db_constraint=False, verbose_name="责任部门")
    person = models.ForeignKey("org.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="faults", db_constraint=False, verbose_name="责任人")
    subject_type = models.CharField("关联对象类型", max_length=60, blank=True)
    subject_id = models.CharField("关联对象编号", max_length=64, blank=True)
    description = models.TextField("事实")
    occurred_at = models.DateTimeField("发生时间")
    recorded_at = models.DateTimeField("记录时间")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name="记录人"
    )
    dedupe_key = models.CharField(max_length=120, blank=True, help_text="自动产生的过错用它防止重复记录")
    conduct = models.ForeignKey(
        ProhibitedConduct, null=True, blank=True, on_delete=models.PROTECT, related_name="faults", db_index=False, verbose_name="触犯高压线"
    )
    # Red-card faults carry dedupe_key "supervision.warning:<id>", which is also how a warning
    # finds its fault (indexed); this key is for navigation and is not checked either.
    warning = models.ForeignKey(
        "supervision.Warning",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="faults",
        db_index=False,
        db_constraint=False,
        verbose_name="电子监察红牌",
    )
    decided_at = models.DateTimeField("认定时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name="认定人"
    )
    decision_basis = models.TextField("认定依据/不予认定理由", blank=True)
    revoked_at = models.DateTimeField("撤销或撤回时间", null=True, blank=True, help_text="申诉后撤销认定，或所依据的红牌撤回")

    class Meta:
        verbose_name = verbose_name_plural = "行政过错"
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], condition=~Q(dedupe_key=""), name="fault_dedupe")]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="fault_subject"),
            models.Index(fields=["person", "occurred_at"], condition=Q(status="verified"), name="fault_verified_person"),
            models.Index(fields=["recorded_at"], name="fault_recorded"),
            models.Index(fields=["warning"], condition=Q(warning__isnull=False), name="fault_warning"),
        ]

    def __str__(self):
        return f"{self.get_source_display()}：{self.department}"

    @property
    def number(self) -> str:
        return document_number("过错", self.recorded_at, self.pk)


class PersonCategory(models.TextChoices):
    LEADER = "leader", "领导干部"
    STAFF = "staff", "一般工作人员"


class Measure(models.TextChoices):
    """Measures in use, mildest first (PRODUCT.md part 4)."""

    NONE = "none", "免予处理"
    REMINDER_TALK = "reminder_talk", "提醒谈话"
    ADMONITION = "admonition", "诫勉谈话"
    SELF_CRITICISM = "self_criticism", "书面检查"
    CIRCULATED_CRITICISM = "circulated_criticism", "通报批评"
    TRANSFER = "transfer", "调离岗位"
    WARNING = "warning", "警告"
    SUSPENSION = "suspension", "待岗"
    ORDERED_RESIGNATION = "ordered_resignation", "责令辞职"
    REMOVAL = "removal", "建议免职"
    DISMISSAL = "dismissal", "辞退"
    DISCIPLINARY = "disciplinary", "移送纪检监察机关处理"


class CountingWindow(models.TextChoices):
    CALENDAR_YEAR = "calendar_year", "自然年度"
    ROLLING_12_MONTHS = "rolling_12_months", "连续十二个月"


class LadderTrack(models.TextChoices):
    CONDUCT = "conduct", "高压线与查实投诉"
    OVERDUE = "overdue", "超时与监察发现"


class SanctionLadder(models.Model):
    """The sanction ladder for one category of people and one track: the n-th verified fault
    of the kinds it counts within the counting window proposes step n (the last step
    repeats).  A fault's kind is ``conduct`` when it breaches a prohibited-conduct line,
    otherwise its source."""

    category = models.CharField("人员类别", max_length=10, choices=PersonCategory.choices)
    track = models.CharField("梯度类别", max_length=10, choices=LadderTrack.choices, default=LadderTrack.CONDUCT)
    counts = models.JSONField("计入的过错类型", default=list, blank=True, help_text="conduct（触犯高压线）或过错来源，如 complaint、red_card")
    window = models.CharField("累计期间", max_length=20, choices=CountingWindow.choices, default=CountingWindow.CALENDAR_YEAR)
    appeal_working_days = models.PositiveSmallIntegerField("申诉期限（工作日）", default=15)
    basis = models.CharField("依据", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "问责梯度"
        constraints = [models.UniqueConstraint(fields=["category", "track"], name="sanctionladder_track")]

    def __str__(self):
        return f"{self.get_category_display()}（{self.get_track_display()}）"


class SanctionStep(models.Model):
    ladder = models.ForeignKey(SanctionLadder, on_delete=models.CASCADE, related_name="steps", verbose_name="梯度")
    ordinal = models.PositiveSmallIntegerField("第几次")
    measure = models.CharField("处理措施", max_length=30, choices=Measure.choices)

    class Meta:
        verbose_name = verbose_name_plural = "梯度档次"
        ordering = ["ladder", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["ladder", "ordinal"], name="sanctionstep_unique")]

    def __str__(self):
        return f"第{self.ordinal}次：{self.get_measure_display()}"


class SanctionStatus(models.TextChoices):
    PROPOSED = "proposed", "拟处理"
    DECIDED = "decided", "已决定（申诉期内）"
    APPEALED = "appealed", "申诉中"
    FINAL = "final", "已生效"
    REVOKED = "revoked", "已撤销"
    SUPERSEDED = "superseded", "已变更"


class Sanction(models.Model):
    """The measure taken for one verified fault.  Proposed from the ladder when the fault is
    verified, decided by the office head or a leader, open to appeal until its appeal clock
    (kind ``accountability.appeal``) runs out, then final.  A changed decision is a new row
    that ``replaces`` the old one."""

    fault = models.ForeignKey(Fault, on_delete=models.PROTECT, related_name="sanctions", verbose_name="过错")
    person = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="sanctions", verbose_name="被处理人")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="部门")
    category = models.CharField("人员类别", max_length=10, choices=PersonCategory.choices)
    track = models.CharField("梯度类别", max_length=10, choices=LadderTrack.choices, default=LadderTrack.CONDUCT)
    ordinal = models.PositiveSmallIntegerField("期间内第几次过错")
    window_start = models.DateField("累计期间起")
    window_end = models.DateField("累计期间止")
    proposed_measure = models.CharField("梯度建议", max_length=30, choices=Measure.choices)
    measure = models.CharField("处理措施", max_length=30, choices=Measure.choices)
    status = models.CharField("状态", max_length=12, choices=SanctionStatus.choices, default=SanctionStatus.PROPOSED)
    basis = models.TextField("决定依据", blank=True)
    proposed_at = models.DateTimeField("提出时间")
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="决定人")
    appeal_clock = models.ForeignKey("clocks.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="申诉期限")
    appeal_due_at = models.DateTimeField("申诉截止", null=True, blank=True)
    final_at = models.DateTimeField("生效时间", null=True, blank=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="变更自")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "责任追究"
        indexes = [
            models.Index(fields=["appeal_due_at"], condition=Q(status="decided"), name="sanction_appeal_open"),
            models.Index(fields=["decided_at"], name="sanction_decided"),
        ]

    def __str__(self):
        return f"{self.person.name}：{self.get_measure_display()}"

    @property
    def number(self) -> str:
        return document_number("处理", self.proposed_at, self.pk)


class AppealStatus(models.TextChoices):
    FILED = "filed", "待复核"
    UPHELD = "upheld", "维持原决定"
    MODIFIED = "modified", "变更处理"
    REVOKED = "revoked", "撤销处理"


class Appeal(models.Model):
    """申诉: the person asks for a decision to be reviewed, once, before the appeal deadline.
    Decided with its basis by someone other than the one who took the decision."""

    sanction = models.OneToOneField(Sanction, on_delete=models.PROTECT, related_name="appeal", verbose_name="处理决定")
    grounds = models.TextField("申诉理由")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申诉人")
    filed_at = models.DateTimeField("申诉时间")
    status = models.CharField("状态", max_length=12, choices=AppealStatus.choices, default=AppealStatus.FILED)
    new_measure = models.CharField("变更后的措施", max_length=30, choices=Measure.choices, blank=True)
    decision_basis = models.TextField("复核意见", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="复核人")
    decided_at = models.DateTimeField("复核时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "申诉"

    def __str__(self):
        return f"申诉：{self.sanction}"
