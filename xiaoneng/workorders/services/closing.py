"""Follow-up and closure (回访、办结、重办): every case ends with a recorded result
(有诉必查、查必有果); not resolved or dissatisfied through the department's fault sends it
back for another round with a new deadline."""

from __future__ import annotations

from django.db import transaction

from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.people import person
from xiaoneng.core.transitions import lock, transition
from xiaoneng.core.validators import text
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workorders.access import access_workorder_handle, access_workorder_office
from xiaoneng.workorders.codes import Action, Error

from ..models import TO_SIGN, FollowUp, Satisfaction, Status, WorkOrder
from ..replies import close_blocker
from ..rules import BAD_SATISFACTION, TRANSITIONS, follow_up_requires_reopen
from ..selectors import group_of, latest_follow_up, time_limit
from .common import (
    KIND_FOLLOW_UP,
    MAX_TEXT,
    apply_handling_due,
    require,
    require_status,
    sign_due,
    start_handle_clock,
    start_sign_clock,
    stop_clock,
)
from .handling import _reply, workorder_sign

OUTCOME_LABELS = {True: "已解决", False: "未解决", None: ""}


@transaction.atomic
def workorder_follow_up(
    *,
    by,
    workorder: WorkOrder,
    reached: bool = True,
    resolved: bool | None = None,
    satisfaction: str = "",
    department_at_fault: bool | None = None,
    note: str = "",
) -> FollowUp:
    """回访: the office calls the requester back after the answer and records whether the
    problem was solved and how satisfied they are.  When the requester cannot be reached
    (or was anonymous without a contact) the attempt is recorded instead.  Unresolved or
    dissatisfied counts as the department's fault unless the office says otherwise."""
    require(access_workorder_office(by), "只有派单员或效能办可以回访", code=Error.FOLLOW_UP_FORBIDDEN)
    note = text(note, "回访记录", required=not reached, code=Shared.MISSING_NOTE, limit=2000)
    if reached:
        if resolved is None:
            raise InvalidInput("请记录问题是否解决", code=Error.MISSING_RESOLVED)
        if satisfaction not in Satisfaction.values:
            raise InvalidInput("请选择满意度：非常满意、满意、基本满意、不满意或非常不满意", code=Error.INVALID_SATISFACTION)
        negative = resolved is False or satisfaction in BAD_SATISFACTION
        department_at_fault = (True if department_at_fault is None else department_at_fault) if negative else None
    else:
        resolved, satisfaction, department_at_fault = None, "", None
    wo = lock(workorder)
    require_status(wo, Status.REPLIED, Status.ANSWERED, message="答复后才能回访")
    fu = FollowUp.objects.create(
        workorder=wo,
        round=wo.round,
        department=wo.department,
        reached=reached,
        resolved=resolved,
        satisfaction=satisfaction,
        department_at_fault=department_at_fault,
        note=note,
        by=person(by),
        at=clock.now(),
    )
    wo.updated_at = fu.at
    wo.save(update_fields=["updated_at"])
    stop_clock(wo, KIND_FOLLOW_UP, wo.round, by=by, note="已回访", at=fu.at)
    after = {"follow_up": fu.pk, "reached": reached, "resolved": resolved, "satisfaction": satisfaction, "department_at_fault": department_at_fault}
    summary = "未能联系上诉求人" if not reached else f"{OUTCOME_LABELS[resolved]}，{Satisfaction(satisfaction).label}"
    audit.record(actor=by, action=Action.FOLLOW_UP, subject=wo, after=after, note=f"{summary}。{note}".rstrip("。") if note else summary)
    return fu


def _close(wo: WorkOrder, *, by, result: str) -> WorkOrder:
    fu = latest_follow_up(wo)
    if wo.status == Status.REPLIED and fu is None:
        raise Conflict("请先回访诉求人，记录办理结果后再办结", code=Error.FOLLOW_UP_REQUIRED)
    if fu is not None and follow_up_requires_reopen(fu.resolved, fu.satisfaction, fu.department_at_fault):
        raise Conflict("回访结果为未解决或不满意（部门原因），应重办，不能办结", code=Error.REOPEN_REQUIRED)
    blocker = close_blocker(wo)
    if blocker:
        raise Conflict(blocker, code=Error.REPLY_REVIEW_REQUIRED)
    if not result:
        if fu is None:
            result = "直接答复，办结"
        elif not fu.reached:
            result = f"已答复，未能回访（{fu.note}）"
        else:
            result = f"已答复，回访{OUTCOME_LABELS[fu.resolved]}、{fu.get_satisfaction_display()}"
    stop_clock(wo, KIND_FOLLOW_UP, wo.round, by=by, note="已办结")
    transition(
        wo,
        to=Status.CLOSED,
        by=by,
        allowed=TRANSITIONS,
        action=Action.CLOSE,
        changes={"closed_at": clock.now(), "closed_by": person(by), "close_result": result},
        note=result,
    )
    return wo


@transaction.atomic
def workorder_close(*, by, workorder: WorkOrder, result: str = "") -> WorkOrder:
    """办结: only with a recorded result — the call-back (or the recorded failure to reach
    the requester), or for a direct answer the answer itself."""
    require(access_workorder_office(by), "只有派单员或效能办可以办结", code=Error.CLOSE_FORBIDDEN)
    result = text(result, "办结结果", limit=2000)
    wo = lock(workorder)
    require_status(wo, Status.REPLIED, Status.ANSWERED, message="答复后才能办结")
    return _close(wo, by=by, result=result)


@transaction.atomic
def workorder_reopen(*, by, workorder: WorkOrder, reason: str = "") -> WorkOrder:
    """重办: another round with a new deadline (the type's limit from today).  A case with
    a department goes back to it to sign for again; a direct answer goes to dispatch."""
    require(access_workorder_office(by), "只有派单员或效能办可以重办", code=Error.REOPEN_FORBIDDEN)
    reason = text(reason, "重办理由", limit=1000)
    wo = lock(workorder)
    require_status(wo, Status.REPLIED, Status.ANSWERED, Status.CLOSED, message="答复或办结后才能重办")
    stop_clock(wo, KIND_FOLLOW_UP, wo.round, by=by, note="重办")
    fu = latest_follow_up(wo)
    if not reason:
        if fu is None or not follow_up_requires_reopen(fu.resolved, fu.satisfaction, fu.department_at_fault):
            raise InvalidInput("请填写重办理由", code=Shared.MISSING_REASON)
        reason = f"回访{OUTCOME_LABELS[fu.resolved]}、{fu.get_satisfaction_display()}，部门重办"
    now = clock.now()
    cal = workdays.calendar()
    wo.round += 1
    wo.handle_started_on = clock.today()
    wo.handle_days = time_limit(wo.type, urgent=wo.urgent).handle_days
    apply_handling_due(wo, cal)
    changes = {
        "round": wo.round,
        "handle_started_on": wo.handle_started_on,
        "handle_days": wo.handle_days,
        "due_on": wo.due_on,
        "due_at": wo.due_at,
        "provisional": wo.provisional,
        "replied_at": None,
        "replied_by": None,
        "reply_content": "",
        "closed_at": None,
        "closed_by": None,
        "close_result": "",
        "signed_at": None,
        "signed_by": None,
    }
    if wo.department is None:
        transition(wo, to=Status.RECEIVED, by=by, allowed=TRANSITIONS, action=Action.REOPEN, note=reason, changes=changes)
    else:
        minutes, due = sign_due(wo, now, cal)
        changes |= {"dispatch_count": wo.dispatch_count + 1, "dispatched_at": now, "sign_minutes": minutes, "sign_due_at": due}
        transition(wo, to=Status.REOPENED, by=by, allowed=TRANSITIONS, action=Action.REOPEN, note=reason, changes=changes)
        start_sign_clock(wo, by=by, cal=cal)
    start_handle_clock(wo, by=by, cal=cal)
    return wo


@transaction.atomic
def workorder_group_reply(*, by, workorder: WorkOrder, content: str) -> list[WorkOrder]:
    """合并答复: one answer for every case of a duplicate group that the department handles
    (signed, or still to sign — the answer implies sign-for).  Returns the cases answered."""
    content = text(content, "答复内容", required=True, code=Error.MISSING_REPLY, limit=MAX_TEXT)
    primary, duplicates = group_of(workorder)
    answered = []
    for member in [primary, *duplicates]:
        wo = lock(member)
        if not access_workorder_handle(by, wo):
            continue
        if wo.status in TO_SIGN:
            wo = workorder_sign(by=by, workorder=wo)
        if wo.status == Status.SIGNED:
            answered.append(_reply(wo, by=by, content=content))
    if not answered:
        raise Conflict("该组工单中没有本部门可以答复的工单", code=Error.NOTHING_TO_REPLY)
    return answered


@transaction.atomic
def workorder_group_close(*, by, workorder: WorkOrder, result: str = "") -> list[WorkOrder]:
    """合并办结: close every case of the group that has been answered and followed up with
    a result that allows closing; the others are left as they are."""
    require(access_workorder_office(by), "只有派单员或效能办可以办结", code=Error.CLOSE_FORBIDDEN)
    result = text(result, "办结结果", limit=2000)
    primary, duplicates = group_of(workorder)
    closed = []
    for member in [primary, *duplicates]:
        wo = lock(member)
        if wo.status not in (Status.REPLIED, Status.ANSWERED):
            continue
        fu = latest_follow_up(wo)
        if (
            (wo.status == Status.REPLIED and fu is None)
            or (fu and follow_up_requires_reopen(fu.resolved, fu.satisfaction, fu.department_at_fault))
            or close_blocker(wo)
        ):
            continue
        closed.append(_close(wo, by=by, result=result))
    if not closed:
        raise Conflict("该组工单中没有可以办结的工单（须已答复并回访）", code=Error.NOTHING_TO_CLOSE)
    return closed
