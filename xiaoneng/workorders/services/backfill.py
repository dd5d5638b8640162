"""The supervision office allows a step of a case to be recorded past the 补录 window."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from xiaoneng.clocks import backfill
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.transitions import lock

from ..models import WorkOrder

STEPS = {"sign": "签收", "reply": "答复"}


@transaction.atomic
def workorder_backfill_approve(*, by, workorder: WorkOrder, step: str, acted_on: dt.date, reason: str):
    """批准超期补录: ``step`` (sign / reply) of the case may be recorded as done on ``acted_on``."""
    if step not in STEPS:
        raise InvalidInput(f"环节无效，应为 {'/'.join(STEPS)}", code=Shared.INVALID_KIND)
    wo = lock(workorder)
    return backfill.backfill_approve(by=by, subject=wo, step=step, label=STEPS[step], acted_on=acted_on, reason=reason)


def workorder_backfill_approve_by_id(*, by, subject_id, **approval):
    """:func:`workorder_backfill_approve` for the office's page (the case picked by number)."""
    return workorder_backfill_approve(by=by, workorder=WorkOrder.objects.get(pk=subject_id), **approval)
