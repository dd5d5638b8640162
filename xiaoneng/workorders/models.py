"""诉求工单: one case per complaint, request or enterprise problem, from whatever channel it
came through, and everything that happens to it until it is closed with a result."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .numbers import tracking_number

USER = settings.AUTH_USER_MODEL


class WorkOrderType(models.TextChoices):
    CONSULTATION = "consultation", "咨询"
    HELP = "help", "求助"
    SUGGESTION = "suggestion", "建议"
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    ENTERPRISE = "enterprise", "企业诉求"


class IntakeChannel(models.TextChoices):
    """Where the requester reached us (the audit log separately records how a change was
    made: a hotline case is typed in through the web pages)."""

    HOTLINE = "hotline", "12345热线"
    WEB = "web", "网站"
    APP = "app", "移动应用"
    WECHAT = "wechat", "微信"
    WEIBO = "weibo", "微博"
    EMAIL = "email", "电子邮件"
    WALK_IN = "walk_in", "现场来访"
    OPEN311 = "open311", "Open311"
    API = "api", "其他接口"


class Status(models.TextChoices):
    RECEIVED = "received", "待派单"
    ANSWERED = "answered_directly", "直接答复"
    DISPATCHED = "dispatched", "待签收"
    RETURNED = "returned", "退单待审核"
    SIGNED = "signed", "办理中"
    REPLIED = "replied", "已答复待回访"
    REOPENED = "reopened", "重办待签收"
    CLOSED = "closed", "已办结"


# Statuses in which the responsible department owes something (sign-for or an answer).
DEPARTMENT_OPEN = (Status.DISPATCHED, Status.RETURNED, Status.SIGNED, Status.REOPENED)
# Statuses of a case its department has still to sign for (dispatched, or reopened).
TO_SIGN = (Status.DISPATCHED, Status.REOPENED)
# Statuses of a case not yet answered for (在办): waiting for dispatch or owed by a department.
OPEN_STATUSES = (Status.RECEIVED, *DEPARTMENT_OPEN)
# Statuses waiting for the office: dispatch or a return decision.
DISPATCH_QUEUE = (Status.RECEIVED, Status.RETURNED)
# Statuses waiting for the office's call-back (回访) and closure.
FOLLOW_UP_QUEUE = (Status.ANSWERED, Status.REPLIED)


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", "非常满意"
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"
    VERY_DISSATISFIED = "very_dissatisfied", "非常不满意"


def next_deadline():
    """The deadline a department faces next: sign-for while unsigned, otherwise the answer."""
    return models.Case(models.When(status__in=TO_SIGN, then=F("sign_due_at")), default=F("due_at"))


class WorkOrder(models.Model):
    """A case.  The requester's identity (``requester_*``) is read only through
    ``selectors.requester_for``, which masks it for every role that may not see it.

    The tracking number is derived from the primary key (no counter row that every intake
    would wait for); the query code is random and compared in constant time."""

    type = models.CharField("类型", max_length=20, choices=WorkOrderType.choices)
    urgent = models.BooleanField("紧急", default=False)
    channel = models.CharField("受理渠道", max_length=20, choices=IntakeChannel.choices)
    title = models.CharField("标题", max_length=200)
    # The title as roles without the requester's identity read it (core.masking.redact),
    # kept so that their search matches only what they may see (no oracle on names/phones).
    title_masked = models.CharField("标题（脱敏）", max_length=200, blank=True, default="", db_default="")
    content = models.TextField("诉求内容")

    requester_anonymous = models.BooleanField("匿名", default=False)
    requester_name = models.CharField("诉求人姓名", max_length=50, blank=True)
    requester_phone = models.CharField("联系电话", max_length=30, blank=True)
    requester_email = models.CharField("电子邮箱", max_length=254, blank=True)
    requester_id_number = models.CharField("证件号码", max_length=18, blank=True)
    requester_address = models.CharField("联系地址", max_length=200, blank=True)
    requester_organization = models.CharField("企业名称", max_length=200, blank=True)
    requester_uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)

    location_address = models.CharField("问题地点", max_length=200, blank=True)
    lat = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    area = models.ForeignKey("org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="所在区域")

    received_at = models.DateTimeField("受理时间")
    received_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="受理人")
    api_key = models.ForeignKey("org.ApiKey", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="接入渠道密钥")
    external_id = models.CharField("渠道侧编号", max_length=100, blank=True)
    email_message_id = models.CharField("邮件 Message-ID", max_length=255, blank=True)
    query_code = models.CharField("查询码", max_length=8)

    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    round = models.PositiveSmallIntegerField("办理轮次", default=1, help_text="重办时加一")
    dispatch_count = models.PositiveSmallIntegerField("派单次数", default=0)

    department = models.ForeignKey("org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="workorders", verbose_name="承办部门")
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    dispatched_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="派单人")
    sign_minutes = models.PositiveIntegerField("签收时限（办公分钟）", null=True, blank=True)
    sign_due_at = models.DateTimeField("签收期限", null=True, blank=True)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    signed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="签收人")

    handle_started_on = models.DateField("办理时限起算日（第0日）")
    handle_days = models.PositiveSmallIntegerField("办理时限（工作日，含延期）", help_text="0 表示当日办结（紧急）")
    due_on = models.DateField("办理期限（日）")
    due_at = models.DateTimeField("办理期限")
    provisional = models.BooleanField("期限暂定", default=False)
    feedback_due_at = models.DateTimeField("下次阶段性反馈期限", null=True, blank=True)

    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="答复人")
    reply_content = models.TextField("答复内容", blank=True)

    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="办结人")
    close_result = models.TextField("办结结果", blank=True)

    created_at = models.DateTimeField("录入时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "诉求工单"
        constraints = [
            models.UniqueConstraint(fields=["email_message_id"], condition=~Q(email_message_id=""), name="wo_email_message_id"),
            models.UniqueConstraint(fields=["api_key", "external_id"], condition=~Q(external_id=""), name="wo_api_external_id"),
            models.CheckConstraint(condition=Q(lat__isnull=True) | Q(lat__gte=-90, lat__lte=90), name="wo_lat_range"),
            models.CheckConstraint(condition=Q(lng__isnull=True) | Q(lng__gte=-180, lng__lte=180), name="wo_lng_range"),
        ]
        indexes = [
            # Statistics by period (covering what the per-department figures read, so that a
            # month of a big city is an index-only scan), and by department and period.
            models.Index(fields=["received_at"], include=["id", "department", "sign_due_at", "signed_at", "replied_at", "due_at"], name="wo_received"),
            models.Index(fields=["department", "received_at"], name="wo_dept_received"),
            # 当前超期 now (stats.overdue_rows): the unanswered cases by deadline, with their department.
            models.Index(fields=["due_at"], include=["department"], condition=Q(replied_at__isnull=True), name="wo_unanswered_due"),
            # The department inbox: open cases of one department by deadline; and, for a scope
            # as wide as the city, every open case by the deadline it faces next, so that the
            # most urgent rows come from the index instead of a sort of the whole backlog.
            models.Index(fields=["department", "due_at"], condition=Q(status__in=DEPARTMENT_OPEN), name="wo_inbox"),
            models.Index(next_deadline(), F("id"), condition=Q(status__in=DEPARTMENT_OPEN), name="wo_inbox_next_due"),
            # The dispatcher's queue and the follow-up queue, oldest first.
            models.Index(fields=["received_at"], condition=Q(status__in=DISPATCH_QUEUE), name="wo_dispatch_queue"),
            # The cases changed since the daily figures were refreshed (workorders.daily).
            models.Index(fields=["updated_at"], include=["received_at"], name="wo_updated"),
            models.Index(fields=["replied_at"], condition=Q(status__in=FOLLOW_UP_QUEUE), name="wo_followup_queue"),
        ]

    def __str__(self):
        return f"{self.tracking_no} {self.title}"

    @property
    def tracking_no(self) -> str:
        return tracking_number(self.pk, self.received_at)


class CoDepartment(models.Model):
    """A department asked to help the responsible one (协办); it sees the case and gives its
    opinion, the responsible department answers."""

    workorder = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="co_departments")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="协办部门")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    assigned_at = models.DateTimeField("指派时间")
    assigned_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    opinion = models.TextField("协办意见", blank=True)
    opinion_at = models.DateTimeField("意见时间", null=True, blank=True)
    opinion_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "协办部门"
        constraints = [models.UniqueConstraint(fields=["workorder", "department", "round"], name="wo_codept_unique")]
        indexes = [models.Index(fields=["department", "workorder"], name="wo_codept_dept")]


class Decision(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "同意"
    REJECTED = "rejected", "驳回"


class WorkOrderReturn(models.Model):
    """退单: a department says the case is not its business; the dispatcher decides.  An
    improper return (rejected) is recorded as a fault."""

    workorder = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="returns")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="退单部门")
    dispatch_no = models.PositiveSmallIntegerField("派单次序")
    reason = models.TextField("退单理由")
    previous_status = models.CharField(max_length=20, choices=Status.choices)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("退单时间")
    decision = models.CharField("审核结果", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)
    allow_again = models.BooleanField("允许该部门再次退单", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "退单"
        constraints = [models.UniqueConstraint(fields=["workorder"], condition=Q(decision="pending"), name="wo_one_pending_return")]


class Extension(models.Model):
    """延期: requested by the department before the deadline, approved by the office before
    the deadline; approval moves the handling deadline."""

    workorder = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="extensions")
    round = models.PositiveSmallIntegerField("办理轮次")
    days = models.PositiveSmallIntegerField("延长工作日")
    reason = models.TextField("延期理由")
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间")
    status = models.CharField("审批结果", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    due_before = models.DateTimeField("原期限", null=True, blank=True)
    due_after = models.DateTimeField("新期限", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "延期申请"
        constraints = [models.UniqueConstraint(fields=["workorder"], condition=Q(status="pending"), name="wo_one_pending_extension")]


class FollowUp(models.Model):
    """回访: the office calls the requester back after the answer.  One row per call, so
    that a reopened case keeps the dissatisfaction of its first round in the figures."""

    workorder = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="follow_ups")
    round = models.PositiveSmallIntegerField("办理轮次")
    department = models.ForeignKey("org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="承办部门")
    reached = models.BooleanField("联系上诉求人", default=True)
    resolved = models.BooleanField("问题已解决", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=20, choices=Satisfaction.choices, blank=True)
    department_at_fault = models.BooleanField("部门原因", null=True, blank=True, help_text="未解决或不满意是否因承办部门")
    note = models.TextField("回访记录", blank=True)
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("回访时间")

    class Meta:
        verbose_name = verbose_name_plural = "回访"
        indexes = [models.Index(fields=["at", "department"], name="wo_followup_at")]


class DailyFigures(models.Model):
    """One day's statistics per department (``workorders.daily``): the figures of the cases
    received that day and of the call-backs made that day, as of ``computed_at``.  A row
    stays exact until one of its cases changes (its ``updated_at`` moves) or a call-back is
    made that day, or until ``stale_at``, when the first deadline of one of its pending
    cases passes; the statistics read such days directly instead."""

    day = models.DateField("日期")
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, verbose_name="承办部门"
    )
    received = models.IntegerField(default=0)
    sign_due = models.IntegerField(default=0)
    signed_on_time = models.IntegerField(default=0)
    answer_due = models.IntegerField(default=0)
    answered_on_time = models.IntegerField(default=0)
    follow_ups = models.IntegerField(default=0)
    reached = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    answered_once = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    held = models.IntegerField(default=0)
    # 当前超期 of the day's cases as of computed_at (summed over every day, whatever the
    # period); None: not counted yet (a row written before the column), read from the cases.
    overdue_now = models.IntegerField(null=True, blank=True)
    # 当前在办 (OPEN_STATUSES) of the day's cases as of computed_at, summed like overdue_now.
    open_now = models.IntegerField(null=True, blank=True)
    computed_at = models.DateTimeField("计算时间")
    stale_at = models.DateTimeField("失效时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理情况日汇总"
        indexes = [
            models.Index(fields=["day"], name="wo_daily_day"),
            models.Index(fields=["stale_at"], name="wo_daily_stale"),
            # The rows still to count 当前超期 or 当前在办 for (empty once every row has been refreshed).
            models.Index(fields=["day"], condition=Q(overdue_now__isnull=True) | Q(open_now__isnull=True), name="wo_daily_unknown"),
            # 当前在办 and 当前超期 for now (the cockpit, the statistics): the days with open or overdue cases, index-only.
            models.Index(
                fields=["department"], include=["open_now", "overdue_now", "day"], condition=Q(open_now__gt=0) | Q(overdue_now__gt=0), name="wo_daily_backlog"
            ),
        ]


class DailyFiguresRun(models.Model):
    """One refresh of the daily figures: the moment it read the cases as of."""

    refreshed_at = models.DateTimeField("刷新时间", db_index=True)
    days = models.IntegerField("重算天数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "日汇总刷新"


class LinkKind(models.TextChoices):
    RELATED = "related", "相关"
    DUPLICATE = "duplicate", "重复"


class WorkOrderLink(models.Model):
    """Two cases about one problem.  ``duplicate``: ``source`` repeats ``target`` (the
    group's primary case); ``related``: stored once, the lower id as ``source``."""

    source = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField("关系", max_length=10, choices=LinkKind.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "工单关联"
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="wo_link_unique"),
            models.UniqueConstraint(fields=["source"], condition=Q(kind="duplicate"), name="wo_one_primary"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="wo_link_not_self"),
        ]


def attachment_path(instance, filename):
    received = instance.workorder.received_at
    return f"workorders/{received:%Y/%m}/{instance.workorder_id}/{instance.sha256[:16]}{instance.extension}"


class Attachment(models.Model):
    """A file given with the case (photos, recordings, documents).  Stored under MEDIA_ROOT
    and served only through a view that checks access; files marked ``confidential``
    (identity documents) only to the roles that may see the requester's identity."""

    workorder = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField("文件名", max_length=200)
    extension = models.CharField(max_length=10)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    confidential = models.BooleanField("含身份信息", default=False)
    uploaded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "工单附件"


# A row per case type, and one for urgent cases of any type.
TIME_LIMIT_KEYS = [*WorkOrderType.choices, ("urgent", "紧急（任何类型）")]


class TimeLimit(models.Model):
    """The city's time limits per case type (and one row for urgent cases of any type).
    Seeded with the reference set (广东12345 rules); administrators edit it.  A change
    applies to cases received afterwards."""

    key = models.CharField("类型", max_length=20, choices=TIME_LIMIT_KEYS, unique=True)
    handle_days = models.PositiveSmallIntegerField("办理时限（工作日）", help_text="自受理之日起算，0 表示当日办结")
    sign_hours = models.DecimalField("签收时限（工作小时）", max_digits=4, decimal_places=1, help_text="自派单时起，按办公时间计算")
    feedback_interval_days = models.PositiveSmallIntegerField("阶段性反馈间隔（工作日）", null=True, blank=True, help_text="留空表示不需要阶段性反馈")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "工单办理时限"
        ordering = ["id"]

    def __str__(self):
        return f"{self.get_key_display()}：{self.handle_days} 个工作日"


class RoutingRule(models.Model):
    """归口规则: by type, keywords and area, the department a case belongs to.  Matching
    rules become suggestions for the dispatcher; a rule marked ``auto_dispatch`` dispatches
    on its own (after intake, on the queue)."""

    name = models.CharField("规则名称", max_length=100)
    priority = models.PositiveIntegerField("优先级", default=100, help_text="数字小的优先")
    type = models.CharField("类型", max_length=20, choices=WorkOrderType.choices, blank=True, help_text="留空表示任何类型")
    keywords = models.CharField("关键词", max_length=500, blank=True, help_text="以逗号、顿号或空格分隔，命中任意一个即可；留空表示不限")
    area = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="区域", help_text="问题所在区域（含下级）"
    )
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="承办部门")
    auto_dispatch = models.BooleanField("自动派单", default=False)
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "归口规则"
        ordering = ["priority", "id"]

    def __str__(self):
        return self.name


class DutyShift(models.Model):
    """The 12345 centre's duty roster (派单值班表): who is on duty to dispatch when.  A case
    waiting in the dispatch queue is answered for by the centre and the dispatcher on duty
    when it came in, so an overdue card there names a department and a person."""

    staff = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name="值班派单员")
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "派单值班表"
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="wo_duty_shift_span")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="wo_duty_shift_order")]

    def __str__(self):
        return f"{self.staff} {self.starts_at:%Y-%m-%d %H:%M}"
