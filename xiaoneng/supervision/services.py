"""What the supervision office does by hand: supervision orders (督办), leaders in charge
(分管领导), the honour and shame lists (红黑榜) and monthly bulletins (通报).  The sweeper is in
:mod:`.sweep`.  Every write is audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse

from xiaoneng.clocks import registry as subjects
from xiaoneng.clocks.services import clock_start, clock_stop
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.transitions import lock, transition
from xiaoneng.core.validators import required_text
from xiaoneng.notifications.models import Category
from xiaoneng.notifications.services import notify
from xiaoneng.org.access import access_admin_site
from xiaoneng.org.models import Department, DepartmentKind, Staff
from xiaoneng.org.selectors import department_heads
from xiaoneng.supervision.access import (
    access_answer_order,
    access_approve_list_entry,
    access_draft_list_entry,
    access_issue_bulletin,
    access_issue_order,
    access_review_order,
)
from xiaoneng.supervision.codes import Action, Error

from . import bulletins
from .models import (
    Bulletin,
    ListEntry,
    ListKind,
    ListState,
    ListTarget,
    OrderState,
    OversightAssignment,
    SupervisionOrder,
    Warning,
)
from .rules import LIST_TRANSITIONS, ORDER_TRANSITIONS

ORDER_CLOCK = "supervision.order"
MAX_ORDER_DAYS = 30


# -- supervision orders (督办) --------------------------------------------------------------


def _order_link(order: SupervisionOrder) -> str:
    return reverse("supervision:order", args=[order.pk])


def _order_addressees(order: SupervisionOrder) -> list:
    if order.responsible_id:
        return [order.responsible]
    return [s.user for s in department_heads(order.department).select_related("user")]


def _start_order_clock(by, order: SupervisionOrder, round_: int):
    c = clock_start(
        by=by,
        subject=order,
        kind=ORDER_CLOCK,
        round=round_,
        started_on=clock.today(),
        working_days=order.working_days,
        department=order.department,
        responsible=order.responsible,
    )
    order.clock, order.due_at = c, c.due_at
    return c


@transaction.atomic
def order_issue(
    *,
    by,
    department: Department,
    instructions: str,
    working_days: int,
    subject_type: str = "",
    subject_id: int | None = None,
    warning: Warning | None = None,
    responsible=None,
) -> SupervisionOrder:
    """督办: an order on any case (or on a warning) with its own deadline in working days.  The
    deadline is a ``supervision.order`` clock, watched by the sweeper like any other: when it
    passes the department head is told, when the grace period passes too, the leader in charge."""
    if not access_issue_order(by):
        raise Forbidden("只有效能监督人员可以发出督办")
    instructions = required_text(instructions, "督办要求", code=Error.MISSING_INSTRUCTIONS)
    if not 1 <= working_days <= MAX_ORDER_DAYS:
        raise InvalidInput(f"办理时限应为 1–{MAX_ORDER_DAYS} 个工作日", code=Error.INVALID_WORKING_DAYS)
    if warning is not None:
        subject_type, subject_id = warning.subject_type, warning.subject_id
    if not subject_type or subject_id is None:
        raise InvalidInput("请指明督办对象", code=Error.MISSING_SUBJECT)
    instructions = subjects.redact(subject_type, subject_id, instructions)  # the department reads them
    if responsible is not None and not Staff.objects.filter(user=responsible, department__path__startswith=department.path).exists():
        raise InvalidInput("承办人不属于承办部门", code=Shared.PERSON_NOT_IN_DEPARTMENT)
    now = clock.now()
    order = SupervisionOrder(
        subject_type=subject_type,
        subject_id=subject_id,
        warning=warning,
        department=department,
        responsible=responsible,
        instructions=instructions,
        working_days=working_days,
        issued_by=by,
        issued_at=now,
        updated_at=now,
        due_at=now,
    )
    order.save()
    _start_order_clock(by, order, 1)
    order.save(update_fields=["clock", "due_at"])
    audit.record(
        actor=by,
        action=Action.ORDER_ISSUE,
        subject=order,
        after=audit.snapshot(order, ["subject_type", "subject_id", "warning", "department", "responsible", "instructions", "working_days", "due_at"]),
    )
    notify(
        users=_order_addressees(order),
        category=Category.ORDER,
        link=_order_link(order),
        text=f"{order.number}：{instructions}（请于{clock.format_due_cn(order.clock.due_on)}答复）",
    )
    return order


@transaction.atomic
def order_answer(*, by, order: SupervisionOrder, answer: str) -> SupervisionOrder:
    """The department reports what it did; the order's clock stops (met if in time)."""
    if not access_answer_order(by, order):
        raise Forbidden("只有承办人或承办部门负责人可以答复督办")
    answer = required_text(answer, "答复内容", code=Error.MISSING_ANSWER)
    o = lock(order)
    transition(
        o,
        to=OrderState.ANSWERED,
        by=by,
        allowed=ORDER_TRANSITIONS,
        action=Action.ORDER_ANSWER,
        state_field="state",
        changes={"answer": answer, "answered_at": clock.now(), "answered_by": by},
    )
    clock_stop(by=by, clock_=lock(o.clock), note="已答复督办")
    notify(users=[o.issued_by], category=Category.ORDER, text=f"{o.number} 已答复，请审核。", link=_order_link(o))
    return o


@transaction.atomic
def order_review(*, by, order: SupervisionOrder, accept: bool, note: str = "") -> SupervisionOrder:
    """The office accepts the answer (办结) or sends it back with a new deadline of the same
    length (a new round of the order's clock)."""
    if not access_review_order(by):
        raise Forbidden("只有效能监督人员可以审核督办答复")
    o = lock(order)
    if accept:
        note = subjects.redact(o.subject_type, o.subject_id, note.strip())
        return transition(
            o, to=OrderState.CLOSED, by=by, allowed=ORDER_TRANSITIONS, action=Action.ORDER_CLOSE, state_field="state", changes={"review_note": note}
        )
    note = subjects.redact(o.subject_type, o.subject_id, required_text(note, "退回理由", code=Shared.MISSING_NOTE))
    if o.state != OrderState.ANSWERED:
        raise Conflict(f"当前状态为“{o.get_state_display()}”，不能退回", code=Shared.INVALID_TRANSITION)
    c = _start_order_clock(by, o, o.clock.round + 1)
    transition(
        o,
        to=OrderState.ISSUED,
        by=by,
        allowed=ORDER_TRANSITIONS,
        action=Action.ORDER_RETURN,
        state_field="state",
        changes={"review_note": note, "clock": c, "due_at": c.due_at},
    )
    notify(
        users=_order_addressees(o),
        category=Category.ORDER,
        link=_order_link(o),
        text=f"{o.number} 的答复被退回：{note}（请于{clock.format_due_cn(c.due_on)}重新答复）",
    )
    return o


@transaction.atomic
def order_withdraw(*, by, order: SupervisionOrder, reason: str) -> SupervisionOrder:
    if not access_issue_order(by):
        raise Forbidden("只有效能监督人员可以撤回督办")
    o = lock(order)
    reason = subjects.redact(o.subject_type, o.subject_id, required_text(reason, "撤回理由", code=Shared.MISSING_REASON))
    transition(o, to=OrderState.WITHDRAWN, by=by, allowed=ORDER_TRANSITIONS, action=Action.ORDER_WITHDRAW, state_field="state", changes={"review_note": reason})
    clock_stop(by=by, clock_=lock(o.clock), met=True, note=f"督办撤回：{reason}")
    return o


# -- leaders in charge (分管领导) ------------------------------------------------------------


@transaction.atomic
def oversight_assign(*, by, leader: Staff, department: Department) -> OversightAssignment:
    """Record that ``leader`` is in charge of ``department`` (and everything below it)."""
    if not access_admin_site(by):
        raise Forbidden("只有系统管理员可以设置分管领导")
    if not leader.is_leader:
        raise InvalidInput(f"{leader.name} 不是领导干部", code=Error.NOT_A_LEADER)
    row, created = OversightAssignment.objects.get_or_create(leader=leader, department=department, defaults={"created_at": clock.now()})
    if created:
        audit.record(actor=by, action=Action.OVERSIGHT_ASSIGN, subject=row, after={"leader": leader.pk, "department": department.pk})
    return row


# -- honour and shame lists (红黑榜) ---------------------------------------------------------


@transaction.atomic
def list_entry_draft(
    *, by, kind: str, target: str, department: Department, title: str, summary: str, period: str = "", subject_type: str = "", subject_id: int | None = None
) -> ListEntry:
    """A supervisor drafts an entry; nothing is public before a leader or the office head approves it."""
    if not access_draft_list_entry(by):
        raise Forbidden("只有效能监督人员可以起草红黑榜")
    if kind not in ListKind.values or target not in ListTarget.values:
        raise InvalidInput("榜单或对象类型无效", code=Error.INVALID_ENTRY)
    title = required_text(title, "标题", code=Shared.MISSING_TITLE)[:120]
    summary = required_text(summary, "公开内容", code=Error.MISSING_SUMMARY)
    if target == ListTarget.CASE and (not subject_type or subject_id is None):
        raise InvalidInput("案例须指明所涉对象", code=Error.MISSING_SUBJECT)
    if target == ListTarget.CASE:  # published to everyone
        title, summary = subjects.redact(subject_type, subject_id, title), subjects.redact(subject_type, subject_id, summary)
    if target == ListTarget.WINDOW and department.kind != DepartmentKind.WINDOW:
        raise InvalidInput(f"{department.name} 不是窗口单位", code=Error.NOT_A_WINDOW)
    now = clock.now()
    entry = ListEntry(
        kind=kind,
        target=target,
        department=department,
        subject_type=subject_type if target == ListTarget.CASE else "",
        subject_id=subject_id if target == ListTarget.CASE else None,
        title=title,
        summary=summary,
        period=period.strip()[:40],
        drafted_by=by,
        drafted_at=now,
        updated_at=now,
    )
    entry.save()
    audit.record(
        actor=by,
        action=Action.LIST_ENTRY_DRAFT,
        subject=entry,
        after=audit.snapshot(entry, ["kind", "target", "department", "subject_type", "subject_id", "title", "summary", "period"]),
    )
    return entry


@transaction.atomic
def list_entry_submit(*, by, entry: ListEntry) -> ListEntry:
    if not access_draft_list_entry(by):
        raise Forbidden("只有效能监督人员可以提交红黑榜")
    e = lock(entry)
    transition(e, to=ListState.SUBMITTED, by=by, allowed=LIST_TRANSITIONS, action=Action.LIST_ENTRY_SUBMIT, state_field="state")
    return e


@transaction.atomic
def list_entry_decide(*, by, entry: ListEntry, approve: bool, note: str = "") -> ListEntry:
    """Approve (published on the portal at once) or return to the drafter.  The drafter does
    not approve their own entry."""
    if not access_approve_list_entry(by):
        raise Forbidden("只有效能办主任或领导可以审批红黑榜")
    e = lock(entry)
    if e.drafted_by_id == by.pk:
        raise Forbidden("起草人不能审批自己起草的条目", code=Shared.MUST_RECUSE)
    if approve:
        transition(
            e,
            to=ListState.PUBLISHED,
            by=by,
            allowed=LIST_TRANSITIONS,
            action=Action.LIST_ENTRY_PUBLISH,
            state_field="state",
            changes={"approved_by": by, "published_at": clock.now(), "state_note": note.strip()},
        )
    else:
        note = required_text(note, "退回理由", code=Shared.MISSING_NOTE)
        transition(e, to=ListState.DRAFT, by=by, allowed=LIST_TRANSITIONS, action=Action.LIST_ENTRY_RETURN, state_field="state", changes={"state_note": note})
    notify(
        users=[e.drafted_by],
        category=Category.PUBLICITY,
        link=reverse("supervision:lists"),
        text=f"红黑榜“{e.title}”{'已发布' if approve else '被退回：' + note}",
    )
    return e


@transaction.atomic
def list_entry_withdraw(*, by, entry: ListEntry, reason: str) -> ListEntry:
    """撤下: the entry leaves the portal; the record and the reason stay."""
    if not (access_approve_list_entry(by) or access_draft_list_entry(by)):
        raise Forbidden("只有效能办或领导可以撤下红黑榜")
    reason = required_text(reason, "撤下理由", code=Shared.MISSING_REASON)
    e = lock(entry)
    return transition(
        e,
        to=ListState.WITHDRAWN,
        by=by,
        allowed=LIST_TRANSITIONS,
        action=Action.LIST_ENTRY_WITHDRAW,
        state_field="state",
        changes={"withdrawn_at": clock.now(), "state_note": reason},
    )


# -- bulletins (通报) ------------------------------------------------------------------------


@transaction.atomic
def bulletin_issue(*, by, month: dt.date, as_of: dt.datetime | None = None) -> Bulletin:
    """月度通报: warnings by level, faults and sanctions per department for ``month``, with the
    figures known at ``as_of`` (default now) frozen in the record."""
    if not access_issue_bulletin(by):
        raise Forbidden("只有效能监督人员可以签发通报")
    now = clock.now()
    as_of = as_of or now
    month = month.replace(day=1)
    if as_of > now or clock.start_of_day(month) > as_of:
        raise InvalidInput("数据截至时间应在该月开始之后、现在之前", code=Error.INVALID_AS_OF)
    figures = bulletins.figures(month, as_of)
    bulletin = Bulletin.objects.create(month=month, title=figures["title"], as_of=as_of, figures=figures, issued_by=by, issued_at=now)
    audit.record(actor=by, action=Action.BULLETIN_ISSUE, subject=bulletin, after={"month": month, "as_of": as_of, "totals": figures["totals"]})
    return bulletin
