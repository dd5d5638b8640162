"""Faults and (later) sanctions.  Every write is audited."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, models, transaction

from xiaoneng.core import audit, clock
from xiaoneng.core.errors import InvalidInput

from .models import Fault, FaultSource

_AUDITED = ["source", "status", "department", "person", "subject_type", "subject_id", "description", "occurred_at"]


def fault_record(
    *,
    by,
    source: str,
    department,
    description: str,
    person=None,
    subject=None,
    subject_id=None,
    occurred_at: dt.datetime | None = None,
    dedupe_key: str = "",
) -> Fault:
    """Open a fault for verification.  Automatic callers (the sweeper, the service rules)
    pass a ``dedupe_key`` so that a rerun never opens the same fault twice; the existing
    fault is returned instead."""
    if source not in FaultSource.values:
        raise InvalidInput(f"未知的过错来源：{source}", code="invalid_fault_source")
    if not (description or "").strip():
        raise InvalidInput("请填写过错事实", code="missing_description")
    if dedupe_key:
        existing = Fault.objects.filter(dedupe_key=dedupe_key).first()
        if existing:
            return existing
    if isinstance(subject, models.Model):
        subject_type, subject_id = subject._meta.label_lower, subject.pk
    else:
        subject_type = subject or ""
    now = clock.now()
    try:
        with transaction.atomic():
            fault = Fault.objects.create(
                source=source,
                department=department,
                person=person,
                subject_type=subject_type,
                subject_id="" if subject_id is None else str(subject_id),
                description=description.strip(),
                occurred_at=occurred_at or now,
                recorded_at=now,
                recorded_by=by if getattr(by, "is_authenticated", False) else None,
                dedupe_key=dedupe_key,
            )
            audit.record(actor=by, action="fault.record", subject=fault, after=audit.snapshot(fault, _AUDITED))
    except IntegrityError:
        if not dedupe_key:
            raise
        return Fault.objects.get(dedupe_key=dedupe_key)
    return fault
