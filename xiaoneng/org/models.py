from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction


class Role(models.TextChoices):
    PUBLIC = "public", "申请人/公众"
    WINDOW = "window", "窗口人员"
    HANDLER = "handler", "承办人"
    HEAD = "head", "部门负责人"
    DISPATCHER = "dispatcher", "派单员"
    SUPERVISOR = "supervisor", "效能监督"
    LEADER = "leader", "领导"
    # 行政许可法 第四十二条第二款: a joint application's +15 days are approved by the head of
    # the people's government at that level (granted in that government's department).
    GOVERNMENT_HEAD = "government_head", "人民政府负责人"
    ADMIN = "admin", "系统管理员"
    # 三员分立 (GB/T 22239-2019 level 3): the system administrator runs the system, the
    # security administrator grants roles and unlocks accounts, the audit administrator reads
    # the audit log; no account holds two of them.
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


# The three administrators of 三员分立: mutually exclusive.
SEPARATED_ROLES = (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


class DepartmentKind(models.TextChoices):
    CITY = "city", "市"
    DISTRICT = "district", "区（县）"
    STREET = "street", "街道"
    TOWNSHIP = "township", "乡镇"
    BUREAU = "bureau", "市直部门"
    WINDOW = "window", "窗口单位"
    OFFICE = "office", "内设机构"


class Department(models.Model):
    """A node of the organisation chart.  ``path`` is the chain of ids from the root
    ("/1/4/17/") so that a subtree is one indexed prefix query."""

    code = models.SlugField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=20, choices=DepartmentKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级")
    division_code = models.CharField("行政区划代码", max_length=12, blank=True, help_text="GB/T 2260，适用时填写")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "部门"
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name

    @property
    def tree_name(self) -> str:
        """The name indented by its depth in the tree, for department pickers (a plain
        ``<select>`` shows the tree without any script)."""
        return "　" * max(self.path.count("/") - 2, 0) + self.name


class Staff(models.Model):
    """A person who works in the system, attached to one department."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff", verbose_name="账号")
    name = models.CharField("姓名", max_length=50)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="staff", verbose_name="部门")
    position = models.CharField("职务", max_length=60, blank=True)
    is_leader = models.BooleanField("领导干部", default=False, help_text="领导干部与一般工作人员适用不同的问责梯度")
    phone = models.CharField("联系电话", max_length=20, blank=True)
    badge_no = models.CharField("工号/胸牌号", max_length=30, blank=True)
    is_active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作人员"

    def __str__(self):
        return f"{self.name}（{self.department}）"


class StaffRole(models.Model):
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = verbose_name_plural = "角色授权"
        constraints = [models.UniqueConstraint(fields=["staff", "role"], name="staffrole_unique")]

    def __str__(self):
        return self.get_role_display()


class ApiToken(models.Model):
    """A bearer token issued at login.  Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = verbose_name_plural = "访问令牌"


class AccountSecurity(models.Model):
    """What login security keeps per account: when the password last changed (for expiry)
    and the TOTP second factor (RFC 6238).  ``totp_last_step`` refuses a code used twice."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security")
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField("动态口令绑定时间", null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "账号安全"


class ApiKey(models.Model):
    """A key for a channel integration (WeChat, Weibo, an app, Open311 clients)."""

    name = models.CharField("名称", max_length=100)
    channel = models.CharField("渠道", max_length=20)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("前缀", max_length=12)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "接口密钥"

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    def save(self, *args, **kwargs):
        """Every change (switching a key off, renaming it, moving it to another channel)
        drops the cached copy that request authentication reads (``org.services.apikey_lookup``),
        now and again when the change commits, so no app server keeps using the old row."""
        super().save(*args, **kwargs)
        forget = lambda: cache.delete(apikey_cache_key(self.key_hash))  # noqa: E731
        forget()
        transaction.on_commit(forget)


def apikey_cache_key(key_hash: str) -> str:
    return f"xn:apikey:{key_hash}"
