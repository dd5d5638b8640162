"""Licences with a validity period and their renewal (行政许可法 第五十条), and the
preliminary review by a lower level (第四十三条).

Both run on the application's own clock machinery (:mod:`.clockwork`): a renewal applied
for in time carries a clock due at the end of the old licence's last valid day; a
preliminary review carries a clock on the lower department, and the deciding department's
clocks start only when the materials reach it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from xiaoneng.accountability.models import Fault, FaultSource, FaultStatus
from xiaoneng.accountability.services import fault_record, fault_withdraw
from xiaoneng.applications.access import access_decide_application, access_send_up, access_work_application
from xiaoneng.applications.codes import Action, Error
from xiaoneng.clocks.models import Clock, ClockState
from xiaoneng.clocks.services import clock_assign, clock_stop
from xiaoneng.core import audit, clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from xiaoneng.core.people import display_name, person
from xiaoneng.core.validators import required_text
from xiaoneng.org.selectors import staff_of
from xiaoneng.workdays import selectors as workdays

from .. import rules
from ..models import LICENCE_STATUSES, Application, NoticeKind, PreliminaryReview, Status
from .clockwork import COMMITMENT, DECISION, PRELIMINARY, RENEWAL, apply_change, facts_of, plans, require
from .common import event_date, late_note, locked
from .notices import notify

# Renewals that no longer stand in the way of another one.
_CLOSED_RENEWALS = (Status.DENIED, Status.NOT_ACCEPTED, Status.WITHDRAWN)


def deemed_renewal_key(app: Application) -> str:
    return f"applications.application:{app.pk}:deemed_renewal"


# -- 第五十条: validity and renewal -------------------------------------------------------


def validity_on_grant(app: Application, decided_on: dt.date) -> dt.date | None:
    """The last valid day of a licence granted (or renewed) on ``decided_on``, when its item
    version sets a validity period."""
    months = app.version.validity_months
    if not months:
        return None
    if app.renews_id is not None and app.renews.valid_until is not None:
        return rules.renewed_validity(app.renews.valid_until, decided_on, months)
    return rules.validity_end(decided_on, months)


def mark_licence_renewed(renewal: Application, *, by, deemed: bool) -> None:
    """Write on the old licence's record that its validity now continues in ``renewal``
    (audited on the licence, so its timeline shows the renewal)."""
    licence = renewal.renews
    how = "视为准予延续" if deemed else "准予延续"
    audit.record(
        actor=by,
        action=Action.LICENCE_RENEWED,
        subject=licence,
        before={"valid_until": licence.valid_until},
        after={"renewed_until": renewal.valid_until, "renewal": renewal.number, "deemed": deemed},
        note=f"{how}：有效期延续至{clock.format_cn(renewal.valid_until)}（延续办件 {renewal.number}）",
    )


@transaction.atomic
def renewal_link(*, by, application: Application, licence_number: str) -> Application:
    """Record that an application asks to renew an earlier licence (延续, 第五十条).

    The licence must be in force-able (granted, with a validity), of the same item and the
    same holder.  Applied for on or before the filing deadline (the expiry less the item's
    ``renewal_lead_days``, calendar days) → a renewal clock runs to the end of the expiry
    day, and a renewal not decided by then is deemed granted.  Applied for later → recorded
    as a late renewal, handled as an ordinary application, never deemed renewed."""
    app = locked(application)
    if not access_work_application(by, app):
        raise Forbidden("您没有登记该办件为延续申请的权限")
    require(app, "renewal_link")
    if app.renews_id is not None:
        raise Conflict(f"该办件已登记为办件 {app.renews.number} 的延续申请", code=Error.RENEWAL_LINKED)
    if not app.version.validity_months:
        raise InvalidInput("该事项未规定许可有效期，不适用延续（行政许可法 第五十条）", code=Error.NO_VALIDITY)
    number = (licence_number or "").strip()
    licence = Application.objects.select_related("version", "item").filter(number=number).first() if number else None
    if licence is None:
        raise NotFound(f"未找到编号为“{number[:32]}”的原许可办件", code=Error.LICENCE_NOT_FOUND)
    if licence.pk == app.pk or licence.item_id != app.item_id:
        raise InvalidInput("原许可应为同一事项的另一办件", code=Error.RENEWAL_OTHER_ITEM)
    if licence.status not in LICENCE_STATUSES or licence.valid_until is None:
        raise Conflict(f"办件 {licence.number} 不是登记了有效期的许可，不能延续", code=Error.NO_VALIDITY)
    if licence.applicant_id_number != app.applicant_id_number:
        raise InvalidInput("延续申请人应为原许可的被许可人（证件号码不一致）", code=Error.RENEWAL_OTHER_HOLDER)
    if licence.renewals.exclude(status__in=_CLOSED_RENEWALS).exclude(pk=app.pk).exists():
        raise Conflict(f"办件 {licence.number} 已有延续申请在办或已延续", code=Error.RENEWAL_LINKED)
    lead = app.version.renewal_lead_days
    deadline = rules.renewal_filing_deadline(licence.valid_until, lead)
    in_time = rules.renewal_in_time(app.received_on, licence.valid_until, lead)
    if in_time:
        note = (
            f"延续原许可 {licence.number}（有效期至{clock.format_cn(licence.valid_until)}），于届满{lead}日前提出；届满前未作决定的，视为准予延续（第五十条）"
        )
    else:
        note = (
            f"延续原许可 {licence.number}（有效期至{clock.format_cn(licence.valid_until)}）：应于{clock.format_cn(deadline)}前提出，"
            f"实际于{clock.format_cn(app.received_on)}提出，逾期提出，按一般申请办理，不适用视为准予延续"
        )
    changes = {"renews": licence, "renewal_in_time": in_time, "renewal_due_on": licence.valid_until if in_time else None}
    apply_change(app, by=by, action=Action.RENEWAL_LINK, changes=changes, note=note)
    return app


@transaction.atomic
def licence_validity_record(*, by, application: Application, valid_until: dt.date, reason: str) -> Application:
    """Record the validity printed on a granted licence when it differs from the item's
    period (a licence of a paper decision, a law fixing another term); audited with the
    reason.  The renewal deadlines of 第五十条 are worked out from it."""
    app = locked(application)
    if not access_decide_application(by, app):
        raise Forbidden("只有实施部门的承办人或负责人可以登记许可有效期")
    require(app, "validity")
    if valid_until is None or (app.decided_on is not None and valid_until < app.decided_on):
        raise InvalidInput("有效期截止日不能早于决定日期", code=Error.INVALID_VALIDITY)
    reason = required_text(reason, "登记理由", limit=300)
    apply_change(app, by=by, action=Action.VALIDITY_RECORD, changes={"valid_until": valid_until}, note=f"许可有效期至{clock.format_cn(valid_until)}：{reason}")
    return app


def deem_renewed(app: Application) -> None:
    """The renewal clock ran out (第五十条第二款): the licence is renewed for the item's
    period from the day after the old expiry, the applicant gets the deemed-renewal document
    (numbered, on the public status page), and the handler bears the fault."""
    expiry = app.renewal_due_on
    deemed_on = expiry + dt.timedelta(days=1)
    months = app.version.validity_months or app.renews.version.validity_months
    apply_change(
        app,
        by=None,
        action=Action.DEEMED_RENEW,
        to=Status.DEEMED_RENEWED,
        changes={"decided_on": deemed_on, "valid_until": rules.renewed_validity(app.renews.valid_until, deemed_on, months)},
        note=f"原许可有效期{clock.format_cn(expiry)}届满前未作出是否准予延续的决定，视为准予延续（行政许可法 第五十条第二款）",
    )
    mark_licence_renewed(app, by=None, deemed=True)
    notify(app, NoticeKind.DEEMED_RENEWAL, by=None, on=deemed_on)
    fault_record(
        by=None,
        source=FaultSource.DEEMED_DECISION,
        department=app.department,
        person=staff_of(app.handler) if app.handler_id else None,
        subject=app,
        description=f"办件 {app.number}（{app.version.name}）延续申请按期提出，原许可有效期{clock.format_cn(expiry)}届满前未作决定，依法视为准予延续。",
        dedupe_key=deemed_renewal_key(app),
    )


def undo_deemed_renewal(app: Application, *, by, decided_on: dt.date) -> None:
    """A decision dated on or before the expiry was recorded after the sweep deemed the
    renewal (补录): the act time decides, so the renewal was decided in time.  The stopped
    clocks are judged again at the decision's date and the deemed-renewal fault withdrawn."""
    schedule = rules.schedule(workdays.calendar(), facts_of(app))
    wanted = {(p.kind, p.subject.pk): p for p in plans(app, schedule) if p.kind in (RENEWAL, DECISION, COMMITMENT)}
    rows = Clock.objects.select_for_update().filter(subject_type="applications.application", subject_id=app.pk, kind__in=(RENEWAL, DECISION, COMMITMENT))
    act = min(clock.end_of_day(decided_on) - dt.timedelta(seconds=1), clock.now())
    for c in rows.filter(state=ClockState.STOPPED):
        plan = wanted.get((c.kind, app.pk))
        if plan is not None and plan.met and not c.met:
            clock_stop(by=by, clock_=c, met=True, at=act, note=late_note("决定日期在期限内，重新判定", decided_on))
    for fault in Fault.objects.filter(dedupe_key=deemed_renewal_key(app), status__in=[FaultStatus.REPORTED, FaultStatus.VERIFIED]):
        fault_withdraw(by=by, fault=fault, reason=f"补录的决定日期（{clock.format_cn(decided_on)}）在原许可有效期届满前，不构成逾期视为准予延续")


# -- 第四十三条: preliminary review by a lower level --------------------------------------


def preliminary_start(app: Application) -> PreliminaryReview | None:
    """On acceptance of an item reviewed first by a lower level: the review, with its limit
    taken from the item version (the clock is started by ``apply_change``)."""
    version = app.version
    if version.preliminary_department_id is None:
        return None
    return PreliminaryReview.objects.create(application=app, department=version.preliminary_department, limit_days=version.preliminary_limit_days)


def require_upper(app: Application, action_label: str) -> None:
    """Refuse a step of the deciding department while the lower level still owes its review."""
    review = PreliminaryReview.objects.select_related("department").filter(application=app).first()
    if review is not None and review.arrived_on is None:
        raise Conflict(
            f"本事项须经{review.department.name}初审，初审材料尚未报送到达，不能{action_label}（行政许可法 第四十三条）", code=Error.PRELIMINARY_PENDING
        )


def _pending_review(app: Application) -> PreliminaryReview:
    review = PreliminaryReview.objects.select_for_update(of=("self",)).select_related("department").filter(application=app).first()
    if review is None:
        raise NotFound("该办件的事项不需要下级初审", code=Error.NO_PRELIMINARY)
    return review


@transaction.atomic
def preliminary_review_assign(*, by, application: Application, handler) -> PreliminaryReview:
    """Name the lower department's handler, who answers for the preliminary-review clock."""
    app = locked(application)
    review = _pending_review(app)
    if not access_send_up(by, review):
        raise Forbidden("只有初审部门的承办人或负责人可以指定初审承办人")
    require(app, "assign_preliminary")
    if review.sent_on is not None:
        raise Conflict(f"初审材料已于{clock.format_cn(review.sent_on)}报送", code=Error.PRELIMINARY_SENT)
    if handler is None or not access_send_up(handler, review):
        raise InvalidInput("初审承办人应为初审部门的承办人或负责人", code=Error.INVALID_HANDLER)
    before = {"handler": review.handler_id}
    review.handler = handler
    review.save(update_fields=["handler"])
    audit.record(
        actor=by, action=Action.PRELIMINARY_ASSIGN, subject=app, before=before, after={"handler": handler.pk}, note=f"初审承办人：{display_name(handler)}"
    )
    for c in (
        Clock.objects.select_for_update()
        .filter(subject_type="applications.preliminaryreview", subject_id=review.pk, kind=PRELIMINARY)
        .exclude(state=ClockState.STOPPED)
    ):
        clock_assign(by=by, clock_=c, responsible=handler, note="指定初审承办人")
    return review


@transaction.atomic
def preliminary_review_send_up(
    *, by, application: Application, opinion: str, sent_on: dt.date | None = None, arrived_on: dt.date | None = None
) -> PreliminaryReview:
    """报送 (第四十三条): the lower department sends its preliminary opinion with all the
    materials directly to the deciding department within its limit.  ``sent_on`` and
    ``arrived_on`` are act dates (补录 allowed within the window); the deciding department's
    limits run from ``arrived_on`` (the sending day by default).  The applicant is told, and
    is not asked for the materials again."""
    app = locked(application)
    review = _pending_review(app)
    if not access_send_up(by, review):
        raise Forbidden("只有初审部门的承办人或负责人可以报送初审意见")
    require(app, "send_up")
    if review.sent_on is not None:
        raise Conflict(f"初审材料已于{clock.format_cn(review.sent_on)}报送", code=Error.PRELIMINARY_SENT)
    opinion = required_text(opinion, "初审意见", limit=2000)
    sent = event_date(sent_on, "报送日期", not_before=app.accepted_on, not_before_label="受理日期", app=app, step="send_up")
    arrived = event_date(arrived_on, "上级收到材料日期", not_before=sent, not_before_label="报送日期", app=app, step="send_up") if arrived_on else sent
    review.opinion, review.sent_on, review.arrived_on, review.sent_by = opinion, sent, arrived, person(by)
    review.save(update_fields=["opinion", "sent_on", "arrived_on", "sent_by"])
    late = f"，超过初审期限（{clock.format_cn(review.due_on)}）" if review.due_on and sent > review.due_on else ""
    apply_change(
        app,
        by=by,
        action=Action.PRELIMINARY_SEND_UP,
        note=f"{review.department.name}于{clock.format_cn(sent)}报送初审意见及全部材料{late}；{app.department.name}于{clock.format_cn(arrived)}收到，自此起算审查期限",
        acted_on=sent,
    )
    notify(app, NoticeKind.PRELIMINARY, by=by, on=arrived, subject=review)
    return review
