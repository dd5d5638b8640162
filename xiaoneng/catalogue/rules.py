"""What a well-formed catalogue entry is.  Pure: no database.

Every way an item comes in (API, the staff form, an Excel sheet) is turned into an
:class:`ItemSpec` and checked here, so all three accept and refuse the same things.  Two
specs compare equal exactly when publishing the second would tell the public nothing new,
which is how a revision or an import decides whether a new version is needed."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal

from xiaoneng.core.types import DecimalValue

from .models import ItemKind, MaterialForm

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")
# 行政许可法 第四十二条: 20 working days, 45 for joint handling; other laws may set more.
MAX_LIMIT_DAYS = 365
# 行政许可法 第五十条: a renewal is applied for 30 days before the licence expires, unless a
# law, regulation or rule says otherwise; 第四十三条: a lower level reviews within 20 working days.
RENEWAL_LEAD_DAYS = 30
PRELIMINARY_LIMIT_DAYS = 20
MAX_VALIDITY_MONTHS = 1200


@dataclass(frozen=True)
class MaterialSpec:
    code: str
    name: str
    copies: int = 1
    form: str = MaterialForm.ORIGINAL
    required: bool = True
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class FeeSpec:
    code: str
    name: str
    legal_basis: str
    amount: DecimalValue | None = None
    standard: str = ""


@dataclass(frozen=True)
class CoDepartmentSpec:
    department: str
    limit_days: int | None = None
    deemed_consent: bool = True


@dataclass(frozen=True)
class ItemSpec:
    code: str
    name: str
    department: str
    legal_limit_days: int
    committed_limit_days: int
    kind: str = ItemKind.LICENCE
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
    renewal_lead_days: int = RENEWAL_LEAD_DAYS
    preliminary_department: str = ""
    preliminary_limit_days: int = PRELIMINARY_LIMIT_DAYS
    materials: tuple[MaterialSpec, ...] = field(default_factory=tuple)
    fees: tuple[FeeSpec, ...] = field(default_factory=tuple)
    co_departments: tuple[CoDepartmentSpec, ...] = field(default_factory=tuple)


def _strip(value) -> str:
    return (value or "").strip()


def normalise(spec: ItemSpec) -> ItemSpec:
    """Trim text and fill the defaults: an item whose committed limit is 0 is handled on the
    spot unless it says otherwise; a co-department without its own limit has the item's
    committed limit."""
    text = {
        name: _strip(getattr(spec, name))
        for name in (
            "code",
            "name",
            "department",
            "legal_basis",
            "conditions",
            "procedure",
            "quantity_limit",
            "sample_form",
            "contact",
            "preliminary_department",
        )
    }
    return dataclasses.replace(
        spec,
        **text,
        on_the_spot=spec.committed_limit_days == 0 if spec.on_the_spot is None else spec.on_the_spot,
        materials=tuple(dataclasses.replace(m, code=_strip(m.code), name=_strip(m.name), source=_strip(m.source), note=_strip(m.note)) for m in spec.materials),
        fees=tuple(
            dataclasses.replace(
                f,
                code=_strip(f.code),
                name=_strip(f.name),
                legal_basis=_strip(f.legal_basis),
                standard=_strip(f.standard),
                amount=None if f.amount is None else Decimal(str(f.amount)),
            )
            for f in spec.fees
        ),
        co_departments=tuple(
            dataclasses.replace(c, department=_strip(c.department), limit_days=spec.committed_limit_days if c.limit_days is None else c.limit_days)
            for c in spec.co_departments
        ),
    )


def _duplicates(values) -> list[str]:
    seen, dup = set(), []
    for v in values:
        if v in seen and v not in dup:
            dup.append(v)
        seen.add(v)
    return dup


# The longest text each field holds (the columns' lengths).
ITEM_TEXT_LIMITS = {"name": ("事项名称", 200), "quantity_limit": ("数量限制", 200), "contact": ("咨询方式", 200)}
MATERIAL_TEXT_LIMITS = {"name": ("名称", 200), "source": ("来源渠道", 200), "note": ("填报要求", 300)}
FEE_TEXT_LIMITS = {"name": ("名称", 200), "standard": ("收费标准", 300)}


def _too_long(prefix: str, spec, limits: dict) -> list[str]:
    return [f"{prefix}{label}不能超过{limit}个字" for name, (label, limit) in limits.items() if len(getattr(spec, name)) > limit]


def check_item(spec: ItemSpec) -> list[str]:
    """Every problem with a normalised spec, in Chinese; empty when it may be published."""
    errors = []
    if not CODE_RE.match(spec.code) or len(spec.code) > 64:
        errors.append("事项编码应为字母、数字及 . _ -，不超过64位")
    if not spec.name:
        errors.append("请填写事项名称")
    if not spec.department:
        errors.append("请填写实施部门编码")
    if spec.kind not in ItemKind.values:
        errors.append(f"事项类型“{spec.kind}”无效，应为 {'/'.join(ItemKind.values)}")
    for label, days in (("法定时限", spec.legal_limit_days), ("承诺时限", spec.committed_limit_days)):
        if not 0 <= days <= MAX_LIMIT_DAYS:
            errors.append(f"{label}应在0至{MAX_LIMIT_DAYS}个工作日之间")
    if spec.committed_limit_days > spec.legal_limit_days:
        errors.append("承诺时限不能长于法定时限")
    if spec.on_the_spot and spec.committed_limit_days != 0:
        errors.append("即办件的承诺时限应为0个工作日")
    errors += _too_long("", spec, ITEM_TEXT_LIMITS)
    for m in spec.materials:
        errors += _too_long(f"材料“{m.code}”的", m, MATERIAL_TEXT_LIMITS)
    for f in spec.fees:
        errors += _too_long(f"收费项目“{f.code}”的", f, FEE_TEXT_LIMITS)
    errors += _check_materials(spec.materials)
    errors += _check_fees(spec.fees)
    errors += _check_joint(spec)
    errors += _check_statute(spec)
    return errors


def _check_statute(spec: ItemSpec) -> list[str]:
    """A validity period and its renewal lead (第五十条); a preliminary review (第四十三条)."""
    errors = []
    if spec.validity_months is not None and not 1 <= spec.validity_months <= MAX_VALIDITY_MONTHS:
        errors.append(f"许可有效期应在1至{MAX_VALIDITY_MONTHS}个月之间（长期有效请留空）")
    if not 0 <= spec.renewal_lead_days <= 365:
        errors.append("延续申请提前日数应在0至365日之间")
    if not 1 <= spec.preliminary_limit_days <= MAX_LIMIT_DAYS:
        errors.append(f"初审时限应在1至{MAX_LIMIT_DAYS}个工作日之间")
    if spec.preliminary_department:
        if spec.preliminary_department == spec.department:
            errors.append("初审部门不能是实施（决定）部门本身")
        if spec.joint:
            errors.append("须下级初审的事项暂不支持并联审批")
        if spec.on_the_spot:
            errors.append("即办件不能设置下级初审")
    return errors


def _check_materials(materials) -> list[str]:
    errors = []
    for m in materials:
        where = f"材料“{m.name or m.code}”"
        if not CODE_RE.match(m.code) or len(m.code) > 40:
            errors.append(f"{where}的编码无效（字母、数字及 . _ -，不超过40位）")
        if not m.name:
            errors.append(f"材料 {m.code} 缺少名称")
        if not 1 <= m.copies <= 99:
            errors.append(f"{where}的份数应在1至99之间")
        if m.form not in MaterialForm.values:
            errors.append(f"{where}的材料形式无效，应为 {'/'.join(MaterialForm.labels)}")
    for code in _duplicates(m.code for m in materials):
        errors.append(f"材料编码 {code} 重复")
    return errors


def _check_fees(fees) -> list[str]:
    errors = []
    for f in fees:
        where = f"收费项目“{f.name or f.code}”"
        if not CODE_RE.match(f.code) or len(f.code) > 40:
            errors.append(f"{where}的编码无效")
        if not f.name:
            errors.append(f"收费项目 {f.code} 缺少名称")
        if not f.legal_basis:
            errors.append(f"{where}缺少收费依据")
        if f.amount is None and not f.standard:
            errors.append(f"{where}应填写金额或收费标准")
        if f.amount is not None and (f.amount < 0 or f.amount.as_tuple().exponent < -2):
            errors.append(f"{where}的金额应为不小于0、最多两位小数的数")
    for code in _duplicates(f.code for f in fees):
        errors.append(f"收费编码 {code} 重复")
    return errors


def _check_joint(spec: ItemSpec) -> list[str]:
    errors = []
    if spec.joint and not spec.co_departments:
        errors.append("并联审批事项应至少有一个协办部门")
    if not spec.joint and spec.co_departments:
        errors.append("非并联审批事项不能设置协办部门")
    for c in spec.co_departments:
        if c.department == spec.department:
            errors.append(f"协办部门 {c.department} 不能是牵头（实施）部门")
        if c.limit_days is not None and not 0 <= c.limit_days <= spec.legal_limit_days:
            errors.append(f"协办部门 {c.department} 的审查时限应在0至法定时限（{spec.legal_limit_days}个工作日）之间")
    for code in _duplicates(c.department for c in spec.co_departments):
        errors.append(f"协办部门 {code} 重复")
    return errors


def fee_is_listed(fees: list[FeeSpec] | tuple[FeeSpec, ...], code: str, amount: Decimal) -> bool:
    """A charge is on the published list when its code is listed and, where the list states
    a fixed amount, it does not exceed that amount (行政许可法 第五十九条: fees only by the
    published items and standards)."""
    for fee in fees:
        if fee.code == code:
            return fee.amount is None or amount <= fee.amount
    return False


def on_city_list(code: str, city_codes) -> bool:
    """Whether a fee code is a line of the city's 涉企收费清单: the line's code itself, or a
    standard under it (``SQ-001-ZZ`` under ``SQ-001``).  An empty list (none published yet)
    holds everything."""
    city_codes = set(city_codes)
    return not city_codes or code in city_codes or any(code.startswith(f"{c}-") for c in city_codes)
