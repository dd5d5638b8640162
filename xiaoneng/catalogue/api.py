"""``/api/v1/catalogue``: the service item catalogue and the enterprise fee list."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from xiaoneng.api.auth import STAFF_AUTH, Anyone, actor, public
from xiaoneng.api.schemas import ERRORS
from xiaoneng.catalogue.access import access_manage_catalogue, access_see_withdrawn_items
from xiaoneng.catalogue.codes import Error
from xiaoneng.core import clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Forbidden, NotFound
from xiaoneng.core.types import DecimalValue

from . import excel, selectors, services
from .models import ServiceItem, ServiceItemVersion
from .rules import CoDepartmentSpec, FeeSpec, ItemSpec, MaterialSpec

router = Router(tags=["事项清单"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Public reads that show signed-in staff a little more (items no longer offered).
OPTIONAL_AUTH = [*STAFF_AUTH, Anyone()]


class ItemIn(Schema):
    code: str
    name: str
    department: str
    legal_limit_days: int
    committed_limit_days: int
    kind: str = "licence"
    legal_basis: str = ""
    conditions: str = ""
    procedure: str = ""
    quantity_limit: str = ""
    on_the_spot: bool | None = None
    deemed_approval: bool = False
    joint: bool = False
    sample_form: str = ""
    contact: str = ""
    validity_months: int | None = None
    renewal_lead_days: int = 30
    preliminary_department: str = ""
    preliminary_limit_days: int = 20
    materials: list[MaterialSpec] = []
    fees: list[FeeSpec] = []
    co_departments: list[str | CoDepartmentSpec] = []  # a code, or {department, limit_days, deemed_consent}
    change_note: str = ""

    def spec(self) -> ItemSpec:
        fields = {name: getattr(self, name) for name in type(self).model_fields if name not in ("materials", "fees", "co_departments", "change_note")}
        return ItemSpec(
            **fields,
            materials=tuple(self.materials),
            fees=tuple(self.fees),
            co_departments=tuple(CoDepartmentSpec(department=c) if isinstance(c, str) else c for c in self.co_departments),
        )


class ItemReasonIn(Schema):
    reason: str


class ItemDepartmentOut(Schema):
    code: str
    name: str


class ItemMaterialOut(Schema):
    code: str
    name: str
    required: bool
    copies: int
    form: str
    form_label: str
    source: str
    note: str


class ItemFeeOut(Schema):
    code: str
    name: str
    amount: DecimalValue | None
    standard: str
    legal_basis: str


class CoDepartmentOut(Schema):
    department: ItemDepartmentOut
    limit_days: int
    deemed_consent: bool


class ItemOut(Schema):
    code: str
    published: bool
    version: int
    versions: int
    name: str
    department: ItemDepartmentOut
    kind: str
    kind_label: str
    legal_basis: str
    conditions: str
    procedure: str
    quantity_limit: str
    legal_limit_days: int
    committed_limit_days: int
    on_the_spot: bool
    deemed_approval: bool
    joint: bool
    sample_form: str
    contact: str
    validity_months: int | None
    renewal_lead_days: int
    preliminary_department: ItemDepartmentOut | None
    preliminary_limit_days: int
    change_note: str
    published_at: dt.datetime
    materials: list[ItemMaterialOut]
    fees: list[ItemFeeOut]
    co_departments: list[CoDepartmentOut]
    changed: bool | None = None


class ItemSummaryOut(Schema):
    code: str
    name: str
    department: ItemDepartmentOut
    kind: str
    legal_limit_days: int
    committed_limit_days: int
    on_the_spot: bool
    deemed_approval: bool
    joint: bool
    published: bool
    version: int


class ImportOut(Schema):
    created: list[str]
    revised: list[str]
    unchanged: list[str]


class EnterpriseFeeIn(Schema):
    code: str
    name: str
    kind: str
    department: str
    standard: str
    legal_basis: str
    active: bool = True


class EnterpriseFeeOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    department: ItemDepartmentOut
    standard: str
    legal_basis: str
    active: bool


def _dept(d) -> dict:
    return {"code": d.code, "name": d.name}


def item_out(version: ServiceItemVersion, *, changed: bool | None = None) -> dict:
    item = version.item
    return {
        "code": item.code,
        "published": item.published,
        "version": version.number,
        "versions": item.versions.count(),
        "department": _dept(version.department),
        "kind_label": version.get_kind_display(),
        "published_at": version.created_at,
        "preliminary_department": _dept(version.preliminary_department) if version.preliminary_department_id else None,
        **{
            f: getattr(version, f)
            for f in (
                "name",
                "kind",
                "legal_basis",
                "conditions",
                "procedure",
                "quantity_limit",
                "legal_limit_days",
                "committed_limit_days",
                "on_the_spot",
                "deemed_approval",
                "joint",
                "sample_form",
                "contact",
                "validity_months",
                "renewal_lead_days",
                "preliminary_limit_days",
                "change_note",
            )
        },
        "materials": [
            {
                "code": m.code,
                "name": m.name,
                "required": m.required,
                "copies": m.copies,
                "form": m.form,
                "form_label": m.get_form_display(),
                "source": m.source,
                "note": m.note,
            }
            for m in version.materials.all()
        ],
        "fees": [{"code": f.code, "name": f.name, "amount": f.amount, "standard": f.standard, "legal_basis": f.legal_basis} for f in version.fees.all()],
        "co_departments": [
            {"department": _dept(c.department), "limit_days": c.limit_days, "deemed_consent": c.deemed_consent} for c in version.co_departments.all()
        ],
        "changed": changed,
    }


def _item(request, code: str) -> ServiceItem:
    item = selectors.item_by_code(code, include_withdrawn=access_see_withdrawn_items(request.user))
    if item is None:
        raise NotFound(f"事项 {code} 不存在", code=Error.ITEM_NOT_FOUND)
    return item


@router.get(
    "/catalogue/items", auth=OPTIONAL_AUTH, openapi_extra=public(OPTIONAL_AUTH), response=list[ItemSummaryOut], summary="事项清单（可按关键词、部门、类型检索）"
)
def list_items(request, q: str = "", department: str = "", kind: str = ""):
    rows = selectors.items(q=q, department=department, kind=kind, include_withdrawn=access_see_withdrawn_items(request.user))
    return [
        {
            "code": i.code,
            "published": i.published,
            "version": i.current.number,
            "department": _dept(i.current.department),
            **{f: getattr(i.current, f) for f in ("name", "kind", "legal_limit_days", "committed_limit_days", "on_the_spot", "deemed_approval", "joint")},
        }
        for i in rows
    ]


@router.get(
    "/catalogue/items/{code}",
    auth=OPTIONAL_AUTH,
    openapi_extra=public(OPTIONAL_AUTH),
    response={200: ItemOut, **ERRORS},
    summary="事项办事指南（行政许可法第三十条要求公示的全部内容）",
)
def get_item(request, code: str, version: int | None = None):
    detail = selectors.version_detail(_item(request, code), version)
    if detail is None:
        raise NotFound(f"事项 {code} 没有第{version}版", code=Error.VERSION_NOT_FOUND)
    return item_out(detail)


@router.post("/catalogue/items", response={201: ItemOut, **ERRORS}, summary="发布新事项（系统管理员）")
def create_item(request, payload: ItemIn):
    version = services.item_create(by=actor(request), spec=payload.spec(), change_note=payload.change_note)
    return Status(201, item_out(selectors.version_detail(version.item)))


@router.put("/catalogue/items/{code}", response={200: ItemOut, **ERRORS}, summary="修改事项（内容有变化时生成新版本；已收件的办件沿用原版本）")
def revise_item(request, code: str, payload: ItemIn):
    item = selectors.item_by_code(code, include_withdrawn=True)
    if item is None:
        raise NotFound(f"事项 {code} 不存在", code=Error.ITEM_NOT_FOUND)
    version, changed = services.item_revise(by=actor(request), item=item, spec=payload.spec(), change_note=payload.change_note)
    return item_out(selectors.version_detail(version.item), changed=changed)


@router.post("/catalogue/items/{code}/withdraw", response={200: ItemOut, **ERRORS}, summary="停止办理事项")
def withdraw_item(request, code: str, payload: ItemReasonIn):
    item = services.item_set_published(by=actor(request), item=_item(request, code), published=False, reason=payload.reason)
    return item_out(selectors.version_detail(item))


@router.post("/catalogue/items/{code}/publish", response={200: ItemOut, **ERRORS}, summary="恢复办理事项")
def publish_item(request, code: str, payload: ItemReasonIn):
    item = selectors.item_by_code(code, include_withdrawn=True)
    if item is None:
        raise NotFound(f"事项 {code} 不存在", code=Error.ITEM_NOT_FOUND)
    item = services.item_set_published(by=actor(request), item=item, published=True, reason=payload.reason)
    return item_out(selectors.version_detail(item))


@router.get("/catalogue/export", auth=None, summary="导出事项清单（Excel）")
def export(request):
    return workbook_response()


def workbook_response() -> HttpResponse:
    """The published catalogue as the workbook the import reads."""
    content = excel.export_workbook(selectors.current_specs())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=catalogue-{clock.today():%Y%m%d}.xlsx"
    return response


@router.post("/catalogue/import", auth=STAFF_AUTH, response={200: ImportOut, **ERRORS}, summary="导入事项清单（Excel；任何一行有误则整体不导入）")
def import_items(request, file: File[UploadedFile]):
    """权限在读取文件之前检查；文件大小、解压后大小、行数和单元格数都有上限。"""
    if not access_manage_catalogue(actor(request)):
        raise Forbidden("只有系统管理员可以维护事项清单", code=Shared.FORBIDDEN)
    rows, errors = excel.read_workbook(file.read(excel.MAX_BYTES + 1))
    return services.catalogue_import(by=actor(request), rows=rows, read_errors=errors)


@router.get("/catalogue/enterprise-fees", auth=None, response=list[EnterpriseFeeOut], summary="涉企收费清单")
def list_enterprise_fees(request):
    return [enterprise_fee_out(f) for f in selectors.enterprise_fees()]


@router.post("/catalogue/enterprise-fees", response={201: EnterpriseFeeOut, **ERRORS}, summary="新增或修改涉企收费清单项目（系统管理员）")
def save_enterprise_fee(request, payload: EnterpriseFeeIn):
    fee = services.enterprise_fee_save(by=actor(request), **payload.dict())
    return Status(201, enterprise_fee_out(fee))


def enterprise_fee_out(fee) -> dict:
    return {
        "code": fee.code,
        "name": fee.name,
        "kind": fee.kind,
        "kind_label": fee.get_kind_display(),
        "department": _dept(fee.department),
        "standard": fee.standard,
        "legal_basis": fee.legal_basis,
        "active": fee.active,
    }


class FeeApprovalIn(Schema):
    item: str
    fee: str
    reason: str


@router.post("/catalogue/fee-approvals", response={201: dict, **ERRORS}, summary="批准事项公布涉企收费清单以外的收费（软环境办）")
def approve_off_list_fee(request, payload: FeeApprovalIn):
    services.fee_off_list_approve(by=actor(request), item_code=payload.item, fee_code=payload.fee, reason=payload.reason)
    return Status(201, {"item": payload.item, "fee": payload.fee})
