"""The one way to change a status.

Each domain keeps its allowed transitions as one table in ``rules.py``
(``{from_status: {to_status, ...}}``).  :func:`transition` checks the table against the row
it was given (locked by :func:`lock` in the caller's transaction), stamps the change, saves
and writes the audit record.  Side effects (notifications, tasks) belong in
``transaction.on_commit`` in the calling service."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import models

from . import audit, clock
from .codes import Error
from .errors import Conflict


def lock(instance_or_model, pk=None):
    """The row again, locked for update (call inside ``transaction.atomic``)."""
    if isinstance(instance_or_model, models.Model):
        model, pk = type(instance_or_model), instance_or_model.pk
    else:
        model = instance_or_model
    return model.objects.select_for_update().get(pk=pk)


def _label(instance, field: str, value) -> str:
    choices = dict(instance._meta.get_field(field).flatchoices)
    return str(choices.get(value, value))


def transition(
    instance: models.Model,
    *,
    to: str,
    by,
    allowed: Mapping[str, Iterable[str]],
    action: str,
    changes: dict | None = None,
    note: str = "",
    state_field: str = "status",
) -> models.Model:
    """Move ``instance`` to status ``to`` if the table allows it; also set ``changes``.

    Raises :class:`Conflict` (``invalid_transition``) and changes nothing otherwise."""
    current = getattr(instance, state_field)
    if to not in allowed.get(current, ()):
        raise Conflict(
            f"当前状态为“{_label(instance, state_field, current)}”，不能变更为“{_label(instance, state_field, to)}”",
            code=Error.INVALID_TRANSITION,
            details={"from": current, "to": to},
        )
    changes = dict(changes or {})
    fields = [state_field, *changes]
    before = audit.snapshot(instance, fields)
    setattr(instance, state_field, to)
    for name, value in changes.items():
        setattr(instance, name, value)
    update_fields = list(fields)
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        instance.updated_at = clock.now()
        update_fields.append("updated_at")
    instance.save(update_fields=update_fields)
    audit.record(actor=by, action=action, subject=instance, before=before, after=audit.snapshot(instance, fields), note=note)
    return instance
