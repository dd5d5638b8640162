"""A case's timeline, the one way: read from the audit log and labelled from the vocabularies.

Every change of a case and of the records that belong to it (a work order's, an
application's co-reviews, a fault's sanctions and appeals) is audited, in the same
transaction, so the audit log already is the timeline; no domain keeps a second table of
the same facts.  What an entry is called comes from :func:`core.codes.action_label`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q

from .audit import subject_type_of
from .codes import action_label
from .models import AuditRecord


def of(model: type[models.Model], ids: Iterable) -> tuple[str, list[str]]:
    """The records of ``model`` with these primary keys, as one part of a timeline."""
    return model._meta.label_lower, [str(pk) for pk in ids]


def timeline(*subjects, actions: Iterable[str] | None = None) -> list[AuditRecord]:
    """The audit records of ``subjects`` (model instances, or :func:`of` parts), oldest
    first, each with ``label``; only ``actions`` when given."""
    where = Q(pk__in=[])
    for subject in subjects:
        if isinstance(subject, models.Model):
            where |= Q(subject_type=subject_type_of(subject), subject_id=str(subject.pk))
        else:
            subject_type, ids = subject
            if ids:
                where |= Q(subject_type=subject_type, subject_id__in=ids)
    rows = AuditRecord.objects.filter(where)
    if actions is not None:
        rows = rows.filter(action__in=list(actions))
    records = list(rows.order_by("at", "id"))
    for record in records:
        record.label = action_label(record.action)
    return records
