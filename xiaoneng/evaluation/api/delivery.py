"""承诺践诺 and 政策兑现 endpoints."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from xiaoneng.api.auth import STAFF_AUTH, actor
from xiaoneng.api.schemas import ERRORS
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.types import DecimalValue
from xiaoneng.org.models import Department, Staff

from .. import selectors, services
from ..models.delivery import BenefitClaim, Commitment, CommitmentReview, Policy, PolicyBenefit
from .common import PUBLIC_OR_ANY

router = Router(tags=["承诺践诺与政策兑现"])


class CommitmentIn(Schema):
    text: str
    made_to: str = Field(description="承诺对象：企业名称或“社会公众”")
    owner: str = Field(description="责任人的用户名")
    made_on: dt.date
    deadline: dt.date
    reviews: list[dt.date] = Field(default_factory=list, description="回头看日期")
    public: bool = True


class ReviewOut(Schema):
    id: int
    due_on: dt.date
    done_at: dt.datetime | None
    finding: str


class CommitmentOut(Schema):
    id: int
    number: str
    text: str
    made_to: str
    department: str
    owner: str
    made_on: dt.date
    deadline: dt.date
    status: str
    status_label: str
    overdue: bool
    evidence: str
    fulfilled_on: dt.date | None
    reviews: list[ReviewOut]


def commitment_out(c: Commitment) -> dict:
    from xiaoneng.core import clock

    return {
        "id": c.pk,
        "number": c.number,
        "text": c.text,
        "made_to": c.made_to,
        "department": c.department.name,
        "owner": c.owner.name,
        "made_on": c.made_on,
        "deadline": c.deadline,
        "status": c.status,
        "status_label": c.get_status_display(),
        "overdue": c.status == "open" and c.deadline < clock.today(),
        "evidence": c.evidence,
        "fulfilled_on": c.fulfilled_on,
        "reviews": [{"id": r.pk, "due_on": r.due_on, "done_at": r.done_at, "finding": r.finding} for r in c.reviews.all()],
    }


@router.get("/commitments", auth=None, response=list[CommitmentOut], summary="承诺事项（公开）")
def commitment_list(request):
    return [commitment_out(c) for c in selectors.commitments(public=True)[:500]]


@router.post("/commitments", auth=STAFF_AUTH, response={201: CommitmentOut, **ERRORS}, summary="登记承诺")
def commitment_create(request, payload: CommitmentIn):
    owner = Staff.objects.select_related("department", "user").filter(user__username=payload.owner, is_active=True).first()
    if owner is None:
        raise InvalidInput("责任人不存在", code=Shared.UNKNOWN_PERSON)
    c = services.commitment_create(
        by=actor(request),
        text=payload.text,
        made_to=payload.made_to,
        owner=owner,
        made_on=payload.made_on,
        deadline=payload.deadline,
        reviews=payload.reviews,
        public=payload.public,
    )
    return Status(201, commitment_out(c))


class FulfilIn(Schema):
    fulfilled: bool = True
    evidence: str
    on: dt.date | None = None


@router.post("/commitments/{commitment_id}/fulfil", auth=STAFF_AUTH, response={200: CommitmentOut, **ERRORS}, summary="登记承诺兑现（或未兑现）")
def commitment_fulfil(request, commitment_id: int, payload: FulfilIn):
    c = get_object_or_404(Commitment.objects.select_related("owner", "department"), pk=commitment_id)
    services.commitment_fulfil(by=actor(request), commitment=c, fulfilled=payload.fulfilled, evidence=payload.evidence, on=payload.on)
    return commitment_out(Commitment.objects.select_related("owner", "department").get(pk=commitment_id))


class DeliveryFindingIn(Schema):
    finding: str


@router.post("/commitment-reviews/{review_id}", auth=STAFF_AUTH, response={200: ReviewOut, **ERRORS}, summary="登记回头看情况（效能办）")
def commitment_review(request, review_id: int, payload: DeliveryFindingIn):
    review = services.commitment_review(by=actor(request), review=get_object_or_404(CommitmentReview, pk=review_id), finding=payload.finding)
    return {"id": review.pk, "due_on": review.due_on, "done_at": review.done_at, "finding": review.finding}


class BenefitIn(Schema):
    name: str
    description: str = ""


class PolicyIn(Schema):
    name: str
    issuing_body: str
    document_no: str = ""
    issued_on: dt.date
    department: str = Field(description="兑现部门编码")
    benefits: list[BenefitIn]
    guide_days: int = Field(10, description="申兑指南发布期限（工作日）")
    approve_days: int = Field(2, description="审核时限（工作日）")
    pay_days: int = Field(1, description="拨付时限（工作日）")


class BenefitOut(Schema):
    id: int
    name: str
    description: str


class PolicyOut(Schema):
    id: int
    name: str
    issuing_body: str
    document_no: str
    issued_on: dt.date
    department: str
    guide_due_on: dt.date | None
    guide_published_at: dt.datetime | None
    guide: str
    approve_days: int
    pay_days: int
    benefits: list[BenefitOut]


def policy_out(p: Policy) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "issuing_body": p.issuing_body,
        "document_no": p.document_no,
        "issued_on": p.issued_on,
        "department": p.department.name,
        "guide_due_on": p.guide_clock.due_on if p.guide_clock else None,
        "guide_published_at": p.guide_published_at,
        "guide": p.guide,
        "approve_days": p.approve_days,
        "pay_days": p.pay_days,
        "benefits": [{"id": b.pk, "name": b.name, "description": b.description} for b in p.benefits.all()],
    }


@router.get("/policies", auth=None, response=list[PolicyOut], summary="惠企政策与申兑指南（公开）")
def policy_list(request):
    return [policy_out(p) for p in selectors.policies()[:200]]


@router.post("/policies", auth=STAFF_AUTH, response={201: PolicyOut, **ERRORS}, summary="登记惠企政策")
def policy_create(request, payload: PolicyIn):
    department = Department.objects.filter(code=payload.department, is_active=True).first()
    if department is None:
        raise InvalidInput("兑现部门不存在", code=Shared.UNKNOWN_DEPARTMENT)
    p = services.policy_create(
        by=actor(request),
        name=payload.name,
        issuing_body=payload.issuing_body,
        document_no=payload.document_no,
        issued_on=payload.issued_on,
        department=department,
        benefits=[b.dict() for b in payload.benefits],
        guide_days=payload.guide_days,
        approve_days=payload.approve_days,
        pay_days=payload.pay_days,
    )
    return Status(201, policy_out(p))


class GuideIn(Schema):
    guide: str


@router.post("/policies/{policy_id}/guide", auth=STAFF_AUTH, response={200: PolicyOut, **ERRORS}, summary="发布申兑指南")
def policy_guide(request, policy_id: int, payload: GuideIn):
    p = services.policy_publish_guide(by=actor(request), policy=get_object_or_404(Policy, pk=policy_id), guide=payload.guide)
    return policy_out(selectors.policies().get(pk=p.pk))


class ClaimIn(Schema):
    enterprise: str
    uscc: str = Field(description="统一社会信用代码")
    amount: DecimalValue = Field(description="申请金额（元）")


class ClaimOut(Schema):
    number: str
    query_code: str | None = Field(None, description="只在提交时返回一次")
    policy: str
    benefit: str
    enterprise: str
    amount: DecimalValue
    status: str
    status_label: str
    submitted_at: dt.datetime
    approval_due_on: dt.date | None
    approved_at: dt.datetime | None
    payment_due_on: dt.date | None
    paid_at: dt.datetime | None
    decision_note: str


def claim_out(c: BenefitClaim, *, with_code: bool = False) -> dict:
    return {
        "number": c.number,
        "query_code": c.query_code if with_code else None,
        "policy": c.benefit.policy.name,
        "benefit": c.benefit.name,
        "enterprise": c.enterprise,
        "amount": c.amount,
        "status": c.status,
        "status_label": c.get_status_display(),
        "submitted_at": c.submitted_at,
        "approval_due_on": c.approval_clock.due_on if c.approval_clock else None,
        "approved_at": c.approved_at,
        "payment_due_on": c.payment_clock.due_on if c.payment_clock else None,
        "paid_at": c.paid_at,
        "decision_note": c.decision_note,
    }


@router.post("/policies/benefits/{benefit_id}/claims", auth=PUBLIC_OR_ANY, response={201: ClaimOut, **ERRORS}, summary="企业申请政策兑现")
def claim_create(request, benefit_id: int, payload: ClaimIn):
    benefit = get_object_or_404(PolicyBenefit.objects.select_related("policy"), pk=benefit_id)
    claim = services.claim_submit(by=actor(request), benefit=benefit, enterprise=payload.enterprise, uscc=payload.uscc, amount=payload.amount)
    return Status(201, claim_out(claim, with_code=True))


@router.get("/claims/lookup", auth=None, response={200: ClaimOut, **ERRORS}, summary="企业凭申请编号和查询码查询兑现进度")
def claim_lookup(request, number: str, query_code: str):
    return claim_out(selectors.claim_lookup(number, query_code))


class ClaimDecisionIn(Schema):
    note: str = ""
    amount: DecimalValue | None = None


def _claim(claim_id: int) -> BenefitClaim:
    return get_object_or_404(BenefitClaim.objects.select_related("benefit__policy", "department", "approval_clock", "payment_clock"), pk=claim_id)


@router.post(
    "/claims/{claim_id}/{action}",
    auth=STAFF_AUTH,
    response={200: ClaimOut, **ERRORS},
    summary="办理兑现申请：approve（审核通过）、reject（不予兑现）、pay（拨付）",
)
def claim_act(request, claim_id: int, action: str, payload: ClaimDecisionIn):
    by, claim = actor(request), _claim(claim_id)
    if action == "approve":
        services.claim_approve(by=by, claim=claim, note=payload.note)
    elif action == "reject":
        services.claim_reject(by=by, claim=claim, note=payload.note)
    elif action == "pay":
        services.claim_pay(by=by, claim=claim, amount=payload.amount)
    else:
        raise InvalidInput("操作应为 approve、reject 或 pay", code=Shared.INVALID_CHOICE)
    return claim_out(_claim(claim_id))


class OnTimeOut(Schema):
    department: str
    claims: int
    approval: dict
    payment: dict


@router.get("/policies/on-time", auth=None, response=list[OnTimeOut], summary="政策兑现按时率（按部门）")
def on_time(request):
    return selectors.delivery_on_time()
