"""The demo city's cases: every status, real deadlines, a duplicate group."""

from django.core.management import call_command

from xiaoneng.accountability.models import Fault
from xiaoneng.clocks.models import Clock
from xiaoneng.workorders.models import LinkKind, Status, WorkOrder, WorkOrderLink


def test_demo_loads_cases_in_every_status(db):
    call_command("demo_city")
    assert WorkOrder.objects.count() >= 150
    statuses = set(WorkOrder.objects.values_list("status", flat=True))
    assert statuses >= {Status.RECEIVED, Status.DISPATCHED, Status.SIGNED, Status.REPLIED, Status.CLOSED, Status.RETURNED, Status.REOPENED}
    assert len(set(WorkOrder.objects.values_list("type", flat=True))) == 6 and len(set(WorkOrder.objects.values_list("channel", flat=True))) >= 6
    assert WorkOrder.objects.filter(round__gt=1).exists() and Fault.objects.filter(source="improper_return").exists()
    assert WorkOrderLink.objects.filter(kind=LinkKind.DUPLICATE).count() == 2
    assert Clock.objects.filter(subject_type="workorders.workorder", state="running").exists()
