"""Accounts and the organisation over the API: tokens, who am I, API keys for channels,
the department tree."""

from __future__ import annotations

from ninja import Router, Schema, Status

from xiaoneng.core.context import Channel
from xiaoneng.core.people import display_name
from xiaoneng.org import services
from xiaoneng.org.access import roles_of
from xiaoneng.org.models import Department
from xiaoneng.org.selectors import staff_of

from .auth import STAFF_AUTH, actor
from .schemas import ERRORS

router = Router(tags=["账号与组织"])


class TokenIn(Schema):
    username: str
    password: str


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
    return {"token": services.token_issue(username=payload.username, password=payload.password)}


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
