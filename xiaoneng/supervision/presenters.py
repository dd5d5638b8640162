"""Objects as the API shows them (plain dicts for the ninja schemas)."""

from __future__ import annotations

from xiaoneng.core import clock
from xiaoneng.core.people import display_name

from .models import Bulletin, ListEntry, SupervisionOrder, Warning
from .rules import short_subject_type
from .selectors import order_escalation


def warning_out(w: Warning) -> dict:
    """``w`` has been through :func:`selectors.describe`."""
    return {
        "id": w.pk,
        "level": w.level,
        "level_label": w.get_level_display(),
        "rule": w.rule,
        "subject_type": short_subject_type(w.subject_type),
        "subject_type_full": w.subject_type,
        "subject_id": w.subject_id,
        "subject_label": w.subject_label,
        "clock_kind": w.clock_kind,
        "kind_label": w.kind_label,
        "department": w.department.code if w.department_id else None,
        "department_name": w.department.name if w.department_id else "",
        "responsible": w.responsible.get_username() if w.responsible_id else None,
        "responsible_name": display_name(w.responsible, default=""),
        "due": clock.local_or_none(w.due),
        "supervision_due_at": clock.local_or_none(w.supervision_due_at),
        "effective_at": clock.local_or_none(w.effective_at),
        "issued_at": clock.local_or_none(w.issued_at),
        "resolved_at": clock.local_or_none(w.resolved_at),
        "withdrawn_at": clock.local_or_none(w.withdrawn_at),
        "withdrawn_reason": w.withdrawn_reason,
        "withdrawn_reason_label": w.get_withdrawn_reason_display() if w.withdrawn_reason else "",
        "overdue": w.overdue,
    }


def order_out(o: SupervisionOrder) -> dict:
    return {
        "id": o.pk,
        "number": o.number,
        "state": o.state,
        "state_label": o.get_state_display(),
        "subject_type": short_subject_type(o.subject_type),
        "subject_id": o.subject_id,
        "warning_id": o.warning_id,
        "department": o.department.code,
        "department_name": o.department.name,
        "responsible": o.responsible.get_username() if o.responsible_id else None,
        "instructions": o.instructions,
        "working_days": o.working_days,
        "due_at": clock.local_or_none(o.due_at),
        "escalation": order_escalation(o),
        "answer": o.answer,
        "answered_at": clock.local_or_none(o.answered_at),
        "review_note": o.review_note,
        "issued_at": clock.local_or_none(o.issued_at),
    }


def entry_out(e: ListEntry, *, public: bool = False) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "target": e.target,
        "department": e.department.name,
        "title": e.title,
        "summary": e.summary,
        "period": e.period,
        "state": None if public else e.state,
        "published_at": clock.local_or_none(e.published_at),
    }


def bulletin_out(b: Bulletin) -> dict:
    return {
        "id": b.pk,
        "number": b.number,
        "title": b.title,
        "month": b.month,
        "as_of": clock.local_or_none(b.as_of),
        "issued_at": clock.local_or_none(b.issued_at),
        "totals": b.figures["totals"],
    }
