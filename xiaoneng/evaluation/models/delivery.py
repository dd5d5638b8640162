"""承诺践诺 and 政策兑现: commitments made to enterprises and the public, and the delivery of
policy benefits (the 申兑指南 and the payment clock).  Deadlines are clocks; the due dates
are read from them."""

from django.conf import settings
from django.db import models

from xiaoneng.core.numbers import document_number

from ..rules import ClaimStatus, CommitmentStatus

USER = settings.AUTH_USER_MODEL


class Commitment(models.Model):
    text = models.TextField("承诺内容")
    made_to = models.CharField("承诺对象", max_length=200, help_text="企业名称或“社会公众”")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="责任部门")
    owner = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name="责任人")
    made_on = models.DateField("承诺日期")
    deadline = models.DateField("兑现期限")
    status = models.CharField("状态", max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN)
    evidence = models.TextField("兑现佐证", blank=True)
    fulfilled_on = models.DateField("兑现日期", null=True, blank=True)
    public = models.BooleanField("向社会公开", default=True)
    clock = models.ForeignKey("clocks.Clock", null=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "承诺事项"
        ordering = ["deadline", "id"]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return document_number("承诺", self.made_on, self.pk)


class CommitmentReview(models.Model):
    """回头看: a periodic review of a commitment, due on a date (a clock) and done with a finding."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField("回头看日期")
    clock = models.ForeignKey("clocks.Clock", null=True, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    finding = models.TextField("回头看情况", blank=True)
    done_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "承诺回头看"
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["commitment", "due_on"], name="commitment_review_once")]


class Policy(models.Model):
    """A policy with benefits for enterprises.  The 申兑指南 (how to claim) must be published
    within ``guide_days`` working days of the policy; claims are approved within
    ``approve_days`` and paid within ``pay_days`` working days."""

    name = models.CharField("政策名称", max_length=200)
    issuing_body = models.CharField("发文机关", max_length=120)
    document_no = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("发布日期")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="兑现部门")
    guide_days = models.PositiveSmallIntegerField("申兑指南发布期限（工作日）", default=10)
    approve_days = models.PositiveSmallIntegerField("审核时限（工作日）", default=2)
    pay_days = models.PositiveSmallIntegerField("拨付时限（工作日）", default=1)
    guide = models.TextField("申兑指南", blank=True)
    guide_published_at = models.DateTimeField("指南发布时间", null=True, blank=True)
    guide_clock = models.ForeignKey("clocks.Clock", null=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "惠企政策"
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return self.name


class PolicyBenefit(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="benefits")
    name = models.CharField("兑现事项", max_length=120)
    description = models.TextField("内容与标准", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "兑现事项"

    def __str__(self):
        return self.name


class BenefitClaim(models.Model):
    benefit = models.ForeignKey(PolicyBenefit, on_delete=models.PROTECT, related_name="claims")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    enterprise = models.CharField("企业名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18)
    amount = models.DecimalField("申请金额（元）", max_digits=14, decimal_places=2)
    query_code = models.CharField("查询码", max_length=8)
    status = models.CharField("状态", max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    submitted_at = models.DateTimeField("申请时间")
    approval_clock = models.ForeignKey("clocks.Clock", null=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)
    payment_clock = models.ForeignKey("clocks.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    paid_at = models.DateTimeField("拨付时间", null=True, blank=True)
    paid_amount = models.DecimalField("拨付金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    handled_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "政策兑现申请"
        indexes = [models.Index(fields=["department", "status"], name="claim_dept_status")]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return f"DX{self.submitted_at:%Y%m%d}{self.pk:05d}"
