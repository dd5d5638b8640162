"""Inspections API: plans and their reproducible random draw, findings, evidence files, and
turning a finding into a fault."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from xiaoneng.accountability.api import FaultOut, fault_out
from xiaoneng.api.auth import STAFF_AUTH, actor
from xiaoneng.api.schemas import ERRORS
from xiaoneng.core import clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.inspections.access import access_view_plans
from xiaoneng.inspections.codes import Error
from xiaoneng.org.models import Department
from xiaoneng.web import params

from . import selectors, services
from .models import Evidence, FindingCategory, InspectionPlan

router = Router(tags=["明察暗访"])


class CategoryOut(Schema):
    code: str
    name: str
    conduct: str | None


class PlanIn(Schema):
    title: str
    starts_on: dt.date
    ends_on: dt.date
    target_count: int
    departments: list[str] = Field(default_factory=list, description="候选部门编码；与 kinds 二选一")
    kinds: list[str] = Field(default_factory=list, description="候选部门类型，如 window、bureau")
    slots: list[str] | None = None
    notes: str = ""


class DrawIn(Schema):
    seed: int | None = Field(None, description="省略则随机生成并记录")


class TargetOut(Schema):
    sequence: int
    department: str
    department_name: str
    visit_on: dt.date
    visit_time: str


class PlanOut(Schema):
    id: int
    title: str
    state: str
    starts_on: dt.date
    ends_on: dt.date
    pool: list[int]
    target_count: int
    slots: list[str]
    seed: int | None
    drawn_at: dt.datetime | None
    targets: list[TargetOut]
    draw_verified: bool | None = Field(description="按记录的种子重新抽取是否得到相同结果")


class FindingIn(Schema):
    department: str
    category: str
    description: str
    observed_at: str
    person: str | None = None
    plan_id: int | None = None
    target_sequence: int | None = None
    location: str = ""


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    url: str


class FindingOut(Schema):
    id: int
    department: str
    department_name: str
    person: str | None
    category: str
    category_name: str
    observed_at: dt.datetime
    location: str
    description: str
    plan_id: int | None
    fault_id: int | None
    evidence: list[EvidenceOut]


def plan_out(p: InspectionPlan) -> dict:
    targets = list(p.targets.select_related("department").order_by("sequence"))
    verified = None
    if p.seed is not None:
        verified = services.plan_draw_preview(p, p.seed) == [(t.visit_on, t.visit_time, t.department_id) for t in targets]
    return {
        "id": p.pk,
        "title": p.title,
        "state": p.state,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "pool": p.pool,
        "target_count": p.target_count,
        "slots": p.slots,
        "seed": p.seed,
        "drawn_at": clock.local_or_none(p.drawn_at),
        "draw_verified": verified,
        "targets": [
            {"sequence": t.sequence, "department": t.department.code, "department_name": t.department.name, "visit_on": t.visit_on, "visit_time": t.visit_time}
            for t in targets
        ],
    }


def evidence_url(e: Evidence) -> str:
    return f"/api/v1/inspections/evidence/{e.pk}"


def finding_out(f) -> dict:
    return {
        "id": f.pk,
        "department": f.department.code,
        "department_name": f.department.name,
        "person": f.person.user.get_username() if f.person_id else None,
        "category": f.category.code,
        "category_name": f.category.name,
        "observed_at": clock.local_or_none(f.observed_at),
        "location": f.location,
        "description": f.description,
        "plan_id": f.plan_id,
        "fault_id": f.fault_id,
        "evidence": [
            {"id": e.pk, "name": e.original_name, "content_type": e.content_type, "size": e.size, "sha256": e.sha256, "url": evidence_url(e)}
            for e in f.evidence.all()
        ],
    }


def _plans(request):
    if not access_view_plans(actor(request)):
        raise Forbidden("明察暗访计划仅效能办和领导可见")
    return selectors.plans()


@router.get("/inspections/categories", auth=STAFF_AUTH, response={200: list[CategoryOut], **ERRORS}, summary="问题类别")
def categories(request):
    return [
        {"code": c.code, "name": c.name, "conduct": c.conduct.code if c.conduct_id else None}
        for c in FindingCategory.objects.filter(is_active=True).select_related("conduct")
    ]


@router.post("/inspections/plans", auth=STAFF_AUTH, response={201: PlanOut, **ERRORS}, summary="制定明察暗访计划")
def create_plan(request, payload: PlanIn):
    depts = Department.objects.filter(is_active=True)
    if payload.departments:
        depts = list(depts.filter(code__in=payload.departments))
        missing = set(payload.departments) - {d.code for d in depts}
        if missing:
            raise InvalidInput(f"未知的部门编码：{'、'.join(sorted(missing))}", code=Shared.UNKNOWN_DEPARTMENT)
    elif payload.kinds:
        depts = list(depts.filter(kind__in=payload.kinds))
    else:
        raise InvalidInput("请指定候选部门或部门类型", code=Error.MISSING_POOL)
    plan = services.plan_create(
        by=actor(request),
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        target_count=payload.target_count,
        departments=depts,
        slots=payload.slots,
        notes=payload.notes,
    )
    return Status(201, plan_out(plan))


@router.get("/inspections/plans", auth=STAFF_AUTH, response={200: list[PlanOut], **ERRORS}, summary="明察暗访计划（效能办、领导）")
def list_plans(request):
    return [plan_out(p) for p in _plans(request)[:100]]


@router.get("/inspections/plans/{plan_id}", auth=STAFF_AUTH, response={200: PlanOut, **ERRORS}, summary="一个计划及抽取结果")
def get_plan(request, plan_id: int):
    return plan_out(get_object_or_404(_plans(request), pk=plan_id))


@router.post("/inspections/plans/{plan_id}/draw", auth=STAFF_AUTH, response={200: PlanOut, **ERRORS}, summary="随机抽取检查对象和时间（记录种子，可复核）")
def draw_plan(request, plan_id: int, payload: DrawIn):
    return plan_out(services.plan_draw(by=actor(request), plan=get_object_or_404(_plans(request), pk=plan_id), seed=payload.seed))


@router.post("/inspections/findings", auth=STAFF_AUTH, response={201: FindingOut, **ERRORS}, summary="登记检查发现")
def record_finding(request, payload: FindingIn):
    department = params.department(payload.department)
    category = FindingCategory.objects.filter(code=payload.category, is_active=True).first()
    person = params.staff(payload.person)
    target = None
    if payload.plan_id is not None:
        plan = get_object_or_404(_plans(request), pk=payload.plan_id)
        target = plan.targets.filter(sequence=payload.target_sequence).first()
        if target is None:
            raise InvalidInput("该计划没有这个检查对象序号", code=Error.UNKNOWN_TARGET)
    finding = services.finding_record(
        by=actor(request),
        department=department,
        category=category,
        description=payload.description,
        observed_at=params.moment(payload.observed_at, "observed_at"),
        person=person,
        target=target,
        location=payload.location,
    )
    return Status(201, finding_out(finding))


@router.get("/inspections/findings", auth=STAFF_AUTH, response={200: list[FindingOut], **ERRORS}, summary="检查发现（按权限）")
def list_findings(request):
    return [finding_out(f) for f in selectors.findings_for(actor(request))[:200]]


def _finding(request, finding_id: int):
    return get_object_or_404(selectors.findings_for(actor(request)), pk=finding_id)


@router.get("/inspections/findings/{finding_id}", auth=STAFF_AUTH, response={200: FindingOut, **ERRORS}, summary="一条检查发现")
def get_finding(request, finding_id: int):
    return finding_out(_finding(request, finding_id))


@router.post(
    "/inspections/findings/{finding_id}/evidence", auth=STAFF_AUTH, response={201: EvidenceOut, **ERRORS}, summary="上传证据材料（按内容识别类型，限制大小）"
)
def upload_evidence(request, finding_id: int, file: File[UploadedFile]):
    evidence = services.evidence_add(by=actor(request), finding=_finding(request, finding_id), name=file.name, content=services.read_upload(file))
    return Status(
        201,
        {
            "id": evidence.pk,
            "name": evidence.original_name,
            "content_type": evidence.content_type,
            "size": evidence.size,
            "sha256": evidence.sha256,
            "url": evidence_url(evidence),
        },
    )


@router.get("/inspections/evidence/{evidence_id}", auth=STAFF_AUTH, response={200: None, **ERRORS}, summary="下载证据材料（有权查看该发现的人员）")
def download_evidence(request, evidence_id: int):
    evidence = get_object_or_404(Evidence.objects.filter(finding__in=selectors.findings_for(actor(request))), pk=evidence_id)
    return FileResponse(evidence.file.open("rb"), content_type=evidence.content_type, as_attachment=True, filename=f"证据{evidence.pk}.{evidence.extension}")


@router.post("/inspections/findings/{finding_id}/fault", auth=STAFF_AUTH, response={201: FaultOut, **ERRORS}, summary="转为行政过错")
def open_fault(request, finding_id: int):
    return Status(201, fault_out(services.finding_open_fault(by=actor(request), finding=_finding(request, finding_id)), actor(request)))
