"""万人评议 / 满意不满意单位评选: campaigns as configuration, votes with their provenance,
vetoes, and the published results."""

from django.conf import settings
from django.db import models

from ..rules import AppraisalStatus

USER = settings.AUTH_USER_MODEL


class Appraisal(models.Model):
    """One campaign.  Everything that decides a result is stored on it or beside it (units,
    indicators and weights, instruments and weights, answer scoring, bands, the minimum
    sample, the sample draws with their seeds), so a result can be recomputed."""

    name = models.CharField("名称", max_length=120)
    period_start = models.DateField("评议期间起", null=True, blank=True, help_text="抽样框：此期间办结的办件和工单")
    period_end = models.DateField("评议期间止", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=AppraisalStatus.choices, default=AppraisalStatus.OPEN)
    min_sample = models.PositiveIntegerField("最小样本量", default=30, help_text="有效票少于此数的单位显示“样本不足”，不参加排名")
    bands = models.JSONField("等次", help_text="[{name, min}]，从高到低")
    answer_scores = models.JSONField("答案计分", help_text="如 {满意: 100, 基本满意: 75, 不满意: 55}；“不了解”不计")
    bottom_count = models.PositiveSmallIntegerField("末位单位数", default=2, help_text="曝光并亮黄牌的末位单位个数")
    bottom_below = models.FloatField("末位分数线", default=75.0, help_text="只有得分低于此线的单位才可能被列为末位")
    veto_conduct = models.JSONField("一票否决的高压线", default=list, blank=True, help_text="评议期间内被认定触犯这些高压线（编码）的单位一票否决")
    allow_online = models.BooleanField("允许网上公开投票", default=False)
    salt = models.CharField(max_length=64, editable=False, help_text="身份证号码散列用的活动密钥，不公开")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间")
    closed_at = models.DateTimeField("投票结束时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    as_of = models.DateTimeField("结果计算时点", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "评议活动"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name


class AppraisalUnit(models.Model):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="units")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="参评单位")
    category = models.CharField("类别", max_length=40, blank=True, help_text="同类单位之间排名")

    class Meta:
        verbose_name = verbose_name_plural = "参评单位"
        constraints = [models.UniqueConstraint(fields=["appraisal", "department"], name="appraisal_unit_once")]

    def __str__(self):
        return str(self.department)


class AppraisalIndicator(models.Model):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField("编码", max_length=30)
    name = models.CharField("指标", max_length=40)
    weight = models.FloatField("权重")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "评议指标"
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "code"], name="appraisal_indicator_once")]


class InstrumentKind(models.TextChoices):
    PHONE = "phone", "随机电话抽样"
    QUESTIONNAIRE = "questionnaire", "问卷调查"
    MONITORING = "monitoring", "软环境监测点"
    INSPECTION = "inspection", "日常考核"


class VoteChannel(models.TextChoices):
    PHONE = "phone", "电话抽样回访"
    PAPER = "paper", "纸质问卷"
    ONLINE = "online", "网上问卷"
    MONITORING = "monitoring", "监测点企业"


# What clients send for a channel.
CHANNEL_ALIASES = {
    "telephone": VoteChannel.PHONE,
    "questionnaire": VoteChannel.PAPER,
    "web": VoteChannel.ONLINE,
    "monitoring_point": VoteChannel.MONITORING,
} | {label: value for value, label in VoteChannel.choices}

# Which instrument a vote's channel feeds.
CHANNEL_INSTRUMENT = {
    VoteChannel.PHONE: InstrumentKind.PHONE,
    VoteChannel.PAPER: InstrumentKind.QUESTIONNAIRE,
    VoteChannel.ONLINE: InstrumentKind.QUESTIONNAIRE,
    VoteChannel.MONITORING: InstrumentKind.MONITORING,
}


class AppraisalInstrument(models.Model):
    """An instrument and its weight in the composite (电话抽样 50 %, 问卷 25 % …).  A campaign
    without instruments pools every vote with equal weight."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="instruments")
    kind = models.CharField("评议方式", max_length=16, choices=InstrumentKind.choices)
    weight = models.FloatField("权重")

    class Meta:
        verbose_name = verbose_name_plural = "评议方式"
        constraints = [models.UniqueConstraint(fields=["appraisal", "kind"], name="appraisal_instrument_once")]


class SampleDraw(models.Model):
    """A random telephone sample drawn from real service records: the frame (what was eligible,
    how many, a digest of the sorted case list) and the seed are recorded, so anyone can draw
    the same sample again."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.PROTECT, related_name="draws")
    seed = models.CharField("随机种子", max_length=64)
    per_unit = models.PositiveIntegerField("每单位抽取数")
    frame = models.JSONField("抽样框", help_text="{description, period, size, per_unit_size, sha256}")
    drawn = models.JSONField("样本", help_text="[{unit, subject_type, subject_id, number}]")
    drawn_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="抽样人")
    drawn_at = models.DateTimeField("抽样时间")

    class Meta:
        verbose_name = verbose_name_plural = "电话抽样"


class Vote(models.Model):
    """One verified person's vote in a campaign.  The ID number is never stored: only its
    HMAC-SHA256 under the campaign's secret, enough to refuse a second vote.  Where the vote
    came from is kept (channel, the draw and call, the terminal, who typed it in)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.PROTECT, related_name="votes")
    unit = models.ForeignKey(AppraisalUnit, on_delete=models.PROTECT, related_name="votes")
    voter_hash = models.CharField("投票人标识（散列）", max_length=64)
    channel = models.CharField("渠道", max_length=12, choices=VoteChannel.choices)
    scores = models.JSONField("各指标得分", help_text="{指标编码: 0–100，null 为不了解}")
    composite = models.FloatField("加权得分", null=True, blank=True, help_text="全部“不了解”时为空，不计入")
    served_in_frame = models.BooleanField("评议期间曾在该单位办事", default=False)
    draw = models.ForeignKey(SampleDraw, null=True, blank=True, on_delete=models.PROTECT, related_name="votes", verbose_name="所属抽样")
    draw_entry = models.PositiveIntegerField("样本序号", null=True, blank=True)
    call_ref = models.CharField("呼叫记录号", max_length=60, blank=True)
    terminal = models.CharField("终端", max_length=60, blank=True)
    entered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="录入人")
    cast_at = models.DateTimeField("投票时间")
    recorded_at = models.DateTimeField("录入时间")

    class Meta:
        verbose_name = verbose_name_plural = "评议票"
        constraints = [models.UniqueConstraint(fields=["appraisal", "voter_hash"], name="vote_once_per_person")]
        indexes = [models.Index(fields=["unit", "channel"], name="vote_unit_channel")]


class UnitScore(models.Model):
    """A unit's mark from an instrument that is not a vote (daily inspection scores)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.PROTECT, related_name="unit_scores")
    unit = models.ForeignKey(AppraisalUnit, on_delete=models.PROTECT, related_name="scores")
    kind = models.CharField("评议方式", max_length=16, choices=InstrumentKind.choices)
    score = models.FloatField("得分")
    basis = models.TextField("依据")
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间")

    class Meta:
        verbose_name = verbose_name_plural = "日常考核得分"
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="unit_score_once")]


class Veto(models.Model):
    """一票否决: the unit goes to the last band whatever its score; the reason is published."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.PROTECT, related_name="vetoes")
    unit = models.OneToOneField(AppraisalUnit, on_delete=models.PROTECT, related_name="veto")
    reason = models.TextField("否决理由")
    fault = models.ForeignKey("accountability.Fault", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="所据过错")
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间")

    class Meta:
        verbose_name = verbose_name_plural = "一票否决"


class AppraisalResult(models.Model):
    """A unit's published result, frozen when the campaign is published."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.PROTECT, related_name="results")
    unit = models.OneToOneField(AppraisalUnit, on_delete=models.PROTECT, related_name="result")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=40, blank=True)
    n = models.PositiveIntegerField("有效票数")
    served_n = models.PositiveIntegerField("办事群众票数", default=0)
    score = models.FloatField("得分", null=True)
    ci_low = models.FloatField("95%区间下限", null=True)
    ci_high = models.FloatField("95%区间上限", null=True)
    ranked = models.BooleanField("参加排名")
    rank_low = models.PositiveIntegerField("最好名次", null=True)
    rank_high = models.PositiveIntegerField("最差名次", null=True)
    band = models.CharField("等次", max_length=20, blank=True)
    vetoed = models.BooleanField("一票否决", default=False)
    veto_reason = models.TextField("否决理由", blank=True)
    bottom = models.BooleanField("末位", default=False)
    details = models.JSONField("分项", default=dict, help_text="{indicators: {code: score}, instruments: {kind: {n, mean}}}")
    published_at = models.DateTimeField("发布时间")

    class Meta:
        verbose_name = verbose_name_plural = "评议结果"
        indexes = [models.Index(fields=["published_at"], name="appraisal_result_bottom", condition=models.Q(bottom=True))]
