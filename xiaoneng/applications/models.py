"""Applications (办件) on the statutory clock, and the first-inquiry log (首问登记).

An application stores its own due dates (acceptance window, legal and committed decision
dates, certificate delivery) whenever they change, and keeps a ``clocks.Clock`` for each in
step, in the same transaction.  Reads never recompute them."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Status(models.TextChoices):
    RECEIVED = "received", "已接收（待审查材料）"
    AWAITING_CORRECTION = "awaiting_correction", "待补正"
    ACCEPTED = "accepted", "已受理（审查中）"
    SUSPENDED = "suspended", "不计时（听证、检验等）"
    APPROVED = "approved", "准予许可"
    DENIED = "denied", "不予许可"
    DEEMED_APPROVED = "deemed_approved", "逾期视为准予"
    DEEMED_RENEWED = "deemed_renewed", "逾期未决定，视为准予延续"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    COMPLETED_ON_SPOT = "completed_on_spot", "当场办结"
    WITHDRAWN = "withdrawn", "申请人撤回"


OPEN_STATUSES = (Status.RECEIVED, Status.AWAITING_CORRECTION, Status.ACCEPTED, Status.SUSPENDED)
DECIDING_STATUSES = (Status.ACCEPTED, Status.SUSPENDED)
GRANTED_STATUSES = (Status.APPROVED, Status.DEEMED_APPROVED)
# A licence in force carries a validity (有效期); a deemed renewal extends it without a
# certificate step of its own (the deemed-renewal document is issued at once).
LICENCE_STATUSES = (*GRANTED_STATUSES, Status.DEEMED_RENEWED)


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    USCC = "uscc", "统一社会信用代码"
    PASSPORT = "passport", "护照"
    OTHER = "other", "其他证件"


class Application(models.Model):
    number = models.CharField("办件编号", max_length=32, unique=True, null=True, blank=True)
    query_code = models.CharField("查询码", max_length=12)
    item = models.ForeignKey("catalogue.ServiceItem", on_delete=models.PROTECT, related_name="applications", verbose_name="事项")
    version = models.ForeignKey("catalogue.ServiceItemVersion", on_delete=models.PROTECT, related_name="applications", verbose_name="受理时事项版本")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="applications", verbose_name="实施部门")
    status = models.CharField("状态", max_length=24, choices=Status.choices, default=Status.RECEIVED)
    channel = models.CharField("申请渠道", max_length=20)

    applicant_name = models.CharField("申请人", max_length=100)
    applicant_id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    applicant_id_number = models.CharField("证件号码", max_length=40)
    applicant_phone = models.CharField("联系电话", max_length=20)
    applicant_enterprise = models.CharField("企业名称", max_length=200, blank=True)
    applicant_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="网上申请账号")

    materials = models.JSONField("已收材料编码", default=list)
    received_on = models.DateField("收到材料日期")
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="接件人")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="承办人")

    acceptance_due_on = models.DateField("补正告知期限", null=True, blank=True, help_text="收到材料后5个工作日（行政许可法 第三十二条）")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed_accepted = models.BooleanField("逾期未告知视为受理", default=False)
    extension_days = models.PositiveSmallIntegerField("延长工作日", default=0)
    legal_due_on = models.DateField("法定办结日", null=True, blank=True)
    committed_due_on = models.DateField("承诺办结日", null=True, blank=True)
    next_due_on = models.DateField("最近到期日", null=True, blank=True, help_text="当前环节最先到期的日期，工作台按它排序")
    due_provisional = models.BooleanField("期限暂定", default=False, help_text="计算跨越了尚未公布放假安排的年份")

    decided_on = models.DateField("办结日期", null=True, blank=True, help_text="作出决定、不予受理、当场办结或申请人撤回的日期")
    decision_reason = models.TextField("决定理由", blank=True)
    competent_body = models.CharField("有权机关", max_length=200, blank=True, help_text="不予受理时告知申请人向哪个机关申请")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="决定人")
    certificate_due_on = models.DateField("证件送达期限", null=True, blank=True)
    certificate_delivered_on = models.DateField("证件送达日期", null=True, blank=True)

    # 行政许可法 第五十条: a licence with a validity period, and the renewal of one.
    valid_until = models.DateField("许可有效期至", null=True, blank=True, help_text="准予许可（或延续）后证件有效期的最后一日")
    renews = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals", verbose_name="申请延续的原许可（办件）")
    renewal_in_time = models.BooleanField(
        "延续申请按期提出", null=True, blank=True, help_text="在原许可有效期届满前规定日数内提出；逾期提出的按一般申请办理，不适用视为准予延续"
    )
    renewal_due_on = models.DateField("延续决定期限", null=True, blank=True, help_text="原许可有效期届满日：届满前未作决定的视为准予延续")

    created_at = models.DateTimeField("登记时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "办件"
        indexes = [
            # The sweepers and the workbench read open applications by due date.
            models.Index(fields=["acceptance_due_on"], condition=Q(status="received"), name="app_received_due"),
            models.Index(fields=["legal_due_on"], condition=Q(status="accepted"), name="app_accepted_due"),
            models.Index(
                fields=["department", "next_due_on"],
                condition=Q(status__in=["received", "awaiting_correction", "accepted", "suspended"]),
                name="app_open_dept_due",
            ),
            models.Index(
                fields=["certificate_due_on"],
                condition=Q(status__in=["approved", "deemed_approved"], certificate_delivered_on__isnull=True),
                name="app_certificate_due",
            ),
            models.Index(fields=["applicant_user"], condition=Q(applicant_user__isnull=False), name="app_applicant_user"),
            models.Index(fields=["updated_at"], name="app_updated"),  # the sweeper's checks read what changed since its last pass
            models.Index(fields=["renewal_due_on"], condition=Q(status__in=["accepted", "suspended"], renewal_in_time=True), name="app_renewal_due"),
        ]

    def __str__(self):
        return f"{self.number or self.pk} {self.applicant_name}"


class CorrectionNotice(models.Model):
    """The one-time notice (一次性告知书): everything the applicant must supply or correct,
    in one document.  One per application, by law and by this table."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="correction_notice")
    issued_on = models.DateField("告知日期")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="告知人")
    missing = models.JSONField("缺少的材料", default=list, help_text="[{code, name, copies, form}]")
    defective = models.JSONField("需补正的材料", default=list, help_text="[{code, name, reason}]")
    note = models.TextField("其他说明", blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "一次性告知书"


class Correction(models.Model):
    """Materials the applicant brought after the notice."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="corrections")
    received_on = models.DateField("收到补正材料日期")
    materials = models.JSONField("补正材料编码", default=list)
    complete = models.BooleanField("补正齐全")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "补正记录"
        ordering = ["received_on", "id"]


class Extension(models.Model):
    """延期 (行政许可法 第四十二条): once, approved by the head before the due date."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="extension")
    days = models.PositiveSmallIntegerField("延长工作日")
    reason = models.TextField("延期理由")
    approved_on = models.DateField("批准日期")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="批准人")
    legal_due_before = models.DateField("延期前法定办结日")
    legal_due_after = models.DateField("延期后法定办结日")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "延期"


class SuspensionKind(models.TextChoices):
    """行政许可法 第四十五条: the time these take is not counted."""

    HEARING = "hearing", "听证"
    TENDERING = "tendering", "招标"
    AUCTION = "auction", "拍卖"
    INSPECTION = "inspection", "检验"
    TESTING = "testing", "检测"
    QUARANTINE = "quarantine", "检疫"
    APPRAISAL = "appraisal", "鉴定"
    EXPERT_REVIEW = "expert_review", "专家评审"


class Suspension(models.Model):
    """An excluded period (不计时段).  While ``end_on`` is empty the clocks are paused."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="suspensions")
    kind = models.CharField("类型", max_length=20, choices=SuspensionKind.choices)
    reason = models.TextField("说明", blank=True)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", null=True, blank=True)
    excluded_days = models.PositiveSmallIntegerField("不计算的工作日", default=0)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "不计时段"
        ordering = ["start_on", "id"]
        constraints = [models.UniqueConstraint(fields=["application"], condition=Q(end_on__isnull=True), name="one_open_suspension")]


class JointReviewStatus(models.TextChoices):
    PENDING = "pending", "审查中"
    CONSENTED = "consented", "同意"
    OBJECTED = "objected", "不同意"
    DEEMED_CONSENTED = "deemed_consented", "逾期视为同意"


class JointReview(models.Model):
    """A co-department's parallel review of a joint application (并联审批)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="joint_reviews")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="joint_reviews", verbose_name="协办部门")
    limit_days = models.PositiveSmallIntegerField("审查时限（工作日）")
    deemed_consent = models.BooleanField("逾期视为同意")
    due_on = models.DateField("审查期限", null=True, blank=True, help_text="受理时起算")
    status = models.CharField("状态", max_length=20, choices=JointReviewStatus.choices, default=JointReviewStatus.PENDING)
    opinion = models.TextField("审查意见", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "并联审查"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["application", "department"], name="joint_review_unique")]
        indexes = [models.Index(fields=["due_on"], condition=Q(status="pending"), name="joint_review_pending_due")]


class PreliminaryReview(models.Model):
    """初审 (行政许可法 第四十三条): a lower-level department reviews the application it
    accepted and sends its opinion with all the materials up to the department that decides,
    within 20 working days (or the item's own limit).  The upper department's limit runs
    from the day the materials arrive; the applicant is not asked for them again."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="preliminary")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="初审部门")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="初审承办人")
    limit_days = models.PositiveSmallIntegerField("初审时限（工作日）")
    due_on = models.DateField("初审报送期限", null=True, blank=True)
    opinion = models.TextField("初审意见", blank=True)
    sent_on = models.DateField("报送日期", null=True, blank=True)
    arrived_on = models.DateField("上级收到材料日期", null=True, blank=True, help_text="上级机关的审查期限自此日起算")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="报送人")

    class Meta:
        verbose_name = verbose_name_plural = "下级初审"
        indexes = [models.Index(fields=["due_on"], condition=Q(sent_on__isnull=True), name="preliminary_pending_due")]

    def __str__(self):
        return f"{self.application} 初审"


class FeeCharge(models.Model):
    """A fee actually charged, marked as on or off the item version's published list."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="fee_charges")
    code = models.CharField("收费编码", max_length=40)
    name = models.CharField("收费项目", max_length=200)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    charged_on = models.DateField("收费日期")
    listed = models.BooleanField("在公布的收费清单内")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "实际收费"
        ordering = ["charged_on", "id"]
        indexes = [models.Index(fields=["charged_on"], condition=Q(listed=False), name="fee_charge_unlisted")]


class NoticeKind(models.TextChoices):
    RECEIPT = "receipt", "收件回执"
    CORRECTION = "correction", "一次性告知书"
    ACCEPTANCE = "acceptance", "受理通知书"
    EXTENSION = "extension", "延期告知书"
    SUSPENSION = "suspension", "不计时告知书"
    RESUMPTION = "resumption", "恢复计时告知书"
    DECISION = "decision", "决定书"
    NOT_ACCEPTED = "not_accepted", "不予受理决定书"
    WITHDRAWAL = "withdrawal", "撤回申请确认书"
    DEEMED_RENEWAL = "deemed_renewal", "视为准予延续决定书"
    PRELIMINARY = "preliminary", "初审报送告知书"


class ApplicantNotice(models.Model):
    """A written notice to the applicant, kept as sent (printable as HTML and PDF)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField("类型", max_length=20, choices=NoticeKind.choices)
    title = models.CharField("标题", max_length=100)
    body = models.JSONField("正文段落", default=list)
    issued_on = models.DateField("日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("生成时间")

    class Meta:
        verbose_name = verbose_name_plural = "告知申请人"
        ordering = ["created_at", "id"]


class InquiryOutcome(models.TextChoices):
    ANSWERED = "answered", "当场解答"
    NOTICE_GIVEN = "notice_given", "一次性告知"
    HANDED_OVER = "handed_over", "移交本单位同事或科室"
    REFERRED = "referred", "告知有权办理的单位"


class InquiryStatus(models.TextChoices):
    OPEN = "open", "办理中"
    CLOSED = "closed", "已办结"


class Inquiry(models.Model):
    """A first inquiry (首问负责制): whoever is asked first sees it to one of the outcomes;
    "not my business" is not one of them."""

    asker_name = models.CharField("咨询人", max_length=100)
    asker_phone = models.CharField("联系电话", max_length=20, blank=True)
    question = models.TextField("咨询事项")
    item = models.ForeignKey("catalogue.ServiceItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="相关事项")
    channel = models.CharField("渠道", max_length=20)
    first_receiver = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="first_inquiries", verbose_name="首问人")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="首问部门")
    received_at = models.DateTimeField("登记时间")
    status = models.CharField("状态", max_length=10, choices=InquiryStatus.choices, default=InquiryStatus.OPEN)
    outcome = models.CharField("办理结果", max_length=20, choices=InquiryOutcome.choices, blank=True)
    answer = models.TextField("答复或告知内容", blank=True)
    handed_to = models.ForeignKey("org.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="handed_inquiries", verbose_name="移交给（同事）")
    handed_to_department = models.ForeignKey("org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="移交给（科室）")
    referred_to = models.CharField("告知的有权单位", max_length=200, blank=True)
    handed_at = models.DateTimeField("移交时间", null=True, blank=True, help_text="移交后首问仍在办理中，直至接手人答复")
    reply = models.TextField("接手人答复", blank=True)
    replied_by = models.ForeignKey("org.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="答复人")
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "首问登记"
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["department", "received_at"], condition=Q(status="open"), name="inquiry_open")]

    @property
    def summary(self) -> str:
        """What people read for an inquiry on a workbench or a timeline (it has no number)."""
        question = self.question if len(self.question) <= 20 else self.question[:20] + "…"
        return f"{self.asker_name}：{question}"
