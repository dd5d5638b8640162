"""Electronic supervision (电子监察): what the sweeper issues, how it is configured, and what
the supervision office does with it (督办, 红黑榜, 通报)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from xiaoneng.core.numbers import document_number

DEFAULT_KIND = "*"


class Level(models.TextChoices):
    NOTICE = "notice", "临期预警"
    YELLOW = "yellow", "黄牌"
    RED = "red", "红牌"


class WithdrawnBecause(models.TextChoices):
    """Why a card no longer holds once its clock's history is judged again."""

    HALTED = "halted", "按实际办理时间，办结或暂停早于生效时间"
    MET = "met", "已认定按期办结"
    MOVED = "moved", "期限已变更（延长、扣除特别程序期间或日历调整）"
    RECOMPUTED = "recomputed", "按工作日历重新计算，生效时间或督办期限已变"


class SupervisionRule(models.Model):
    """How the sweeper treats one clock kind; the row with kind ``*`` applies to every kind
    that has no row of its own.  Edited by administrators; defaults come from a migration."""

    kind = models.CharField("时限类型", max_length=60, unique=True, help_text="如 application.decision；* 表示默认")
    supervised = models.BooleanField("纳入电子监察", default=True)
    notice_lead_days = models.PositiveSmallIntegerField("提前预警（工作日）", default=1, help_text="到期前几个工作日发出临期预警；0 表示到期当日")
    supervision_days = models.PositiveSmallIntegerField("黄牌督办期限（工作日）", default=3, help_text="黄牌责令在原期限后几个工作日内办结，逾期即亮红牌")
    heads_from = models.CharField("从哪一级起通知部门负责人", max_length=10, choices=Level.choices, default=Level.RED)
    leaders_from = models.CharField("从哪一级起上报分管领导", max_length=10, choices=Level.choices, blank=True, default="", help_text="留空表示不上报")
    note = models.CharField("说明", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "电子监察规则"
        ordering = ["kind"]

    def __str__(self):
        return "默认规则" if self.kind == DEFAULT_KIND else self.kind


class SweepRun(models.Model):
    """One committed pass of the sweeper.  A dry run is rolled back and leaves no row.

    ``live`` runs look at "now"; runs with an explicit ``as_of`` backfill a past moment.  The
    start of the last live run bounds what the next live run must re-read (clocks stopped
    since then), see :mod:`xiaoneng.supervision.sweep`."""

    as_of = models.DateTimeField("监察时点")
    live = models.BooleanField("实时", default=True)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    watermark = models.DateTimeField("已见变更截至", null=True, blank=True, help_text="此前登记的时限变更这次扫描都已看到；下次实时扫描从这里起重新判定")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="执行人")
    counts = models.JSONField("结果", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "监察扫描记录"
        indexes = [models.Index(fields=["started_at"], condition=Q(live=True), name="sweeprun_live")]

    def __str__(self):
        return f"第{self.pk}次扫描（{self.as_of:%Y-%m-%d %H:%M}）"


class Warning(models.Model):  # noqa: A001 - the glossary's name for 预警/黄牌/红牌
    """One warning: a level reached by one clock (``rule="deadline"``) or one irregularity
    found by a registered check (``rule`` = the check's code, no clock).

    Never deleted.  ``effective_at`` is when the condition became true (notice: the start of
    the working day N working days before the deadline; yellow: the clock's due moment; red:
    the yellow card's supervision deadline), ``issued_at`` when a sweep wrote it and
    ``resolved_at`` when the clock stopped or paused (its act time).  A card that no longer
    holds once the clock's history changed (an extension, an excluded period, a calendar
    import, an act recorded late) is withdrawn: ``withdrawn_at`` and ``withdrawn_reason``
    are set and ``resolved_at`` becomes ``effective_at``, so it was never in force.  At most
    one card in force per (clock, level, deadline)."""

    level = models.CharField("级别", max_length=10, choices=Level.choices)
    rule = models.CharField("监察规则", max_length=60, default="deadline")
    # The sweeper writes these rows in bulk from rows that exist (clocks, their departments and
    # people, its own run) and nothing ever deletes the referenced rows; per-row foreign-key
    # triggers would cost more than the inserts themselves, so the keys are not checked by the
    # database (Django still refuses to delete a referenced row: on_delete=PROTECT).
    clock = models.ForeignKey(
        "clocks.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False, verbose_name="时限"
    )
    clock_kind = models.CharField("时限类型", max_length=60, blank=True)
    subject_type = models.CharField("对象类型", max_length=60)
    subject_id = models.BigIntegerField("对象编号")
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False, verbose_name="责任部门"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False, verbose_name="责任人"
    )
    due = models.DateTimeField("所涉期限")
    supervision_due_at = models.DateTimeField("督办期限", null=True, blank=True, help_text="黄牌责令办结的期限")
    effective_at = models.DateTimeField("生效时间")
    issued_at = models.DateTimeField("发出时间")
    resolved_at = models.DateTimeField("解除时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回原因", max_length=12, choices=WithdrawnBecause.choices, blank=True)
    # A run's rows are a contiguous id range (runs are serialised), recorded in its counts.
    sweep = models.ForeignKey(SweepRun, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False, verbose_name="扫描批次")

    class Meta:
        verbose_name = verbose_name_plural = "预警与红黄牌"
        # Every index costs the sweeper on each row it writes: these are the ones reads need.
        constraints = [
            models.UniqueConstraint(fields=["clock", "level", "due"], condition=Q(withdrawn_at__isnull=True), name="warning_clock_level_due"),
            models.UniqueConstraint(fields=["subject_id", "subject_type", "rule", "level"], condition=Q(clock__isnull=True), name="warning_check_subject"),
        ]
        indexes = [
            models.Index(fields=["effective_at"], name="warning_effective"),
            # the open findings of each check, which a live pass looks up again
            models.Index(fields=["rule", "subject_id"], condition=Q(clock__isnull=True, resolved_at__isnull=True), name="warning_open_check"),
            models.Index(fields=["supervision_due_at"], condition=Q(level="yellow", resolved_at__isnull=True), name="warning_open_yellow"),
            # The dashboard's counts read only this index (an index-only scan over the open rows) …
            models.Index(fields=["department", "level"], include=["rule", "due", "effective_at"], condition=Q(resolved_at__isnull=True), name="warning_open"),
            # … and its list of the worst cards walks this one in deadline order; the notices in
            # force (due still ahead: the next few days' deadlines) are counted from it alone.
            models.Index(fields=["level", "due", "id"], include=["department"], condition=Q(resolved_at__isnull=True), name="warning_open_due"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.number}"

    @property
    def number(self) -> str:
        return document_number("监察", self.issued_at, self.pk)


class WarningDaily(models.Model):
    """Warnings that became effective per day, department and level — kept by the sweeper
    in the same transaction, so the trend chart never scans the warnings table."""

    day = models.DateField("日期")
    department_id = models.BigIntegerField("部门", default=0, help_text="0 表示未指定部门")
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    issued = models.PositiveIntegerField("件数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "预警日汇总"
        constraints = [models.UniqueConstraint(fields=["day", "department_id", "level"], name="warningdaily_key")]


class WarningCityDaily(models.Model):
    """The city's warnings that became effective per day and level (the sum of
    :class:`WarningDaily` over the departments), kept by the sweeper in the same statements,
    so that the city-wide trend reads a few hundred rows, not one per department."""

    day = models.DateField("日期")
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    issued = models.PositiveIntegerField("件数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "全市预警日汇总"
        constraints = [models.UniqueConstraint(fields=["day", "level"], name="warningcitydaily_key")]


class OpenWarningCount(models.Model):
    """How many warnings are open (``resolved_at`` unset) per department, level and rule —
    kept exactly by the sweeper in the transaction of each pass (one statement a pass, see
    :mod:`xiaoneng.supervision.open_counts`), so the dashboard reads a few hundred rows
    however many cards are open.  ``manage.py supervision_counts`` recounts and compares."""

    department_id = models.BigIntegerField("部门", default=0, help_text="0 表示未指定部门")
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    rule = models.CharField("监察规则", max_length=60)
    open = models.IntegerField("未解除件数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "未解除预警计数"
        constraints = [models.UniqueConstraint(fields=["department_id", "level", "rule"], name="openwarningcount_key")]


class OversightAssignment(models.Model):
    """分管领导: a leader in charge of departments (and everything below them).  Supervision
    orders escalate to them, and so do warnings of kinds configured to."""

    leader = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="oversight", verbose_name="分管领导")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="分管部门")
    created_at = models.DateTimeField("设定时间")

    class Meta:
        verbose_name = verbose_name_plural = "分管领导"
        constraints = [models.UniqueConstraint(fields=["leader", "department"], name="oversight_unique")]

    def __str__(self):
        return f"{self.leader.name} 分管 {self.department}"


class OrderState(models.TextChoices):
    ISSUED = "issued", "待答复"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"


class SupervisionOrder(models.Model):
    """督办: the office orders a department to act on a case by a deadline.  The deadline is a
    clock of kind ``supervision.order``; when it passes the sweeper cards it like any other
    clock, and the rule for that kind escalates to the department head, then to the leader
    in charge."""

    subject_type = models.CharField("督办对象类型", max_length=60)
    subject_id = models.BigIntegerField("督办对象编号")
    warning = models.ForeignKey(Warning, null=True, blank=True, on_delete=models.PROTECT, related_name="orders", verbose_name="所涉预警")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="承办部门")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="承办人")
    instructions = models.TextField("督办要求")
    working_days = models.PositiveSmallIntegerField("办理时限（工作日）")
    due_at = models.DateTimeField("答复期限")
    clock = models.ForeignKey("clocks.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="时限")
    state = models.CharField("状态", max_length=12, choices=OrderState.choices, default=OrderState.ISSUED)
    answer = models.TextField("答复", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="答复人")
    review_note = models.TextField("审核意见", blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="督办人")
    issued_at = models.DateTimeField("督办时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "督办单"
        indexes = [
            models.Index(fields=["subject_id", "subject_type"], name="order_subject"),
            models.Index(fields=["department", "state"], name="order_department"),
        ]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return document_number("督", self.issued_at, self.pk)


class ListKind(models.TextChoices):
    HONOUR = "honour", "红榜"
    SHAME = "shame", "黑榜"


class ListTarget(models.TextChoices):
    DEPARTMENT = "department", "部门"
    WINDOW = "window", "窗口"
    CASE = "case", "案例"


class ListState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审批"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤下"


class ListEntry(models.Model):
    """One entry on the honour or shame list (红黑榜): drafted by a supervisor, approved by the
    office head or a leader, then public; withdrawn, never deleted."""

    kind = models.CharField("榜单", max_length=10, choices=ListKind.choices)
    target = models.CharField("对象", max_length=12, choices=ListTarget.choices)
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="部门/窗口")
    subject_type = models.CharField("案例对象类型", max_length=60, blank=True)
    subject_id = models.BigIntegerField("案例对象编号", null=True, blank=True)
    title = models.CharField("标题", max_length=120)
    summary = models.TextField("公开内容", help_text="将在公开门户原文发布，不得含个人隐私")
    period = models.CharField("所属期间", max_length=40, blank=True, help_text="如 2026年第三季度")
    state = models.CharField("状态", max_length=12, choices=ListState.choices, default=ListState.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="起草人")
    drafted_at = models.DateTimeField("起草时间")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="审批人")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤下时间", null=True, blank=True)
    state_note = models.TextField("审批/撤下说明", blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "红黑榜"
        indexes = [models.Index(fields=["kind", "-published_at"], condition=Q(state="published"), name="listentry_public")]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"


class Bulletin(models.Model):
    """A monthly bulletin (通报) as circulated: the figures are frozen when it is issued, so a
    later download shows what was sent."""

    month = models.DateField("月份", help_text="该月第一天")
    title = models.CharField("标题", max_length=120)
    as_of = models.DateTimeField("数据截至")
    figures = models.JSONField("数据")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="签发人")
    issued_at = models.DateTimeField("签发时间")

    class Meta:
        verbose_name = verbose_name_plural = "月度通报"
        ordering = ["-month", "-id"]

    def __str__(self):
        return self.title

    @property
    def number(self) -> str:
        return document_number("效能通报", self.issued_at, self.pk)
