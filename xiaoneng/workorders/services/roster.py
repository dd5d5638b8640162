"""The 12345 centre's duty roster (派单值班表).  A case waiting in the dispatch queue is
answered for by the centre and the dispatcher on duty when it came in (``common._answerable``),
so the roster decides whom an overdue card in the queue names: it is kept by the centre's
head or an administrator, one shift at a time, every change audited, and shifts never
overlap, so that at any moment at most one dispatcher is on duty."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from xiaoneng.core import audit, clock
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.people import display_name
from xiaoneng.org.access import has_role
from xiaoneng.org.models import Role, Staff
from xiaoneng.workorders.access import access_roster_manage
from xiaoneng.workorders.codes import Action, Error

from .. import rules
from ..models import DutyShift
from .common import centre, require

_AUDITED = ["staff", "starts_at", "ends_at", "note"]


def _check(by, *, staff: Staff | None, starts_at: dt.datetime | None, ends_at: dt.datetime | None, exclude: int | None = None) -> None:
    hotline = centre()
    require(access_roster_manage(by, hotline), "只有热线中心负责人或系统管理员可以排班", code=Error.ROSTER_FORBIDDEN)
    if (
        staff is None
        or not staff.is_active
        or not has_role(staff.user, Role.DISPATCHER)
        or hotline is None
        or not staff.department.path.startswith(hotline.path)
    ):
        raise InvalidInput("值班人员应为热线中心在岗的派单员", code=Error.NOT_ON_ROSTER)
    problem = rules.shift_problem(starts_at, ends_at)
    if problem:
        raise InvalidInput(problem, code=Error.INVALID_SHIFT)
    # Lock the shifts that could overlap so that two editors cannot both fill the same hours.
    clash = (
        DutyShift.objects.select_for_update()
        .filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(pk=exclude)
        .select_related("staff")
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise Conflict(
            f"与{clash.staff.name}的值班（{clock.format_moment(clash.starts_at)} 至 {clock.format_moment(clash.ends_at)}）时间重叠",
            code=Error.SHIFT_OVERLAP,
            details={"shift": clash.pk},
        )


def _note(shift: DutyShift) -> str:
    return f"{display_name(shift.staff.user)}：{clock.format_moment(shift.starts_at)} 至 {clock.format_moment(shift.ends_at)}"


@transaction.atomic
def duty_shift_create(*, by, staff: Staff | None, starts_at: dt.datetime | None, ends_at: dt.datetime | None, note: str = "") -> DutyShift:
    """排班: one dispatcher of the centre on duty from ``starts_at`` to ``ends_at``."""
    _check(by, staff=staff, starts_at=starts_at, ends_at=ends_at)
    shift = DutyShift(staff=staff, starts_at=starts_at, ends_at=ends_at, note=(note or "").strip()[:200])
    shift.full_clean()
    shift.save()
    audit.record(actor=by, action=Action.DUTY_SHIFT_CREATE, subject=shift, after=audit.snapshot(shift, _AUDITED), note=_note(shift))
    return shift


@transaction.atomic
def duty_shift_update(*, by, shift: DutyShift, staff: Staff | None, starts_at: dt.datetime | None, ends_at: dt.datetime | None, note: str = "") -> DutyShift:
    """调班: another dispatcher or other hours for a shift."""
    shift = DutyShift.objects.select_for_update().select_related("staff__user").get(pk=shift.pk)
    _check(by, staff=staff, starts_at=starts_at, ends_at=ends_at, exclude=shift.pk)
    before = audit.snapshot(shift, _AUDITED)
    shift.staff, shift.starts_at, shift.ends_at, shift.note = staff, starts_at, ends_at, (note or "").strip()[:200]
    shift.full_clean()
    shift.save()
    audit.record(actor=by, action=Action.DUTY_SHIFT_UPDATE, subject=shift, before=before, after=audit.snapshot(shift, _AUDITED), note=_note(shift))
    return shift


@transaction.atomic
def duty_shift_delete(*, by, shift: DutyShift) -> None:
    """取消班次 (the audit record keeps what it was)."""
    require(access_roster_manage(by, centre()), "只有热线中心负责人或系统管理员可以排班", code=Error.ROSTER_FORBIDDEN)
    shift = DutyShift.objects.select_for_update().select_related("staff__user").get(pk=shift.pk)
    audit.record(actor=by, action=Action.DUTY_SHIFT_DELETE, subject=shift, before=audit.snapshot(shift, _AUDITED), note=_note(shift))
    shift.delete()
