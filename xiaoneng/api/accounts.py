"""Accounts and the organisation over the API: tokens, who am I, API keys for channels,
the department tree."""

from __future__ import annotations

from ninja import Field, Router, Schema, Status

from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.context import Channel
from xiaoneng.core.errors import NotFound
from xiaoneng.core.people import display_name
from xiaoneng.org import services
from xiaoneng.org.access import roles_of
from xiaoneng.org.models import Department, Staff
from xiaoneng.org.selectors import staff_of

from .auth import STAFF_AUTH, actor
from .schemas import ERRORS

router = Router(tags=["账号与组织"])


class TokenIn(Schema):
    username: str
    password: str
    otp: str = Field("", description="动态口令（已绑定认证器的账号必填）")


class RolesIn(Schema):
    roles: list[str]


class RolesOut(Schema):
    username: str
    roles: list[str]


class UsernameIn(Schema):
    username: str


class UnlockOut(Schema):
    username: str
    cleared: int


class TokenOut(Schema):
    token: str


class DepartmentRef(Schema):
    code: str
    name: str


class MeOut(Schema):
    username: str
    name: str
    roles: list[str]
    department: DepartmentRef | None
    position: str
    is_leader: bool


class ApiKeyIn(Schema):
    name: str
    channel: str = Channel.API


class ApiKeyOut(Schema):
    key: str
    name: str
    channel: str
    prefix: str


class DepartmentOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    division_code: str


@router.post("/auth/token", auth=None, response={200: TokenOut, **ERRORS}, summary="用户名密码换取访问令牌")
def issue_token(request, payload: TokenIn):
    """连续登录失败按账号和来源地址锁定（429）；系统、安全、审计管理员和效能办等角色须提供动态口令。"""
    return {"token": services.token_issue(username=payload.username, password=payload.password, otp=payload.otp, request=request)}


@router.get("/me", auth=STAFF_AUTH, response={200: MeOut, **ERRORS}, summary="当前用户、角色与部门")
def me(request):
    user = actor(request)
    staff = staff_of(user)
    return {
        "username": user.get_username(),
        "name": display_name(user),
        "roles": sorted(roles_of(user)),
        "department": {"code": staff.department.code, "name": staff.department.name} if staff else None,
        "position": staff.position if staff else "",
        "is_leader": bool(staff and staff.is_leader),
    }


@router.post("/apikeys", auth=STAFF_AUTH, response={201: ApiKeyOut, **ERRORS}, summary="为渠道对接创建接口密钥（系统管理员）")
def create_api_key(request, payload: ApiKeyIn):
    key, raw = services.apikey_create(by=actor(request), name=payload.name, channel=payload.channel)
    return Status(201, {"key": raw, "name": key.name, "channel": key.channel, "prefix": key.prefix})


@router.get("/departments", auth=None, response=list[DepartmentOut], summary="部门列表")
def list_departments(request, kind: str | None = None):
    rows = Department.objects.filter(is_active=True).select_related("parent").order_by("path")
    if kind:
        rows = rows.filter(kind=kind)
    return [
        {
            "code": d.code,
            "name": d.name,
            "short_name": d.short_name,
            "kind": d.kind,
            "parent": d.parent.code if d.parent else None,
            "division_code": d.division_code,
        }
        for d in rows
    ]


def _staff(username: str):
    staff = Staff.objects.select_related("user").filter(user__username=username).first()
    if staff is None:
        raise NotFound("工作人员不存在", code=Shared.UNKNOWN_PERSON)
    return staff


@router.put("/staff/{username}/roles", auth=STAFF_AUTH, response={200: RolesOut, **ERRORS}, summary="授予或撤销角色（安全管理员；三员分立）")
def set_roles(request, username: str, payload: RolesIn):
    staff = services.staff_set_roles(by=actor(request), staff=_staff(username), roles=payload.roles)
    return {"username": username, "roles": sorted(staff.role_grants.values_list("role", flat=True))}


@router.post("/security/unlock", auth=STAFF_AUTH, response={200: UnlockOut, **ERRORS}, summary="解除登录锁定（安全管理员）")
def unlock(request, payload: UsernameIn):
    return {"username": payload.username, "cleared": services.account_unlock(by=actor(request), username=payload.username)}


@router.post("/security/totp-reset", auth=STAFF_AUTH, response={200: UsernameIn, **ERRORS}, summary="重置动态口令（安全管理员，认证器丢失时）")
def totp_reset(request, payload: UsernameIn):
    services.account_totp_reset(by=actor(request), user=_staff(payload.username).user)
    return {"username": payload.username}
