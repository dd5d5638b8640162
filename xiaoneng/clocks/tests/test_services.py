import datetime as dt

from xiaoneng.clocks.services import clock_assign, clock_start
from xiaoneng.core.models import AuditRecord


def test_assign_moves_a_clock_to_another_department(city):
    c = clock_start(by=None, subject=("test.thing", 1), kind="t", started_on=dt.date(2026, 3, 2), working_days=5, department=city.dept("market"))
    clock_assign(by=city.user("dispatcher"), clock_=c, department=city.dept("housing"), responsible=city.user("housing_handler"))
    c.refresh_from_db()
    assert c.department == city.dept("housing") and c.responsible == city.user("housing_handler")
    rec = AuditRecord.objects.get(action="clock.assign")
    assert rec.before["department"] == city.dept("market").pk and rec.after["department"] == city.dept("housing").pk
    clock_assign(by=None, clock_=c, department=city.dept("housing"))
    assert AuditRecord.objects.filter(action="clock.assign").count() == 1  # no change, no record


def test_recompute_reaches_hour_based_clocks_through_their_hook(city):
    from xiaoneng.clocks import registry
    from xiaoneng.clocks.services import clocks_recompute
    from xiaoneng.core import clock as core_clock
    from xiaoneng.core import hooks

    calls = []
    with hooks.register_temporarily(registry.RECOMPUTE, lambda subject_id, cal, by: calls.append(subject_id) or 0, key="test.hourly"):
        clock_start(
            by=None, subject=("test.hourly", 7), kind="t.sign", started_on=dt.date(2026, 3, 2), due_at=dt.datetime(2026, 3, 3, 10, tzinfo=core_clock.LOCAL_TZ)
        )
        clock_start(
            by=None, subject=("test.plain", 8), kind="t.sign", started_on=dt.date(2026, 3, 2), due_at=dt.datetime(2026, 3, 3, 10, tzinfo=core_clock.LOCAL_TZ)
        )
        assert clocks_recompute(by=None, dates=[dt.date(2026, 3, 3)]) == 0
        assert calls == [7]
