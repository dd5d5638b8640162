"""``manage.py demo_city``: the city a new user sees, loaded once for this module (in a
transaction rolled back at the end) and checked per domain."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

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
    # as configured in production (base settings): the 12345 centre is the demo's 热线中心
    centre = override_settings(XIAONENG=settings.XIAONENG | {"WORKORDER_CENTRE": "rexian"})
    with django_db_blocker.unblock(), centre:
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
    for username in ["admin", "window", "dispatcher", "handler", "head", "supervisor", "leader", "government_head", "hotline_head"]:
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


def test_a_duty_roster_over_the_demo_period_names_the_dispatcher_of_waiting_cases(demo, db):
    import datetime as dt

    from xiaoneng.core import clock
    from xiaoneng.workorders.models import DutyShift

    first, last = DutyShift.objects.order_by("starts_at").first(), DutyShift.objects.order_by("ends_at").last()
    oldest = WorkOrder.objects.order_by("received_at").first()
    assert first.starts_at <= oldest.received_at and last.ends_at >= clock.now() + dt.timedelta(days=6)
    assert {s.staff.user.username for s in DutyShift.objects.select_related("staff__user")} >= {"dispatcher"}
    assert "hotline_head" not in {s.staff.user.username for s in DutyShift.objects.select_related("staff__user")}
    waiting = Clock.objects.filter(subject_type="workorders.workorder", kind="workorder.handle", department__code="rexian")
    assert waiting.exists() and not waiting.filter(responsible__isnull=True).exists()
    assert Staff.objects.get(user__username="hotline_head").department.code == "rexian"


def test_the_government_head_approved_a_joint_extension_and_inquiries_wait_and_were_answered(demo, db):
    from xiaoneng.applications.models import Extension, Inquiry

    ext = Extension.objects.select_related("application__version").get(approved_by__username="government_head")
    assert ext.application.version.joint and ext.days == 15
    assert roles_of(Staff.objects.get(user__username="government_head").user) == {Role.GOVERNMENT_HEAD}
    waiting = Inquiry.objects.get(handed_to__user__username="handler")
    assert waiting.status == "open" and waiting.handed_at is not None
    assert Clock.objects.filter(subject_type="applications.inquiry", subject_id=waiting.pk, kind="inquiry.handover", state="running").exists()
    answered = Inquiry.objects.get(status="closed", outcome="handed_over")
    assert answered.reply and answered.replied_by is not None


def test_licences_with_validity_a_deemed_renewal_and_a_preliminary_review(demo, db):
    from xiaoneng.applications.models import Application, PreliminaryReview
    from xiaoneng.applications.models import Status as AppStatus

    assert Application.objects.filter(valid_until__isnull=False, renews__isnull=True).count() >= 2
    deemed = Application.objects.get(status=AppStatus.DEEMED_RENEWED)
    assert deemed.renews.valid_until < deemed.valid_until and deemed.notices.filter(kind="deemed_renewal").exists()
    assert Clock.objects.filter(kind="application.renewal", state="running").exists()
    assert PreliminaryReview.objects.filter(sent_on__isnull=True).count() == 2 and PreliminaryReview.objects.filter(sent_on__isnull=False).exists()
    assert Clock.objects.filter(kind="application.preliminary", state="running", responsible__isnull=False).exists()
