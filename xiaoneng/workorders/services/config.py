"""The city's time limits per case type (administrators)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction

from xiaoneng.core import audit, clock
from xiaoneng.core.errors import InvalidInput
from xiaoneng.workorders.access import access_workorder_configure
from xiaoneng.workorders.codes import Action, Error

from ..models import TIME_LIMIT_KEYS, TimeLimit
from ..selectors import forget_time_limits
from .common import require

MAX_HANDLE_DAYS = 60
MAX_SIGN_HOURS = Decimal("24")


@transaction.atomic
def time_limit_set(*, by, key: str, handle_days: int, sign_hours, feedback_interval_days: int | None) -> TimeLimit:
    """Set one type's limits.  Applies to cases received (and dispatched) afterwards; the
    deadlines of cases already received do not change."""
    require(access_workorder_configure(by), "只有系统管理员可以修改办理时限", code=Error.CONFIGURE_FORBIDDEN)
    if key not in dict(TIME_LIMIT_KEYS):
        raise InvalidInput(f"未知的类型：{key}", code=Error.INVALID_TYPE)
    if not 0 <= handle_days <= MAX_HANDLE_DAYS:
        raise InvalidInput(f"办理时限应为 0–{MAX_HANDLE_DAYS} 个工作日", code=Error.INVALID_HANDLE_DAYS)
    try:
        hours = Decimal(str(sign_hours)).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise InvalidInput("签收时限应为数字（小时）", code=Error.INVALID_SIGN_HOURS) from None
    if not Decimal("0.1") <= hours <= MAX_SIGN_HOURS:
        raise InvalidInput(f"签收时限应为 0.1–{MAX_SIGN_HOURS} 个工作小时", code=Error.INVALID_SIGN_HOURS)
    if feedback_interval_days is not None and not 1 <= feedback_interval_days <= MAX_HANDLE_DAYS:
        raise InvalidInput("阶段性反馈间隔应为 1–60 个工作日，或留空", code=Error.INVALID_FEEDBACK_INTERVAL)
    row = TimeLimit.objects.select_for_update().filter(key=key).first() or TimeLimit(key=key)
    fields = ["handle_days", "sign_hours", "feedback_interval_days"]
    before = audit.snapshot(row, fields) if row.pk else None
    row.handle_days, row.sign_hours, row.feedback_interval_days, row.updated_at = handle_days, hours, feedback_interval_days, clock.now()
    row.save()
    audit.record(actor=by, action=Action.TIME_LIMIT_SET, subject=row, before=before, after=audit.snapshot(row, fields))
    transaction.on_commit(forget_time_limits)
    return row
