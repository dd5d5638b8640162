"""Writes for departments, staff and credentials.  Each one writes its audit record."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import pyotp
from axes.utils import reset as axes_reset
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.db import transaction

from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.context import Channel
from xiaoneng.core.errors import DomainError, Forbidden, InvalidInput

from .access import access_manage_roles
from .codes import Action, Error
from .login import lockout_message, password_expired, totp_accept, totp_enrolled, totp_required
from .models import SEPARATED_ROLES, AccountSecurity, ApiKey, ApiToken, Department, Role, Staff, StaffRole, apikey_cache_key

TOKEN_LIFETIME = dt.timedelta(days=30)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def department_create(
    *, by, code: str, name: str, kind: str, parent: Department | None = None, division_code: str = "", short_name: str = "", sort_order: int = 0
) -> Department:
    if Department.objects.filter(code=code).exists():
        raise InvalidInput(f"部门编码 {code} 已存在", code=Error.DUPLICATE_DEPARTMENT)
    if division_code and not (division_code.isdigit() and len(division_code) in (6, 9, 12)):
        raise InvalidInput("行政区划代码应为6、9或12位数字", code=Error.INVALID_DIVISION_CODE)
    dept = Department(code=code, name=name, kind=kind, parent=parent, division_code=division_code, short_name=short_name, sort_order=sort_order)
    dept.full_clean(exclude=["path"])
    dept.save()
    dept.path = f"{parent.path if parent else '/'}{dept.pk}/"
    dept.save(update_fields=["path"])
    audit.record(actor=by, action=Action.DEPARTMENT_CREATE, subject=dept, after=audit.snapshot(dept, ["code", "name", "kind", "parent", "division_code"]))
    return dept


def _sync_admin_flags(user, roles) -> None:
    """The Django admin site is for administrators only."""
    user.is_staff = user.is_superuser = Role.ADMIN in roles
    user.save(update_fields=["is_staff", "is_superuser"])


@transaction.atomic
def staff_create(
    *,
    by,
    username: str,
    password: str,
    name: str,
    department: Department,
    roles: list[str],
    position: str = "",
    is_leader: bool = False,
    phone: str = "",
    badge_no: str = "",
) -> Staff:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise InvalidInput(f"未知角色：{'、'.join(sorted(unknown))}", code=Error.UNKNOWN_ROLE)
    _check_separation(roles)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise InvalidInput(f"用户名 {username} 已被使用", code=Error.DUPLICATE_USERNAME)
    user = User.objects.create_user(username=username, password=password, first_name=name)
    _sync_admin_flags(user, roles)
    staff = Staff(user=user, name=name, department=department, position=position, is_leader=is_leader, phone=phone, badge_no=badge_no)
    staff.full_clean()
    staff.save()
    StaffRole.objects.bulk_create([StaffRole(staff=staff, role=r) for r in dict.fromkeys(roles)])
    audit.record(
        actor=by,
        action=Action.STAFF_CREATE,
        subject=staff,
        after=audit.snapshot(staff, ["name", "department", "position", "is_leader"]) | {"username": username, "roles": roles},
    )
    return staff


def _check_separation(roles) -> None:
    """三员分立: the system, security and audit administrators are three different people."""
    held = [Role(r).label for r in SEPARATED_ROLES if r in set(roles)]
    if len(held) > 1:
        raise InvalidInput(f"{'、'.join(held)}不得由同一账号兼任（三员分立）", code=Error.ROLE_SEPARATION)


@transaction.atomic
def staff_set_roles(*, by, staff: Staff, roles: list[str]) -> Staff:
    """Grant and revoke roles: the one way roles change, from any screen.  Only the security
    administrator grants roles (三员分立; ``by=None`` is the installer or a command).  The
    admin-site flags follow the administrator role; an unchanged set writes nothing."""
    if by is not None and not access_manage_roles(by):
        raise Forbidden("只有安全管理员可以授予或撤销角色", code=Shared.FORBIDDEN)
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise InvalidInput(f"未知角色：{'、'.join(sorted(unknown))}", code=Error.UNKNOWN_ROLE)
    _check_separation(roles)
    Staff.objects.select_for_update().filter(pk=staff.pk).first()
    before = sorted(staff.role_grants.values_list("role", flat=True))
    after = sorted(set(roles))
    if before == after:
        return staff
    staff.role_grants.exclude(role__in=roles).delete()
    StaffRole.objects.bulk_create([StaffRole(staff=staff, role=r) for r in set(roles) - set(before)])
    _sync_admin_flags(staff.user, roles)
    audit.record(actor=by, action=Action.STAFF_SET_ROLES, subject=staff, before={"roles": before}, after={"roles": after})
    return staff


def token_issue(*, username: str, password: str, request=None, otp: str = "") -> str:
    """Log in for the API: returns a new bearer token (shown once, stored only as a hash).
    The same lockout as the login page (``request`` gives the client's address), the second
    factor where the role needs one, and no token on an expired password.  Not one
    transaction: a refused attempt must stay counted."""
    user = authenticate(request, username=username, password=password)
    if user is None and getattr(request, "axes_locked_out", False):
        raise DomainError(lockout_message(), code=Error.LOCKED_OUT, status=429)
    if user is None or not user.is_active:
        raise Forbidden("用户名或密码错误", code=Error.INVALID_CREDENTIALS, status=401)
    if totp_required(user):
        if not totp_enrolled(user):
            raise Forbidden("该账号须先在网页登录并绑定动态口令", code=Error.OTP_NOT_ENROLLED, status=401)
        if not totp_accept(user, otp):
            user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
            raise Forbidden("请提供正确的动态口令（otp）", code=Error.OTP_REQUIRED, status=401)
    if password_expired(user):
        raise Forbidden("密码已过期，请先在网页登录修改密码", code=Error.PASSWORD_EXPIRED, status=401)
    raw = "xn_" + secrets.token_urlsafe(32)
    now = clock.now()
    with transaction.atomic():
        ApiToken.objects.create(user=user, key_hash=_digest(raw), created_at=now, expires_at=now + TOKEN_LIFETIME)
        audit.record(actor=user, action=Action.TOKEN_ISSUE, subject=user)
    return raw


# --- login security -----------------------------------------------------------------


@transaction.atomic
def account_totp_start(*, by) -> str:
    """A new TOTP secret for the signed-in user, not in force until confirmed with a code."""
    secret = pyotp.random_base32()
    AccountSecurity.objects.update_or_create(user=by, defaults={"totp_secret": secret, "totp_confirmed_at": None, "totp_last_step": 0})
    return secret


@transaction.atomic
def account_totp_confirm(*, by, code: str) -> None:
    account = AccountSecurity.objects.select_for_update().filter(user=by).exclude(totp_secret="").first()
    if account is None:
        raise InvalidInput("请先生成动态口令密钥", code=Error.OTP_NOT_ENROLLED)
    if not totp_accept(by, code):
        raise InvalidInput("动态口令错误，请输入认证器上当前的 6 位数字", code=Error.OTP_INVALID)
    AccountSecurity.objects.filter(pk=account.pk).update(totp_confirmed_at=clock.now())
    audit.record(actor=by, action=Action.TOTP_ENROL, subject=by)


@transaction.atomic
def account_totp_reset(*, by, user) -> None:
    """A lost authenticator: the security administrator clears it; the user enrols again."""
    if not access_manage_roles(by):
        raise Forbidden("只有安全管理员可以重置动态口令", code=Shared.FORBIDDEN)
    AccountSecurity.objects.filter(user=user).update(totp_secret="", totp_confirmed_at=None, totp_last_step=0)
    audit.record(actor=by, action=Action.TOTP_RESET, subject=user)


@transaction.atomic
def account_unlock(*, by, username: str) -> int:
    """Lift a login lockout before it expires (security administrator); returns how many
    lockout records were cleared."""

    if not access_manage_roles(by):
        raise Forbidden("只有安全管理员可以解除登录锁定", code=Shared.FORBIDDEN)
    cleared = axes_reset(username=username)
    audit.record(actor=by, action=Action.UNLOCK, subject="auth.user", subject_id=username, after={"cleared": cleared})
    return cleared


def token_user(raw: str):
    """The user a bearer token belongs to, or None if it is unknown, expired or revoked."""
    token = ApiToken.objects.select_related("user").filter(key_hash=_digest(raw), revoked=False, expires_at__gt=clock.now(), user__is_active=True).first()
    return token.user if token else None


# The channels an integration may speak for (the others are the platform's own).
INTEGRATION_CHANNELS = tuple(
    c.value for c in (Channel.API, Channel.HOTLINE, Channel.WECHAT, Channel.WEIBO, Channel.APP, Channel.EMAIL, Channel.OPEN311, Channel.IMPORT)
)


@transaction.atomic
def apikey_create(*, by, name: str, channel: str) -> tuple[ApiKey, str]:
    from .access import access_manage_api_keys

    if not access_manage_api_keys(by):
        raise Forbidden("只有系统管理员可以创建接口密钥")
    if not name.strip() or len(name.strip()) > 100:
        raise InvalidInput("请填写密钥名称（不超过100个字）", code=Error.INVALID_NAME)
    if channel not in INTEGRATION_CHANNELS:
        raise InvalidInput(f"渠道“{channel}”无效，应为 {'/'.join(INTEGRATION_CHANNELS)}", code=Shared.INVALID_CHANNEL)
    raw = "xnk_" + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(name=name.strip(), channel=channel, key_hash=_digest(raw), prefix=raw[:12], created_by=by, created_at=clock.now())
    audit.record(actor=by, action=Action.APIKEY_CREATE, subject=key, after={"name": key.name, "channel": channel, "prefix": key.prefix})
    return key, raw


APIKEY_CACHE_SECONDS = 30


def apikey_lookup(raw: str) -> ApiKey | None:
    """The active key for a presented secret.  Integrations present the same key on every
    request, so the row is kept in Django's cache (shared by every app server: Redis in
    production) under the secret's hash for a short while; a change to the key drops it
    (``ApiKey.save``).  Unknown secrets are not cached."""
    digest = _digest(raw)
    name = apikey_cache_key(digest)
    key = cache.get(name)
    if key is None:
        key = ApiKey.objects.filter(key_hash=digest, is_active=True).first()
        if key is not None:
            cache.set(name, key, APIKEY_CACHE_SECONDS)
    return key
