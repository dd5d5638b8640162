"""Reads of applications and inquiries shared by the API, the pages and other packages."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from django.db.models import CharField, F, Q, QuerySet, Value

from xiaoneng.applications.access import access_applicant_details, access_view_application, applications_scope, inquiries_scope
from xiaoneng.applications.codes import Error
from xiaoneng.core import clock
from xiaoneng.core.errors import Forbidden, NotFound
from xiaoneng.core.masking import mask_id_number, mask_name, mask_phone
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.timeline import of
from xiaoneng.core.timeline import timeline as core_timeline
from xiaoneng.workdays import selectors as workdays

from . import rules
from .codes import Action
from .models import LICENCE_STATUSES, OPEN_STATUSES, Application, FeeCharge, Inquiry, JointReview, PreliminaryReview, Status

# What the public status page shows (no internal steps, no names of staff).
PUBLIC_EVENTS = frozenset(
    {
        Action.SUBMIT,
        Action.RECEIVE,
        Action.NOTICE,
        Action.CORRECT,
        Action.ACCEPT,
        Action.DEEMED_ACCEPT,
        Action.COMPLETE_ON_SPOT,
        Action.EXTEND,
        Action.SUSPEND,
        Action.EXCLUDE_PERIOD,
        Action.RESUME,
        Action.APPROVE,
        Action.DENY,
        Action.NOT_ACCEPT,
        Action.DEEMED_APPROVE,
        Action.DELIVER_CERTIFICATE,
        Action.WITHDRAW,
        Action.RECOMPUTE,
        Action.RENEWAL_LINK,
        Action.DEEMED_RENEW,
        Action.LICENCE_RENEWED,
        Action.PRELIMINARY_SEND_UP,
    }
)


def applications_for(user, *, status: str = "", q: str = "", open_only: bool = False, mine: bool = False) -> QuerySet[Application]:
    """What the user may see, the most urgent first (the nearest due date of the current
    step; applications with nothing due come last)."""
    rows = Application.objects.filter(applications_scope(user)).select_related("version", "department", "handler")
    if status:
        rows = rows.filter(status=status)
    if open_only:
        rows = rows.filter(status__in=OPEN_STATUSES)
    if mine:
        rows = rows.filter(Q(handler=user) | Q(received_by=user))
    for word in q.split()[:5]:
        rows = rows.filter(
            Q(number__icontains=word) | Q(applicant_name__icontains=word) | Q(applicant_enterprise__icontains=word) | Q(version__name__icontains=word)
        )
    return rows.order_by(F("next_due_on").asc(nulls_last=True), "received_on", "pk")


def application_for(user, pk: int) -> Application:
    app = Application.objects.select_related("version", "department", "item", "handler", "received_by").filter(pk=pk).first()
    if app is None:
        raise NotFound("办件不存在", code=Error.APPLICATION_NOT_FOUND)
    if not access_view_application(user, app):
        raise Forbidden("您没有查看该办件的权限")
    return app


def lookup(number: str, query_code: str) -> Application | None:
    """The public status page: both the number and the query code must match."""
    app = Application.objects.select_related("version", "department").filter(number=(number or "").strip()).first()
    if app is None or not hmac.compare_digest(app.query_code.encode(), (query_code or "").strip().upper().encode()):
        return None
    return app


def timeline(app: Application, *, public: bool = False) -> list[AuditRecord]:
    """The application's timeline, its co-reviews' included, oldest first."""
    reviews = of(JointReview, app.joint_reviews.values_list("pk", flat=True))
    return core_timeline(app, reviews, actions=PUBLIC_EVENTS if public else None)


@dataclass(frozen=True)
class ClockView:
    as_of: dt.date
    overdue: bool
    committed_overdue: bool
    acceptance_overdue: bool
    certificate_overdue: bool
    remaining_working_days: int | None  # to the nearest due date of the current step; negative when passed
    paused: bool


def clock_view(app: Application, as_of: dt.datetime | None = None) -> ClockView:
    """The application's clocks as of a moment (now by default), from its stored dates."""
    day = clock.local(as_of or clock.now()).date()
    done = app.decided_on
    if app.status == Status.SUSPENDED:
        # The clocks stopped when the open period began; they are judged as of that day.
        started = app.suspensions.filter(end_on__isnull=True).values_list("start_on", flat=True).first()
        done = min(day, started) if started else done
    acceptance_done = app.accepted_on if not app.deemed_accepted else None
    next_due = app.next_due_on
    remaining = workdays.calendar().working_days_between(day, next_due) if next_due else None
    return ClockView(
        as_of=day,
        overdue=rules.overdue(app.legal_due_on, done, day),
        committed_overdue=rules.overdue(app.committed_due_on, done, day),
        acceptance_overdue=app.status == Status.RECEIVED and rules.overdue(app.acceptance_due_on, acceptance_done, day),
        certificate_overdue=rules.overdue(app.certificate_due_on, app.certificate_delivered_on, day),
        remaining_working_days=remaining,
        paused=app.status == Status.SUSPENDED,
    )


@dataclass(frozen=True)
class DueView:
    """How a due date stands today: working days left (negative once passed) and whether the
    date has passed — on a weekend after a Friday deadline no working day has gone by yet,
    but the deadline has."""

    on: dt.date
    remaining: int
    passed: bool


def due_view(due: dt.date | None, today: dt.date | None = None) -> DueView | None:
    if due is None:
        return None
    today = today or clock.today()
    return DueView(on=due, remaining=workdays.calendar().working_days_between(today, due), passed=due < today)


@dataclass(frozen=True)
class ApplicantView:
    name: str
    id_type: str
    id_number: str
    phone: str
    enterprise: str
    masked: bool


def applicant_view(app: Application, user) -> ApplicantView:
    """The applicant as this user may see them: masked (脱敏) unless they serve the applicant
    or are the applicant."""
    full = access_applicant_details(user, app)
    return ApplicantView(
        name=app.applicant_name if full or app.applicant_id_type == "uscc" else mask_name(app.applicant_name),
        id_type=app.get_applicant_id_type_display(),
        id_number=app.applicant_id_number if full else mask_id_number(app.applicant_id_number),
        phone=app.applicant_phone if full else mask_phone(app.applicant_phone),
        enterprise=app.applicant_enterprise,
        masked=not full,
    )


SUBJECT = "applications.application"


def refusals_without_reasons(as_of: dt.datetime) -> QuerySet:
    """For electronic supervision: denials and non-acceptances on record with no reasons
    (行政许可法 第三十二、三十八条).  The decision service refuses them, so a finding means
    the record was made around it (admin site, data migration)."""
    return Application.objects.filter(status__in=[Status.DENIED, Status.NOT_ACCEPTED], decision_reason="", updated_at__lte=as_of).values(
        "department_id",
        subject_type=Value(SUBJECT, output_field=CharField()),
        subject_id=F("id"),
        responsible_id=F("decided_by_id"),
        effective_at=F("updated_at"),
    )


def refusals_of_complete_applications(as_of: dt.datetime) -> QuerySet:
    """For the office's review: denials (不予许可) of applications accepted on complete
    materials — accepted by a clerk who checked them (not deemed accepted), the item's
    listed conditions being what that check covers.  A denial is lawful with reasons, but
    refusing what the published guide says qualifies is the first thing an applicant
    complains of; the office looks at each."""
    rows = Application.objects.filter(status=Status.DENIED, accepted_on__isnull=False, deemed_accepted=False, updated_at__lte=as_of)
    return rows.values(
        "department_id",
        subject_type=Value(SUBJECT, output_field=CharField()),
        subject_id=F("id"),
        responsible_id=F("decided_by_id"),
        effective_at=F("updated_at"),
    )


def unlisted_fee_findings(as_of: dt.datetime) -> QuerySet:
    """For electronic supervision: fees charged that are not on the published list, one row
    per charge (the sweeper warns once per application)."""
    return FeeCharge.objects.filter(listed=False, created_at__lte=as_of).values(
        department_id=F("application__department_id"),
        subject_type=Value(SUBJECT, output_field=CharField()),
        subject_id=F("application_id"),
        responsible_id=F("recorded_by_id"),
        effective_at=F("created_at"),
    )


def unlisted_charges(*, department=None, since: dt.date | None = None) -> QuerySet[FeeCharge]:
    """Fees charged that are not on the item version's published fee list — for electronic
    supervision to flag (行政许可法 第五十九条)."""
    rows = FeeCharge.objects.filter(listed=False).select_related("application", "application__department", "application__version")
    if department is not None:
        rows = rows.filter(application__department__path__startswith=department.path)
    if since is not None:
        rows = rows.filter(charged_on__gte=since)
    return rows.order_by("-charged_on", "-id")


def inquiries_for(user, *, status: str = "") -> QuerySet[Inquiry]:
    rows = Inquiry.objects.filter(inquiries_scope(user)).select_related(
        "first_receiver", "department", "item", "item__current", "handed_to", "handed_to_department"
    )
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-received_at", "-id")


def pick(user, q: str, limit: int) -> list[tuple[int, str, str]]:
    """Applications for a picker: by number (or part of it), enterprise or item name."""
    rows = applications_for(user, q=q)[:limit]
    return [(app.pk, app.number or "", f"{app.version.name} · {app.department.name}") for app in rows if app.number]


def statute_out(app: Application) -> dict:
    """A licence's validity (第五十条) as the status page and the API show it: its own, the
    licence it renews, and how far a later renewal carried it."""
    later = app.renewals.filter(status__in=LICENCE_STATUSES, valid_until__isnull=False).order_by("-valid_until").first()
    return {
        "valid_until": app.valid_until,
        "renews": app.renews.number if app.renews_id else None,
        "renewed_until": later.valid_until if later else None,
    }


def preliminary_out(app: Application) -> dict | None:
    review = PreliminaryReview.objects.select_related("department", "handler").filter(application=app).first()
    if review is None:
        return None
    return {
        "department": review.department.code,
        "department_name": review.department.name,
        "handler": review.handler.get_username() if review.handler_id else None,
        **{f: getattr(review, f) for f in ("limit_days", "due_on", "opinion", "sent_on", "arrived_on")},
    }
