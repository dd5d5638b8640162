"""智能分析: the routing model and its category → department table, hot issues and the
problem register (难题库) they feed, and the quality assessment of each reply."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q

from xiaoneng.core.numbers import document_number

USER = settings.AUTH_USER_MODEL


class CategoryDepartment(models.Model):
    """Which department a category the routing model predicts belongs to (归口).  A model
    trained on the city's own closed cases predicts department codes directly; one trained on
    a labelled file predicts its categories, and this table turns them into departments."""

    label = models.CharField("分类", max_length=100, unique=True)
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="承办部门")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "分类归口部门"
        ordering = ["label"]

    def __str__(self):
        return f"{self.label} → {self.department}"


class RoutingModel(models.Model):
    """A trained routing classifier, stored in the database so every app server serves the
    same one.  Exactly one version is active; serving processes reload when it changes."""

    version = models.PositiveIntegerField("版本", unique=True)
    source = models.CharField("训练数据", max_length=200)
    labels = models.JSONField("分类", default=list)
    samples = models.PositiveIntegerField("训练样本数")
    metrics = models.JSONField("评估指标", default=dict, blank=True)
    train_seconds = models.FloatField("训练用时（秒）")
    payload = models.BinaryField("模型")
    is_active = models.BooleanField("启用", default=False)
    created_at = models.DateTimeField("训练时间")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "派单模型"
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="insights_one_active_model")]

    def __str__(self):
        return f"派单模型 v{self.version}"


class HotIssue(models.Model):
    """热点问题: a cluster of cases about one problem in a moving window, as found by the
    last recomputation.  Rows the office has put on the problem register are kept; the
    others are replaced at each recomputation."""

    computed_at = models.DateTimeField("计算时间")
    window_start = models.DateTimeField("窗口起")
    window_end = models.DateTimeField("窗口止")
    rank = models.PositiveIntegerField("排名")
    title = models.CharField("代表性标题", max_length=200)
    place = models.CharField("地点", max_length=200, blank=True)
    first_at = models.DateTimeField("最早")
    last_at = models.DateTimeField("最近")
    size = models.PositiveIntegerField("件数")
    recent = models.PositiveIntegerField("后半窗口件数")
    earlier = models.PositiveIntegerField("前半窗口件数")
    support = models.PositiveIntegerField("公众支持", default=0)
    score = models.FloatField("热度")
    workorders = models.ManyToManyField("workorders.WorkOrder", related_name="+", verbose_name="工单")

    class Meta:
        verbose_name = verbose_name_plural = "热点问题"
        ordering = ["rank", "id"]

    def __str__(self):
        return self.title

    @property
    def growth(self) -> float:
        from .rules import growth

        return growth(self.recent, self.earlier)

    @property
    def registered(self):
        """The problem-register entry made from this issue, if any."""
        try:
            return self.problem
        except ObjectDoesNotExist:
            return None


class ProblemState(models.TextChoices):
    OPEN = "open", "推进中"
    SOLVED = "solved", "已解决"


class ProblemEntry(models.Model):
    """难题库: a problem many people report, given to a responsible leader (包案) with a
    deadline."""

    title = models.CharField("难题", max_length=200)
    description = models.TextField("情况", blank=True)
    place = models.CharField("地点", max_length=200, blank=True)
    leader = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name="包案领导")
    department = models.ForeignKey("org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="牵头部门")
    due_on = models.DateField("办结期限")
    state = models.CharField("状态", max_length=10, choices=ProblemState.choices, default=ProblemState.OPEN)
    hot_issue = models.OneToOneField(HotIssue, null=True, blank=True, on_delete=models.PROTECT, related_name="problem", verbose_name="来源热点")
    workorders = models.ManyToManyField("workorders.WorkOrder", related_name="+", verbose_name="相关工单")
    created_at = models.DateTimeField("登记时间")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "难题库"
        ordering = ["state", "due_on", "id"]

    def __str__(self):
        return self.title

    @property
    def number(self) -> str:
        return document_number("问题", self.created_at, self.pk)


class ReviewState(models.TextChoices):
    NOT_NEEDED = "not_needed", "无需审核"
    PENDING = "pending", "待效能办审核"
    ACCEPTED = "accepted", "审核通过"


class ReplyAssessment(models.Model):
    """答复质量: scores of one answer (one per case and round).  A low score is flagged to
    the supervision office, and the case cannot be closed until the office has looked at it
    (accepted it, or reopened the case)."""

    workorder = models.ForeignKey("workorders.WorkOrder", on_delete=models.CASCADE, related_name="reply_assessments")
    round = models.PositiveSmallIntegerField("办理轮次")
    relevance = models.FloatField("相关性")
    completeness = models.FloatField("完整性")
    timeliness = models.FloatField("及时性")
    overall = models.FloatField("综合得分")
    findings = models.JSONField("说明", default=list)
    state = models.CharField("审核", max_length=12, choices=ReviewState.choices)
    assessed_at = models.DateTimeField("评分时间")
    reviewed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "答复质量"
        constraints = [models.UniqueConstraint(fields=["workorder", "round"], name="insights_one_assessment_per_round")]
        indexes = [models.Index(fields=["assessed_at"], condition=Q(state="pending"), name="insights_reply_pending")]
