"""Routing and handling (归口管理、分级落办、定期反馈): dispatch, sign-for, returns and their
review, co-department opinions, interim feedback, extensions and the department's answer."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from xiaoneng.accountability.models import FaultSource
from xiaoneng.accountability.services import fault_record
from xiaoneng.clocks.models import ClockState
from xiaoneng.clocks.services import clock_move, clock_pause, clock_resume, clock_start
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.people import person
from xiaoneng.core.transitions import lock, transition
from xiaoneng.core.validators import text
from xiaoneng.org.models import Department
from xiaoneng.org.selectors import staff_of
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workorders.access import access_workorder_co_opinion, access_workorder_dispatch, access_workorder_handle, access_workorder_office
from xiaoneng.workorders.codes import Action, Error

from ..models import TO_SIGN, CoDepartment, Decision, Extension, Status, WorkOrder, WorkOrderReturn
from ..replies import reply_recorded
from ..rules import TRANSITIONS, may_return, needs_interim_feedback
from ..selectors import redact_for_departments, time_limit
from .common import (
    KIND_FEEDBACK,
    KIND_HANDLE,
    KIND_SIGN,
    MAX_TEXT,
    act_time,
    apply_handling_due,
    assign_handle_clock,
    clock_of,
    move_handle_clock,
    require,
    require_status,
    sign_due,
    start_follow_up_clock,
    start_sign_clock,
    stop_clock,
    unfinished,
)

MAX_EXTENSION_DAYS = 30
MIN_RETURN_REASON = 5


def _check_department(department: Department | None) -> None:
    if department is None or not department.is_active:
        raise InvalidInput("承办部门不存在或已停用", code=Shared.INVALID_DEPARTMENT)


def _dispatch(wo: WorkOrder, *, by, department: Department, co_departments=(), note: str = "", action: Action = Action.DISPATCH) -> WorkOrder:
    """Hand the (locked) case to ``department``: a new sign-for deadline in office hours,
    the handle clock now answered for by that department."""
    _check_department(department)
    co = [d for d in dict.fromkeys(co_departments) if d.pk != department.pk]
    for d in co:
        _check_department(d)
    if wo.status in TO_SIGN:
        stop_clock(wo, KIND_SIGN, wo.dispatch_count, by=by, note="改派")
    now = clock.now()
    cal = workdays.calendar()
    minutes, due = sign_due(wo, now, cal)
    transition(
        wo,
        to=Status.DISPATCHED,
        by=by,
        allowed=TRANSITIONS,
        action=action,
        note=note,
        changes={
            "department": department,
            "dispatched_at": now,
            "dispatched_by": person(by),
            "dispatch_count": wo.dispatch_count + 1,
            "sign_minutes": minutes,
            "sign_due_at": due,
            "signed_at": None,
            "signed_by": None,
        },
    )
    for d in co:
        CoDepartment.objects.get_or_create(workorder=wo, department=d, round=wo.round, defaults={"assigned_at": now, "assigned_by": person(by)})
    if co:
        audit.record(actor=by, action=Action.CO_DEPARTMENTS, subject=wo, after={"co_departments": [d.pk for d in co], "round": wo.round})
    assign_handle_clock(wo, by=by)
    start_sign_clock(wo, by=by, cal=cal)
    return wo


@transaction.atomic
def workorder_dispatch(*, by, workorder: WorkOrder, department: Department, co_departments=(), note: str = "") -> WorkOrder:
    """派单: the dispatcher names the responsible department (and any co-departments); the
    department must sign for it within the type's office hours.  Dispatching a returned case
    to another department accepts the return.  ``by=None`` is the system applying an
    automatic routing rule."""
    if by is not None:
        require(access_workorder_dispatch(by), "只有派单员可以派单", code=Error.DISPATCH_FORBIDDEN)
    wo = lock(workorder)
    if wo.status == Status.RETURNED and by is not None:
        if wo.department_id == department.pk:
            raise Conflict("退回的部门不能直接再派，请在审核退单时驳回并说明理由", code=Error.RETURN_PENDING)
        return workorder_return_review(by=by, workorder=wo, accept=True, department=department, note=note or "同意退单，改派")
    require_status(wo, Status.RECEIVED, Status.DISPATCHED, Status.REOPENED, message="只有待派单、待签收的工单可以派单或改派")
    return _dispatch(
        wo,
        by=by,
        department=department,
        co_departments=co_departments,
        note=text(note, "派单说明", limit=500),
    )


@transaction.atomic
def workorder_sign(*, by, workorder: WorkOrder, acted_at: dt.datetime | None = None) -> WorkOrder:
    """签收: the department accepts the case; interim feedback is owed from now on when the
    case runs longer than one feedback interval.  ``acted_at``: when it was signed for, if
    earlier than now (补录); the sign-for clock is judged by it."""
    wo = lock(workorder)
    require(access_workorder_handle(by, wo), "只有承办部门可以签收", code=Error.SIGN_FORBIDDEN)
    require_status(wo, Status.DISPATCHED, Status.REOPENED, message="只有待签收的工单可以签收")
    at, mark = act_time(wo, acted_at, step="sign", label="签收时间", not_before=wo.dispatched_at)
    transition(wo, to=Status.SIGNED, by=by, allowed=TRANSITIONS, action=Action.SIGN, changes={"signed_at": at, "signed_by": person(by)}, note=mark)
    stop_clock(wo, KIND_SIGN, wo.dispatch_count, by=by, note="已签收", at=at)
    interval = time_limit(wo.type, urgent=wo.urgent).feedback_interval_days
    if needs_interim_feedback(wo.handle_days, interval):
        c = clock_start(
            by=by,
            subject=wo,
            kind=KIND_FEEDBACK,
            round=wo.dispatch_count,
            started_on=clock.today(),
            working_days=interval,
            department=wo.department,
            calendar=workdays.calendar(),
        )
        wo.feedback_due_at = c.due_at
        wo.save(update_fields=["feedback_due_at"])
    return wo


@transaction.atomic
def workorder_return(*, by, workorder: WorkOrder, reason: str) -> WorkOrder:
    """退单: a department that is not responsible returns the case with its reasons, for the
    dispatcher's review.  A department returns a case once; another return needs the
    dispatcher's leave (given when rejecting the first)."""
    reason = text(reason, "退单理由", required=True, code=Shared.MISSING_REASON, limit=1000)
    if len(reason) < MIN_RETURN_REASON:
        raise InvalidInput(f"退单理由不少于 {MIN_RETURN_REASON} 个字，请写明不属于本部门职责的依据", code=Error.REASON_TOO_SHORT)
    wo = lock(workorder)
    require(access_workorder_handle(by, wo), "只有承办部门可以退单", code=Error.RETURN_FORBIDDEN)
    require_status(wo, Status.DISPATCHED, Status.SIGNED, Status.REOPENED, message="当前状态不能退单")
    earlier = list(wo.returns.filter(department=wo.department).order_by("id").values_list("decision", "allow_again"))
    if not may_return(earlier):
        raise Conflict("本部门已退过此工单，未经派单员准许不能再次退单", code=Error.RETURN_LIMIT)
    previous = wo.status
    WorkOrderReturn.objects.create(
        workorder=wo,
        department=wo.department,
        dispatch_no=wo.dispatch_count,
        reason=reason,
        previous_status=previous,
        requested_by=by,
        requested_at=clock.now(),
    )
    # An unsigned case leaves the sign-for figures (the department answered by returning it);
    # a signed one keeps its sign-for record.
    changes = {} if previous == Status.SIGNED else {"sign_due_at": None}
    transition(wo, to=Status.RETURNED, by=by, allowed=TRANSITIONS, action=Action.RETURN, note=reason, changes=changes)
    if previous == Status.SIGNED:
        feedback = clock_of(wo, KIND_FEEDBACK, wo.dispatch_count)
        if feedback is not None and feedback.state == ClockState.RUNNING:
            clock_pause(by=by, clock_=feedback, note="退单待审核")
    else:
        stop_clock(wo, KIND_SIGN, wo.dispatch_count, by=by, note="退单")
    return wo


@transaction.atomic
def workorder_return_review(
    *, by, workorder: WorkOrder, accept: bool, note: str = "", department: Department | None = None, allow_again: bool = False
) -> WorkOrder:
    """审核退单.  Accepted: the case goes to ``department`` (or back to the queue).
    Rejected: the department keeps it — back to handling if it had signed, otherwise
    dispatched to it again — and the improper return is recorded as a fault."""
    require(access_workorder_dispatch(by), "只有派单员可以审核退单", code=Error.REVIEW_FORBIDDEN)
    wo = lock(workorder)
    require_status(wo, Status.RETURNED, message="该工单没有待审核的退单")
    ret = WorkOrderReturn.objects.select_for_update().get(workorder=wo, decision=Decision.PENDING)
    note = text(note, "审核意见", required=not accept, code=Shared.MISSING_NOTE, limit=1000)
    if accept and department is not None and department.pk == ret.department_id:
        raise InvalidInput("同意退单后应改派其他部门", code=Error.SAME_DEPARTMENT)
    ret.decided_by, ret.decided_at, ret.decision_note = by, clock.now(), note
    if accept:
        ret.decision = Decision.APPROVED
        ret.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
        stop_clock(wo, KIND_FEEDBACK, ret.dispatch_no, by=by, note="退单已同意")
        transition(wo, to=Status.RECEIVED, by=by, allowed=TRANSITIONS, action=Action.RETURN_ACCEPT, note=note, changes={"department": None})
        if department is not None:
            return _dispatch(wo, by=by, department=department, note=note)
        assign_handle_clock(wo, by=by)
        return wo
    ret.decision, ret.allow_again = Decision.REJECTED, allow_again
    ret.save(update_fields=["decision", "decided_by", "decided_at", "decision_note", "allow_again"])
    fault_record(
        by=by,
        source=FaultSource.IMPROPER_RETURN,
        department=ret.department,
        person=staff_of(ret.requested_by),
        subject=wo,
        description=redact_for_departments(wo.pk, f"工单 {wo.tracking_no} 退单理由“{ret.reason}”经审核不成立：{note}"),
        occurred_at=ret.requested_at,
        dedupe_key=f"workorder-return-{ret.pk}",
    )
    if ret.previous_status == Status.SIGNED:
        transition(wo, to=Status.SIGNED, by=by, allowed=TRANSITIONS, action=Action.RETURN_REJECT, note=note)
        feedback = clock_of(wo, KIND_FEEDBACK, ret.dispatch_no)
        if feedback is not None and feedback.state == ClockState.PAUSED:
            clock_resume(by=by, clock_=feedback, note="退单被驳回，继续办理")
        return wo
    return _dispatch(wo, by=by, department=ret.department, note=note, action=Action.RETURN_REJECT)


@transaction.atomic
def workorder_co_opinion(*, by, workorder: WorkOrder, opinion: str) -> CoDepartment:
    """协办意见: a co-department's contribution, for the responsible department's answer."""
    opinion = text(opinion, "协办意见", required=True, code=Error.MISSING_OPINION, limit=MAX_TEXT)
    wo = lock(workorder)
    require(access_workorder_co_opinion(by, wo), "只有协办部门可以提交协办意见", code=Error.CO_OPINION_FORBIDDEN)
    require_status(wo, Status.DISPATCHED, Status.SIGNED, Status.REOPENED, message="工单已答复，不能再提交协办意见")
    staff = staff_of(by)
    co = CoDepartment.objects.select_for_update().filter(workorder=wo, round=wo.round, department__path__startswith=staff.department.path).first()
    if co is None:
        raise Conflict("本部门不是本轮办理的协办部门", code=Error.NOT_CO_DEPARTMENT)
    before = {"opinion": co.opinion}
    co.opinion, co.opinion_at, co.opinion_by = opinion, clock.now(), by
    co.save(update_fields=["opinion", "opinion_at", "opinion_by"])
    audit.record(actor=by, action=Action.CO_OPINION, subject=wo, before=before, after={"opinion": opinion, "department": co.department_id}, note=opinion)
    return co


@transaction.atomic
def workorder_feedback(*, by, workorder: WorkOrder, content: str) -> WorkOrder:
    """定期反馈: tell the requester how handling is going; the next feedback is due one
    interval later."""
    content = text(content, "反馈内容", required=True, code=Error.MISSING_CONTENT, limit=MAX_TEXT)
    wo = lock(workorder)
    require(access_workorder_handle(by, wo), "只有承办部门可以反馈办理进展", code=Error.FEEDBACK_FORBIDDEN)
    require_status(wo, Status.SIGNED, message="只有办理中的工单可以反馈进展")
    before = {"feedback_due_at": wo.feedback_due_at}
    c = clock_of(wo, KIND_FEEDBACK, wo.dispatch_count)
    if unfinished(c):
        clock_move(by=by, clock_=c, started_on=clock.today(), working_days=c.working_days, reason="已反馈，下次反馈期限顺延", calendar=workdays.calendar())
        wo.feedback_due_at = c.due_at
    wo.updated_at = clock.now()
    wo.save(update_fields=["feedback_due_at", "updated_at"])
    audit.record(actor=by, action=Action.FEEDBACK, subject=wo, before=before, after={"feedback_due_at": wo.feedback_due_at}, note=content)
    return wo


@transaction.atomic
def workorder_extension_request(*, by, workorder: WorkOrder, days: int, reason: str) -> Extension:
    """申请延期: only before the deadline passes, one request at a time."""
    reason = text(reason, "延期理由", required=True, code=Shared.MISSING_REASON, limit=1000)
    if not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise InvalidInput(f"延长天数应为 1–{MAX_EXTENSION_DAYS} 个工作日", code=Shared.INVALID_DAYS)
    wo = lock(workorder)
    require(access_workorder_handle(by, wo), "只有承办部门可以申请延期", code=Error.EXTENSION_FORBIDDEN)
    require_status(wo, Status.SIGNED, message="只有办理中的工单可以申请延期")
    if clock.now() >= wo.due_at:
        raise Conflict("办理期限已过，不能再申请延期", code=Error.ALREADY_OVERDUE)
    if wo.extensions.filter(status=Decision.PENDING).exists():
        raise Conflict("已有待审批的延期申请", code=Error.EXTENSION_PENDING)
    ext = Extension.objects.create(workorder=wo, round=wo.round, days=days, reason=reason, requested_by=by, requested_at=clock.now(), due_before=wo.due_at)
    audit.record(actor=by, action=Action.EXTENSION_REQUEST, subject=wo, after={"extension": ext.pk, "days": days}, note=f"申请延长 {days} 个工作日：{reason}")
    return ext


@transaction.atomic
def workorder_extension_decide(*, by, extension: Extension, approve: bool, note: str = "") -> Extension:
    """审批延期: the office decides before the deadline passes; approval moves the handling
    deadline (and its clock) by the days granted, counted from the original start."""
    require(access_workorder_office(by), "只有派单员或效能办可以审批延期", code=Error.EXTENSION_DECIDE_FORBIDDEN)
    wo = lock(extension.workorder)
    ext = Extension.objects.select_for_update().get(pk=extension.pk)
    if ext.status != Decision.PENDING:
        raise Conflict("该延期申请已审批", code=Error.EXTENSION_DECIDED)
    note = text(note, "审批意见", required=not approve, code=Shared.MISSING_NOTE, limit=1000)
    now = clock.now()
    if approve and (now >= wo.due_at or wo.status != Status.SIGNED or ext.round != wo.round):
        raise Conflict("办理期限已过或工单已不在办理中，不能批准延期", code=Error.EXTENSION_EXPIRED)
    ext.status, ext.decided_by, ext.decided_at, ext.decision_note = (Decision.APPROVED if approve else Decision.REJECTED), by, now, note
    if approve:
        fields = ["handle_days", "due_on", "due_at", "provisional"]
        before = audit.snapshot(wo, fields)
        wo.handle_days += ext.days
        cal = workdays.calendar()
        apply_handling_due(wo, cal)
        wo.updated_at = now
        wo.save(update_fields=[*fields, "updated_at"])
        # The note is what the requester reads; the office's opinion stays with the extension.
        after = audit.snapshot(wo, fields) | {"extension": ext.pk, "decision_note": note}
        granted = f"延长 {ext.days} 个工作日，办理期限延至 {clock.format_cn(wo.due_on)}"
        audit.record(actor=by, action=Action.EXTENSION_APPROVE, subject=wo, before=before, after=after, note=granted)
        move_handle_clock(wo, by=by, cal=cal, reason=f"批准延期 {ext.days} 个工作日")
        ext.due_after = wo.due_at
    else:
        audit.record(actor=by, action=Action.EXTENSION_REJECT, subject=wo, after={"extension": ext.pk}, note=note)
    ext.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "due_after"])
    return ext


def _reply(wo: WorkOrder, *, by, content: str, acted_at: dt.datetime | None = None) -> WorkOrder:
    at, mark = act_time(wo, acted_at, step="reply", label="答复时间", not_before=wo.signed_at)
    transition(
        wo,
        to=Status.REPLIED,
        by=by,
        allowed=TRANSITIONS,
        action=Action.REPLY,
        changes={"replied_at": at, "replied_by": person(by), "reply_content": content, "feedback_due_at": None},
        note=content + mark,
    )
    stop_clock(wo, KIND_HANDLE, wo.round, by=by, note="已答复", at=at)
    stop_clock(wo, KIND_FEEDBACK, wo.dispatch_count, by=by, note="已答复", at=at)
    start_follow_up_clock(wo, by=by, replied_at=at)
    reply_recorded(wo, by=by)
    return wo


@transaction.atomic
def workorder_reply(*, by, workorder: WorkOrder, content: str, acted_at: dt.datetime | None = None) -> WorkOrder:
    """答复: the department's answer, recorded in full; it stops the handling clock (on
    time when given before the deadline) and the case waits for the office's call-back."""
    content = text(content, "答复内容", required=True, code=Error.MISSING_REPLY, limit=MAX_TEXT)
    wo = lock(workorder)
    require(access_workorder_handle(by, wo), "只有承办部门可以答复", code=Error.REPLY_FORBIDDEN)
    require_status(wo, Status.SIGNED, message="签收后才能答复")
    return _reply(wo, by=by, content=content, acted_at=acted_at)
