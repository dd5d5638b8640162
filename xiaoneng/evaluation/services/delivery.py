"""承诺践诺 and 政策兑现: commitments with their deadline and 回头看 reviews, policies with the
申兑指南 deadline, claims on the approval and payment clocks."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.db import transaction

from xiaoneng.clocks.services import clock_start, clock_stop
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.people import person
from xiaoneng.core.transitions import lock, transition
from xiaoneng.core.validators import is_valid_uscc, required_text

from .. import access
from ..codes import Action, Error
from ..models.delivery import BenefitClaim, Commitment, CommitmentReview, Policy, PolicyBenefit
from ..rules import CLAIM_TRANSITIONS, COMMITMENT_TRANSITIONS, ClaimStatus, CommitmentStatus
from .common import CLAIM_APPROVAL, CLAIM_PAYMENT, COMMITMENT, COMMITMENT_REVIEW, POLICY_GUIDE, last_moment_of

QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@transaction.atomic
def commitment_create(
    *, by, text: str, made_to: str, owner, made_on: dt.date, deadline: dt.date, reviews: list[dt.date] = (), public: bool = True
) -> Commitment:
    """承诺: what was promised, to whom, by whom (person and department) and by when; the
    deadline and each 回头看 date are clocks that supervision watches."""
    department = owner.department
    if not access.access_record_commitment(by, department):
        raise Forbidden("只有责任部门负责人或效能办可以登记承诺", code=Shared.FORBIDDEN)
    if deadline < made_on:
        raise InvalidInput("兑现期限不能早于承诺日期", code=Shared.INVALID_DATE)
    now = clock.now()
    c = Commitment.objects.create(
        text=required_text(text, "承诺内容"),
        made_to=required_text(made_to, "承诺对象", limit=200),
        department=department,
        owner=owner,
        made_on=made_on,
        deadline=deadline,
        public=public,
        created_by=person(by),
        created_at=now,
        updated_at=now,
    )
    c.clock = clock_start(by=by, subject=c, kind=COMMITMENT, started_on=made_on, due_at=last_moment_of(deadline), department=department, responsible=owner.user)
    c.save(update_fields=["clock"])
    for day in sorted(set(reviews)):
        review = CommitmentReview.objects.create(commitment=c, due_on=day)
        review.clock = clock_start(by=by, subject=review, kind=COMMITMENT_REVIEW, started_on=made_on, due_at=last_moment_of(day), department=department)
        review.save(update_fields=["clock"])
    audit.record(
        actor=by,
        action=Action.COMMITMENT_CREATE,
        subject=c,
        after=audit.snapshot(c, ["made_to", "department", "owner", "made_on", "deadline", "public"]) | {"reviews": sorted(set(reviews))},
    )
    return c


@transaction.atomic
def commitment_fulfil(*, by, commitment: Commitment, fulfilled: bool, evidence: str, on: dt.date | None = None) -> Commitment:
    """兑现 (or 未兑现) with the evidence; ``on`` is the day it was done (act time, not typing time)."""
    if not access.access_fulfil_commitment(by, commitment):
        raise Forbidden("只有承诺责任人、部门负责人或效能办可以登记兑现情况", code=Shared.FORBIDDEN)
    c = lock(commitment)
    on = on or clock.today()
    if on > clock.today() or on < c.made_on:
        raise InvalidInput("兑现日期应在承诺日期之后、今天之前", code=Shared.INVALID_DATE)
    evidence = required_text(evidence, "兑现佐证" if fulfilled else "未兑现原因", limit=5000)
    to = CommitmentStatus.FULFILLED if fulfilled else CommitmentStatus.FAILED
    transition(
        c,
        to=to,
        by=by,
        allowed=COMMITMENT_TRANSITIONS,
        action=Action.COMMITMENT_FULFIL,
        changes={"evidence": evidence, "fulfilled_on": on if fulfilled else None},
    )
    clock_stop(by=by, clock_=lock(c.clock), met=fulfilled and on <= c.deadline, note=to.label)
    return c


@transaction.atomic
def commitment_review(*, by, review: CommitmentReview, finding: str) -> CommitmentReview:
    """回头看: the supervision office looks again at a commitment and records what it found."""
    if not access.access_review_commitment(by):
        raise Forbidden("只有效能办可以登记回头看情况", code=Shared.FORBIDDEN)
    review = lock(review)
    if review.done_at is not None:
        raise Conflict("该次回头看已登记", code=Shared.CONFLICT)
    before = audit.snapshot(review, ["done_at", "finding"])
    review.finding, review.done_at, review.done_by = required_text(finding, "回头看情况"), clock.now(), by
    review.save(update_fields=["finding", "done_at", "done_by"])
    clock_stop(by=by, clock_=lock(review.clock), note="回头看已完成")
    audit.record(actor=by, action=Action.COMMITMENT_REVIEW, subject=review, before=before, after=audit.snapshot(review, ["done_at", "finding"]))
    return review


@transaction.atomic
def policy_create(
    *,
    by,
    name: str,
    issuing_body: str,
    issued_on: dt.date,
    department,
    benefits: list[dict],
    document_no: str = "",
    guide_days: int = 10,
    approve_days: int = 2,
    pay_days: int = 1,
) -> Policy:
    """政策兑现: a policy and its benefits; the 申兑指南 is due ``guide_days`` working days after
    the policy is issued (a clock)."""
    if not access.access_manage_policy(by, department):
        raise Forbidden("只有效能办或兑现部门负责人可以登记政策", code=Shared.FORBIDDEN)
    for value, label in ((guide_days, "申兑指南发布期限"), (approve_days, "审核时限"), (pay_days, "拨付时限")):
        if not isinstance(value, int) or not 0 <= value <= 60:
            raise InvalidInput(f"{label}应为 0–60 个工作日", code=Shared.NUMBER_OUT_OF_RANGE)
    if not benefits:
        raise InvalidInput("请至少列出一项兑现事项", code=Shared.MISSING_FIELD)
    policy = Policy.objects.create(
        name=required_text(name, "政策名称", limit=200),
        issuing_body=required_text(issuing_body, "发文机关", limit=120),
        document_no=(document_no or "")[:60],
        issued_on=issued_on,
        department=department,
        guide_days=guide_days,
        approve_days=approve_days,
        pay_days=pay_days,
        created_by=person(by),
        created_at=clock.now(),
    )
    for b in benefits:
        PolicyBenefit.objects.create(policy=policy, name=required_text(b.get("name"), "兑现事项", limit=120), description=str(b.get("description") or ""))
    policy.guide_clock = clock_start(by=by, subject=policy, kind=POLICY_GUIDE, started_on=issued_on, working_days=guide_days, department=department)
    policy.save(update_fields=["guide_clock"])
    audit.record(
        actor=by,
        action=Action.POLICY_CREATE,
        subject=policy,
        after=audit.snapshot(policy, ["name", "issuing_body", "issued_on", "department", "guide_days", "approve_days", "pay_days"]),
    )
    return policy


@transaction.atomic
def policy_publish_guide(*, by, policy: Policy, guide: str) -> Policy:
    if not access.access_manage_policy(by, policy.department):
        raise Forbidden("只有效能办或兑现部门负责人可以发布申兑指南", code=Shared.FORBIDDEN)
    policy = lock(policy)
    before = audit.snapshot(policy, ["guide", "guide_published_at"])
    policy.guide, policy.guide_published_at = required_text(guide, "申兑指南", limit=10000), clock.now()
    policy.save(update_fields=["guide", "guide_published_at"])
    if policy.guide_clock.state != "stopped":
        clock_stop(by=by, clock_=lock(policy.guide_clock), note="申兑指南已发布")
    audit.record(actor=by, action=Action.POLICY_GUIDE, subject=policy, before=before, after=audit.snapshot(policy, ["guide_published_at"]))
    return policy


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise InvalidInput("金额应为数字（元）", code=Error.INVALID_AMOUNT) from None
    if not Decimal("0") < amount < Decimal("1000000000000"):
        raise InvalidInput("金额应大于 0", code=Error.INVALID_AMOUNT)
    return amount


@transaction.atomic
def claim_submit(*, by, benefit: PolicyBenefit, enterprise: str, uscc: str, amount) -> BenefitClaim:
    """An enterprise claims a benefit; approval is due ``approve_days`` working days later.
    The claim number and a query code let the enterprise follow it."""
    uscc = str(uscc or "").strip().upper()
    if not is_valid_uscc(uscc):
        raise InvalidInput("统一社会信用代码无效（应为18位，且校验码正确）", code=Error.INVALID_USCC)
    policy = benefit.policy
    claim = BenefitClaim.objects.create(
        benefit=benefit,
        department=policy.department,
        enterprise=required_text(enterprise, "企业名称", limit=200),
        uscc=uscc,
        amount=_amount(amount),
        query_code="".join(secrets.choice(QUERY_ALPHABET) for _ in range(6)),
        submitted_at=clock.now(),
    )
    claim.approval_clock = clock_start(
        by=by, subject=claim, kind=CLAIM_APPROVAL, started_on=clock.today(), working_days=policy.approve_days, department=policy.department
    )
    claim.save(update_fields=["approval_clock"])
    audit.record(actor=by, action=Action.CLAIM_SUBMIT, subject=claim, after=audit.snapshot(claim, ["benefit", "enterprise", "uscc", "amount"]))
    return claim


def _handle(by, claim: BenefitClaim) -> BenefitClaim:
    if not access.access_handle_claim(by, claim.department):
        raise Forbidden("只有兑现部门的工作人员可以办理兑现申请", code=Shared.FORBIDDEN)
    return lock(claim)


@transaction.atomic
def claim_approve(*, by, claim: BenefitClaim, note: str = "") -> BenefitClaim:
    """审核通过: stops the approval clock and starts the payment clock."""
    claim = _handle(by, claim)
    transition(
        claim,
        to=ClaimStatus.APPROVED,
        by=by,
        allowed=CLAIM_TRANSITIONS,
        action=Action.CLAIM_APPROVE,
        changes={"approved_at": clock.now(), "decision_note": note, "handled_by": by},
    )
    clock_stop(by=by, clock_=lock(claim.approval_clock), note="审核通过")
    policy = claim.benefit.policy
    claim.payment_clock = clock_start(
        by=by, subject=claim, kind=CLAIM_PAYMENT, started_on=clock.today(), working_days=policy.pay_days, department=claim.department
    )
    claim.save(update_fields=["payment_clock"])
    return claim


@transaction.atomic
def claim_reject(*, by, claim: BenefitClaim, note: str) -> BenefitClaim:
    claim = _handle(by, claim)
    transition(
        claim,
        to=ClaimStatus.REJECTED,
        by=by,
        allowed=CLAIM_TRANSITIONS,
        action=Action.CLAIM_REJECT,
        changes={"approved_at": clock.now(), "decision_note": required_text(note, "不予兑现理由"), "handled_by": by},
    )
    clock_stop(by=by, clock_=lock(claim.approval_clock), note="不予兑现")
    return claim


@transaction.atomic
def claim_pay(*, by, claim: BenefitClaim, amount=None) -> BenefitClaim:
    claim = _handle(by, claim)
    paid = _amount(amount) if amount is not None else claim.amount
    transition(
        claim,
        to=ClaimStatus.PAID,
        by=by,
        allowed=CLAIM_TRANSITIONS,
        action=Action.CLAIM_PAY,
        changes={"paid_at": clock.now(), "paid_amount": paid, "handled_by": by},
    )
    clock_stop(by=by, clock_=lock(claim.payment_clock), note="已拨付")
    return claim
