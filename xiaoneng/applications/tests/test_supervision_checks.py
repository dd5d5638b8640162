"""Electronic supervision flags what is not a missed deadline: a fee charged off the published
list, and a refusal on record without reasons — a red card and a fault each, once, resolved
when the finding goes away."""

from decimal import Decimal

from xiaoneng.accountability.models import Fault
from xiaoneng.applications import services
from xiaoneng.applications.models import Application
from xiaoneng.supervision.models import Level, Warning
from xiaoneng.supervision.sweep import warnings_sweep

from .conftest import D, fresh


def sweep_on(today_is, day):
    with today_is(day):
        return warnings_sweep(by=None).counts["checks"]


def test_a_fee_off_the_published_list_is_flagged_once(submit, today_is, city):
    with today_is(D(2026, 3, 2)):
        app = submit(D(2026, 3, 2))
    with today_is(D(2026, 3, 3)):
        services.fee_charge(by=city.user("window"), application=app, code="F1", amount=Decimal("0"))
    assert sweep_on(today_is, D(2026, 3, 4)).get("applications.unlisted_fee", 0) == 0
    with today_is(D(2026, 3, 4)):
        services.fee_charge(by=city.user("window"), application=app, code="X9", amount=Decimal("200"), name="加急服务费")
        services.fee_charge(by=city.user("window"), application=app, code="F1", amount=Decimal("10"))
    assert sweep_on(today_is, D(2026, 3, 5))["applications.unlisted_fee"] == 1
    assert sweep_on(today_is, D(2026, 3, 6)).get("applications.unlisted_fee", 0) == 0  # a rerun adds nothing
    w = Warning.objects.get(rule="applications.unlisted_fee")
    assert (w.level, w.subject_type, w.subject_id, w.department.code, w.responsible) == (
        Level.RED,
        "applications.application",
        app.pk,
        "market",
        city.user("window"),
    )
    assert Fault.objects.filter(subject_type="applications.application", subject_id=str(app.pk), source="supervision").count() == 1


def test_a_refusal_on_record_without_reasons_is_flagged_until_reasons_are_added(submit, today_is, city):
    with today_is(D(2026, 3, 2)):
        app = submit(D(2026, 3, 2))
        services.application_decide(by=city.user("head"), application=app, result="deny", reason="经营场所不符合食品安全要求")
    assert sweep_on(today_is, D(2026, 3, 3)).get("applications.refused_without_reasons", 0) == 0
    Application.objects.filter(pk=app.pk).update(decision_reason="")  # entered around the service (e.g. the admin site)
    assert sweep_on(today_is, D(2026, 3, 4))["applications.refused_without_reasons"] == 1
    w = Warning.objects.get(rule="applications.refused_without_reasons")
    assert (w.level, w.subject_id, w.responsible, w.resolved_at) == (Level.RED, app.pk, city.user("head"), None)
    Application.objects.filter(pk=app.pk).update(decision_reason="经营场所不符合食品安全要求")
    sweep_on(today_is, D(2026, 3, 5))
    assert fresh(app).decision_reason and Warning.objects.get(pk=w.pk).resolved_at is not None


def test_refusing_a_complete_application_is_flagged_for_review_without_a_fault(submit, today_is, city):
    with today_is(D(2026, 3, 2)):
        complete = submit(D(2026, 3, 2))  # all materials: accepted at the counter
        partial = submit(D(2026, 3, 2), materials=["M1"])
        services.application_decide(by=city.user("window"), application=partial, result="not_accept", reason="不属于本部门职权")
    with today_is(D(2026, 3, 10)):
        services.application_decide(by=city.user("handler"), application=complete, result="deny", reason="经营场所不符合要求")
    found = sweep_on(today_is, D(2026, 3, 11))
    assert found["applications.refusal_of_complete"] == 1
    w = Warning.objects.get(rule="applications.refusal_of_complete")
    assert (w.level, w.subject_id, w.department.code, w.responsible) == (Level.YELLOW, complete.pk, "market", city.user("handler"))
    assert not Fault.objects.filter(subject_id=str(complete.pk)).exists()
