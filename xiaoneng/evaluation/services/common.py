"""What the evaluation services share: clock kinds and the city's 好差评 rules."""

from __future__ import annotations

from xiaoneng.org.models import Department

from ..models.ratings import RatingPolicy

RECTIFY, CALLBACK = "evaluation.rectification", "evaluation.callback"
COMMITMENT, COMMITMENT_REVIEW = "evaluation.commitment", "evaluation.commitment_review"
POLICY_GUIDE, CLAIM_APPROVAL, CLAIM_PAYMENT = "evaluation.policy_guide", "evaluation.claim_approval", "evaluation.claim_payment"

KIND_LABELS = {
    RECTIFY: "差评核实整改",
    CALLBACK: "差评整改回访",
    COMMITMENT: "承诺兑现",
    COMMITMENT_REVIEW: "承诺回头看",
    POLICY_GUIDE: "申兑指南发布",
    CLAIM_APPROVAL: "政策兑现审核",
    CLAIM_PAYMENT: "兑现资金拨付",
}


def rating_policy() -> RatingPolicy:
    """The city's rules (the one row, created with the defaults on first use)."""
    policy, _ = RatingPolicy.objects.get_or_create(pk=1)
    return policy


def division_code(department: Department) -> str:
    """行政区划: the department's own code, else the nearest ancestor's."""
    if department.division_code:
        return department.division_code
    ids = [int(x) for x in department.path.strip("/").split("/") if x]
    codes = dict(Department.objects.filter(pk__in=ids).exclude(division_code="").values_list("pk", "division_code"))
    for pk in reversed(ids):
        if pk in codes:
            return codes[pk]
    return ""


def last_moment_of(day):
    """A deadline on a calendar date as a clock's moment: the last instant of that day (so the
    clock's due date is the day itself, and it passes at the midnight that ends it)."""
    import datetime as dt

    from xiaoneng.core import clock

    return clock.end_of_day(day) - dt.timedelta(microseconds=1)
