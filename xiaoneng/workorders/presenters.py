"""A case as one user may see it — the one place that shapes a case for the API, the pages
and Open311, so that masking is applied the same way everywhere."""

from __future__ import annotations

from django.urls import reverse

from xiaoneng.clocks import registry as clock_registry
from xiaoneng.clocks.models import Clock
from xiaoneng.core import clock
from xiaoneng.org.access import is_staff_member
from xiaoneng.workorders.access import (
    access_workorder_co_opinion,
    access_workorder_dispatch,
    access_workorder_handle,
    access_workorder_identity,
    access_workorder_link,
    access_workorder_office,
    access_workorder_view,
)

from .models import TO_SIGN, Decision, IntakeChannel, Status, WorkOrder
from .selectors import PUBLIC_NOTES, links_of, place_of, requester_for, text_for, timeline
from .services.common import SUBJECT


def available_actions(user, wo: WorkOrder) -> list[str]:
    """What ``user`` can do with the case now (drives the action forms and API clients)."""
    s = wo.status
    out = []
    dispatcher, office = access_workorder_dispatch(user), access_workorder_office(user)
    handler = access_workorder_handle(user, wo)
    if dispatcher and s in (Status.RECEIVED, Status.RETURNED):
        out.append("classify")
    if dispatcher and s in (Status.RECEIVED, Status.DISPATCHED, Status.REOPENED):
        out.append("dispatch")
    if s == Status.RECEIVED and (dispatcher or (wo.channel == IntakeChannel.WALK_IN and wo.received_by_id == getattr(user, "pk", None))):
        out.append("answer")
    if dispatcher and s == Status.RETURNED:
        out.append("review_return")
    if handler and s in TO_SIGN:
        out.append("sign")
    if handler and s in (Status.DISPATCHED, Status.SIGNED, Status.REOPENED):
        out.append("return")
    if handler and s == Status.SIGNED:
        out += ["feedback", "reply"]
        if clock.now() < wo.due_at and not wo.extensions.filter(status=Decision.PENDING).exists():
            out.append("extension")
    if office and wo.extensions.filter(status=Decision.PENDING).exists():
        out.append("decide_extension")
    if s in (Status.DISPATCHED, Status.SIGNED, Status.REOPENED) and access_workorder_co_opinion(user, wo):
        out.append("co_opinion")
    if office and s in (Status.REPLIED, Status.ANSWERED):
        out += ["follow_up", "close"]
    if office and s in (Status.REPLIED, Status.ANSWERED, Status.CLOSED):
        out.append("reopen")
    if access_workorder_link(user):
        out.append("link")
    if is_staff_member(user) and access_workorder_view(user, wo):
        out.append("attach")
    return out


def _iso(moment):
    """ISO 8601 in the city's time (+08:00), as people read it."""
    return clock.local(moment).isoformat() if moment else None


def _dept(d):
    return {"code": d.code, "name": d.name} if d else None


def summary(user, wo: WorkOrder, *, reveal: bool | None = None) -> dict:
    reveal = access_workorder_identity(user, wo) if reveal is None else reveal
    now = clock.now()
    return {
        "id": wo.pk,
        "tracking_no": wo.tracking_no,
        "type": wo.type,
        "type_label": wo.get_type_display(),
        "urgent": wo.urgent,
        "channel": wo.channel,
        "title": text_for(user, wo, wo.title, reveal=reveal),
        "status": wo.status,
        "status_label": wo.get_status_display(),
        "round": wo.round,
        "department": _dept(wo.department),
        "received_at": _iso(wo.received_at),
        "due_at": _iso(wo.due_at),
        "sign_due_at": _iso(wo.sign_due_at),
        "replied_at": _iso(wo.replied_at),
        "overdue": wo.status not in (Status.REPLIED, Status.ANSWERED, Status.CLOSED) and wo.due_at <= now,
        "requester": requester_for(user, wo, reveal=reveal).display,
    }


def clocks_of(wo: WorkOrder) -> list[dict]:
    rows = Clock.objects.filter(subject_type=SUBJECT, subject_id=wo.pk).select_related("department").order_by("id")
    return [
        {
            "kind": c.kind,
            "label": clock_registry.kind_label(c.kind),
            "round": c.round,
            "department": _dept(c.department),
            "due_at": _iso(c.due_at),
            "state": c.state,
            "met": c.met,
            "provisional": c.provisional,
        }
        for c in rows
    ]


def detail(user, wo: WorkOrder) -> dict:
    """Everything ``user`` may know about the case: deadlines, full history, requester (masked
    unless allowed), answers, returns, extensions, call-backs, links and files."""
    reveal = access_workorder_identity(user, wo)

    def text(value):
        return text_for(user, wo, value, reveal=reveal)

    out = summary(user, wo, reveal=reveal)
    out["requester"] = requester_for(user, wo, reveal=reveal).as_dict()
    out |= {
        "content": text(wo.content),
        "query_code": wo.query_code if reveal else None,
        "location": {
            "address": wo.location_address,
            "lat": float(wo.lat) if wo.lat is not None else None,
            "lng": float(wo.lng) if wo.lng is not None else None,
            "area": {"code": wo.area.code, "name": wo.area.short_name or wo.area.name} if wo.area else None,
            "place": place_of(wo),
        },
        "deadlines": {
            "handle_started_on": wo.handle_started_on.isoformat(),
            "handle_days": wo.handle_days,
            "due_on": wo.due_on.isoformat(),
            "due_at": _iso(wo.due_at),
            "provisional": wo.provisional,
            "sign_due_at": _iso(wo.sign_due_at),
            "feedback_due_at": _iso(wo.feedback_due_at),
            "clocks": clocks_of(wo),
        },
        "dispatched_at": _iso(wo.dispatched_at),
        "signed_at": _iso(wo.signed_at),
        "reply_content": text(wo.reply_content),
        "closed_at": _iso(wo.closed_at),
        "close_result": text(wo.close_result),
        "co_departments": [
            {"department": _dept(c.department), "round": c.round, "opinion": text(c.opinion), "opinion_at": _iso(c.opinion_at)}
            for c in wo.co_departments.select_related("department").order_by("id")
        ],
        "returns": [
            {
                "id": r.pk,
                "department": _dept(r.department),
                "reason": text(r.reason),
                "requested_at": _iso(r.requested_at),
                "decision": r.decision,
                "decision_note": text(r.decision_note),
                "allow_again": r.allow_again,
            }
            for r in wo.returns.select_related("department").order_by("id")
        ],
        "extensions": [
            {
                "id": e.pk,
                "round": e.round,
                "days": e.days,
                "reason": text(e.reason),
                "status": e.status,
                "decision_note": text(e.decision_note),
                "due_before": _iso(e.due_before),
                "due_after": _iso(e.due_after),
            }
            for e in wo.extensions.order_by("id")
        ],
        "follow_ups": [
            {
                "round": f.round,
                "reached": f.reached,
                "resolved": f.resolved,
                "satisfaction": f.satisfaction or None,
                "department_at_fault": f.department_at_fault,
                "note": text(f.note),
                "at": _iso(f.at),
            }
            for f in wo.follow_ups.order_by("id")
        ],
        "links": [{"relation": how, "id": other.pk, "tracking_no": other.tracking_no, "status": other.status} for how, other in links_of(wo)],
        "attachments": [
            {
                "id": a.pk,
                "name": text(a.original_name),
                "content_type": a.content_type,
                "size": a.size,
                "confidential": a.confidential,
                "url": reverse("api:workorder_attachment", kwargs={"id": wo.pk, "attachment_id": a.pk}),
            }
            for a in wo.attachments.order_by("id")
            if reveal or not a.confidential
        ],
        "history": [
            {
                "at": _iso(e.at),
                "action": e.action,
                "label": e.label,
                "round": e.round,
                "actor": e.actor_name,
                "department": _dept(e.department),
                "note": text(e.note),
            }
            for e in timeline(wo)
        ],
        "actions": available_actions(user, wo),
    }
    return out


def public_detail(wo: WorkOrder) -> dict:
    """What the requester sees with tracking number and query code: progress, answers and
    deadlines, their own name masked (the code may have been passed on)."""
    requester = requester_for(None, wo, reveal=False)

    def text(value):
        return text_for(None, wo, value, reveal=False)

    return {
        "tracking_no": wo.tracking_no,
        "type": wo.type,
        "type_label": wo.get_type_display(),
        "title": text(wo.title),
        "status": wo.status,
        "status_label": wo.get_status_display(),
        "received_at": _iso(wo.received_at),
        "due_at": _iso(wo.due_at),
        "department": wo.department.name if wo.department else None,
        "requester": requester.display,
        "reply_content": text(wo.reply_content),
        "closed_at": _iso(wo.closed_at),
        "history": [
            {
                "at": _iso(e.at),
                "label": e.label,
                "department": e.department.name if e.department else None,
                "note": text(e.note) if e.action in PUBLIC_NOTES else "",
            }
            for e in timeline(wo, public=True)
        ],
    }
