"""Accountability API: the published list of prohibited conduct, faults (record, verify,
dismiss), sanctions (decide) and appeals (file, decide)."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from xiaoneng.api.auth import STAFF_AUTH, actor
from xiaoneng.api.schemas import ERRORS
from xiaoneng.core import clock
from xiaoneng.web import params

from . import selectors, services
from .models import Fault

router = Router(tags=["行政过错责任追究"])


class ConductOut(Schema):
    code: str
    title: str
    description: str
    basis: str


class FaultIn(Schema):
    source: str = Field("complaint", description="complaint 投诉查实 / other 其他 ……")
    department: str = Field(description="责任部门编码")
    person: str | None = Field(None, description="责任人用户名")
    description: str
    conduct: str | None = Field(None, description="触犯的高压线编码")
    occurred_at: str | None = None


class VerifyIn(Schema):
    basis: str
    conduct: str | None = None


class DismissIn(Schema):
    reasons: str


class DecideIn(Schema):
    basis: str
    measure: str | None = Field(None, description="省略则采用梯度建议")


class AppealIn(Schema):
    grounds: str


class AppealDecideIn(Schema):
    outcome: str = Field(description="upheld 维持 / modified 变更 / revoked 撤销")
    basis: str
    new_measure: str = ""


class SanctionOut(Schema):
    id: int
    fault_id: int
    person: str
    person_name: str
    department: str
    category: str
    ordinal: int
    window_start: dt.date
    window_end: dt.date
    proposed_measure: str
    measure: str
    measure_label: str
    status: str
    status_label: str
    basis: str
    decided_at: dt.datetime | None
    appeal_due_at: dt.datetime | None
    replaces_id: int | None
    appeal_status: str | None


class FaultOut(Schema):
    id: int
    source: str
    status: str
    status_label: str
    department: str
    person: str | None
    person_name: str
    subject_type: str
    subject_id: str
    description: str
    conduct: str | None
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    decision_basis: str
    warning_id: int | None
    sanctions: list[SanctionOut]


class AppealOut(Schema):
    id: int
    sanction_id: int
    status: str
    status_label: str
    grounds: str
    filed_at: dt.datetime
    decision_basis: str
    new_measure: str
    decided_at: dt.datetime | None


def sanction_out(s) -> dict:
    appeal = getattr(s, "appeal", None)
    return {
        "id": s.pk,
        "fault_id": s.fault_id,
        "person": s.person.user.get_username(),
        "person_name": s.person.name,
        "department": s.department.code,
        "category": s.category,
        "ordinal": s.ordinal,
        "window_start": s.window_start,
        "window_end": s.window_end,
        "proposed_measure": s.proposed_measure,
        "measure": s.measure,
        "measure_label": s.get_measure_display(),
        "status": s.status,
        "status_label": s.get_status_display(),
        "basis": s.basis,
        "decided_at": clock.local_or_none(s.decided_at),
        "appeal_due_at": clock.local_or_none(s.appeal_due_at),
        "replaces_id": s.replaces_id,
        "appeal_status": appeal.status if appeal else None,
    }


def fault_out(f: Fault, user) -> dict:
    return {
        "id": f.pk,
        "source": f.source,
        "status": f.status,
        "status_label": f.get_status_display(),
        "department": f.department.code,
        "person": f.person.user.get_username() if f.person_id else None,
        "person_name": f.person.name if f.person_id else "",
        "subject_type": f.subject_type,
        "subject_id": f.subject_id,
        "description": selectors.fault_text(user, f, f.description),
        "conduct": f.conduct.code if f.conduct_id else None,
        "occurred_at": clock.local_or_none(f.occurred_at),
        "recorded_at": clock.local_or_none(f.recorded_at),
        "decision_basis": selectors.fault_text(user, f, f.decision_basis),
        "warning_id": f.warning_id,
        "sanctions": [sanction_out(s) for s in f.sanctions.select_related("person__user", "department").order_by("id")],
    }


def appeal_out(a) -> dict:
    return {
        "id": a.pk,
        "sanction_id": a.sanction_id,
        "status": a.status,
        "status_label": a.get_status_display(),
        "grounds": a.grounds,
        "filed_at": clock.local_or_none(a.filed_at),
        "decision_basis": a.decision_basis,
        "new_measure": a.new_measure,
        "decided_at": clock.local_or_none(a.decided_at),
    }


@router.get("/accountability/conduct", auth=None, response=list[ConductOut], summary="高压线（公开的禁止行为清单）")
def conduct_list(request):
    return list(selectors.published_conduct())


@router.post("/accountability/faults", auth=STAFF_AUTH, response={201: FaultOut, **ERRORS}, summary="登记行政过错线索（效能监督）")
def record_fault(request, payload: FaultIn):
    department = params.department(payload.department, "责任部门", required=True)
    fault = services.fault_report(
        by=actor(request),
        source=payload.source,
        department=department,
        description=payload.description,
        person=params.staff(payload.person),
        conduct=selectors.conduct(payload.conduct),
        occurred_at=params.moment(payload.occurred_at, "occurred_at"),
    )
    return Status(201, fault_out(fault, actor(request)))


@router.get(
    "/accountability/faults",
    auth=STAFF_AUTH,
    response={200: list[FaultOut], **ERRORS},
    summary="行政过错（按权限：效能办与领导全部，部门负责人本部门，个人本人）",
)
def list_faults(request, status: str | None = None, limit: int = 50, offset: int = 0):
    qs = selectors.faults_for(actor(request))
    if status:
        qs = qs.filter(status=status)
    return [fault_out(f, actor(request)) for f in params.window(qs, limit, offset)]


def _fault(request, fault_id: int) -> Fault:
    return get_object_or_404(selectors.faults_for(actor(request)), pk=fault_id)


@router.get("/accountability/faults/{fault_id}", auth=STAFF_AUTH, response={200: FaultOut, **ERRORS}, summary="一条行政过错及其处理")
def get_fault(request, fault_id: int):
    return fault_out(_fault(request, fault_id), actor(request))


@router.post("/accountability/faults/{fault_id}/verify", auth=STAFF_AUTH, response={200: FaultOut, **ERRORS}, summary="认定过错（按梯度提出处理建议）")
def verify_fault(request, fault_id: int, payload: VerifyIn):
    return fault_out(
        services.fault_verify(by=actor(request), fault=_fault(request, fault_id), basis=payload.basis, conduct=selectors.conduct(payload.conduct)),
        actor(request),
    )


@router.post("/accountability/faults/{fault_id}/dismiss", auth=STAFF_AUTH, response={200: FaultOut, **ERRORS}, summary="不予认定（说明理由）")
def dismiss_fault(request, fault_id: int, payload: DismissIn):
    return fault_out(services.fault_dismiss(by=actor(request), fault=_fault(request, fault_id), reasons=payload.reasons), actor(request))


@router.get("/accountability/sanctions", auth=STAFF_AUTH, response={200: list[SanctionOut], **ERRORS}, summary="责任追究决定")
def list_sanctions(request, status: str | None = None):
    qs = selectors.sanctions_for(actor(request)).select_related("person__user")
    if status:
        qs = qs.filter(status=status)
    return [sanction_out(s) for s in qs[:200]]


def _sanction(request, sanction_id: int):
    return get_object_or_404(selectors.sanctions_for(actor(request)).select_related("person__user"), pk=sanction_id)


@router.post(
    "/accountability/sanctions/{sanction_id}/decide", auth=STAFF_AUTH, response={200: SanctionOut, **ERRORS}, summary="作出处理决定（效能办主任或领导）"
)
def decide_sanction(request, sanction_id: int, payload: DecideIn):
    return sanction_out(services.sanction_decide(by=actor(request), sanction=_sanction(request, sanction_id), basis=payload.basis, measure=payload.measure))


@router.post("/accountability/sanctions/{sanction_id}/appeal", auth=STAFF_AUTH, response={201: AppealOut, **ERRORS}, summary="本人申诉（申诉期内）")
def file_appeal(request, sanction_id: int, payload: AppealIn):
    return Status(201, appeal_out(services.appeal_file(by=actor(request), sanction=_sanction(request, sanction_id), grounds=payload.grounds)))


@router.get("/accountability/appeals", auth=STAFF_AUTH, response={200: list[AppealOut], **ERRORS}, summary="申诉")
def list_appeals(request):
    return [appeal_out(a) for a in selectors.appeals_for(actor(request))[:200]]


@router.post("/accountability/appeals/{appeal_id}/decide", auth=STAFF_AUTH, response={200: AppealOut, **ERRORS}, summary="复核申诉：维持、变更或撤销")
def decide_appeal(request, appeal_id: int, payload: AppealDecideIn):
    appeal = get_object_or_404(selectors.appeals_for(actor(request)), pk=appeal_id)
    return appeal_out(services.appeal_decide(by=actor(request), appeal=appeal, outcome=payload.outcome, basis=payload.basis, new_measure=payload.new_measure))
