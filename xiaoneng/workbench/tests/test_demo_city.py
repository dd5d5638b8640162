"""``manage.py demo_city``: the city a new user sees, loaded once for this module (in a
transaction rolled back at the end) and checked per domain."""

import pytest
from django.core.management import call_command
from django.db import transaction

from xiaoneng.accountability.models import Fault
from xiaoneng.clocks.models import Clock
from xiaoneng.insights.models import CategoryDepartment, HotIssue, ProblemEntry, RoutingModel
from xiaoneng.org.access import roles_of
from xiaoneng.org.models import Department, Role, Staff
from xiaoneng.workorders.models import LinkKind, Status, WorkOrder, WorkOrderLink

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo city, loaded once; each test runs in a savepoint inside this transaction."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo_city")
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_every_role_has_a_demo_account(demo, db):
    assert Department.objects.filter(kind="bureau").count() >= 12
    assert Department.objects.filter(kind="district").count() >= 5
    assert Department.objects.filter(kind="street").exists() and Department.objects.filter(kind="township").exists()
    assert Department.objects.get(code="jinan").division_code == "370100"
    for username in ["admin", "window", "dispatcher", "handler", "head", "supervisor", "leader"]:
        staff = Staff.objects.get(user__username=username)
        assert staff.user.check_password(username)
        assert roles_of(staff.user) != {Role.PUBLIC}
    assert Staff.objects.get(user__username="handler").department == Staff.objects.get(user__username="head").department


def test_a_second_run_loads_nothing(demo, db, capsys):
    count = Department.objects.count()
    call_command("demo_city")
    assert "已存在" in capsys.readouterr().out
    assert Department.objects.count() == count


def test_work_orders_in_every_status_with_real_deadlines_and_a_duplicate_group(demo, db):
    assert WorkOrder.objects.count() >= 150
    statuses = set(WorkOrder.objects.values_list("status", flat=True))
    assert statuses >= {Status.RECEIVED, Status.DISPATCHED, Status.SIGNED, Status.REPLIED, Status.CLOSED, Status.RETURNED, Status.REOPENED}
    assert len(set(WorkOrder.objects.values_list("type", flat=True))) == 6 and len(set(WorkOrder.objects.values_list("channel", flat=True))) >= 6
    assert WorkOrder.objects.filter(round__gt=1).exists() and Fault.objects.filter(source="improper_return").exists()
    assert WorkOrderLink.objects.filter(kind=LinkKind.DUPLICATE).count() == 2
    assert Clock.objects.filter(subject_type="workorders.workorder", state="running").exists()


def test_a_routing_model_hot_issues_and_a_registered_problem(demo, db):
    assert CategoryDepartment.objects.count() == 7
    model = RoutingModel.objects.get(is_active=True)
    assert model.samples >= 20 and len(model.labels) >= 3
    assert HotIssue.objects.filter(title__contains="地铁", size__gte=6).exists()
    assert ProblemEntry.objects.get().hot_issue.title.startswith("历城区山大路地铁")


def test_ratings_a_finished_campaign_commitments_and_a_policy_with_claims(demo, db):
    from xiaoneng.evaluation.models import Appraisal, BenefitClaim, Commitment, Rating, Rectification
    from xiaoneng.evaluation.rules import AppraisalStatus
    from xiaoneng.supervision.models import Warning

    assert Rating.objects.filter(is_default=False).count() >= 30 and Rating.objects.filter(is_default=True).exists()
    assert Rating.objects.filter(excluded=True).exists() and Rating.objects.filter(follow_up_level__isnull=False).exists()
    assert Rectification.objects.filter(status="verifying").exists()
    appraisal = Appraisal.objects.get(status=AppraisalStatus.PUBLISHED)
    assert appraisal.votes.count() >= 300 and appraisal.vetoes.exists()
    results = appraisal.results.all()
    assert results.filter(ranked=False).exists() and results.filter(bottom=True).exists()
    assert any(r.rank_low != r.rank_high for r in results.filter(ranked=True))
    assert Warning.objects.filter(rule="evaluation.appraisal_bottom", level="yellow").exists()
    assert set(Commitment.objects.values_list("status", flat=True)) >= {"open", "fulfilled"}
    assert set(BenefitClaim.objects.values_list("status", flat=True)) >= {"submitted", "approved", "paid"}


def test_licences_with_validity_a_deemed_renewal_and_a_preliminary_review(demo, db):
    from xiaoneng.applications.models import Application, PreliminaryReview
    from xiaoneng.applications.models import Status as AppStatus

    assert Application.objects.filter(valid_until__isnull=False, renews__isnull=True).count() >= 2
    deemed = Application.objects.get(status=AppStatus.DEEMED_RENEWED)
    assert deemed.renews.valid_until < deemed.valid_until and deemed.notices.filter(kind="deemed_renewal").exists()
    assert Clock.objects.filter(kind="application.renewal", state="running").exists()
    assert PreliminaryReview.objects.filter(sent_on__isnull=True).count() == 2 and PreliminaryReview.objects.filter(sent_on__isnull=False).exists()
    assert Clock.objects.filter(kind="application.preliminary", state="running", responsible__isnull=False).exists()
