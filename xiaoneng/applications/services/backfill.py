"""The supervision office allows a step of an application to be recorded past the 补录 window."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from xiaoneng.clocks import backfill
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import InvalidInput

from .. import rules
from ..models import Application
from .common import locked


@transaction.atomic
def application_backfill_approve(*, by, application: Application, step: str, acted_on: dt.date, reason: str):
    """批准超期补录: ``step`` (a key of ``rules.ACTIONS``) may be recorded as done on ``acted_on``."""
    if step not in rules.ACTIONS:
        raise InvalidInput(f"环节无效，应为 {'/'.join(rules.ACTIONS)}", code=Shared.INVALID_KIND)
    app = locked(application)
    return backfill.backfill_approve(by=by, subject=app, step=step, label=rules.ACTIONS[step][0], acted_on=acted_on, reason=reason)


def application_backfill_approve_by_id(*, by, subject_id, **approval):
    """:func:`application_backfill_approve` for the office's page (the case picked by number)."""
    return application_backfill_approve(by=by, application=Application.objects.get(pk=subject_id), **approval)
