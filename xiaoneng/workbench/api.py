"""The audit log for the audit administrator (三员分立): read and verify, nothing else."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from xiaoneng.api.auth import STAFF_AUTH, actor
from xiaoneng.api.schemas import ERRORS
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error, action_label
from xiaoneng.core.errors import Forbidden
from xiaoneng.core.models import AuditRecord
from xiaoneng.org.access import access_read_audit
from xiaoneng.web import params

router = Router(tags=["审计"])


class AuditRecordOut(Schema):
    seq: int | None
    at: dt.datetime
    actor: str
    channel: str
    action: str
    action_label: str
    subject_type: str
    subject_id: str
    before: dict | list | None
    after: dict | list | None
    note: str


class AuditPageOut(Schema):
    count: int
    items: list[AuditRecordOut]


class VerifyOut(Schema):
    ok: bool
    checked: int
    reason: str = ""


def _auditor(request):
    user = actor(request)
    if not access_read_audit(user):
        raise Forbidden("只有审计管理员可以查阅审计日志", code=Error.FORBIDDEN)
    return user


@router.get("/audit/records", auth=STAFF_AUTH, response={200: AuditPageOut, **ERRORS}, summary="查阅审计记录（审计管理员）")
def records(
    request,
    action: str = "",
    subject_type: str = "",
    subject_id: str = "",
    actor_name: str = "",
    start: str = "",
    end: str = "",
    limit: int = Query(50),
    offset: int = Query(0),
):
    _auditor(request)
    rows = AuditRecord.objects.order_by("-id")
    if action:
        rows = rows.filter(action=action)
    if subject_type:
        rows = rows.filter(subject_type=subject_type)
    if subject_id:
        rows = rows.filter(subject_id=subject_id)
    if actor_name:
        rows = rows.filter(actor_name=actor_name)
    first, last = params.date(start, "start"), params.date(end, "end")
    if first:
        rows = rows.filter(at__gte=clock.start_of_day(first))
    if last:
        rows = rows.filter(at__lt=clock.end_of_day(last))
    return {
        "count": rows.count(),
        "items": [
            {
                "seq": r.seq,
                "at": clock.local(r.at),
                "actor": r.actor_name,
                "channel": r.channel,
                "action": r.action,
                "action_label": action_label(r.action),
                "subject_type": r.subject_type,
                "subject_id": r.subject_id,
                "before": r.before,
                "after": r.after,
                "note": r.note,
            }
            for r in params.window(rows, limit, offset)
        ],
    }


@router.get("/audit/verify", auth=STAFF_AUTH, response={200: VerifyOut, **ERRORS}, summary="校验审计链与库外锚点（审计管理员）")
def verify(request):
    _auditor(request)
    result = audit.verify_chain()
    return {"ok": result["ok"], "checked": result["checked"], "reason": result.get("reason", "")}
