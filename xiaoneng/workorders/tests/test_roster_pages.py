"""The duty roster page (派单值班表): kept by the 12345 centre's head and administrators, one
audited service per change, shifts that never overlap, refusals in Chinese; and who was on
duty shown on a case still waiting for dispatch."""

import datetime as dt

import pytest

from xiaoneng.core import clock
from xiaoneng.core.models import AuditRecord
from xiaoneng.org.models import Role
from xiaoneng.org.services import staff_create
from xiaoneng.workorders import services
from xiaoneng.workorders.codes import Action
from xiaoneng.workorders.models import DutyShift

from .conftest import at, hotline

URL = "/staff/workorders/roster/"


@pytest.fixture
def centre_head(city):
    return staff_create(by=None, username="hotline_head", password="x", name="热线主任", department=city.dept("hotline"), roles=[Role.HEAD]).user


def _as(client, user):
    client.force_login(user)
    return client


def _shift(**fields):
    return {"staff": "dispatcher", "starts_at": "2026-12-07T08:00", "ends_at": "2026-12-07T20:00", "note": ""} | fields


@pytest.mark.parametrize("name", ["handler", "head", "window", "street_handler"])
def test_departments_may_not_see_the_roster(client, city, name):
    assert _as(client, city.user(name)).get(URL).status_code == 403


def test_dispatchers_read_it_but_cannot_change_it(client, city):
    c = _as(client, city.user("dispatcher"))
    html = c.get(URL + "?week=2026-12-09").content.decode()
    assert "2026-12-07（周一）至 2026-12-13（周日）" in html and "排班</button>" not in html
    with clock.frozen(at(2026, 12, 3, 10)):
        r = c.post(URL, _shift(), follow=True)
    assert "只有热线中心负责人或系统管理员可以排班" in r.content.decode() and not DutyShift.objects.exists()


def test_the_centre_head_adds_changes_and_removes_a_shift_each_audited(client, city, centre_head):
    c = _as(client, centre_head)
    with clock.frozen(at(2026, 12, 3, 10)):
        r = c.post(URL, _shift(note="白班"))
        assert r.status_code == 302 and r["Location"].endswith("?week=2026-12-07")
        shift = DutyShift.objects.get()
        assert (shift.staff.user, shift.starts_at, shift.ends_at, shift.note) == (city.user("dispatcher"), at(2026, 12, 7, 8), at(2026, 12, 7, 20), "白班")
        html = c.get(URL + "?week=2026-12-07").content.decode()
        assert "2026-12-07 08:00 至 2026-12-07 20:00" in html and "测试dispatcher" in html
        c.post(f"{URL}{shift.pk}/update/", _shift(starts_at="2026-12-07T09:00", ends_at="2026-12-07T21:00"))
        shift.refresh_from_db()
        assert (shift.starts_at, shift.ends_at, shift.note) == (at(2026, 12, 7, 9), at(2026, 12, 7, 21), "")
        c.post(f"{URL}{shift.pk}/delete/")
    assert not DutyShift.objects.exists()
    records = list(AuditRecord.objects.filter(subject_type="workorders.dutyshift").order_by("id"))
    assert [r.action for r in records] == [Action.DUTY_SHIFT_CREATE, Action.DUTY_SHIFT_UPDATE, Action.DUTY_SHIFT_DELETE]
    moved = [dt.datetime.fromisoformat(records[1].before["starts_at"]), dt.datetime.fromisoformat(records[1].after["starts_at"])]
    assert moved == [at(2026, 12, 7, 8), at(2026, 12, 7, 9)]
    assert records[2].actor == centre_head and "2026-12-07 09:00 至 2026-12-07 21:00" in records[2].note


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"starts_at": "2026-12-07T20:00", "ends_at": "2026-12-07T08:00"}, "值班结束时间应晚于开始时间"),
        ({"ends_at": "2026-12-09T08:00"}, "一个班次不能超过24小时"),
        ({"ends_at": ""}, "请填写值班的开始和结束时间"),
        ({"starts_at": "明天早上"}, "应为 ISO 8601 时间"),
        ({"staff": "handler"}, "值班人员应为热线中心在岗的派单员"),
        ({"staff": "nobody"}, "未知的工作人员"),
        ({"starts_at": "2026-12-07T19:00", "ends_at": "2026-12-08T07:00"}, "与测试dispatcher的值班（2026-12-07 08:00 至 2026-12-07 20:00）时间重叠"),
    ],
)
def test_bad_shifts_are_refused_in_chinese_and_change_nothing(client, city, centre_head, fields, message):
    with clock.frozen(at(2026, 12, 3, 10)):
        services.duty_shift_create(by=centre_head, staff=city["staff"]["dispatcher"], starts_at=at(2026, 12, 7, 8), ends_at=at(2026, 12, 7, 20))
        r = _as(client, centre_head).post(URL, _shift(**fields), follow=True)
    assert message in r.content.decode()
    assert DutyShift.objects.count() == 1 and AuditRecord.objects.filter(action=Action.DUTY_SHIFT_CREATE).count() == 1


def test_a_shift_moved_onto_another_is_refused_but_back_to_back_shifts_are_fine(city, centre_head):
    from xiaoneng.core.errors import Conflict

    night = staff_create(by=None, username="night", password="night", name="夜班派单员", department=city.dept("hotline"), roles=[Role.DISPATCHER])
    day = services.duty_shift_create(by=centre_head, staff=city["staff"]["dispatcher"], starts_at=at(2026, 12, 7, 8), ends_at=at(2026, 12, 7, 20))
    late = services.duty_shift_create(by=city.user("admin"), staff=night, starts_at=at(2026, 12, 7, 20), ends_at=at(2026, 12, 8, 8))
    with pytest.raises(Conflict) as refused:
        services.duty_shift_update(by=centre_head, shift=late, staff=night, starts_at=at(2026, 12, 7, 19), ends_at=at(2026, 12, 8, 8))
    assert refused.value.code == "shift_overlap"
    services.duty_shift_update(by=centre_head, shift=day, staff=city["staff"]["dispatcher"], starts_at=at(2026, 12, 7, 7), ends_at=at(2026, 12, 7, 20))
    late.refresh_from_db()
    assert late.starts_at == at(2026, 12, 7, 20)


def test_a_case_waiting_for_dispatch_shows_who_was_on_duty_and_its_card_names_them(client, city, centre_head):
    from xiaoneng.supervision.models import Warning
    from xiaoneng.supervision.sweep import warnings_sweep

    with clock.frozen(at(2026, 12, 1, 9)):
        services.duty_shift_create(by=centre_head, staff=city["staff"]["dispatcher"], starts_at=at(2026, 12, 3, 8), ends_at=at(2026, 12, 3, 20))
    case = hotline(city, at(2026, 12, 3, 10))
    html = _as(client, city.user("supervisor")).get(f"/staff/workorders/{case.pk}/").content.decode()
    assert "受理时值班派单员" in html and "测试dispatcher（2026-12-03 08:00 至 2026-12-03 20:00）" in html
    with clock.frozen(at(2026, 12, 31, 10)):
        warnings_sweep(by=None)
    card = Warning.objects.filter(subject_type="workorders.workorder", subject_id=case.pk, level="yellow").get()
    page = client.get(f"/staff/supervision/warnings/{card.pk}/").content.decode()
    assert "12345热线中心" in page and "测试dispatcher" in page


def test_a_bad_week_is_reported_and_this_week_shown_and_the_admin_only_reads_shifts(client, city):
    c = _as(client, city.user("admin"))
    with clock.frozen(at(2026, 12, 3, 10)):
        html = c.get(URL + "?week=下周").content.decode()
    assert "周次应为日期" in html and "2026-11-30（周一）至 2026-12-06（周日）" in html
    assert c.get("/admin/workorders/dutyshift/add/").status_code == 403


def test_the_roster_page_has_no_query_per_shift(client, city, centre_head):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(URL + "?week=2026-12-07").status_code == 200
        return len(ctx)

    c = _as(client, centre_head)
    with clock.frozen(at(2026, 12, 3, 10)):
        services.duty_shift_create(by=centre_head, staff=city["staff"]["dispatcher"], starts_at=at(2026, 12, 7, 8), ends_at=at(2026, 12, 7, 20))
        count()  # the first page of a session loads what later pages reuse
        few = count()
        for day in range(8, 14):
            services.duty_shift_create(by=centre_head, staff=city["staff"]["dispatcher"], starts_at=at(2026, 12, day, 8), ends_at=at(2026, 12, day, 20))
        assert count() == few
