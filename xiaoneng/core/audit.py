"""The audit log: every service that changes state calls :func:`record`.

Sealing into the hash chain happens off the request path (:func:`seal_pending`), and
:func:`verify_chain` recomputes the chain to detect tampering.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable

from django.db import models, transaction

from . import clock
from .context import current_channel
from .models import AuditChainHead, AuditRecord
from .people import display_name, person


def _jsonable(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, models.Choices):
        return value.value
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    """The named fields of ``instance`` as JSON-safe values (foreign keys as ids)."""
    out = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _jsonable(getattr(instance, attname))
    return out


def subject_type_of(obj) -> str:
    return obj._meta.label_lower if isinstance(obj, models.Model) else str(obj)


def record(
    *,
    actor,
    action: str,
    subject,
    subject_id=None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    channel: str | None = None,
) -> AuditRecord:
    """Append one audit record.  ``subject`` is a model instance, or a type name together
    with ``subject_id``.  ``actor`` is a user, or None for the system."""
    if isinstance(subject, models.Model):
        subject_id = subject.pk
    user = person(actor)
    return AuditRecord.objects.create(
        at=clock.now(),
        actor=user,
        actor_name=display_name(user),
        channel=channel or current_channel(),
        action=action,
        subject_type=subject_type_of(subject),
        subject_id=str(subject_id),
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        note=note,
    )


def history(subject, subject_id=None):
    """Audit records of one object, oldest first."""
    if isinstance(subject, models.Model):
        subject_id = subject.pk
    return AuditRecord.objects.filter(subject_type=subject_type_of(subject), subject_id=str(subject_id)).order_by("id")


def _canonical(rec: AuditRecord, seq: int) -> bytes:
    payload = {
        "seq": seq,
        "at": rec.at.astimezone(dt.UTC).isoformat(),
        "actor": rec.actor_id,
        "actor_name": rec.actor_name,
        "channel": rec.channel,
        "action": rec.action,
        "subject_type": rec.subject_type,
        "subject_id": rec.subject_id,
        "before": rec.before,
        "after": rec.after,
        "note": rec.note,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def chain_hash(prev_hash: str, rec: AuditRecord, seq: int) -> str:
    return hashlib.sha256(prev_hash.encode() + _canonical(rec, seq)).hexdigest()


def seal_pending(batch_size: int = 5000) -> int:
    """Seal unsealed records into the chain in batches; returns how many were sealed.

    Order in the chain is the order of sealing, so a record whose transaction commits late
    simply joins a later batch.  The chain head row is locked so that two sealers never
    interleave."""
    sealed = 0
    while True:
        with transaction.atomic():
            AuditChainHead.objects.get_or_create(pk=1)  # normally made by the migration
            head = AuditChainHead.objects.select_for_update().get(pk=1)
            batch = list(AuditRecord.objects.filter(seq__isnull=True).order_by("id")[:batch_size])
            if not batch:
                return sealed
            seq, prev = head.last_seq, head.last_hash
            for rec in batch:
                seq += 1
                rec.seq, rec.prev_hash, rec.hash = seq, prev, chain_hash(prev, rec, seq)
                prev = rec.hash
            AuditRecord.objects.bulk_update(batch, ["seq", "prev_hash", "hash"], batch_size=1000)
            head.last_seq, head.last_hash = seq, prev
            head.save(update_fields=["last_seq", "last_hash"])
            sealed += len(batch)


def verify_chain() -> dict:
    """Recompute the chain.  Returns counts and, if the chain is broken, the first bad seq."""
    prev = "0" * 64
    expected_seq = 0
    checked = 0
    for rec in AuditRecord.objects.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=2000):
        expected_seq += 1
        if rec.seq != expected_seq or rec.prev_hash != prev or chain_hash(prev, rec, rec.seq) != rec.hash:
            return {"ok": False, "checked": checked, "broken_at_seq": expected_seq, "record_id": rec.pk}
        prev = rec.hash
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and (head.last_seq != checked or head.last_hash != prev):
        return {"ok": False, "checked": checked, "broken_at_seq": checked + 1, "record_id": None}
    unsealed = AuditRecord.objects.filter(seq__isnull=True).count()
    return {"ok": True, "checked": checked, "unsealed": unsealed}
