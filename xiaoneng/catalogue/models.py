"""The service item catalogue (事项清单).

An item (``ServiceItem``) is only an identity — its code and whether it is offered.  What
the public is told (行政许可法 第三十条: 依据、条件、数量、程序、期限、材料目录、示范文本, and
the fees of 第五十八、五十九条) lives in immutable versions: a change makes a new version and
an application keeps the version it was received under, so a change never rewrites what an
applicant was told."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ItemKind(models.TextChoices):
    LICENCE = "licence", "行政许可"
    FILING = "filing", "备案"
    OTHER = "other", "其他政务服务"


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", "原件"
    COPY = "copy", "复印件"
    ORIGINAL_AND_COPY = "original_copy", "原件及复印件"
    ELECTRONIC = "electronic", "电子材料"


class ServiceItem(models.Model):
    code = models.CharField("事项编码", max_length=64, unique=True)
    current = models.OneToOneField("ServiceItemVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="现行版本")
    published = models.BooleanField("对外公布", default=True, help_text="停止办理的事项不再受理新申请，已受理的继续办结")
    created_at = models.DateTimeField("创建时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "服务事项"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.current.name if self.current_id else ''}".strip()


class ServiceItemVersion(models.Model):
    """One published state of an item.  Never changed once written."""

    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="versions", verbose_name="事项")
    number = models.PositiveSmallIntegerField("版本号")
    name = models.CharField("事项名称", max_length=200)
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="service_item_versions", verbose_name="实施部门")
    kind = models.CharField("事项类型", max_length=20, choices=ItemKind.choices, default=ItemKind.LICENCE)
    legal_basis = models.TextField("设定依据", blank=True)
    conditions = models.TextField("受理条件", blank=True)
    procedure = models.TextField("办理流程", blank=True)
    quantity_limit = models.CharField("数量限制", max_length=200, blank=True)
    legal_limit_days = models.PositiveSmallIntegerField("法定时限（工作日）")
    committed_limit_days = models.PositiveSmallIntegerField("承诺时限（工作日）")
    on_the_spot = models.BooleanField("即办件（当场办结）", default=False)
    deemed_approval = models.BooleanField("超时默认（逾期视为准予）", default=False)
    joint = models.BooleanField("并联审批", default=False)
    validity_months = models.PositiveSmallIntegerField(
        "许可有效期（月）", null=True, blank=True, help_text="准予许可后证件的有效期；空表示长期有效（行政许可法 第五十条）"
    )
    renewal_lead_days = models.PositiveSmallIntegerField(
        "延续申请提前日数（日历日）", default=30, help_text="被许可人应在有效期届满前多少日提出延续申请，法律、法规、规章另有规定的从其规定（第五十条）"
    )
    preliminary_department = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="初审部门",
        help_text="须经下级行政机关初审后报上级决定的事项（行政许可法 第四十三条）",
    )
    preliminary_limit_days = models.PositiveSmallIntegerField("初审时限（工作日）", default=20, help_text="下级机关受理后审查并报送上级的期限")
    sample_form = models.TextField("申请书示范文本", blank=True, help_text="示范文本名称及获取方式")
    contact = models.CharField("咨询方式", max_length=200, blank=True)
    change_note = models.CharField("变更说明", max_length=200, blank=True)
    created_at = models.DateTimeField("发布时间")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="发布人")

    class Meta:
        verbose_name = verbose_name_plural = "事项版本"
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="item_version_unique"),
            models.CheckConstraint(condition=Q(committed_limit_days__lte=F("legal_limit_days")), name="committed_within_legal"),
        ]

    def __str__(self):
        return f"{self.name}（第{self.number}版）"


class ItemMaterial(models.Model):
    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField("序号")
    code = models.CharField("材料编码", max_length=40)
    name = models.CharField("材料名称", max_length=200)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    form = models.CharField("材料形式", max_length=20, choices=MaterialForm.choices, default=MaterialForm.ORIGINAL)
    required = models.BooleanField("必需", default=True)
    source = models.CharField("来源渠道", max_length=200, blank=True, help_text="如 申请人自备、市场监管部门核发")
    note = models.CharField("填报要求", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "申请材料"
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="material_code_unique")]

    def __str__(self):
        return self.name


class ItemFee(models.Model):
    """A fee published for the item.  ``amount`` is None when it is charged by a published
    standard (``standard`` says which)."""

    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="fees")
    position = models.PositiveSmallIntegerField("序号")
    code = models.CharField("收费编码", max_length=40)
    name = models.CharField("收费项目", max_length=200)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    standard = models.CharField("收费标准", max_length=300, blank=True)
    legal_basis = models.TextField("收费依据")

    class Meta:
        verbose_name = verbose_name_plural = "收费项目"
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="fee_code_unique")]

    def __str__(self):
        return self.name


class CoDepartment(models.Model):
    """A co-department of a joint item (并联审批), with its own review limit."""

    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="co_departments")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="协办部门")
    limit_days = models.PositiveSmallIntegerField("审查时限（工作日）")
    deemed_consent = models.BooleanField("逾期未反馈视为同意", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "并联审批协办部门"
        ordering = ["version", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "department"], name="co_department_unique")]

    def __str__(self):
        return str(self.department)


class EnterpriseFeeKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", "行政事业性收费"
    FUND = "fund", "政府性基金"
    SERVICE = "service", "涉企经营服务性收费"
    INTERMEDIARY = "intermediary", "行政审批前置中介服务收费"


class EnterpriseFee(models.Model):
    """One line of the city's published enterprise fee list (涉企收费清单): fees outside it
    may not be charged."""

    code = models.CharField("编码", max_length=40, unique=True)
    name = models.CharField("收费项目", max_length=200)
    kind = models.CharField("类别", max_length=20, choices=EnterpriseFeeKind.choices)
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+", verbose_name="收费单位")
    standard = models.CharField("收费标准", max_length=300)
    legal_basis = models.TextField("设立依据")
    active = models.BooleanField("有效", default=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "涉企收费清单"
        ordering = ["kind", "code"]

    def __str__(self):
        return self.name
