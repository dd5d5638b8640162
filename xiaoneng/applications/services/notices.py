"""Written notices to the applicant, stored as sent."""

from __future__ import annotations

import datetime as dt

from xiaoneng.core import clock
from xiaoneng.core.people import person

from .. import documents
from ..models import ApplicantNotice, Application


def notify(app: Application, kind: str, *, by, on: dt.date, subject=None) -> ApplicantNotice:
    """Write the notice of ``kind`` (``subject`` is the notice, extension or period it is
    about) into the application's file.  No message is sent from here: the applicant gets
    it printed at the window or reads it on the public status page."""
    builder = documents.BUILDERS[kind]
    title, body = builder(app, subject) if subject is not None else builder(app)
    return ApplicantNotice.objects.create(
        application=app,
        kind=kind,
        title=title,
        body=body,
        issued_on=on,
        created_by=person(by),
        created_at=clock.now(),
    )
