"""Nobody escapes: a case waiting for dispatch is answered for by the 12345 centre and the
dispatcher on duty (the duty roster)."""

from xiaoneng.clocks.models import Clock
from xiaoneng.core import clock
from xiaoneng.org.models import Role
from xiaoneng.org.services import staff_create
from xiaoneng.workorders import services
from xiaoneng.workorders.models import DutyShift

from .conftest import at, hotline


def _handle(case):
    return Clock.objects.get(subject_type="workorders.workorder", subject_id=case.pk, kind="workorder.handle")


def test_the_dispatch_queue_names_the_centre_and_the_dispatcher_on_duty(city):
    night = staff_create(by=None, username="night", password="night", name="夜班派单员", department=city.dept("hotline"), roles=[Role.DISPATCHER])
    DutyShift.objects.create(staff=city["staff"]["dispatcher"], starts_at=at(2026, 10, 1, 8), ends_at=at(2026, 10, 1, 20))
    DutyShift.objects.create(staff=night, starts_at=at(2026, 10, 1, 20), ends_at=at(2026, 10, 2, 8))
    day_case = hotline(city, at(2026, 10, 1, 10))  # 国庆: received on a holiday
    night_case = hotline(city, at(2026, 10, 1, 23, 30))
    off_roster = hotline(city, at(2026, 10, 3, 10))
    assert (_handle(day_case).department, _handle(day_case).responsible) == (city.dept("hotline"), city.user("dispatcher"))
    assert (_handle(night_case).department, _handle(night_case).responsible) == (city.dept("hotline"), night.user)
    assert (_handle(off_roster).department, _handle(off_roster).responsible) == (city.dept("hotline"), None)
    with clock.frozen(at(2026, 10, 8, 9)):
        services.workorder_dispatch(by=city.user("dispatcher"), workorder=day_case, department=city.dept("market"))
    assert (_handle(day_case).department, _handle(day_case).responsible) == (city.dept("market"), None)
