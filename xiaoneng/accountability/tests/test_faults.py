import pytest

from xiaoneng.accountability.models import Fault, FaultSource
from xiaoneng.accountability.services import fault_record
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import AuditRecord


def test_fault_is_recorded_and_audited(city):
    fault = fault_record(
        by=city.user("supervisor"),
        source=FaultSource.INSPECTION,
        department=city.dept("market"),
        person=city["staff"]["handler"],
        description="上班时间玩手机游戏",
    )
    assert fault.status == "reported" and fault.person.user == city.user("handler")
    rec = AuditRecord.objects.get(action="fault.record")
    assert rec.actor == city.user("supervisor") and rec.after["description"] == "上班时间玩手机游戏"


def test_automatic_faults_are_not_duplicated(city):
    a = fault_record(by=None, source=FaultSource.RED_CARD, department=city.dept("market"), description="红牌", subject=city.dept("market"), dedupe_key="red:1")
    b = fault_record(by=None, source=FaultSource.RED_CARD, department=city.dept("market"), description="红牌", subject=city.dept("market"), dedupe_key="red:1")
    assert a.pk == b.pk and Fault.objects.count() == 1


@pytest.mark.parametrize("source,description", [("nonsense", "x"), (FaultSource.OTHER, "  ")])
def test_bad_fault_input(city, source, description):
    with pytest.raises(InvalidInput):
        fault_record(by=None, source=source, department=city.dept("market"), description=description)
    assert not Fault.objects.exists()
