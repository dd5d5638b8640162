"""Reads used by the API, the pages, Open311 and the services.

The requester's identity leaves this module only through :func:`requester_for` and
:func:`text_for`, which mask it for every role that may not see it."""

from __future__ import annotations

import datetime as dt
import hmac
import time
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from xiaoneng.core import clock
from xiaoneng.core.errors import NotFound
from xiaoneng.core.masking import mask_email, mask_id_number, mask_name, mask_phone, redact
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.timeline import timeline as core_timeline
from xiaoneng.org.models import Department
from xiaoneng.workorders.access import access_workorder_identity, access_workorder_view, workorder_scope
from xiaoneng.workorders.codes import Error

from .codes import Action
from .models import (
    DEPARTMENT_OPEN,
    DISPATCH_QUEUE,
    FOLLOW_UP_QUEUE,
    TO_SIGN,
    Decision,
    DutyShift,
    Extension,
    FollowUp,
    LinkKind,
    Status,
    TimeLimit,
    WorkOrder,
    WorkOrderLink,
    WorkOrderReturn,
    next_deadline,
)
from .numbers import parse_tracking_number
from .rules import REFERENCE_LIMITS, OfficeHours

# --- configuration ------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    handle_days: int
    sign_hours: Decimal
    feedback_interval_days: int | None

    @property
    def sign_duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=int(self.sign_hours * 60))


_limits: dict = {"rows": None, "loaded": 0.0}


def time_limit(type: str, *, urgent: bool = False) -> Limit:
    """The city's limits for a case type (the ``urgent`` row for urgent cases).

    The table is a handful of rows that change a few times a year, read on every intake: each
    process keeps it and reloads it as often as it rechecks the working-day calendar."""
    recheck = settings.XIAONENG.get("CALENDAR_RECHECK_SECONDS", 5.0)
    if _limits["rows"] is None or time.monotonic() - _limits["loaded"] >= recheck:
        rows = TimeLimit.objects.values_list("key", "handle_days", "sign_hours", "feedback_interval_days")
        _limits["rows"] = {key: Limit(*values) for key, *values in rows}
        _limits["loaded"] = time.monotonic()
    key = "urgent" if urgent else type
    return _limits["rows"].get(key) or Limit(*REFERENCE_LIMITS[key])


def forget_time_limits() -> None:
    """Make this process read the table again (after an administrator changed it here)."""
    _limits["rows"] = None


def office_hours() -> OfficeHours:
    return OfficeHours.parse(settings.XIAONENG["WORKORDER_OFFICE_HOURS"])


# --- identity -----------------------------------------------------------------------


@dataclass(frozen=True)
class RequesterView:
    anonymous: bool
    masked: bool
    name: str
    phone: str
    email: str
    id_number: str
    address: str
    organization: str
    uscc: str

    @property
    def display(self) -> str:
        if self.anonymous and not self.name:
            return "匿名"
        return "，".join(p for p in (self.organization, self.name) if p) or "未留姓名"

    def as_dict(self) -> dict:
        return {
            "anonymous": self.anonymous,
            "masked": self.masked,
            "name": self.name,
            "phone": self.phone,
            "email": self.email,
            "id_number": self.id_number,
            "address": self.address,
            "organization": self.organization,
            "uscc": self.uscc,
        }


def known_identity(wo: WorkOrder) -> list[str]:
    return [
        wo.requester_name,
        wo.requester_phone,
        wo.requester_email,
        wo.requester_id_number,
        wo.requester_address,
        wo.requester_organization,
        wo.requester_uscc,
    ]


def redact_for_departments(workorder_id, text: str) -> str:
    """Text about the case written for its departments or the public (a supervision order,
    a published case): the requester's identity hidden, whoever reads it later."""
    wo = WorkOrder.objects.filter(pk=workorder_id).first()
    return redact(text, known=known_identity(wo) if wo else ())


def requester_for(user, wo: WorkOrder, *, reveal: bool | None = None) -> RequesterView:
    """The requester as ``user`` may see them: in full for the roles allowed to know who
    complained, masked (张*, 138****5678, 110101********1234) for everyone else."""
    show = access_workorder_identity(user, wo) if reveal is None else reveal
    if show:
        return RequesterView(
            wo.requester_anonymous,
            False,
            wo.requester_name,
            wo.requester_phone,
            wo.requester_email,
            wo.requester_id_number,
            wo.requester_address,
            wo.requester_organization,
            wo.requester_uscc,
        )
    return RequesterView(
        wo.requester_anonymous,
        True,
        mask_name(wo.requester_name),
        mask_phone(wo.requester_phone),
        mask_email(wo.requester_email) if wo.requester_email else "",
        mask_id_number(wo.requester_id_number),
        "***" if wo.requester_address else "",
        mask_name(wo.requester_organization),
        mask_id_number(wo.requester_uscc),
    )


def text_for(user, wo: WorkOrder, text: str, *, reveal: bool | None = None) -> str:
    """Free text of the case (content, notes, answers) as ``user`` may read it: with the
    requester's name and any phone, ID number or e-mail in it hidden unless allowed."""
    show = access_workorder_identity(user, wo) if reveal is None else reveal
    return text if show else redact(text, known=known_identity(wo))


def attachment_name(user, wo: WorkOrder, attachment) -> str:
    """A file's name as ``user`` may read it, on the page, in the API and in the download
    header (a name such as 姓名_手机号_身份证.png identifies the requester)."""
    return text_for(user, wo, attachment.original_name)


# --- single cases -------------------------------------------------------------------


def place_of(wo: WorkOrder) -> str:
    """Where the problem is, as people write it: the area, then the address (without saying
    the district twice)."""
    area = (wo.area.short_name or wo.area.name) if wo.area_id else ""
    if area and wo.location_address.startswith(area):
        return wo.location_address
    return " ".join(p for p in (area, wo.location_address) if p)


_RELATED = ("department", "area", "received_by", "dispatched_by", "signed_by", "replied_by", "closed_by")


def workorder_for(user, pk) -> WorkOrder:
    """The case if ``user`` may read it; 404 otherwise (existence is not revealed)."""
    try:
        wo = WorkOrder.objects.select_related(*_RELATED).get(pk=int(pk))
    except (WorkOrder.DoesNotExist, ValueError, TypeError):
        raise NotFound("工单不存在或无权查看", code=Error.WORKORDER_NOT_FOUND) from None
    if not access_workorder_view(user, wo):
        raise NotFound("工单不存在或无权查看", code=Error.WORKORDER_NOT_FOUND)
    return wo


def workorder_by_reference(value: str) -> WorkOrder:
    """The case a person means by a tracking number or an id (for linking); 404 when there
    is none."""
    value = (value or "").strip()
    parsed = parse_tracking_number(value)
    pk = parsed[1] if parsed else (int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None)
    wo = WorkOrder.objects.filter(pk=pk).first() if pk else None
    if wo is None:
        raise NotFound("要关联的工单不存在", code=Error.WORKORDER_NOT_FOUND)
    return wo


def extension_of(wo: WorkOrder, extension_id: int | None) -> Extension:
    ext = Extension.objects.filter(pk=extension_id, workorder=wo).first() if extension_id else None
    if ext is None:
        raise NotFound("延期申请不存在", code=Error.EXTENSION_NOT_FOUND)
    return ext


def public_lookup(tracking_no: str, code: str) -> WorkOrder:
    """The case for the requester who holds both its tracking number and its query code.
    Either one wrong gives the same answer, and the code is compared in constant time."""
    parsed = parse_tracking_number(tracking_no)
    wo = None
    if parsed is not None:
        day, pk = parsed
        wo = WorkOrder.objects.select_related("department").filter(pk=pk).first()
        if wo is not None and clock.local(wo.received_at).date() != day:
            wo = None
    expected = wo.query_code if wo is not None else "x" * 6
    if not hmac.compare_digest(expected.encode(), (code or "").strip().upper().encode()) or wo is None:
        raise NotFound("受理编号或查询码不正确", code=Error.WORKORDER_NOT_FOUND)
    return wo


# What the requester sees on the public tracking page, and of which steps the note too (the
# answer, feedback, extensions); the others show only what happened and which department.
PUBLIC_STEPS = frozenset(
    {Action.CREATE, Action.DISPATCH, Action.ANSWER, Action.SIGN, Action.FEEDBACK, Action.EXTENSION_APPROVE, Action.REPLY, Action.REOPEN, Action.CLOSE}
)
PUBLIC_NOTES = frozenset({Action.ANSWER, Action.FEEDBACK, Action.EXTENSION_APPROVE, Action.REPLY, Action.CLOSE, Action.REOPEN})


def timeline(wo: WorkOrder, *, public: bool = False) -> list[AuditRecord]:
    """The case's timeline (流转记录) from its audit records, each with ``label``, the
    handling ``round`` and the ``department`` it concerns: the one a step names (a
    dispatch, a co-department's opinion), else the one responsible at the time."""
    records = core_timeline(wo)
    named = {r.after["department"] for r in records if r.after and r.after.get("department")}
    departments = Department.objects.in_bulk(named)
    responsible, round_ = None, 1
    for r in records:
        after, before = r.after or {}, r.before or {}
        round_ = after.get("round", round_)
        r.round = round_
        r.department = departments.get(after["department"]) if "department" in after else departments.get(responsible)
        if "department" in before:  # the case changed hands
            responsible = after.get("department")
    return [r for r in records if r.action in PUBLIC_STEPS] if public else records


def pending_return(wo: WorkOrder) -> WorkOrderReturn | None:
    return wo.returns.select_related("department", "requested_by").filter(decision=Decision.PENDING).first()


def latest_follow_up(wo: WorkOrder) -> FollowUp | None:
    return wo.follow_ups.filter(round=wo.round).order_by("-id").first()


def group_of(wo: WorkOrder) -> tuple[WorkOrder, list[WorkOrder]]:
    """(primary, duplicates) of the duplicate group ``wo`` belongs to."""
    link = WorkOrderLink.objects.filter(source=wo, kind=LinkKind.DUPLICATE).select_related("target").first()
    primary = link.target if link else wo
    members = list(WorkOrder.objects.filter(links_out__target=primary, links_out__kind=LinkKind.DUPLICATE).select_related("department").order_by("id"))
    return primary, members


def links_of(wo: WorkOrder) -> list[tuple[str, WorkOrder]]:
    """Every case linked to ``wo`` with how: 重复（主工单）, 重复, 相关."""
    out = []
    for link in WorkOrderLink.objects.filter(source=wo).select_related("target"):
        out.append(("重复（主工单）" if link.kind == LinkKind.DUPLICATE else "相关", link.target))
    for link in WorkOrderLink.objects.filter(target=wo).select_related("source"):
        out.append(("重复" if link.kind == LinkKind.DUPLICATE else "相关", link.source))
    return out


# --- lists --------------------------------------------------------------------------


def workorders_for(user) -> QuerySet[WorkOrder]:
    return WorkOrder.objects.filter(workorder_scope(user)).select_related("department")


def search(rows: QuerySet[WorkOrder], q: str, *, identity: bool) -> QuerySet[WorkOrder]:
    """A tracking number finds its case; other text searches titles as the role reads them —
    and, for the roles that may see who complained, content, requester name and phone (a
    repeat caller)."""
    q = q.strip()
    parsed = parse_tracking_number(q)
    if parsed is not None:
        return rows.filter(pk=parsed[1])
    if not identity:
        # Only the title as this role reads it, identities masked: a name or phone (or some
        # of its digits) finds nothing that the role would see masked.
        return rows.filter(title_masked__icontains=q)
    match = Q(title__icontains=q) | Q(content__icontains=q) | Q(requester_name=q) | Q(requester_phone=q) | Q(requester_organization__icontains=q)
    return rows.filter(match)


def department_inbox(user) -> QuerySet[WorkOrder]:
    """Open cases of the user's department subtree (lead and co-department), the most
    urgent first."""
    rows = WorkOrder.objects.filter(workorder_scope(user, statuses=DEPARTMENT_OPEN)).select_related("department")
    return rows.annotate(next_due=next_deadline()).order_by("next_due", "id")


def inbox_counts(rows: list[WorkOrder], now) -> dict[str, int]:
    """The counts above 部门工单, over the rows it shows (annotated by :func:`department_inbox`):
    to sign, in hand, returned awaiting review, and overdue — the deadline the row shows
    (sign-for while unsigned) or the answer deadline passed."""
    return {
        "to_sign": sum(w.status in TO_SIGN for w in rows),
        "handling": sum(w.status == Status.SIGNED for w in rows),
        "returned": sum(w.status == Status.RETURNED for w in rows),
        "overdue": sum(w.next_due <= now or w.due_at <= now for w in rows),
    }


def dispatch_queue() -> QuerySet[WorkOrder]:
    """Cases waiting for the dispatcher: new ones and returns to review, oldest first."""
    return (
        WorkOrder.objects.filter(status__in=DISPATCH_QUEUE)
        .select_related("department", "area")
        .prefetch_related(Prefetch("returns", queryset=WorkOrderReturn.objects.filter(decision=Decision.PENDING).select_related("department")))
        .order_by("-urgent", "received_at")
    )


def follow_up_queue() -> QuerySet[WorkOrder]:
    """Answered cases waiting for the office's call-back and closure, oldest answer first."""
    return WorkOrder.objects.filter(status__in=FOLLOW_UP_QUEUE).select_related("department").order_by("replied_at", "id")


def pick(user, q: str, limit: int) -> list[tuple[int, str, str]]:
    """Cases for a picker: a tracking number finds its case, other text the titles as the
    role reads them (identities masked), newest first."""
    rows = search(workorders_for(user), q, identity=False).order_by("-received_at", "-pk")[:limit]
    return [(wo.pk, wo.tracking_no, f"{wo.title_masked} · {wo.department.name if wo.department_id else '待派单'}") for wo in rows]


# -- the duty roster ---------------------------------------------------------------------


def roster_week(monday: dt.date) -> list[tuple[dt.date, list[DutyShift]]]:
    """Each day of the week from ``monday`` with the shifts that cover part of it (a night
    shift shows on both days), in one query."""
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    shifts = list(
        DutyShift.objects.filter(starts_at__lt=clock.end_of_day(days[-1]), ends_at__gt=clock.start_of_day(monday))
        .select_related("staff__user", "staff__department")
        .order_by("starts_at")
    )
    return [(day, [s for s in shifts if s.starts_at < clock.end_of_day(day) and s.ends_at > clock.start_of_day(day)]) for day in days]


def shift_at(moment: dt.datetime) -> DutyShift | None:
    """The shift on duty at ``moment`` (shifts do not overlap; the latest start if old rows do)."""
    return DutyShift.objects.filter(starts_at__lte=moment, ends_at__gt=moment).select_related("staff__user").order_by("-starts_at").first()
