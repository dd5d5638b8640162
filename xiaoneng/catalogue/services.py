"""Writes to the catalogue.  Every change publishes a new, immutable version and is audited."""

from __future__ import annotations

import dataclasses
from collections import Counter

from django.db import transaction

from xiaoneng.catalogue.access import access_approve_off_list_fee, access_manage_catalogue
from xiaoneng.catalogue.codes import Action, Error
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.people import person
from xiaoneng.core.transitions import lock
from xiaoneng.core.validators import required_text
from xiaoneng.org.models import Department

from .models import CoDepartment, EnterpriseFee, EnterpriseFeeKind, ItemFee, ItemMaterial, ServiceItem, ServiceItemVersion
from .rules import CODE_RE, ItemSpec, check_item, normalise, on_city_list
from .selectors import enterprise_fee_codes, spec_of, version_detail


def _require_manager(by) -> None:
    if by is not None and not access_manage_catalogue(by):
        raise Forbidden("只有系统管理员可以维护事项清单")


def _departments(codes) -> dict[str, Department]:
    return {d.code: d for d in Department.objects.filter(code__in=set(codes), is_active=True)}


def _off_list_fees(spec: ItemSpec) -> list[str]:
    """The item's charged fees that are not on the city's 涉企收费清单 and that the office has
    not approved for this item."""
    city = enterprise_fee_codes()
    off = [f.code for f in spec.fees if f.amount != 0 and not on_city_list(f.code, city)]
    if not off:
        return []
    approvals = AuditRecord.objects.filter(action=Action.FEE_OFF_LIST_APPROVE, subject_type="catalogue.serviceitem", subject_id=spec.code)
    approved = {(a.after or {}).get("fee") for a in approvals}
    return [code for code in off if code not in approved]


def _department_codes(spec: ItemSpec) -> list[str]:
    return [spec.department, *(c.department for c in spec.co_departments), *([spec.preliminary_department] if spec.preliminary_department else [])]


def _problems(spec: ItemSpec, departments: dict[str, Department]) -> list[str]:
    errors = check_item(spec)
    errors += [f"收费项目 {code} 不在本市涉企收费清单内，须经软环境办批准后才能公布" for code in _off_list_fees(spec)]
    for code in _department_codes(spec):
        if code and code not in departments:
            errors.append(f"部门编码 {code} 不存在或已停用")
    return errors


def _checked(spec: ItemSpec) -> tuple[ItemSpec, dict[str, Department]]:
    spec = normalise(spec)
    departments = _departments(_department_codes(spec))
    errors = _problems(spec, departments)
    if errors:
        raise InvalidInput("事项信息有误：" + "；".join(errors[:5]), code=Error.INVALID_ITEM, details={"errors": errors})
    return spec, departments


def _publish(*, by, item: ServiceItem, spec: ItemSpec, departments: dict, number: int, change_note: str) -> ServiceItemVersion:
    now = clock.now()
    fields = {
        name: getattr(spec, name)
        for name in (
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
        )
    }
    version = ServiceItemVersion.objects.create(
        item=item,
        number=number,
        department=departments[spec.department],
        preliminary_department=departments[spec.preliminary_department] if spec.preliminary_department else None,
        change_note=change_note.strip()[:200],
        created_at=now,
        created_by=person(by),
        **fields,
    )
    ItemMaterial.objects.bulk_create([ItemMaterial(version=version, position=i, **dataclasses.asdict(m)) for i, m in enumerate(spec.materials, 1)])
    ItemFee.objects.bulk_create([ItemFee(version=version, position=i, **dataclasses.asdict(f)) for i, f in enumerate(spec.fees, 1)])
    CoDepartment.objects.bulk_create(
        [
            CoDepartment(version=version, department=departments[c.department], limit_days=c.limit_days, deemed_consent=c.deemed_consent)
            for c in spec.co_departments
        ]
    )
    item.current, item.updated_at = version, now
    item.save(update_fields=["current", "updated_at"])
    return version


@transaction.atomic
def item_create(*, by, spec: ItemSpec, change_note: str = "") -> ServiceItemVersion:
    """Publish a new item (行政许可法 第三十条: everything the public must be told)."""
    _require_manager(by)
    spec, departments = _checked(spec)
    if ServiceItem.objects.filter(code=spec.code).exists():
        raise Conflict(f"事项编码 {spec.code} 已存在，请修改该事项（将生成新版本）", code=Error.DUPLICATE_ITEM)
    now = clock.now()
    item = ServiceItem.objects.create(code=spec.code, created_at=now, updated_at=now)
    version = _publish(by=by, item=item, spec=spec, departments=departments, number=1, change_note=change_note or "首次发布")
    audit.record(actor=by, action=Action.ITEM_CREATE, subject=item, after={"version": 1, **dataclasses.asdict(spec)}, note=change_note)
    return version


@transaction.atomic
def item_revise(*, by, item: ServiceItem, spec: ItemSpec, change_note: str = "") -> tuple[ServiceItemVersion, bool]:
    """Publish a new version if the content changed; returns (current version, changed).
    Applications already received keep the version they were received under."""
    _require_manager(by)
    spec, departments = _checked(spec)
    if spec.code != item.code:
        raise InvalidInput("事项编码不能修改；如需变更编码，请新建事项并停止办理旧事项", code=Error.CODE_IMMUTABLE)
    item = lock(item)
    current = version_detail(item)
    old = spec_of(current)
    if old == spec:
        return current, False
    version = _publish(by=by, item=item, spec=spec, departments=departments, number=current.number + 1, change_note=change_note)
    changed = {k: v for k, v in dataclasses.asdict(spec).items() if dataclasses.asdict(old)[k] != v}
    before = {k: dataclasses.asdict(old)[k] for k in changed}
    audit.record(
        actor=by,
        action=Action.ITEM_REVISE,
        subject=item,
        before={"version": current.number, **before},
        after={"version": version.number, **changed},
        note=change_note,
    )
    return version, True


@transaction.atomic
def item_set_published(*, by, item: ServiceItem, published: bool, reason: str) -> ServiceItem:
    """Stop or resume offering an item.  Applications already received are finished under
    their own version."""
    _require_manager(by)
    if not (reason or "").strip():
        raise InvalidInput("请说明原因", code=Shared.MISSING_REASON)
    item = lock(item)
    if item.published == published:
        return item
    item.published, item.updated_at = published, clock.now()
    item.save(update_fields=["published", "updated_at"])
    audit.record(
        actor=by,
        action=Action.ITEM_PUBLISH if published else Action.ITEM_WITHDRAW,
        subject=item,
        before={"published": not published},
        after={"published": published},
        note=reason.strip(),
    )
    return item


@transaction.atomic
def catalogue_import(*, by, rows: list[tuple[str, ItemSpec]], read_errors: list[str] = ()) -> dict:
    """Import items as the office keeps them in a spreadsheet: every row is checked first and
    any error (``read_errors`` are those found reading the file) refuses the whole import,
    with the rows named; otherwise new items are created and changed items get a new version."""
    _require_manager(by)
    normalised = [(where, normalise(spec)) for where, spec in rows]
    departments = _departments(code for _, s in normalised for code in _department_codes(s))
    counts = Counter(s.code for _, s in normalised)
    errors = list(read_errors) + [f"{where}：{problem}" for where, spec in normalised for problem in _problems(spec, departments)]
    errors += [f"{where}：事项编码 {spec.code} 在文件中重复" for where, spec in normalised if counts[spec.code] > 1]
    if not normalised and not errors:
        errors.append("文件中没有事项")
    if errors:
        raise InvalidInput(f"导入失败：共 {len(errors)} 处错误，未导入任何事项。" + errors[0], code=Error.IMPORT_INVALID, details={"errors": errors})
    existing = {i.code: i for i in ServiceItem.objects.filter(code__in=counts)}
    result = {"created": [], "revised": [], "unchanged": []}
    for _, spec in normalised:
        if spec.code in existing:
            _, changed = item_revise(by=by, item=existing[spec.code], spec=spec, change_note="Excel 导入")
            result["revised" if changed else "unchanged"].append(spec.code)
        else:
            item_create(by=by, spec=spec, change_note="Excel 导入")
            result["created"].append(spec.code)
    audit.record(actor=by, action=Action.IMPORT, subject="catalogue.serviceitem", subject_id="import", after={k: len(v) for k, v in result.items()})
    return result


@transaction.atomic
def fee_off_list_approve(*, by, item_code: str, fee_code: str, reason: str):
    """软环境办 allows item ``item_code`` to publish fee ``fee_code`` although it is not on
    the city's 涉企收费清单 (audited; the item's next publication may then list it)."""
    if not access_approve_off_list_fee(by):
        raise Forbidden("只有软环境办可以批准清单以外的收费", code=Shared.FORBIDDEN)
    item_code, fee_code = (item_code or "").strip(), (fee_code or "").strip()
    if not CODE_RE.match(item_code) or not fee_code or len(fee_code) > 40:
        raise InvalidInput("请填写事项编码和收费编码", code=Shared.MISSING_FIELD)
    reason = required_text(reason, "批准理由", limit=500)
    return audit.record(
        actor=by, action=Action.FEE_OFF_LIST_APPROVE, subject="catalogue.serviceitem", subject_id=item_code, after={"fee": fee_code}, note=reason
    )


@transaction.atomic
def enterprise_fee_save(*, by, code: str, name: str, kind: str, department: str, standard: str, legal_basis: str, active: bool = True) -> EnterpriseFee:
    """Add or change a line of the city's enterprise fee list (涉企收费清单)."""
    _require_manager(by)
    values = {"name": (name or "").strip(), "standard": (standard or "").strip(), "legal_basis": (legal_basis or "").strip()}
    missing = [label for label, key in (("收费项目", "name"), ("收费标准", "standard"), ("设立依据", "legal_basis")) if not values[key]]
    if missing:
        raise InvalidInput(f"请填写{'、'.join(missing)}", code=Error.MISSING_FIELDS)
    if not CODE_RE.match(code or "") or len(code) > 40:
        raise InvalidInput("编码应为字母、数字及 . _ -，不超过40位", code=Error.INVALID_CODE)
    if kind not in EnterpriseFeeKind.values:
        raise InvalidInput(f"收费类别无效，应为 {'/'.join(EnterpriseFeeKind.values)}", code=Shared.INVALID_KIND)
    dept = _departments([department]).get(department)
    if dept is None:
        raise InvalidInput(f"部门编码 {department} 不存在或已停用", code=Shared.UNKNOWN_DEPARTMENT)
    fee = EnterpriseFee.objects.select_for_update().filter(code=code).first()
    fields = ["name", "kind", "department", "standard", "legal_basis", "active"]
    before = audit.snapshot(fee, fields) if fee else None
    fee = fee or EnterpriseFee(code=code)
    for key, value in (values | {"kind": kind, "department": dept, "active": active}).items():
        setattr(fee, key, value)
    fee.updated_at = clock.now()
    fee.save()
    audit.record(actor=by, action=Action.ENTERPRISE_FEE_SAVE, subject=fee, before=before, after=audit.snapshot(fee, fields))
    return fee
