"""``/api/v1/applications`` (办件 and its clock) and ``/api/v1/inquiries`` (首问登记)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.contrib.auth import get_user_model
from ninja import Router, Schema, Status

from xiaoneng.api.auth import actor
from xiaoneng.api.schemas import ERRORS
from xiaoneng.applications.codes import Error
from xiaoneng.core.errors import NotFound
from xiaoneng.core.types import DecimalValue
from xiaoneng.web import params

from . import selectors, services
from .inquiry_api import router as inquiry_router
from .models import Application
from .selectors import preliminary_out, statute_out

router = Router(tags=["办件与审批时限"])
router.add_router("", inquiry_router)


class ApplicantIn(Schema):
    name: str
    id_type: str = "resident_id"
    id_number: str
    phone: str
    enterprise: str = ""


class DefectIn(Schema):
    code: str
    reason: str


class ApplicationIn(Schema):
    item: str
    applicant: ApplicantIn
    materials: list[str] | None = None
    defective: list[DefectIn] = []
    received_on: dt.date | None = None


class ApplicationReviewIn(Schema):
    materials: list[str] = []
    defective: list[DefectIn] = []
    reviewed_on: dt.date | None = None
    note: str = ""


class CorrectionIn(Schema):
    materials: list[str]
    received_on: dt.date | None = None


class ApplicationExtensionIn(Schema):
    days: int | None = None
    reason: str
    approved_on: dt.date | None = None


class SuspensionIn(Schema):
    kind: str
    start_on: dt.date
    end_on: dt.date | None = None
    reason: str = ""


class ResumeIn(Schema):
    end_on: dt.date | None = None


class ApplicationDecisionIn(Schema):
    result: Literal["approve", "deny", "not_accept"]
    reason: str = ""
    decided_on: dt.date | None = None
    competent_body: str = ""


class JointAnswerIn(Schema):
    result: Literal["consent", "object"]
    opinion: str = ""
    answered_on: dt.date | None = None


class CertificateIn(Schema):
    delivered_on: dt.date | None = None


class FeeIn(Schema):
    code: str
    amount: DecimalValue
    name: str = ""
    charged_on: dt.date | None = None


class WithdrawIn(Schema):
    reason: str
    withdrawn_on: dt.date | None = None


class AssignIn(Schema):
    handler: str


class ApplicationMaterialOut(Schema):
    code: str
    name: str
    copies: int = 1
    form: str = ""
    reason: str = ""


class NoticeOut(Schema):
    issued_on: dt.date
    missing: list[str]
    missing_materials: list[ApplicationMaterialOut]
    defective: list[ApplicationMaterialOut]
    note: str


class ExtensionOut(Schema):
    days: int
    reason: str
    approved_on: dt.date
    legal_due_before: dt.date
    legal_due_after: dt.date


class SuspensionOut(Schema):
    id: int
    kind: str
    kind_label: str
    start_on: dt.date
    end_on: dt.date | None
    excluded_days: int


class JointReviewOut(Schema):
    id: int
    department: str
    department_name: str
    limit_days: int
    due_on: dt.date | None
    deemed_consent: bool
    status: str
    opinion: str
    answered_on: dt.date | None


class ApplicationFeeOut(Schema):
    code: str
    name: str
    amount: DecimalValue
    charged_on: dt.date
    listed: bool


class ApplicantNoticeOut(Schema):
    id: int
    kind: str
    title: str
    issued_on: dt.date


class EventOut(Schema):
    at: dt.datetime
    action: str
    label: str
    actor: str
    before: dict | None = None
    after: dict | None = None
    note: str = ""


class PreliminaryOut(Schema):
    department: str
    department_name: str
    handler: str | None
    limit_days: int
    due_on: dt.date | None
    opinion: str
    sent_on: dt.date | None
    arrived_on: dt.date | None


class ApplicationOut(Schema):
    valid_until: dt.date | None = None
    renews: str | None = None
    renewed_until: dt.date | None = None
    renewal_in_time: bool | None = None
    renewal_due_on: dt.date | None = None
    preliminary: PreliminaryOut | None = None
    id: int
    number: str
    query_code: str | None
    status: str
    status_label: str
    item: str
    item_name: str
    version: int
    department: str
    department_name: str
    applicant: selectors.ApplicantView
    channel: str
    materials: list[str]
    missing: list[str]
    received_on: dt.date
    acceptance_due_on: dt.date | None
    accepted_on: dt.date | None
    deemed_accepted: bool
    legal_limit_days: int
    committed_limit_days: int
    extension_days: int
    legal_due_on: dt.date | None
    committed_due_on: dt.date | None
    due_provisional: bool
    decided_on: dt.date | None
    decision_reason: str
    competent_body: str
    certificate_due_on: dt.date | None
    certificate_delivered_on: dt.date | None
    handler: str | None
    as_of: dt.date
    overdue: bool
    committed_overdue: bool
    acceptance_overdue: bool
    certificate_overdue: bool
    remaining_working_days: int | None
    correction_notice: NoticeOut | None
    extension: ExtensionOut | None
    suspensions: list[SuspensionOut]
    joint_reviews: list[JointReviewOut]
    fees: list[ApplicationFeeOut]
    notices: list[ApplicantNoticeOut]
    events: list[EventOut]


class ApplicationSummaryOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    item: str
    item_name: str
    department: str
    applicant_name: str
    received_on: dt.date
    accepted_on: dt.date | None
    legal_due_on: dt.date | None
    committed_due_on: dt.date | None
    next_due_on: dt.date | None
    remaining_working_days: int | None
    overdue: bool


class PublicStatusOut(Schema):
    number: str
    status: str
    status_label: str
    item_name: str
    department_name: str
    applicant_name: str
    received_on: dt.date
    accepted_on: dt.date | None
    legal_due_on: dt.date | None
    committed_due_on: dt.date | None
    decided_on: dt.date | None
    certificate_delivered_on: dt.date | None
    valid_until: dt.date | None = None
    renews: str | None = None
    renewed_until: dt.date | None = None
    overdue: bool
    notices: list[ApplicantNoticeOut]
    events: list[EventOut]


def _changes(values: dict | None, masked: bool) -> dict | None:
    """An audit snapshot as this reader may see it: without the applicant's identity when
    the reader sees the applicant masked."""
    if values is None or not masked:
        return values
    return {k: v for k, v in values.items() if not k.startswith("applicant_")}


def _events(app: Application, *, public: bool = False, masked: bool = True) -> list[dict]:
    return [
        {
            "at": r.at,
            "action": r.action,
            "label": r.label,
            "actor": "" if public else r.actor_name,
            "before": None if public else _changes(r.before, masked),
            "after": None if public else _changes(r.after, masked),
            "note": r.note,
        }
        for r in selectors.timeline(app, public=public)
    ]


def _notices(app: Application) -> list[dict]:
    return [{"id": n.pk, "kind": n.kind, "title": n.title, "issued_on": n.issued_on} for n in app.notices.all()]


def application_out(app: Application, user, as_of: dt.datetime | None = None) -> dict:
    view = selectors.clock_view(app, as_of)
    person = selectors.applicant_view(app, user)
    notice = getattr(app, "correction_notice", None)
    extension = getattr(app, "extension", None)
    required = [m.code for m in app.version.materials.all() if m.required]
    return {
        "id": app.pk,
        "number": app.number,
        "query_code": None if person.masked else app.query_code,
        "status": app.status,
        "status_label": app.get_status_display(),
        "item": app.item.code,
        "item_name": app.version.name,
        "version": app.version.number,
        "department": app.department.code,
        "department_name": app.department.name,
        "applicant": person,
        "channel": app.channel,
        "materials": app.materials,
        "missing": [c for c in required if c not in set(app.materials)],
        **{
            f: getattr(app, f)
            for f in (
                "received_on",
                "acceptance_due_on",
                "accepted_on",
                "deemed_accepted",
                "extension_days",
                "legal_due_on",
                "committed_due_on",
                "due_provisional",
                "decided_on",
                "decision_reason",
                "competent_body",
                "certificate_due_on",
                "certificate_delivered_on",
            )
        },
        "legal_limit_days": app.version.legal_limit_days,
        "committed_limit_days": app.version.committed_limit_days,
        "handler": app.handler.get_username() if app.handler_id else None,
        **view.__dict__,
        "correction_notice": None
        if notice is None
        else {
            "issued_on": notice.issued_on,
            "missing": [m["code"] for m in notice.missing],
            "missing_materials": notice.missing,
            "defective": notice.defective,
            "note": notice.note,
        },
        "extension": None
        if extension is None
        else {k: getattr(extension, k) for k in ("days", "reason", "approved_on", "legal_due_before", "legal_due_after")},
        "suspensions": [
            {"id": s.pk, "kind": s.kind, "kind_label": s.get_kind_display(), "start_on": s.start_on, "end_on": s.end_on, "excluded_days": s.excluded_days}
            for s in app.suspensions.all()
        ],
        "joint_reviews": [
            {
                "id": r.pk,
                "department": r.department.code,
                "department_name": r.department.name,
                "limit_days": r.limit_days,
                "due_on": r.due_on,
                "deemed_consent": r.deemed_consent,
                "status": r.status,
                "opinion": r.opinion,
                "answered_on": r.answered_on,
            }
            for r in app.joint_reviews.select_related("department")
        ],
        "fees": [{"code": f.code, "name": f.name, "amount": f.amount, "charged_on": f.charged_on, "listed": f.listed} for f in app.fee_charges.all()],
        **statute_out(app),
        "renewal_in_time": app.renewal_in_time,
        "renewal_due_on": app.renewal_due_on,
        "preliminary": preliminary_out(app),
        "notices": _notices(app),
        "events": _events(app, masked=person.masked),
    }


def _answer(request, app: Application, status: int = 200):
    user = actor(request)
    body = application_out(selectors.application_for(user, app.pk), user)
    return Status(status, body) if status != 200 else body


def _get(request, application_id: int) -> Application:
    return selectors.application_for(actor(request), application_id)


@router.post("/applications", response={201: ApplicationOut, **ERRORS}, summary="登记申请（窗口收件；带材料清单时当场审查）")
def submit(request, payload: ApplicationIn):
    app = services.application_submit(
        by=actor(request),
        item_code=payload.item,
        applicant=services.Applicant(**payload.applicant.dict()),
        received_on=payload.received_on,
        materials=payload.materials,
        defective=[d.dict() for d in payload.defective],
    )
    return _answer(request, app, 201)


@router.get("/applications", response={200: list[ApplicationSummaryOut], **ERRORS}, summary="办件列表（按最近到期日排序）")
def list_applications(request, status: str = "", q: str = "", open: bool = False, mine: bool = False, limit: int = 100, offset: int = 0):
    user = actor(request)
    rows = params.window(selectors.applications_for(user, status=status, q=q, open_only=open, mine=mine).select_related("item"), limit, offset)
    out = []
    for a in rows:
        view = selectors.clock_view(a)
        out.append(
            {
                "id": a.pk,
                "number": a.number,
                "status": a.status,
                "status_label": a.get_status_display(),
                "item": a.item.code,
                "item_name": a.version.name,
                "department": a.department.code,
                "applicant_name": selectors.applicant_view(a, user).name,
                **{f: getattr(a, f) for f in ("received_on", "accepted_on", "legal_due_on", "committed_due_on", "next_due_on")},
                "remaining_working_days": view.remaining_working_days,
                "overdue": view.overdue,
            }
        )
    return out


@router.get("/applications/lookup", auth=None, response={200: PublicStatusOut, **ERRORS}, summary="公众凭办件编号和查询码查询进度")
def lookup(request, number: str, code: str):
    app = selectors.lookup(number, code)
    if app is None:
        raise NotFound("办件编号或查询码不正确", code=Error.APPLICATION_NOT_FOUND)
    return {
        "number": app.number,
        "status": app.status,
        "status_label": app.get_status_display(),
        "item_name": app.version.name,
        "department_name": app.department.name,
        "applicant_name": selectors.applicant_view(app, None).name,
        **{f: getattr(app, f) for f in ("received_on", "accepted_on", "legal_due_on", "committed_due_on", "decided_on", "certificate_delivered_on")},
        **statute_out(app),
        "overdue": selectors.clock_view(app).overdue,
        "notices": _notices(app),
        "events": _events(app, public=True),
    }


@router.get(
    "/applications/{application_id}", response={200: ApplicationOut, **ERRORS}, summary="办件详情：状态、各项期限、全部事件、是否超期（as_of 可指定时点）"
)
def detail(request, application_id: int, as_of: str | None = None):
    user = actor(request)
    return application_out(selectors.application_for(user, application_id), user, params.moment(as_of))


@router.post("/applications/{application_id}/review", response={200: ApplicationOut, **ERRORS}, summary="审查材料：齐全即受理，否则出具一次性告知书")
def review(request, application_id: int, payload: ApplicationReviewIn):
    app = services.application_review(
        by=actor(request),
        application=_get(request, application_id),
        materials=payload.materials,
        defective=[d.dict() for d in payload.defective],
        reviewed_on=payload.reviewed_on,
        note=payload.note,
    )
    return _answer(request, app)


@router.post("/applications/{application_id}/corrections", response={201: ApplicationOut, **ERRORS}, summary="接收补正材料（补齐之日受理）")
def correct(request, application_id: int, payload: CorrectionIn):
    app = services.application_correct(
        by=actor(request), application=_get(request, application_id), materials=payload.materials, received_on=payload.received_on
    )
    return _answer(request, app, 201)


@router.post("/applications/{application_id}/extensions", response={201: ApplicationOut, **ERRORS}, summary="批准延期（部门负责人，法定期限届满前，一次）")
def extend(request, application_id: int, payload: ApplicationExtensionIn):
    app = _get(request, application_id)
    services.application_extend(by=actor(request), application=app, days=payload.days, reason=payload.reason, approved_on=payload.approved_on)
    return _answer(request, app, 201)


@router.post(
    "/applications/{application_id}/suspensions", response={201: ApplicationOut, **ERRORS}, summary="登记不计时段（听证、检验、检测、鉴定、专家评审等）"
)
def suspend(request, application_id: int, payload: SuspensionIn):
    app = _get(request, application_id)
    services.application_suspend(by=actor(request), application=app, kind=payload.kind, start_on=payload.start_on, end_on=payload.end_on, reason=payload.reason)
    return _answer(request, app, 201)


@router.post("/applications/{application_id}/resume", response={200: ApplicationOut, **ERRORS}, summary="结束不计时段，恢复计时")
def resume(request, application_id: int, payload: ResumeIn):
    app = _get(request, application_id)
    services.application_resume(by=actor(request), application=app, end_on=payload.end_on)
    return _answer(request, app)


@router.post("/applications/{application_id}/joint-reviews/{department}", response={200: ApplicationOut, **ERRORS}, summary="协办部门答复并联审查")
def answer_joint_review(request, application_id: int, department: str, payload: JointAnswerIn):
    app = _get(request, application_id)
    services.joint_review_answer(
        by=actor(request), application=app, department=department, consent=payload.result == "consent", opinion=payload.opinion, answered_on=payload.answered_on
    )
    return _answer(request, app)


@router.post(
    "/applications/{application_id}/decision",
    response={200: ApplicationOut, **ERRORS},
    summary="作出决定：准予、不予许可（附理由）或不予受理（附理由及有权机关）",
)
def decide(request, application_id: int, payload: ApplicationDecisionIn):
    app = services.application_decide(
        by=actor(request),
        application=_get(request, application_id),
        result=payload.result,
        reason=payload.reason,
        decided_on=payload.decided_on,
        competent_body=payload.competent_body,
    )
    return _answer(request, app)


@router.post("/applications/{application_id}/certificate", response={200: ApplicationOut, **ERRORS}, summary="登记证件送达")
def deliver(request, application_id: int, payload: CertificateIn):
    app = services.application_deliver_certificate(by=actor(request), application=_get(request, application_id), delivered_on=payload.delivered_on)
    return _answer(request, app)


@router.post("/applications/{application_id}/fees", response={201: ApplicationOut, **ERRORS}, summary="登记实际收费（标明是否在公布的收费清单内）")
def charge(request, application_id: int, payload: FeeIn):
    app = _get(request, application_id)
    services.fee_charge(by=actor(request), application=app, code=payload.code, amount=payload.amount, name=payload.name, charged_on=payload.charged_on)
    return _answer(request, app, 201)


@router.post("/applications/{application_id}/withdraw", response={200: ApplicationOut, **ERRORS}, summary="登记申请人撤回申请")
def withdraw(request, application_id: int, payload: WithdrawIn):
    app = services.application_withdraw(by=actor(request), application=_get(request, application_id), reason=payload.reason, withdrawn_on=payload.withdrawn_on)
    return _answer(request, app)


@router.post("/applications/{application_id}/assign", response={200: ApplicationOut, **ERRORS}, summary="指定承办人")
def assign(request, application_id: int, payload: AssignIn):
    handler = get_user_model().objects.filter(username=payload.handler, is_active=True).first()
    app = services.application_assign(by=actor(request), application=_get(request, application_id), handler=handler)
    return _answer(request, app)


class BackfillApprovalIn(Schema):
    step: str  # review / correct / not_accept / extend / suspend / resume / answer_joint / decide / deliver / charge
    acted_on: dt.date  # the date on the paper
    reason: str


@router.post(
    "/applications/{application_id}/backfill-approvals",
    response={201: ApplicationOut, **ERRORS},
    summary="批准超期补录（效能监督部门；超过补录期限的环节须先批准）",
)
def approve_backfill(request, application_id: int, payload: BackfillApprovalIn):
    app = _get(request, application_id)
    services.application_backfill_approve(by=actor(request), application=app, step=payload.step, acted_on=payload.acted_on, reason=payload.reason)
    return _answer(request, app, 201)


# 第四十三条 / 第五十条 endpoints live beside this module and answer with its schemas, so they
# are mounted once everything above is defined.
from .statute_api import router as statute_router  # noqa: E402

router.add_router("", statute_router)
