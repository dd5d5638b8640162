import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

BACKDATE_MARGIN = dt.timedelta(minutes=1)


class ClockState(models.TextChoices):
    RUNNING = "running", "计时中"
    PAUSED = "paused", "暂停计时"
    STOPPED = "stopped", "已结束"


class Clock(models.Model):
    """One deadline that somebody must meet: an application's decision, a work order's
    sign-for, a co-department's review, ...

    The owning domain keeps its own due dates (``Application.legal_due_on``); it also
    starts, moves and stops a Clock in the same transaction, so that electronic supervision
    can watch every deadline in the city with one indexed query over one table, and a
    calendar change can find every deadline it affects.
    """

    subject_type = models.CharField("对象类型", max_length=60)
    subject_id = models.BigIntegerField("对象编号")
    kind = models.CharField("时限类型", max_length=60)
    round = models.PositiveSmallIntegerField("轮次", default=1, help_text="重办、再次补正时新开一轮")
    department = models.ForeignKey("org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="责任部门")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="责任人")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="起算人",
        help_text="开始计时的工作人员（如受理的窗口人员）",
    )
    started_on = models.DateField("起算日（第0日）")
    working_days = models.PositiveIntegerField("时限（工作日）", null=True, blank=True)
    due_on = models.DateField("到期日", null=True, blank=True)
    due_at = models.DateTimeField("到期时刻")
    provisional = models.BooleanField("暂定", default=False, help_text="计算跨越了尚未公布放假安排的年份")
    state = models.CharField("状态", max_length=10, choices=ClockState.choices, default=ClockState.RUNNING)
    # Act time and record time are separate: ``stopped_at`` / ``paused_at`` are when the step
    # happened (the date on the paper), ``stop_recorded_at`` when somebody typed it in.
    # Supervision judges by the act time.
    stopped_at = models.DateTimeField("结束时间", null=True, blank=True)
    stop_recorded_at = models.DateTimeField("结束登记时间", null=True, blank=True)
    paused_at = models.DateTimeField("暂停时间", null=True, blank=True)
    met = models.BooleanField("按时完成", null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "时限"
        constraints = [models.UniqueConstraint(fields=["subject_type", "subject_id", "kind", "round"], name="clock_unique_round")]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(state="running"), name="clock_running_due"),
            models.Index(fields=["due_on"], condition=Q(provisional=True) & ~Q(state="stopped"), name="clock_provisional"),
            models.Index(fields=["subject_type", "subject_id"], name="clock_subject"),
            # the workbench's open deadlines: of a department, naming a person, started by one
            models.Index(fields=["department"], condition=~Q(state="stopped"), name="clock_open_department"),
            models.Index(fields=["responsible"], condition=~Q(state="stopped"), name="clock_open_responsible"),
            models.Index(fields=["started_by"], condition=~Q(state="stopped"), name="clock_open_started_by"),
        ]

    @property
    def backdated(self) -> bool:
        """补录: the stop was recorded after the moment it happened (beyond a minute)."""
        return bool(self.stopped_at and self.stop_recorded_at and self.stop_recorded_at - self.stopped_at > BACKDATE_MARGIN)

    def __str__(self):
        return f"{self.kind} {self.subject_type}#{self.subject_id} 到期 {self.due_on or self.due_at}"
