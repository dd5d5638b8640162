"""Irregularities that are not a missed deadline — an application refused without reasons, a
fee charged that is not on the published list — are found by checks that the owning domain
registers here (in its ``AppConfig.ready``)::

    from xiaoneng.supervision.checks import ExtraCheck, register_check

    register_check(ExtraCheck(
        code="applications.refused_without_reasons",
        label="不予受理/不予许可未说明理由",
        level="red",
        find=lambda as_of: Application.objects.filter(
            status="refused", refusal_reasons="", refused_at__lte=as_of,
        ).values(
            "department_id",
            subject_type=Value("applications.application"), subject_id=F("id"),
            responsible_id=F("refused_by_id"), effective_at=F("refused_at"),
        ),
        stamp="updated_at",
    ))

``find(as_of)`` returns a queryset of rows with exactly these names: ``subject_type`` (the
model label), ``subject_id``, ``department_id``, ``responsible_id`` (a user id or NULL:
then the department's head), ``effective_at`` (when the irregularity happened).  The sweeper
turns the queryset into one ``INSERT … SELECT`` per check, so a check costs one statement
whatever the number of rows; a finding is warned about once, and its warning is resolved
when a live sweep no longer finds it.  Checks with ``opens_fault`` also open a fault for
accountability (source ``fault_source``).

``stamp`` names the field of ``find``'s model that moves forward whenever a row may become a
finding (``updated_at``, or ``created_at`` for rows never changed; it should be indexed).  A
live pass then looks only at rows stamped since the previous live pass (from its watermark,
so that transactions still open then are seen); the first live pass of each day, and the
first pass after a check is added, read every row.  Resolving reads each open finding once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from xiaoneng.core import hooks

from .models import Level

COLUMNS = ("subject_type", "subject_id", "department_id", "responsible_id", "effective_at")


@dataclass(frozen=True)
class ExtraCheck:
    code: str
    label: str
    find: Callable[[dt.datetime], QuerySet]
    level: str = Level.RED
    opens_fault: bool = True
    fault_source: str = "supervision"
    stamp: str | None = None

    def rows(self, as_of: dt.datetime, since: dt.datetime | None = None) -> QuerySet:
        """The findings at ``as_of``; with ``since`` (and a ``stamp``), only rows stamped then or later."""
        qs = self.find(as_of)
        names = set(qs.query.values_select) | set(qs.query.annotation_select)
        if names != set(COLUMNS):
            raise ValueError(f"check {self.code} must select exactly {', '.join(COLUMNS)}; it selects {', '.join(sorted(names))}")
        if since is not None and self.stamp:
            qs = qs.filter(**{f"{self.stamp}__gte": since})
        return qs


CHECKS = "supervision.checks"  # keyed hook: the check for each code


def register_check(check: ExtraCheck) -> None:
    if check.level not in Level.values:
        raise ValueError(f"unknown warning level {check.level!r}")
    if len(check.code) > 60 or check.code == "deadline":
        raise ValueError(f"invalid check code {check.code!r}")
    hooks.register(CHECKS, check, key=check.code)


def registered_checks() -> list[ExtraCheck]:
    found = hooks.keyed(CHECKS)
    return [found[code] for code in sorted(found)]


def check_label(code: str) -> str | None:
    check = hooks.get_hook(CHECKS, code)
    return check.label if check else None
