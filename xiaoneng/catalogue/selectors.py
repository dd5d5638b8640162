"""Reading the catalogue."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from .models import CoDepartment, EnterpriseFee, ItemFee, ItemMaterial, ServiceItem, ServiceItemVersion
from .rules import CoDepartmentSpec, FeeSpec, ItemSpec, MaterialSpec

_VERSION_PARTS = [
    Prefetch("materials", queryset=ItemMaterial.objects.order_by("position")),
    Prefetch("fees", queryset=ItemFee.objects.order_by("position")),
    Prefetch("co_departments", queryset=CoDepartment.objects.select_related("department").order_by("id")),
]


def items(*, q: str = "", department: str = "", kind: str = "", include_withdrawn: bool = False) -> QuerySet[ServiceItem]:
    """Items with their current version, searched by words that must each appear in the
    code, name, department or legal basis."""
    rows = ServiceItem.objects.filter(current__isnull=False).select_related("current", "current__department")
    if not include_withdrawn:
        rows = rows.filter(published=True)
    for word in q.split()[:8]:
        rows = rows.filter(
            Q(code__icontains=word) | Q(current__name__icontains=word) | Q(current__department__name__icontains=word) | Q(current__legal_basis__icontains=word)
        )
    if department:
        rows = rows.filter(current__department__code=department)
    if kind:
        rows = rows.filter(current__kind=kind)
    return rows.order_by("current__department__sort_order", "code")


def item_by_code(code: str, *, include_withdrawn: bool = False) -> ServiceItem | None:
    rows = ServiceItem.objects.select_related("current", "current__department").filter(code=code, current__isnull=False)
    if not include_withdrawn:
        rows = rows.filter(published=True)
    return rows.first()


def version_detail(item: ServiceItem, number: int | None = None) -> ServiceItemVersion | None:
    """A version with its materials, fees and co-departments (the current one by default)."""
    rows = ServiceItemVersion.objects.select_related("department", "item", "preliminary_department").prefetch_related(*_VERSION_PARTS).filter(item=item)
    return rows.filter(number=number).first() if number is not None else rows.filter(pk=item.current_id).first()


def current_specs() -> list[ItemSpec]:
    """The current version of every published item, as specs (for the Excel export)."""
    current = ServiceItem.objects.filter(published=True, current__isnull=False).values("current_id")
    versions = (
        ServiceItemVersion.objects.filter(pk__in=current).select_related("department", "item", "preliminary_department").prefetch_related(*_VERSION_PARTS)
    )
    return [spec_of(v) for v in versions.order_by("item__code")]


def spec_of(version: ServiceItemVersion) -> ItemSpec:
    """What a version tells the public, in the form specs are compared in."""
    return ItemSpec(
        code=version.item.code,
        name=version.name,
        department=version.department.code,
        kind=version.kind,
        legal_basis=version.legal_basis,
        conditions=version.conditions,
        procedure=version.procedure,
        quantity_limit=version.quantity_limit,
        legal_limit_days=version.legal_limit_days,
        committed_limit_days=version.committed_limit_days,
        on_the_spot=version.on_the_spot,
        deemed_approval=version.deemed_approval,
        joint=version.joint,
        sample_form=version.sample_form,
        contact=version.contact,
        validity_months=version.validity_months,
        renewal_lead_days=version.renewal_lead_days,
        preliminary_department=version.preliminary_department.code if version.preliminary_department_id else "",
        preliminary_limit_days=version.preliminary_limit_days,
        materials=tuple(
            MaterialSpec(code=m.code, name=m.name, copies=m.copies, form=m.form, required=m.required, source=m.source, note=m.note)
            for m in version.materials.all()
        ),
        fees=tuple(FeeSpec(code=f.code, name=f.name, legal_basis=f.legal_basis, amount=f.amount, standard=f.standard) for f in version.fees.all()),
        co_departments=tuple(
            CoDepartmentSpec(department=c.department.code, limit_days=c.limit_days, deemed_consent=c.deemed_consent) for c in version.co_departments.all()
        ),
    )


def enterprise_fees(*, include_inactive: bool = False) -> QuerySet[EnterpriseFee]:
    rows = EnterpriseFee.objects.select_related("department")
    return rows if include_inactive else rows.filter(active=True)


def enterprise_fee_codes() -> list[str]:
    """The codes of the city's 涉企收费清单 in force."""
    return list(EnterpriseFee.objects.filter(active=True).values_list("code", flat=True))
