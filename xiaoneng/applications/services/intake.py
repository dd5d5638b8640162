"""Receiving an application, checking its materials, the one-time notice and corrections
(行政许可法 第三十二条), and the applicant withdrawing it."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction

from xiaoneng.accountability.models import FaultSource
from xiaoneng.accountability.services import fault_record
from xiaoneng.applications.access import access_apply_online, access_decide_application, access_receive_application, access_work_application
from xiaoneng.applications.codes import Action, Error
from xiaoneng.catalogue.selectors import item_by_code
from xiaoneng.core import audit, clock, people
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.context import current_channel
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.validators import required_text
from xiaoneng.org.selectors import staff_of
from xiaoneng.workdays import selectors as workdays

from .. import rules
from ..models import Application, Correction, CorrectionNotice, JointReview, NoticeKind, Status
from .clockwork import apply_change, reassign_clocks, require
from .common import Applicant, check_material_codes, checked_applicant, event_date, locked
from .notices import notify
from .statute import preliminary_start

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _number(app: Application) -> str:
    """办件编号: the receipt date and the row id — unique without a shared counter row."""
    return f"{app.received_on:%Y%m%d}{app.pk:06d}"


def _required_codes(app: Application) -> list[str]:
    return [m.code for m in app.version.materials.all() if m.required]


def _checked_defects(app: Application, defective, submitted) -> list[dict]:
    """[{code, reason}] → every code submitted, every reason given."""
    out = []
    codes = check_material_codes([d.get("code", "") for d in defective], app.version)
    for code, d in zip(codes, defective, strict=True):
        if code not in submitted:
            raise InvalidInput(f"材料 {code} 未提交，应列为缺少而非需补正", code=Error.DEFECT_NOT_SUBMITTED)
        out.append({"code": code, "reason": required_text(d.get("reason"), f"材料 {code} 需补正的原因", limit=300)})
    return out


@transaction.atomic
def application_submit(
    *, by, item_code: str, applicant: Applicant, received_on: dt.date | None = None, materials: list[str] | None = None, defective: list[dict] = ()
) -> Application:
    """Register an application.

    At the counter (window staff, or staff of the item's department) with ``materials``,
    the materials are checked at once, as of ``received_on``: complete → accepted that day
    (an on-the-spot item is completed), incomplete → the one-time notice, dated that day.
    Without ``materials`` (or applied online) the application is only received and the
    5-working-day notice window of 第三十二条 runs from ``received_on``."""
    item = item_by_code((item_code or "").strip())
    if item is None:
        raise InvalidInput(f"事项 {item_code} 不存在或已停止办理", code=Error.UNKNOWN_ITEM)
    version = item.current
    online = access_apply_online(by)
    if not online and not access_receive_application(by, version):
        raise Forbidden("您没有受理该事项申请的权限")
    received_on = clock.today() if online else event_date(received_on, "收件日期")
    first_year = min(workdays.calendar().published_years, default=received_on.year)
    if received_on.year < first_year:
        raise InvalidInput(
            f"收件日期早于工作日历覆盖的最早年份（{first_year}年），无法计算法定期限", code=Shared.DATE_OUT_OF_RANGE, details={"field": "收件日期"}
        )
    person = checked_applicant(applicant)
    declared = check_material_codes(materials or [], version)
    now = clock.now()
    app = Application.objects.create(
        query_code="".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8)),
        item=item,
        version=version,
        department=version.department,
        channel=current_channel(),
        applicant_name=person.name,
        applicant_id_type=person.id_type,
        applicant_id_number=person.id_number,
        applicant_phone=person.phone,
        applicant_enterprise=person.enterprise,
        applicant_user=by if online else None,
        materials=declared,
        received_on=received_on,
        received_by=None if online else by,
        created_at=now,
        updated_at=now,
    )
    app.number = _number(app)
    app.save(update_fields=["number"])
    audit.record(
        actor=by,
        action=Action.SUBMIT,
        subject=app,
        after=audit.snapshot(
            app,
            [
                "number",
                "item",
                "version",
                "department",
                "channel",
                "applicant_name",
                "applicant_id_type",
                "materials",
                "received_on",
            ],
        )
        | {"online": online},
    )
    app = locked(app)
    if materials is None or online:
        apply_change(app, by=by, action=Action.RECEIVE, note="收件，5个工作日内审查材料")
        notify(app, NoticeKind.RECEIPT, by=by, on=received_on)
    else:
        _check(app, by=by, submitted=declared, defective=_checked_defects(app, list(defective), declared), on=received_on)
    return app


def _check(app: Application, *, by, submitted: list[str], defective: list[dict], on: dt.date, note: str = "") -> None:
    missing = rules.missing_materials(_required_codes(app), submitted)
    if not missing and not defective:
        accept(app, by=by, on=on, changes={"materials": submitted})
        return
    _issue_notice(app, by=by, missing=missing, defective=defective, on=on, note=note, submitted=submitted)


def accept(app: Application, *, by, on: dt.date, deemed: bool = False, changes: dict | None = None) -> None:
    """Accept (受理) on ``on``: the decision clocks start (第四十二条).  An on-the-spot item
    is completed at once (当场办结)."""
    changes = dict(changes or {}) | {"accepted_on": on, "deemed_accepted": deemed}
    if app.version.on_the_spot and not deemed:
        apply_change(
            app,
            by=by,
            action=Action.COMPLETE_ON_SPOT,
            to=Status.COMPLETED_ON_SPOT,
            changes=changes | {"decided_on": on, "decided_by": people.person(by)},
            note="即办件，材料齐全，当场办结",
        )
        return
    JointReview.objects.bulk_create(
        [
            JointReview(application=app, department=c.department, limit_days=c.limit_days, deemed_consent=c.deemed_consent)
            for c in app.version.co_departments.all()
        ]
    )
    preliminary_start(app)
    note = "逾期未告知补正，依法自收到申请材料之日起视为受理（行政许可法 第三十二条）" if deemed else "材料齐全，予以受理"
    apply_change(
        app, by=by, action=Action.DEEMED_ACCEPT if deemed else Action.ACCEPT, to=Status.ACCEPTED, changes=changes, note=note, acted_on=None if deemed else on
    )
    notify(app, NoticeKind.ACCEPTANCE, by=by, on=on if not deemed else clock.today())


def _issue_notice(app: Application, *, by, missing: list[str], defective: list[dict], on: dt.date, note: str, submitted: list[str]) -> None:
    if app.acceptance_due_on is not None and on > app.acceptance_due_on:
        raise Conflict(
            f"已超过5个工作日的告知期限（{clock.format_cn(app.acceptance_due_on)}），依法自收到申请材料之日起即为受理，不能再要求补正",
            code=Error.NOTICE_TOO_LATE,
        )
    materials = {m.code: m for m in app.version.materials.all()}
    notice = CorrectionNotice.objects.create(
        application=app,
        issued_on=on,
        issued_by=people.person(by),
        missing=[{"code": c, "name": materials[c].name, "copies": materials[c].copies, "form": materials[c].get_form_display()} for c in missing],
        defective=[{"code": d["code"], "name": materials[d["code"]].name, "reason": d["reason"]} for d in defective],
        note=(note or "").strip(),
        created_at=clock.now(),
    )
    listed = "、".join([materials[c].name for c in missing] + [materials[d["code"]].name for d in defective])
    apply_change(
        app, by=by, action=Action.NOTICE, to=Status.AWAITING_CORRECTION, changes={"materials": submitted}, note=f"出具一次性告知书：{listed}", acted_on=on
    )
    notify(app, NoticeKind.CORRECTION, by=by, on=on, subject=notice)


def application_review(
    *, by, application: Application, materials: list[str], defective: list[dict] = (), reviewed_on: dt.date | None = None, note: str = ""
) -> Application:
    """A clerk checks the materials of a received application: complete → accepted,
    otherwise the one-time notice listing everything (第三十二条).  A review done after the
    5-working-day window can only accept, as of the day the materials arrived.

    Asking for materials a second time, or after acceptance, is refused (409) and recorded
    as a fault of the person asking.  The fault is written in its own transaction after the
    application's has been given up, so the refusal does not roll it back."""
    with transaction.atomic():
        app = locked(application)
        if not access_work_application(by, app):
            raise Forbidden("您没有审查该办件材料的权限")
        submitted = check_material_codes(list(app.materials) + list(materials or []), app.version)
        defects = _checked_defects(app, list(defective), submitted)
        asks = bool(defects or rules.missing_materials(_required_codes(app), submitted))
        if app.accepted_on is not None or app.status == Status.AWAITING_CORRECTION:
            if not asks:
                require(app, "review")
            refusal = _extra_materials_refusal(app)
        else:
            require(app, "review")
            on = event_date(reviewed_on, "审查日期", not_before=app.received_on, not_before_label="收件日期", app=app, step="review")
            if not asks and on > app.acceptance_due_on:
                accept(app, by=by, on=app.received_on, deemed=True, changes={"materials": submitted})
            else:
                _check(app, by=by, submitted=submitted, defective=defects, on=on, note=note)
            return app
    _fault_extra_materials(by, app)
    raise refusal


def _extra_materials_refusal(app: Application) -> Conflict:
    if app.accepted_on is not None:
        return Conflict(
            f"该办件已于{clock.format_cn(app.accepted_on)}受理，依法不得再要求申请人补充材料；本次要求已记录为行政过错", code=Error.MATERIALS_AFTER_ACCEPTANCE
        )
    issued = app.correction_notice.issued_on
    return Conflict(f"该办件已于{clock.format_cn(issued)}出具一次性告知书，不得再次要求补正；本次要求已记录为行政过错", code=Error.SECOND_NOTICE)


def _fault_extra_materials(by, app: Application) -> None:
    staff = staff_of(by)
    who = people.display_name(by)
    when = f"已于{clock.format_cn(app.accepted_on)}受理" if app.accepted_on else "已出具一次性告知书"
    with transaction.atomic():
        fault_record(
            by=by,
            source=FaultSource.EXTRA_MATERIALS,
            department=staff.department if staff else app.department,
            person=staff,
            subject=app,
            description=f"办件 {app.number}（{app.version.name}）{when}，{who}仍要求申请人补充材料（行政许可法 第三十二条）。",
            dedupe_key=f"applications.application:{app.pk}:extra_materials:{staff.pk if staff else 0}",
        )


@transaction.atomic
def application_correct(*, by, application: Application, materials: list[str], received_on: dt.date | None = None) -> Application:
    """The applicant brings corrections.  Once everything the notice listed has arrived the
    application is accepted on that day; until then it keeps waiting (no second notice:
    the first one already listed everything)."""
    app = locked(application)
    if not access_work_application(by, app):
        raise Forbidden("您没有接收该办件补正材料的权限")
    require(app, "correct")
    if not materials:
        raise InvalidInput("请列出收到的补正材料", code=Shared.MISSING_FIELD)
    brought = check_material_codes(materials, app.version)
    notice = app.correction_notice
    on = event_date(received_on, "收到补正材料日期", not_before=notice.issued_on, not_before_label="告知日期", app=app, step="correct")
    corrected = set(brought).union(*(c.materials for c in app.corrections.all()))
    outstanding = [m["code"] for m in notice.missing + notice.defective if m["code"] not in corrected]
    submitted = list(dict.fromkeys(list(app.materials) + brought))
    Correction.objects.create(
        application=app,
        received_on=on,
        materials=brought,
        complete=not outstanding,
        recorded_by=people.person(by),
        created_at=clock.now(),
    )
    if outstanding:
        apply_change(app, by=by, action=Action.CORRECT, changes={"materials": submitted}, note=f"收到部分补正材料，仍缺：{'、'.join(outstanding)}", acted_on=on)
    else:
        accept(app, by=by, on=on, changes={"materials": submitted})
    return app


@transaction.atomic
def application_withdraw(*, by, application: Application, reason: str, withdrawn_on: dt.date | None = None) -> Application:
    """The applicant withdraws the application (recorded by staff, or by the applicant who
    applied online); every clock stops."""
    app = locked(application)
    applicant_self = app.applicant_user_id is not None and getattr(by, "pk", None) == app.applicant_user_id
    if not (applicant_self or access_work_application(by, app)):
        raise Forbidden("您没有登记撤回该申请的权限")
    require(app, "withdraw")
    on = event_date(withdrawn_on, "撤回日期", not_before=app.received_on, not_before_label="收件日期")
    apply_change(
        app, by=by, action=Action.WITHDRAW, to=Status.WITHDRAWN, changes={"decided_on": on, "decision_reason": required_text(reason, "撤回原因")}, note=reason
    )
    notify(app, NoticeKind.WITHDRAWAL, by=by, on=on)
    return app


@transaction.atomic
def application_assign(*, by, application: Application, handler) -> Application:
    """Name the handler (承办人) who answers for the decision clocks."""
    app = locked(application)
    if not access_decide_application(by, app):
        raise Forbidden("只有实施部门的承办人或负责人可以指定承办人")
    require(app, "assign")
    if handler is None or not access_decide_application(handler, app):
        raise InvalidInput("承办人应为实施部门的承办人或负责人", code=Error.INVALID_HANDLER)
    if app.handler_id == handler.pk:
        return app
    apply_change(app, by=by, action=Action.ASSIGN, changes={"handler": handler}, note=f"承办人：{people.display_name(handler)}")
    reassign_clocks(app, by=by)
    return app
