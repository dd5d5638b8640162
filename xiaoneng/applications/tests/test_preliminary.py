"""行政许可法 第四十三条: a lower level reviews first and sends everything up within 20
working days of acceptance; the deciding department's limits run from the day the materials
arrive.  Dates on the 2026 calendar: 中秋 9月25日, 国庆 10月1日–7日, 9月20日 (周日) and
10月10日 (周六) worked."""

import pytest

from xiaoneng.applications import services
from xiaoneng.applications.models import Status
from xiaoneng.clocks.models import Clock
from xiaoneng.clocks.services import clocks_recompute
from xiaoneng.core.errors import Conflict, Forbidden
from xiaoneng.core.models import AuditRecord
from xiaoneng.supervision.models import Level, Warning
from xiaoneng.supervision.sweep import warnings_sweep
from xiaoneng.workdays.models import DayKind
from xiaoneng.workdays.services import calendar_set_day

from .conftest import D, _item, fresh


@pytest.fixture
def prelim_item(city):
    return _item("PRELIM", preliminary_department="east-1")


@pytest.fixture
def app(prelim_item, submit, today_is, city):
    """Accepted at the counter on 周一 2026年9月14日; ``street_handler`` (东一街道) reviews it."""
    with today_is(D(2026, 9, 14)):
        app = submit(D(2026, 9, 14), item="PRELIM")
        services.preliminary_review_assign(by=city.user("street_handler"), application=app, handler=city.user("street_handler"))
    return fresh(app)


def _clock(app, kind):
    return Clock.objects.get(subject_type="applications.preliminaryreview", subject_id=app.preliminary.pk, kind=kind)


def test_the_lower_level_has_twenty_working_days_and_the_upper_level_waits(app, city):
    review = app.preliminary
    # 20 working days from 9月14日: 9月20日 worked, 9月25日 and 10月1日–7日 off, 10月10日 worked.
    assert (review.department, review.limit_days, review.due_on) == (city.dept("east-1"), 20, D(2026, 10, 16))
    assert (app.status, app.legal_due_on, app.committed_due_on, app.next_due_on) == (Status.ACCEPTED, None, None, D(2026, 10, 16))
    c = _clock(app, "application.preliminary")
    assert (c.state, c.due_on, c.department, c.responsible) == ("running", D(2026, 10, 16), city.dept("east-1"), city.user("street_handler"))
    assert not Clock.objects.filter(subject_type="applications.application", subject_id=app.pk, kind="application.decision").exists()
    assert "初审机关将于2026年10月16日前" in "".join(app.notices.get(kind="acceptance").body)


def test_the_upper_limit_starts_when_the_materials_arrive(app, today_is, city):
    with today_is(D(2026, 10, 15)):
        services.preliminary_review_send_up(
            by=city.user("street_handler"), application=app, opinion="材料齐全，符合条件，建议准予", sent_on=D(2026, 10, 14), arrived_on=D(2026, 10, 15)
        )
    app = fresh(app)
    assert (app.preliminary.sent_on, app.preliminary.arrived_on) == (D(2026, 10, 14), D(2026, 10, 15))
    # 20 / 10 working days from 10月15日, not from the acceptance on 9月14日
    assert (app.legal_due_on, app.committed_due_on) == (D(2026, 11, 12), D(2026, 10, 29))
    prelim = _clock(app, "application.preliminary")
    assert (prelim.state, prelim.met) == ("stopped", True)
    decision = Clock.objects.get(subject_type="applications.application", subject_id=app.pk, kind="application.decision")
    assert (decision.started_on, decision.due_on, decision.state) == (D(2026, 10, 15), D(2026, 11, 12), "running")
    record = AuditRecord.objects.get(action="application.preliminary_send_up")
    assert "补录" in record.note and record.after["legal_due_on"] == "2026-11-12"
    assert app.notices.filter(kind="preliminary").exists()
    with today_is(D(2026, 10, 20)):
        services.application_decide(by=city.user("handler"), application=app, result="approve")
    assert fresh(app).status == Status.APPROVED


def test_only_the_lower_department_sends_up_and_the_upper_waits_for_it(app, today_is, city):
    with today_is(D(2026, 9, 20)):
        with pytest.raises(Forbidden):
            services.preliminary_review_send_up(by=city.user("handler"), application=app, opinion="同意")
        for step in (
            lambda: services.application_decide(by=city.user("handler"), application=app, result="approve"),
            lambda: services.application_extend(by=city.user("head"), application=app, reason="需要现场核查"),
            lambda: services.application_suspend(by=city.user("handler"), application=app, kind="hearing", start_on=D(2026, 9, 20)),
        ):
            with pytest.raises(Conflict) as refused:
                step()
            assert refused.value.code == "preliminary_pending"
        services.preliminary_review_send_up(by=city.user("district_head"), application=app, opinion="同意")  # the district above may send it too
        with pytest.raises(Conflict) as twice:
            services.preliminary_review_send_up(by=city.user("street_handler"), application=app, opinion="同意")
        assert twice.value.code == "preliminary_sent"


def test_a_late_send_up_is_a_yellow_card_on_the_lower_handler(app, today_is, city):
    with today_is(D(2026, 10, 20)):
        services.preliminary_review_send_up(by=city.user("street_handler"), application=app, opinion="同意")
        warnings_sweep(by=None)
    c = _clock(app, "application.preliminary")
    assert (c.state, c.met) == ("stopped", False)
    card = Warning.objects.get(clock=c, level=Level.YELLOW)
    assert (card.department, card.responsible) == (city.dept("east-1"), city.user("street_handler"))
    assert "超过初审期限（2026年10月16日）" in AuditRecord.objects.get(action="application.preliminary_send_up").note


def test_a_calendar_import_moves_the_preliminary_due_date(app, city):
    calendar_set_day(by=city.user("admin"), date=D(2026, 9, 22), kind=DayKind.HOLIDAY, name="本地停工日")
    assert clocks_recompute(by=None, dates=[D(2026, 9, 22)]) == 1
    app = fresh(app)
    # one working day fewer before 10月16日 (周五): the 20th falls on 周一 10月19日
    assert (app.preliminary.due_on, app.next_due_on) == (D(2026, 10, 19), D(2026, 10, 19))
    assert _clock(app, "application.preliminary").due_on == D(2026, 10, 19)
    assert AuditRecord.objects.get(action="application.recompute").after["next_due_on"] == "2026-10-19"
    assert clocks_recompute(by=None, dates=[D(2026, 9, 22)]) == 0  # a rerun moves nothing


def test_the_staff_pages_show_both_steps(app, today_is, city, client):
    client.force_login(city.user("street_handler"))
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "下级初审" in page and "2026-10-16" in page and "报送上级" in page
    with today_is(D(2026, 10, 14)):
        response = client.post(f"/staff/applications/{app.pk}/send_up/", {"opinion": "同意报送", "sent_on": "2026-10-14"})
    assert response.status_code in (200, 302)
    assert fresh(app).preliminary.sent_on == D(2026, 10, 14)
    client.force_login(city.user("handler"))
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "2026-10-14" in page and "同意报送" in page and "报送上级" not in page


def test_api_send_up(app, today_is, api):
    with today_is(D(2026, 10, 14)):
        body = api("street_handler").post(f"/api/v1/applications/{app.pk}/preliminary/send-up", {"opinion": "同意"}).json()
        assert body["preliminary"]["sent_on"] == "2026-10-14" and body["legal_due_on"] == "2026-11-11"
        refused = api("handler").post(f"/api/v1/applications/{app.pk}/preliminary/send-up", {"opinion": "同意"})
    assert refused.status_code == 403  # the deciding department cannot send up for the lower one
