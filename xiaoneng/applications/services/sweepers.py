"""The periodic sweeps that apply the law's defaults when nobody acted in time.

Each sweep selects its candidates with one indexed query, claims them in batches with
``select_for_update(skip_locked=True)`` (two workers never take the same row; on SQLite,
which has no row locks, writers are serialised anyway), re-checks each row under the lock,
and changes it through the same services as a person would — so every change is audited
and its clocks are brought in step.  Running a sweep again finds nothing left to do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from xiaoneng.accountability.models import FaultSource
from xiaoneng.accountability.services import fault_record
from xiaoneng.applications.codes import Action
from xiaoneng.core import clock
from xiaoneng.core.transitions import transition
from xiaoneng.org.selectors import department_heads, staff_of

from .. import rules
from ..models import Application, JointReview, JointReviewStatus, NoticeKind, Status
from .clockwork import apply_change
from .intake import accept
from .notices import notify
from .statute import deem_renewed, validity_on_grant

BATCH = 200


def _sweep(candidates: QuerySet, handle: Callable, batch: int = BATCH) -> int:
    done, last = 0, 0
    while True:
        with transaction.atomic():
            rows = list(candidates.filter(pk__gt=last).order_by("pk").select_for_update(skip_locked=True, of=("self",))[:batch])
            for row in rows:
                done += handle(row)
        if not rows:
            return done
        last = rows[-1].pk


def sweep_deemed_acceptance(*, today: dt.date | None = None) -> int:
    """行政许可法 第三十二条: no one-time notice within 5 working days of receipt → the
    application is accepted as of the day the materials were received."""
    today = today or clock.today()
    candidates = Application.objects.filter(status=Status.RECEIVED, acceptance_due_on__lt=today)

    def handle(app: Application) -> int:
        app = Application.objects.select_related("version", "department", "item").get(pk=app.pk)
        if app.status != Status.RECEIVED or app.acceptance_due_on >= today:
            return 0
        accept(app, by=None, on=app.received_on, deemed=True)
        return 1

    return _sweep(candidates, handle)


def sweep_deemed_consent(*, today: dt.date | None = None) -> int:
    """A co-department that has not answered its joint review by its due date is deemed to
    consent where the item says so; the co-department bears the fault.  Claims the
    application first, like every service, so that locks are always taken in one order."""
    today = today or clock.today()
    overdue = JointReview.objects.filter(status=JointReviewStatus.PENDING, due_on__lt=today, deemed_consent=True)
    candidates = Application.objects.filter(Exists(overdue.filter(application=OuterRef("pk"))), status=Status.ACCEPTED)

    def handle(app: Application) -> int:
        app = Application.objects.select_related("version", "department", "item").get(pk=app.pk)
        if app.status != Status.ACCEPTED:
            return 0
        reviews = list(overdue.filter(application=app).select_related("department").select_for_update(of=("self",)))
        for review in reviews:
            transition(
                review,
                to=JointReviewStatus.DEEMED_CONSENTED,
                by=None,
                allowed=rules.REVIEW_TRANSITIONS,
                action=Action.JOINT_REVIEW_DEEMED_CONSENT,
                changes={"answered_on": review.due_on + dt.timedelta(days=1)},
                note="逾期未反馈，视为同意",
            )
            fault_record(
                by=None,
                source=FaultSource.DEEMED_DECISION,
                department=review.department,
                person=department_heads(review.department).order_by("id").first(),  # the co-department's head answers for its silence
                subject=app,
                description=f"办件 {app.number}（{app.version.name}）并联审查期限{clock.format_cn(review.due_on)}届满，{review.department.name}未反馈意见，视为同意。",
                dedupe_key=f"applications.jointreview:{review.pk}:deemed_consent",
            )
        if reviews:
            apply_change(app, by=None, action=Action.JOINT_REVIEW)
        return len(reviews)

    return _sweep(candidates, handle)


def sweep_deemed_approval(*, today: dt.date | None = None) -> int:
    """Items configured for deemed approval (超时默认): a decision not made by the legal due
    date counts as approval from the next day; the department bears the fault and the
    certificate clock starts."""
    today = today or clock.today()
    candidates = Application.objects.filter(status=Status.ACCEPTED, legal_due_on__lt=today, version__deemed_approval=True)

    def handle(app: Application) -> int:
        app = Application.objects.select_related("version", "department", "item").get(pk=app.pk)
        if app.status != Status.ACCEPTED or app.legal_due_on >= today:
            return 0
        deemed_on = app.legal_due_on + dt.timedelta(days=1)
        apply_change(
            app,
            by=None,
            action=Action.DEEMED_APPROVE,
            to=Status.DEEMED_APPROVED,
            changes={"decided_on": deemed_on, "valid_until": validity_on_grant(app, deemed_on)},
            note=f"法定期限{clock.format_cn(app.legal_due_on)}届满未作决定，视为准予",
        )
        notify(app, NoticeKind.DECISION, by=None, on=deemed_on)
        handler = staff_of(app.handler) if app.handler_id else None
        fault_record(
            by=None,
            source=FaultSource.DEEMED_DECISION,
            department=app.department,
            person=handler,
            subject=app,
            description=f"办件 {app.number}（{app.version.name}）法定办结期限{clock.format_cn(app.legal_due_on)}届满未作出决定，依事项规定视为准予。",
            dedupe_key=f"applications.application:{app.pk}:deemed_approval",
        )
        return 1

    return _sweep(candidates, handle)


def sweep_deemed_renewal(*, today: dt.date | None = None) -> int:
    """行政许可法 第五十条第二款: a renewal applied for in time and not decided before the old
    licence expired is deemed granted from the day after the expiry (``renewal_due_on`` is
    the expiry day; the sweep acts once that day has ended)."""
    today = today or clock.today()
    candidates = Application.objects.filter(status__in=[Status.ACCEPTED, Status.SUSPENDED], renewal_in_time=True, renewal_due_on__lt=today)

    def handle(app: Application) -> int:
        app = Application.objects.select_related("version", "department", "item", "renews__version").get(pk=app.pk)
        if app.status not in (Status.ACCEPTED, Status.SUSPENDED) or not app.renewal_in_time or app.renewal_due_on >= today:
            return 0
        deem_renewed(app)
        return 1

    return _sweep(candidates, handle)


def sweep_all(*, today: dt.date | None = None) -> dict:
    """Every sweep, in the order the law applies them."""
    return {
        "deemed_acceptance": sweep_deemed_acceptance(today=today),
        "deemed_consent": sweep_deemed_consent(today=today),
        "deemed_renewal": sweep_deemed_renewal(today=today),
        "deemed_approval": sweep_deemed_approval(today=today),
    }
