"""Writes for departments, staff and credentials.  Each one writes its audit record."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth import authenticate, get_user_model
from django.db import transaction

from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.context import Channel
from xiaoneng.core.errors import Forbidden, InvalidInput

from .codes import Action, Error
from .models import ApiKey, ApiToken, Department, Role, Staff, StaffRole

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


@transaction.atomic
def staff_set_roles(*, by, staff: Staff, roles: list[str]) -> Staff:
    """Grant and revoke roles: the one way roles change, from any screen.  The admin-site
    flags follow the administrator role; an unchanged set writes nothing."""
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise InvalidInput(f"未知角色：{'、'.join(sorted(unknown))}", code=Error.UNKNOWN_ROLE)
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


@transaction.atomic
def token_issue(*, username: str, password: str) -> str:
    """Log in for the API: returns a new bearer token (shown once, stored only as a hash)."""
    user = authenticate(username=username, password=password)
    if user is None or not user.is_active:
        raise Forbidden("用户名或密码错误", code=Error.INVALID_CREDENTIALS, status=401)
    raw = "xn_" + secrets.token_urlsafe(32)
    now = clock.now()
    ApiToken.objects.create(user=user, key_hash=_digest(raw), created_at=now, expires_at=now + TOKEN_LIFETIME)
    audit.record(actor=user, action=Action.TOKEN_ISSUE, subject=user)
    return raw


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


def apikey_lookup(raw: str) -> ApiKey | None:
    return ApiKey.objects.filter(key_hash=_digest(raw), is_active=True).first()
