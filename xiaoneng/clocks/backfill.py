"""Act time and record time (补录).

Every step of a case records when it happened (the act time: the date on the paper, the
moment of the call) and when it was typed in (the audit record's moment).  Judgments and
clocks use the act time.  An act in the past may be recorded within
``settings.XIAONENG["BACKFILL_WORKING_DAYS"]`` working days of it and is then shown as
补录; older acts need the supervision office's approval first (:func:`backfill_approve`,
audited on the case), which names the step and the act date it allows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

from xiaoneng.core import audit, clock, hooks
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.validators import required_text
from xiaoneng.workdays import selectors as workdays

from .access import access_approve_backfill
from .codes import Action, Error

LATE_MARK = "补录"

_LOADING_HISTORY: ContextVar[bool] = ContextVar("loading_history", default=False)


@contextmanager
def loading_history():
    """A city's history loaded by an administrator's command (the demo city, a migration from
    the old system): past acts are recorded as they happened, still marked 补录, without the
    window that applies to people typing in steps."""
    token = _LOADING_HISTORY.set(True)
    try:
        yield
    finally:
        _LOADING_HISTORY.reset(token)


def is_marked(note: str) -> bool:
    """Whether a step's audit note says it was recorded late: the services write the mark as
    "补录：<date>办理", alone or in brackets after the note."""
    return f"{LATE_MARK}：" in (note or "")


def window_days() -> int:
    return int(settings.XIAONENG.get("BACKFILL_WORKING_DAYS", 3))


def _day(acted) -> dt.date:
    return clock.local(acted).date() if isinstance(acted, dt.datetime) else acted


def is_backfill(acted, recorded: dt.datetime | None = None) -> bool:
    """An act recorded on a later day than it happened."""
    return _day(acted) < clock.local(recorded or clock.now()).date()


def beyond_window(acted) -> bool:
    """Whether more than the window's working days passed between the act and today."""
    if _LOADING_HISTORY.get():
        return False
    return workdays.calendar().working_days_between(_day(acted), clock.today()) > window_days()


def _approved(subject, step: str, day: dt.date) -> bool:
    rows = AuditRecord.objects.filter(action=Action.BACKFILL_APPROVE, subject_type=audit.subject_type_of(subject), subject_id=str(subject.pk))
    return any((r.after or {}).get("step") == step and (r.after or {}).get("acted_on") == day.isoformat() for r in rows)


def check_act_time(*, subject, step: str, acted, label: str) -> str:
    """Allow recording ``step`` of ``subject`` as done at ``acted`` (a date or a moment);
    returns the mark to show with it ("补录" or "").  Beyond the window without the office's
    approval: 403 ``backfill_needs_approval``."""
    if not is_backfill(acted):
        return ""
    if beyond_window(acted) and not _approved(subject, step, _day(acted)):
        raise Forbidden(
            f"{label}（{clock.format_cn(_day(acted))}）距今超过{window_days()}个工作日，补录须经效能监督部门批准",
            code=Error.BACKFILL_NEEDS_APPROVAL,
            details={"step": step, "acted_on": _day(acted), "window_days": window_days()},
        )
    return LATE_MARK


def backfill_approve(*, by, subject, step: str, label: str, acted_on: dt.date, reason: str):
    """The supervision office allows ``step`` of ``subject`` to be recorded as done on
    ``acted_on`` although that is beyond the 补录 window (audited on the case)."""
    if not access_approve_backfill(by):
        raise Forbidden("只有效能监督部门可以批准超期补录", code=Shared.FORBIDDEN)
    if acted_on > clock.today():
        raise InvalidInput("补录的日期不能晚于今天", code=Shared.INVALID_DATE)
    reason = required_text(reason, "批准理由", limit=500)
    return audit.record(
        actor=by,
        action=Action.BACKFILL_APPROVE,
        subject=subject,
        after={"step": step, "acted_on": acted_on.isoformat()},
        note=f"批准补录{label}（{clock.format_cn(acted_on)}）：{reason}",
    )


# -- the office's page: which cases' steps may be approved, and the approvals given ---------

STEPS = "clocks.backfill_steps"


def register_steps(subject_type: str, steps: dict[str, str], approve: Callable) -> None:
    """A case type whose steps may be recorded past the window with the office's approval:
    ``steps`` ({key: label}) and its domain's service, called as ``approve(by=,
    subject_id=, step=, acted_on=, reason=)`` (it locks the case and calls
    :func:`backfill_approve`)."""
    hooks.register(STEPS, (steps, approve), key=subject_type)


def steps_by_type() -> dict[str, dict[str, str]]:
    """{subject_type: {step: label}} of every registered case type."""
    return {subject_type: steps for subject_type, (steps, _) in sorted(hooks.keyed(STEPS).items())}


def approve(*, by, subject_type: str, subject_id, step: str, acted_on: dt.date | None, reason: str):
    """Approve through the case's own domain (the page picks the case by its number)."""
    entry = hooks.get_hook(STEPS, subject_type)
    if entry is None:
        raise InvalidInput("只有办件和工单的办理环节可以批准超期补录", code=Shared.INVALID_KIND)
    steps, approve_step = entry
    if step not in steps:
        raise InvalidInput(f"请选择该案件的补录环节：{'、'.join(steps.values())}", code=Shared.INVALID_KIND)
    if acted_on is None:
        raise InvalidInput("请填写办理日期（纸质文书上的日期）", code=Shared.MISSING_DATE)
    return approve_step(by=by, subject_id=subject_id, step=step, acted_on=acted_on, reason=reason)


def approvals():
    """Every approval given, newest first (the audit records are the register)."""
    return AuditRecord.objects.filter(action=Action.BACKFILL_APPROVE).select_related("actor").order_by("-at", "-id")
