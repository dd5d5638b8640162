"""Keeping an application's due dates and its ``clocks.Clock`` rows in step.

Every service changes an application through :func:`apply_change`: it checks the action
against the status, works out every due date again from the application's own facts
(``rules.schedule``), writes the status, the fields and the dates through the one transition
table (audited), and then starts, moves, pauses, resumes or stops the clocks so that they
say the same.  The calendar recompute hook runs the same code, so a calendar change and a
service can never disagree about a date."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.db import models

from xiaoneng.applications.codes import Action, Error
from xiaoneng.clocks.models import Clock, ClockState
from xiaoneng.clocks.services import clock_assign, clock_move, clock_pause, clock_resume, clock_start, clock_stop
from xiaoneng.core.errors import Conflict
from xiaoneng.core.transitions import transition
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workdays.rules import WorkCalendar

from .. import rules
from ..models import OPEN_STATUSES, Application, JointReview, JointReviewStatus, PreliminaryReview, Status
from .common import late_note

ACCEPTANCE = "application.acceptance"
COMMITMENT = "application.commitment"
DECISION = "application.decision"
JOINT_REVIEW = "application.joint_review"
CERTIFICATE = "application.certificate"
PRELIMINARY = "application.preliminary"
RENEWAL = "application.renewal"
KIND_LABELS = {
    ACCEPTANCE: "受理审查（5个工作日内一次性告知）",
    COMMITMENT: "承诺办结",
    DECISION: "法定办结（审批决定）",
    JOINT_REVIEW: "并联审查（协办部门）",
    CERTIFICATE: "证件送达",
    PRELIMINARY: "下级初审报送（第四十三条）",
    RENEWAL: "延续决定（有效期届满前，第五十条）",
}
DATE_FIELDS = ("acceptance_due_on", "legal_due_on", "committed_due_on", "certificate_due_on", "next_due_on", "due_provisional")
_FACT_FIELDS = {f.name for f in dataclasses.fields(rules.Facts)}


def require(app: Application, action: str) -> None:
    """Refuse an action the application's status does not allow (409)."""
    if not rules.action_allowed(action, app.status):
        label = rules.ACTIONS[action][0]
        raise Conflict(f"办件当前状态为“{app.get_status_display()}”，不能{label}", code=Error.INVALID_STATE, details={"status": app.status, "action": action})


def preliminary_of(app: Application) -> PreliminaryReview | None:
    return PreliminaryReview.objects.select_related("department").filter(application=app).first()


def facts_of(app: Application, **overrides) -> rules.Facts:
    values = {name: getattr(app, name) for name in ("status", "received_on", "accepted_on", "extension_days", "decided_on")}
    review = preliminary_of(app)
    if review is not None:
        values |= {"preliminary_limit_days": review.limit_days, "arrived_on": review.arrived_on}
    values |= {k: v for k, v in overrides.items() if k in _FACT_FIELDS}
    return rules.Facts(
        **values,
        legal_limit_days=app.version.legal_limit_days,
        committed_limit_days=app.version.committed_limit_days,
        periods=tuple(rules.Period(s.start_on, s.end_on) for s in app.suspensions.order_by("start_on", "id")),
        joint_limits={r.pk: r.limit_days for r in app.joint_reviews.all()},
    )


def date_fields(schedule: rules.Schedule, status: str) -> dict:
    def due(d):
        return d.due if d is not None else None

    return {
        "acceptance_due_on": schedule.acceptance.due,
        "legal_due_on": due(schedule.legal),
        "committed_due_on": due(schedule.committed),
        "certificate_due_on": due(schedule.certificate),
        "next_due_on": schedule.next_due(status),
        "due_provisional": schedule.provisional,
    }


def apply_change(
    app: Application,
    *,
    by,
    action: Action,
    to: str | None = None,
    changes: dict | None = None,
    note: str = "",
    cal: WorkCalendar | None = None,
    acted_on: dt.date | None = None,
) -> Application:
    """Change a locked application and bring its due dates and clocks in step (one audit
    record for the application unless nothing on it changed, one per clock change).
    ``acted_on`` is the step's act date: recorded on a later day, the note says 补录."""
    cal = cal or workdays.calendar()
    note = late_note(note, acted_on)
    to = to or app.status
    changes = dict(changes or {})
    schedule = rules.schedule(cal, facts_of(app, status=to, **changes))
    changes |= {k: v for k, v in date_fields(schedule, to).items() if getattr(app, k) != v}
    if to != app.status or changes:
        transition(app, to=to, by=by, allowed=rules.TRANSITIONS, action=action, changes=changes, note=note)
    _sync_reviews(app, schedule)
    sync_clocks(app, schedule, by=by, cal=cal, reason=note)
    return app


def _sync_reviews(app: Application, schedule: rules.Schedule) -> None:
    for review in app.joint_reviews.all():
        due = schedule.joint.get(review.pk)
        still_owed = review.status == JointReviewStatus.PENDING or review.due_on is None
        if due is not None and still_owed and review.due_on != due.due:
            JointReview.objects.filter(pk=review.pk).update(due_on=due.due)
    if schedule.preliminary is not None:
        # the lower level's date is a copy of its clock: moved only while the materials are still owed
        PreliminaryReview.objects.filter(application=app, sent_on__isnull=True).exclude(due_on=schedule.preliminary.due).update(due_on=schedule.preliminary.due)


@dataclass(frozen=True)
class Plan:
    """What one clock should say."""

    kind: str
    subject: models.Model
    department: object
    responsible: object
    started_on: dt.date
    due_on: dt.date
    state: str  # a ClockState
    met: bool | None = None
    calendar_due: bool = False  # due at the end of a calendar date (a licence's expiry), not a count of working days


def _state(open_: bool, paused: bool) -> str:
    if not open_:
        return ClockState.STOPPED
    return ClockState.PAUSED if paused else ClockState.RUNNING


def _acceptance_step_end(app: Application) -> dt.date | None:
    notice = getattr(app, "correction_notice", None)
    if notice is not None:
        return notice.issued_on
    return app.accepted_on or app.decided_on


def plans(app: Application, schedule: rules.Schedule) -> list[Plan]:
    deciding = app.status in (Status.ACCEPTED, Status.SUSPENDED)
    paused = app.status == Status.SUSPENDED
    step_end = _acceptance_step_end(app)
    out = [
        Plan(
            ACCEPTANCE,
            app,
            app.department,
            app.received_by,
            app.received_on,
            schedule.acceptance.due,
            _state(app.status == Status.RECEIVED, False),
            met=not app.deemed_accepted and step_end is not None and step_end <= schedule.acceptance.due,
        ),
    ]
    review = preliminary_of(app) if schedule.preliminary is not None else None
    if review is not None:
        sent = review.sent_on
        out.append(
            Plan(
                PRELIMINARY,
                review,
                review.department,
                review.handler,
                app.accepted_on,
                schedule.preliminary.due,
                _state(deciding and sent is None, paused),
                met=sent is not None and sent <= schedule.preliminary.due,
            )
        )
    if app.renewal_in_time and app.renewal_due_on is not None:
        decided = app.status in (Status.APPROVED, Status.DENIED) and app.decided_on is not None
        out.append(
            Plan(
                RENEWAL,
                app,
                app.department,
                app.handler,
                app.received_on,
                app.renewal_due_on,
                _state(app.status in OPEN_STATUSES, False),
                met=decided and app.decided_on <= app.renewal_due_on,
                calendar_due=True,
            )
        )
    if app.accepted_on is not None and schedule.legal is not None:
        start = review.arrived_on if review is not None else app.accepted_on
        # A commitment no shorter than the legal limit promises nothing the law does not: it
        # gets no clock of its own, so one late decision is one card and one fault, not two.
        watched = ((COMMITMENT, schedule.committed),) if app.version.committed_limit_days < app.version.legal_limit_days else ()
        for kind, due in (*watched, (DECISION, schedule.legal)):
            met = app.decided_on is not None and app.decided_on <= due.due and app.status not in (Status.DEEMED_APPROVED, Status.DEEMED_RENEWED)
            out.append(Plan(kind, app, app.department, app.handler, start, due.due, _state(deciding, paused), met=met))
        for review in app.joint_reviews.select_related("department"):
            due = schedule.joint[review.pk].due
            pending = review.status == JointReviewStatus.PENDING
            done_on = review.answered_on if not pending else app.decided_on
            met = review.status != JointReviewStatus.DEEMED_CONSENTED and done_on is not None and done_on <= due
            out.append(Plan(JOINT_REVIEW, review, review.department, None, start, due, _state(deciding and pending, paused), met=met))
    if schedule.certificate is not None:
        delivered = app.certificate_delivered_on
        out.append(
            Plan(
                CERTIFICATE,
                app,
                app.department,
                app.handler,
                app.decided_on,
                schedule.certificate.due,
                _state(delivered is None, False),
                met=delivered is not None and delivered <= schedule.certificate.due,
            )
        )
    return out


def _key(subject) -> tuple[str, int]:
    return subject._meta.label_lower, subject.pk


def clocks_of(app: Application) -> dict[tuple[str, str, int], Clock]:
    review_ids = list(app.joint_reviews.values_list("pk", flat=True))
    preliminary_ids = list(PreliminaryReview.objects.filter(application=app).values_list("pk", flat=True))
    rows = Clock.objects.filter(
        models.Q(subject_type="applications.application", subject_id=app.pk)
        | models.Q(subject_type="applications.jointreview", subject_id__in=review_ids)
        | models.Q(subject_type="applications.preliminaryreview", subject_id__in=preliminary_ids),
        round=1,
    ).select_for_update()
    return {(c.kind, c.subject_type, c.subject_id): c for c in rows}


def sync_clocks(app: Application, schedule: rules.Schedule, *, by, cal: WorkCalendar, reason: str = "") -> int:
    """Start, move, pause, resume or stop the application's clocks to match the plans;
    returns how many clocks changed their due date."""
    existing = clocks_of(app)
    moved = 0
    for plan in plans(app, schedule):
        c = existing.get((plan.kind, *_key(plan.subject)))
        # a licence's expiry is a calendar date: its clock is due at the end of that day, whatever the calendar says
        length = None if plan.calendar_due else cal.working_days_between(plan.started_on, plan.due_on)
        due_day = plan.due_on if plan.calendar_due else None
        if c is None:
            if plan.state == ClockState.STOPPED:
                continue  # the step was done before it needed a clock (e.g. accepted on the spot)
            c = clock_start(
                by=by,
                subject=plan.subject,
                kind=plan.kind,
                started_on=plan.started_on,
                working_days=length,
                due_day=due_day,
                department=plan.department,
                responsible=plan.responsible,
                calendar=cal,
            )
            if plan.state == ClockState.PAUSED:
                clock_pause(by=by, clock_=c, note=reason)
            continue
        if c.state == ClockState.STOPPED:
            continue
        if (c.started_on, c.due_on) != (plan.started_on, plan.due_on):
            clock_move(by=by, clock_=c, working_days=length, due_day=due_day, started_on=plan.started_on, reason=reason, calendar=cal)
            moved += 1
        if plan.state == ClockState.STOPPED:
            clock_stop(by=by, clock_=c, met=plan.met, note=reason)
        elif plan.state != c.state:
            (clock_pause if plan.state == ClockState.PAUSED else clock_resume)(by=by, clock_=c, note=reason)
    return moved


def reassign_clocks(app: Application, *, by) -> None:
    """Name the application's handler on its open clocks."""
    rows = Clock.objects.select_for_update().filter(
        subject_type="applications.application", subject_id=app.pk, kind__in=(COMMITMENT, DECISION, CERTIFICATE, RENEWAL)
    )
    for c in rows.exclude(state=ClockState.STOPPED).exclude(responsible=app.handler):
        clock_assign(by=by, clock_=c, responsible=app.handler, note="办件改由其他工作人员承办")


def _open_fields(app: Application) -> set[str]:
    """The dates of steps still to be done; a finished step keeps the dates it was judged by."""
    if app.status == Status.RECEIVED:
        return {"acceptance_due_on", "next_due_on"}
    if app.status in (Status.ACCEPTED, Status.SUSPENDED):
        return {"legal_due_on", "committed_due_on", "next_due_on", "due_provisional"}
    if app.certificate_due_on is not None and app.certificate_delivered_on is None:
        return {"certificate_due_on"}
    return set()


def recompute(app_id: int, cal: WorkCalendar, by) -> int:
    """The calendar changed: work every due date out again from the application's own
    facts; audited as ``application.recompute`` when a date moved."""
    app = Application.objects.select_for_update(of=("self",)).select_related("version", "department").filter(pk=app_id).first()
    if app is None:
        return 0
    schedule = rules.schedule(cal, facts_of(app))
    changes = {k: v for k, v in date_fields(schedule, app.status).items() if k in _open_fields(app) and getattr(app, k) != v}
    if changes:
        transition(app, to=app.status, by=by, allowed=rules.TRANSITIONS, action=Action.RECOMPUTE, changes=changes, note="工作日历更新，重新计算期限")
    _sync_reviews(app, schedule)
    return sync_clocks(app, schedule, by=by, cal=cal, reason="工作日历更新，重新计算期限")


def recompute_review(review_id: int, cal: WorkCalendar, by) -> int:
    app_id = JointReview.objects.filter(pk=review_id).values_list("application_id", flat=True).first()
    return recompute(app_id, cal, by) if app_id else 0


def recompute_preliminary(review_id: int, cal: WorkCalendar, by) -> int:
    app_id = PreliminaryReview.objects.filter(pk=review_id).values_list("application_id", flat=True).first()
    return recompute(app_id, cal, by) if app_id else 0
