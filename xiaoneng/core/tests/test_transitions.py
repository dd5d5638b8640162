import pytest
from django.db import transaction

from xiaoneng.accountability.models import Fault, FaultSource
from xiaoneng.accountability.services import fault_record
from xiaoneng.core.errors import Conflict
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.transitions import lock, transition

TABLE = {"reported": {"verified", "dismissed"}, "verified": set(), "dismissed": set()}


def test_allowed_transition_is_saved_and_audited(city):
    fault = fault_record(by=None, source=FaultSource.OTHER, department=city.dept("market"), description="事实")
    with transaction.atomic():
        locked = lock(fault)
        transition(
            locked, to="verified", by=city.user("supervisor"), allowed=TABLE, action="fault.verify", changes={"description": "核实后的事实"}, note="经核实"
        )
    fault.refresh_from_db()
    assert fault.status == "verified" and fault.description == "核实后的事实"
    rec = AuditRecord.objects.get(action="fault.verify")
    assert rec.before == {"status": "reported", "description": "事实"}
    assert rec.after == {"status": "verified", "description": "核实后的事实"}
    assert rec.note == "经核实" and rec.actor == city.user("supervisor")


def test_forbidden_transition_changes_nothing(city):
    fault = fault_record(by=None, source=FaultSource.OTHER, department=city.dept("market"), description="事实")
    Fault.objects.filter(pk=fault.pk).update(status="dismissed")
    fault.refresh_from_db()
    with pytest.raises(Conflict) as exc:
        transition(fault, to="verified", by=None, allowed=TABLE, action="fault.verify")
    assert exc.value.code == "invalid_transition"
    assert "不予认定" in exc.value.message and "已认定" in exc.value.message
    fault.refresh_from_db()
    assert fault.status == "dismissed"
    assert not AuditRecord.objects.filter(action="fault.verify").exists()
