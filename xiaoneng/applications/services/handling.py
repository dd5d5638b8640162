"""After acceptance: extension, excluded periods, joint review, the decision, delivery of
the certificate and the fees charged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from xiaoneng.applications.access import access_answer_joint_review, access_approve_extension, access_decide_application, access_work_application
from xiaoneng.applications.codes import Action, Error
from xiaoneng.catalogue.rules import FeeSpec, fee_is_listed, on_city_list
from xiaoneng.catalogue.selectors import enterprise_fee_codes
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from xiaoneng.core.people import person
from xiaoneng.core.transitions import transition
from xiaoneng.core.validators import required_text
from xiaoneng.workdays import selectors as workdays

from .. import rules
from ..models import Application, Extension, FeeCharge, JointReviewStatus, NoticeKind, Status, Suspension, SuspensionKind
from .clockwork import apply_change, require
from .common import event_date, late_note, locked
from .notices import notify
from .statute import mark_licence_renewed, require_upper, undo_deemed_renewal, validity_on_grant


@transaction.atomic
def application_extend(*, by, application: Application, reason: str, days: int | None = None, approved_on: dt.date | None = None) -> Extension:
    """延期 (行政许可法 第四十二条): approved by the head of the department, with a reason,
    before the legal due date, at most 10 working days (joint handling 15), once; the
    applicant is told why.  ``approved_on`` is the day the head signed (paper approvals are
    entered later); the before-the-due-date rule is judged on it, the due day itself being
    still in time.  The committed due date, the department's own promise, does not move."""
    app = locked(application)
    if not access_approve_extension(by, app):
        who = "本级人民政府负责人（行政许可法 第四十二条第二款）" if app.version.joint else "实施部门负责人"
        raise Forbidden(f"只有{who}可以批准延期")
    require(app, "extend")
    require_upper(app, "延期")
    if Extension.objects.filter(application=app).exists():
        raise Conflict("该办件已延期一次，依法不能再次延期", code=Error.EXTENSION_EXISTS)
    longest = rules.max_extension_days(app.version.joint)
    days = longest if days is None else days
    if not 1 <= days <= longest:
        raise InvalidInput(f"延长期限应为1至{longest}个工作日", code=Shared.INVALID_DAYS, details={"max": longest})
    reason = required_text(reason, "延期理由", limit=500)
    on = event_date(approved_on, "批准日期", not_before=app.accepted_on, not_before_label="受理日期", app=app, step="extend")
    if on > app.legal_due_on:
        raise Conflict(
            f"延期须在法定办结期限（{clock.format_cn(app.legal_due_on)}）届满前批准", code=Error.EXTENSION_TOO_LATE, details={"legal_due_on": app.legal_due_on}
        )
    before = app.legal_due_on
    ext = Extension(
        application=app,
        days=days,
        reason=reason,
        approved_on=on,
        approved_by=person(by),
        legal_due_before=before,
        legal_due_after=before,
        created_at=clock.now(),
    )
    apply_change(app, by=by, action=Action.EXTEND, changes={"extension_days": days}, note=f"延长{days}个工作日：{reason}", acted_on=on)
    ext.legal_due_after = app.legal_due_on
    ext.save()
    notify(app, NoticeKind.EXTENSION, by=by, on=on, subject=ext)
    return ext


def _overlapping(app: Application, start: dt.date, end: dt.date | None) -> Suspension | None:
    for other in app.suspensions.all():
        if start <= (other.end_on or dt.date.max) and other.start_on <= (end or dt.date.max):
            return other
    return None


def _count_excluded(app: Application, period: Suspension) -> None:
    cal = workdays.calendar()
    period.excluded_days = rules.excluded_working_days(cal, rules.Period(period.start_on, period.end_on), app.accepted_on, app.legal_due_on)
    period.save(update_fields=["excluded_days", "end_on", "ended_by"])


@transaction.atomic
def application_suspend(*, by, application: Application, kind: str, start_on: dt.date, end_on: dt.date | None = None, reason: str = "") -> Suspension:
    """Record an excluded period (行政许可法 第四十五条: hearings, tendering, auctions,
    inspection, testing, quarantine, appraisal and expert review are not counted) and tell
    the applicant in writing.  With ``end_on`` the period is over and the due dates move at
    once; without it the clocks pause until :func:`application_resume`.  How far the dates
    move is ``rules.count_due``: working days inside the period do not count."""
    app = locked(application)
    if not access_decide_application(by, app):
        raise Forbidden("只有实施部门的承办人或负责人可以登记不计时段")
    require(app, "suspend")
    require_upper(app, "登记不计时段")
    if kind not in SuspensionKind.values:
        raise InvalidInput(f"不计时类型无效，应为 {'/'.join(SuspensionKind.values)}（行政许可法 第四十五条）", code=Shared.INVALID_KIND)
    start = event_date(start_on, "开始日期", not_before=app.accepted_on, not_before_label="受理日期", app=app, step="suspend")
    if start > app.legal_due_on:
        raise Conflict(f"法定办结期限已于{clock.format_cn(app.legal_due_on)}届满，不能再登记不计时段", code=Error.SUSPENSION_AFTER_DUE)
    end = event_date(end_on, "结束日期", not_before=start, not_before_label="开始日期") if end_on is not None else None
    other = _overlapping(app, start, end)
    if other is not None:
        raise InvalidInput(f"与已登记的{other.get_kind_display()}期间（{clock.format_cn(other.start_on)}起）重叠", code=Error.OVERLAPPING_PERIOD)
    period = Suspension.objects.create(
        application=app,
        kind=kind,
        reason=(reason or "").strip(),
        start_on=start,
        end_on=end,
        started_by=person(by),
        ended_by=person(by) if end else None,
        created_at=clock.now(),
    )
    label = f"{period.get_kind_display()}：{clock.format_cn(start)}起" + (f"至{clock.format_cn(end)}" if end else "")
    apply_change(
        app, by=by, action=Action.SUSPEND if end is None else Action.EXCLUDE_PERIOD, to=Status.SUSPENDED if end is None else None, note=label, acted_on=start
    )
    notify(app, NoticeKind.SUSPENSION, by=by, on=start, subject=period)
    if end is not None:
        _count_excluded(app, period)
        notify(app, NoticeKind.RESUMPTION, by=by, on=end, subject=period)
    return period


@transaction.atomic
def application_resume(*, by, application: Application, end_on: dt.date | None = None) -> Suspension:
    """End the open excluded period: the clocks run again and the due dates move by the
    working days the period covered (第四十五条); the applicant is told the new dates."""
    app = locked(application)
    if not access_decide_application(by, app):
        raise Forbidden("只有实施部门的承办人或负责人可以结束不计时段")
    require(app, "resume")
    period = app.suspensions.select_for_update().get(end_on__isnull=True)
    period.end_on = event_date(end_on, "结束日期", not_before=period.start_on, not_before_label="开始日期", app=app, step="resume")
    period.ended_by = person(by)
    period.save(update_fields=["end_on", "ended_by"])
    apply_change(
        app,
        by=by,
        action=Action.RESUME,
        to=Status.ACCEPTED,
        note=f"{period.get_kind_display()}于{clock.format_cn(period.end_on)}结束，恢复计时",
        acted_on=period.end_on,
    )
    _count_excluded(app, period)
    notify(app, NoticeKind.RESUMPTION, by=by, on=period.end_on, subject=period)
    return period


@transaction.atomic
def joint_review_answer(*, by, application: Application, department: str, consent: bool, opinion: str = "", answered_on: dt.date | None = None):
    """A co-department answers its parallel review (并联审批); an objection needs reasons."""
    app = locked(application)
    review = app.joint_reviews.select_for_update(of=("self",)).select_related("department").filter(department__code=department).first()
    if review is None:
        raise NotFound(f"部门 {department} 不是该办件的协办部门", code=Error.JOINT_REVIEW_NOT_FOUND)
    if not access_answer_joint_review(by, review):
        raise Forbidden("只有协办部门的承办人或负责人可以答复并联审查")
    require(app, "answer_joint")
    if review.status != JointReviewStatus.PENDING:
        raise Conflict(f"{review.department.name}已答复（{review.get_status_display()}）", code=Error.REVIEW_ANSWERED)
    opinion = (opinion or "").strip() if consent else required_text(opinion, "不同意的理由")
    on = event_date(answered_on, "答复日期", not_before=app.accepted_on, not_before_label="受理日期", app=app, step="answer_joint")
    to = JointReviewStatus.CONSENTED if consent else JointReviewStatus.OBJECTED
    transition(
        review,
        to=to,
        by=by,
        allowed=rules.REVIEW_TRANSITIONS,
        action=Action.JOINT_REVIEW_ANSWER,
        changes={"opinion": opinion, "answered_on": on, "answered_by": person(by)},
        note=late_note(f"{review.department.name}：{to.label}", on),
    )
    apply_change(app, by=by, action=Action.JOINT_REVIEW)
    return review


MAX_FEE = Decimal("1e10")  # FeeCharge.amount holds 12 digits, 2 of them decimals

_RESULTS = {"approve": (Status.APPROVED, Action.APPROVE), "deny": (Status.DENIED, Action.DENY), "not_accept": (Status.NOT_ACCEPTED, Action.NOT_ACCEPT)}


@transaction.atomic
def application_decide(
    *, by, application: Application, result: str, reason: str = "", decided_on: dt.date | None = None, competent_body: str = ""
) -> Application:
    """The decision.

    - approve / deny (行政许可法 第三十四、三十七、三十八条): by the department's handler
      or head, on an accepted application; a denial states its reasons.  A joint application
      is approved only when every co-department has consented (or is deemed to).  An
      approval starts the 10-working-day certificate clock (第四十四条).
    - not_accept (不予受理, 第三十二条第一款): before acceptance, with reasons and, when
      the matter is another body's, the competent body named.
    A decision on a closed application is refused (409)."""
    status, action = _RESULTS.get(result, (None, None))
    if status is None:
        raise InvalidInput("决定结果应为 approve（准予）、deny（不予许可）或 not_accept（不予受理）", code=Shared.INVALID_RESULT)
    app = locked(application)
    if status == Status.NOT_ACCEPTED:
        if not access_work_application(by, app):
            raise Forbidden("您没有对该办件作出不予受理决定的权限")
        require(app, "not_accept")
        reason = required_text(reason, "不予受理的理由")
        start, start_label = app.received_on, "收件日期"
    else:
        if not access_decide_application(by, app):
            raise Forbidden("只有实施部门的承办人或负责人可以作出审批决定")
        require(app, "decide")
        require_upper(app, "作出审批决定")
        if status == Status.DENIED:
            reason = required_text(reason, "不予许可的理由（行政许可法 第三十八条）")
        else:
            _joint_reviews_allow_approval(app)
        start, start_label = app.accepted_on, "受理日期"
    on = event_date(decided_on, "决定日期", not_before=start, not_before_label=start_label, app=app, step=result if result == "not_accept" else "decide")
    was_deemed = app.status == Status.DEEMED_RENEWED
    if was_deemed and on > app.renewal_due_on:
        raise Conflict(
            f"原许可有效期{clock.format_cn(app.renewal_due_on)}届满前未作决定，已视为准予延续；只能补录届满前作出的决定",
            code=Error.DECIDED_AFTER_EXPIRY,
            details={"renewal_due_on": app.renewal_due_on},
        )
    changes = {"decided_on": on, "decision_reason": (reason or "").strip(), "competent_body": (competent_body or "").strip()[:200], "decided_by": person(by)}
    if status == Status.APPROVED or was_deemed:
        changes["valid_until"] = validity_on_grant(app, on) if status == Status.APPROVED else None
    apply_change(app, by=by, action=action, to=status, changes=changes, note=changes["decision_reason"], acted_on=on)
    if was_deemed:
        undo_deemed_renewal(app, by=by, decided_on=on)
    if status == Status.APPROVED and app.renews_id is not None and app.valid_until is not None:
        mark_licence_renewed(app, by=by, deemed=False)
    notify(app, NoticeKind.NOT_ACCEPTED if status == Status.NOT_ACCEPTED else NoticeKind.DECISION, by=by, on=on)
    return app


def _joint_reviews_allow_approval(app: Application) -> None:
    reviews = list(app.joint_reviews.select_related("department"))
    objected = [r.department.name for r in reviews if r.status == JointReviewStatus.OBJECTED]
    if objected:
        raise Conflict(f"协办部门不同意：{'、'.join(objected)}，不能作出准予决定", code=Error.JOINT_REVIEW_OBJECTED)
    pending = [r.department.name for r in reviews if r.status == JointReviewStatus.PENDING]
    if pending:
        raise Conflict(f"并联审查尚未完成：{'、'.join(pending)}", code=Error.JOINT_REVIEW_PENDING)


@transaction.atomic
def application_deliver_certificate(*, by, application: Application, delivered_on: dt.date | None = None) -> Application:
    """The certificate was delivered (行政许可法 第四十四条: within 10 working days)."""
    app = locked(application)
    if not access_work_application(by, app):
        raise Forbidden("您没有登记证件送达的权限")
    require(app, "deliver")
    if app.certificate_delivered_on is not None:
        raise Conflict(f"证件已于{clock.format_cn(app.certificate_delivered_on)}送达", code=Error.ALREADY_DELIVERED)
    on = event_date(delivered_on, "送达日期", not_before=app.decided_on, not_before_label="决定日期", app=app, step="deliver")
    apply_change(app, by=by, action=Action.DELIVER_CERTIFICATE, changes={"certificate_delivered_on": on}, note=f"证件于{clock.format_cn(on)}送达", acted_on=on)
    return app


@transaction.atomic
def fee_charge(*, by, application: Application, code: str, amount: Decimal, name: str = "", charged_on: dt.date | None = None) -> FeeCharge:
    """Record a fee actually charged and whether the item version's published fee list
    allows it (行政许可法 第五十八、五十九条).  Charges off the list are recorded, not
    refused — they happened — and electronic supervision flags them."""
    app = locked(application)
    if not access_work_application(by, app):
        raise Forbidden("您没有登记该办件收费的权限")
    require(app, "charge")
    code = (code or "").strip()
    if not code or len(code) > 40:
        raise InvalidInput("请填写收费编码（不超过40位）", code=Shared.MISSING_FIELD)
    if amount is None or not Decimal(amount).is_finite() or not 0 <= amount < MAX_FEE or Decimal(amount).as_tuple().exponent < -2:
        raise InvalidInput("收费金额应为不小于0、小于100亿元、最多两位小数的数", code=Error.INVALID_AMOUNT)
    fees = [FeeSpec(code=f.code, name=f.name, legal_basis=f.legal_basis, amount=f.amount, standard=f.standard) for f in app.version.fees.all()]
    published = next((f for f in fees if f.code == code), None)
    name = (name or "").strip() or (published.name if published else "")
    if not name:
        raise InvalidInput(f"收费编码 {code} 不在该事项公布的收费项目中，请填写收费项目名称", code=Shared.MISSING_FIELD)
    on = event_date(charged_on, "收费日期", not_before=app.received_on, not_before_label="收件日期", app=app, step="charge")
    charge = FeeCharge.objects.create(
        application=app,
        code=code,
        name=name[:200],
        amount=amount,
        charged_on=on,
        listed=fee_is_listed(fees, code, Decimal(amount)) and (amount == 0 or on_city_list(code, enterprise_fee_codes())),
        recorded_by=person(by),
        created_at=clock.now(),
    )
    audit.record(
        actor=by,
        action=Action.CHARGE_FEE,
        subject=app,
        after={"charge": charge.pk, "code": code, "name": charge.name, "amount": amount, "charged_on": on, "listed": charge.listed},
        note="" if charge.listed else "不在事项公布的收费项目或本市涉企收费清单内",
    )
    return charge
