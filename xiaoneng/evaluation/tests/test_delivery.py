"""承诺践诺 and 政策兑现: every deadline is a clock that supervision watches; enterprises follow
their claim with a query code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xiaoneng.clocks.models import Clock
from xiaoneng.core import clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from xiaoneng.core.models import AuditRecord
from xiaoneng.evaluation import selectors, services
from xiaoneng.evaluation.codes import Action, Error
from xiaoneng.evaluation.rules import ClaimStatus, CommitmentStatus
from xiaoneng.supervision.models import Warning
from xiaoneng.supervision.sweep import warnings_sweep

from .conftest import at

D = dt.date
USCC = "91350100M000100Y43"


def test_a_commitment_with_its_deadline_and_review_on_the_clock(city):
    head = city["staff"]["head"]
    with clock.frozen(at(2026, 9, 1, 10)):
        with pytest.raises(Forbidden):
            services.commitment_create(by=city.user("housing_head"), text="x", made_to="y", owner=head, made_on=D(2026, 9, 1), deadline=D(2026, 9, 30))
        c = services.commitment_create(
            by=city.user("head"),
            text="食品经营许可“证照联办”，三个工作日内办结",
            made_to="济南华信科技有限公司",
            owner=head,
            made_on=D(2026, 9, 1),
            deadline=D(2026, 9, 30),
            reviews=[D(2026, 10, 15)],
        )
    assert (c.clock.kind, c.clock.due_on, c.clock.responsible) == ("evaluation.commitment", D(2026, 9, 30), head.user)
    review = c.reviews.get()
    assert review.clock.due_on == D(2026, 10, 15)
    with clock.frozen(at(2026, 10, 9, 9)):
        warnings_sweep(by=None)
    assert Warning.objects.filter(subject_type="evaluation.commitment", subject_id=c.pk, level="yellow").exists()
    with clock.frozen(at(2026, 10, 9, 10)):
        with pytest.raises(InvalidInput):
            services.commitment_fulfil(by=head.user, commitment=c, fulfilled=True, evidence="")
        services.commitment_fulfil(by=head.user, commitment=c, fulfilled=True, evidence="已办结，企业签收", on=D(2026, 10, 9))
        with pytest.raises(Conflict):
            services.commitment_fulfil(by=head.user, commitment=c, fulfilled=True, evidence="再次")
    c.refresh_from_db()
    assert c.status == CommitmentStatus.FULFILLED and Clock.objects.get(pk=c.clock_id).met is False  # late
    with clock.frozen(at(2026, 10, 15, 10)):
        with pytest.raises(Forbidden):
            services.commitment_review(by=head.user, review=review, finding="自查")
        services.commitment_review(by=city.user("supervisor"), review=review, finding="回访企业，承诺已落实")
    assert Clock.objects.get(pk=review.clock_id).met is True
    assert list(AuditRecord.objects.filter(action__startswith="commitment.").values_list("action", flat=True)) == [
        Action.COMMITMENT_CREATE,
        Action.COMMITMENT_FULFIL,
        Action.COMMITMENT_REVIEW,
    ]


def test_a_policy_guide_and_claims_on_the_payment_clock(city, api):
    market = city.dept("market")
    with clock.frozen(at(2026, 9, 28, 9)):  # Monday; National Day follows on Thursday
        with pytest.raises(Forbidden):
            services.policy_create(by=city.user("handler"), name="x", issuing_body="y", issued_on=D(2026, 9, 28), department=market, benefits=[{"name": "z"}])
        policy = services.policy_create(
            by=city.user("head"),
            name="支持个体工商户发展若干措施",
            issuing_body="测试市人民政府办公室",
            issued_on=D(2026, 9, 28),
            department=market,
            benefits=[{"name": "首次开业补贴", "description": "5000元"}],
            guide_days=5,
        )
    # 29, 30 Sep, 8, 9 Oct, Sat 10 Oct (调休)
    assert policy.guide_clock.due_on == D(2026, 10, 10)
    benefit = policy.benefits.get()
    with clock.frozen(at(2026, 9, 30, 10)):
        with pytest.raises(InvalidInput) as exc:
            services.claim_submit(by=None, benefit=benefit, enterprise="济南鲁源科技有限公司", uscc="91350100M000100Y44", amount="5000")
        assert exc.value.code == Error.INVALID_USCC
        with pytest.raises(InvalidInput):
            services.claim_submit(by=None, benefit=benefit, enterprise="济南鲁源科技有限公司", uscc=USCC, amount="-1")
        claim = services.claim_submit(by=None, benefit=benefit, enterprise="济南鲁源科技有限公司", uscc=USCC, amount="5000")
    assert claim.approval_clock.due_on == D(2026, 10, 9)  # 2 working days: 8 and 9 October
    found = api().get(f"/api/v1/claims/lookup?number={claim.number}&query_code={claim.query_code}")
    assert found.status_code == 200 and found.json()["status"] == "submitted" and found.json()["query_code"] is None
    assert api().get(f"/api/v1/claims/lookup?number={claim.number}&query_code=WRONG9").status_code == 404
    with pytest.raises(NotFound):
        selectors.claim_lookup(claim.number.replace("20260930", "20261001"), claim.query_code)
    with clock.frozen(at(2026, 10, 8, 10)):
        with pytest.raises(Forbidden):
            services.claim_approve(by=city.user("housing_handler"), claim=claim)
        services.claim_approve(by=city.user("handler"), claim=claim, note="符合条件")
    with clock.frozen(at(2026, 10, 12, 10)):  # due Fri 9 Oct
        services.claim_pay(by=city.user("handler"), claim=claim)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID and claim.paid_amount == Decimal("5000.00")
    assert Clock.objects.get(pk=claim.approval_clock_id).met is True and Clock.objects.get(pk=claim.payment_clock_id).met is False
    rates = {r["department"]: r for r in selectors.delivery_on_time()}
    assert rates["市市场监督管理局"]["approval"]["k"] == 1 and rates["市市场监督管理局"]["payment"] == {
        "k": 0,
        "n": 1,
        "rate": 0.0,
        "ci_low": 0.0,
        "ci_high": pytest.approx(0.7935, abs=1e-4),
    }
