"""The audit log: every service that changes state calls :func:`record`.

Sealing into the keyed chain happens off the request path (:func:`seal_pending`), and
:func:`verify_chain` recomputes the chain and compares it with the anchors kept outside the
database (:mod:`core.anchors`) to detect tampering.
"""

from __future__ import annotations

import bisect
import contextvars
import datetime as dt
import decimal
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import models, transaction

from . import clock, crypto, sql
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
    rec = AuditRecord(
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
    pending = _batch.get()
    if pending is None:
        sql.insert(rec)
    else:
        pending.append(rec)
    return rec


_batch: contextvars.ContextVar[list | None] = contextvars.ContextVar("xiaoneng_audit_batch", default=None)


@contextmanager
def batched():
    """The records written inside are inserted together, in one multi-row statement, when
    the block ends (in the caller's transaction, in the order they were written, so the
    chain seals them in that order).  A request that writes several records pays for one
    round trip.  Inside, :func:`record` returns the record before it has its id; nested
    blocks join the outermost.  If the block raises, nothing is written: the transaction
    the records belong to is rolled back anyway."""
    if _batch.get() is not None:
        yield
        return
    token = _batch.set([])
    try:
        yield
        pending = _batch.get()
    finally:
        _batch.reset(token)
    if pending:
        sql.insert(*pending)


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


LEGACY = "sha256"  # records sealed before keyed sealing: plain SHA-256, kept verifiable


def chain_hash(prev_hash: str, rec: AuditRecord, seq: int, epoch: dict | None = None) -> str:
    """The seal of one record: a keyed MAC (``core.crypto``) over the previous record's seal
    and the record, with the epoch's algorithm and key; plain SHA-256 for legacy records."""
    epoch = epoch or current_epoch(seq)
    data = prev_hash.encode() + _canonical(rec, seq)
    if epoch["algorithm"] == LEGACY:
        return hashlib.sha256(data).hexdigest()
    key = crypto.key_by_id(epoch["key_id"])
    if key is None:
        raise UnknownKey(epoch["key_id"])
    return crypto.provider(epoch["algorithm"]).mac(key, data)


class UnknownKey(Exception):
    """A stretch of the chain was sealed with a key this server does not have."""


def current_epoch(from_seq: int) -> dict:
    key = crypto.audit_keys()[0]
    return {"from_seq": from_seq, "algorithm": crypto.provider().name, "key_id": crypto.key_id(key)}


def _same_sealing(a: dict, b: dict) -> bool:
    return a["algorithm"] == b["algorithm"] and a["key_id"] == b["key_id"]


def seal_pending(batch_size: int = 5000) -> int:
    """Seal unsealed records into the chain in batches; returns how many were sealed.

    Order in the chain is the order of sealing, so a record whose transaction commits late
    simply joins a later batch.  The chain head row is locked so that two sealers never
    interleave.  When the configured algorithm or key changed, a new epoch starts."""
    sealed = 0
    while True:
        with transaction.atomic():
            AuditChainHead.objects.get_or_create(pk=1)  # normally made by the migration
            head = AuditChainHead.objects.select_for_update().get(pk=1)
            batch = list(AuditRecord.objects.filter(seq__isnull=True).order_by("id")[:batch_size])
            if not batch:
                return sealed
            seq, prev = head.last_seq, head.last_hash
            epoch = current_epoch(seq + 1)
            if not head.epochs or not _same_sealing(head.epochs[-1], epoch):
                head.epochs = [*head.epochs, epoch]
            for rec in batch:
                seq += 1
                rec.seq, rec.prev_hash, rec.hash = seq, prev, chain_hash(prev, rec, seq, epoch)
                prev = rec.hash
            AuditRecord.objects.bulk_update(batch, ["seq", "prev_hash", "hash"], batch_size=1000)
            head.last_seq, head.last_hash = seq, prev
            head.save(update_fields=["last_seq", "last_hash", "epochs"])
            sealed += len(batch)


def _epoch_problem(epochs: list[dict]) -> str | None:
    """Epochs must start at 1, rise, and only the first may be the unkeyed legacy one (a
    later downgrade to plain SHA-256 would let anyone recompute the chain)."""
    expected_first = 1
    for index, epoch in enumerate(epochs):
        if index == 0 and epoch.get("from_seq") != expected_first:
            return "封存分段应从第 1 条开始"
        if index and epoch.get("from_seq", 0) <= epochs[index - 1].get("from_seq", 0):
            return "封存分段顺序有误"
        if epoch.get("algorithm") == LEGACY and index:
            return "旧式（无密钥）封存只能是第一段"
    return None


def _broken(checked: int, seq: int, record_id, reason: str) -> dict:
    return {"ok": False, "checked": checked, "broken_at_seq": seq, "record_id": record_id, "reason": reason}


def verify_chain(*, anchors: bool = True) -> dict:
    """Recompute the chain with the keys of this server and compare it with the anchors
    written outside the database (``core.anchors``).  Returns counts and, if the chain is
    broken, the first bad seq and the reason."""
    from . import anchors as anchor_store

    head = AuditChainHead.objects.filter(pk=1).first()
    epochs = list(head.epochs) if head else []
    anchored, anchor_epochs, anchor_problems = anchor_store.read() if anchors else ({}, [], [])
    if anchor_problems:
        return _broken(0, None, None, anchor_problems[0])
    if anchored and max(anchored) > (head.last_seq if head else 0):
        return _broken(0, None, None, f"库外锚点记到第 {max(anchored)} 条，库中链头只到第 {head.last_seq if head else 0} 条（记录被截断）")
    problem = _epoch_problem(epochs)
    if problem:
        return _broken(0, None, None, problem)
    if any(e not in epochs for e in anchor_epochs):
        return _broken(0, None, None, "封存分段与库外锚点不符（封存方式被改写）")
    bounds = [e["from_seq"] for e in epochs]
    prev = "0" * 64
    expected_seq = 0
    checked = 0
    for rec in AuditRecord.objects.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=2000):
        expected_seq += 1
        epoch = epochs[bisect.bisect_right(bounds, rec.seq) - 1] if epochs and rec.seq >= bounds[0] else None
        if rec.seq != expected_seq or rec.prev_hash != prev or epoch is None:
            return _broken(checked, expected_seq, rec.pk, "记录缺失或顺序被改动")
        try:
            good = hmac.compare_digest(chain_hash(prev, rec, rec.seq, epoch), rec.hash)
        except UnknownKey as exc:
            return _broken(checked, expected_seq, rec.pk, f"缺少密钥 {exc}，无法校验")
        if not good:
            return _broken(checked, expected_seq, rec.pk, "记录内容与封存值不符")
        if rec.seq in anchored and anchored[rec.seq] != rec.hash:
            return _broken(checked, expected_seq, rec.pk, "与库外锚点不符（链被重新计算）")
        prev = rec.hash
        checked += 1
    if head and (head.last_seq != checked or head.last_hash != prev):
        return _broken(checked, checked + 1, None, "链头与记录不符")
    if anchored and max(anchored) > checked:
        return _broken(checked, checked + 1, None, f"库外锚点记到第 {max(anchored)} 条，库中只有 {checked} 条（记录被截断）")
    unsealed = AuditRecord.objects.filter(seq__isnull=True).count()
    return {"ok": True, "checked": checked, "unsealed": unsealed, "anchors": len(anchored), "epochs": len(epochs)}
