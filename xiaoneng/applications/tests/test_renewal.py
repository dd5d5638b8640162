"""行政许可法 第五十条: licences with a validity period and their renewal — applied for 30
days (calendar) before expiry, deemed renewed when not decided before the expiry, act time
deciding what was in time."""

import pytest

from xiaoneng.accountability.models import Fault, FaultSource, FaultStatus
from xiaoneng.applications import rules, services
from xiaoneng.applications.models import Status
from xiaoneng.clocks.models import Clock
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.supervision.models import Level, Warning
from xiaoneng.supervision.sweep import warnings_sweep

from .conftest import PERSON, D, _item, fresh


@pytest.mark.parametrize(
    ("first_day", "months", "last_day"),
    [
        (D(2025, 11, 1), 12, D(2026, 10, 31)),  # 周六 granted, valid to the day before a year later
        (D(2026, 1, 31), 1, D(2026, 2, 27)),  # 2月 has no 31st: ends the day before 2月28日
        (D(2024, 2, 29), 12, D(2025, 2, 27)),  # leap day
        (D(2026, 12, 1), 36, D(2029, 11, 30)),  # across year ends
    ],
)
def test_validity_end(first_day, months, last_day):
    assert rules.validity_end(first_day, months) == last_day


@pytest.mark.parametrize(
    ("received_on", "valid_until", "lead", "in_time"),
    [
        (D(2026, 9, 1), D(2026, 10, 31), 30, True),  # 周二, two months ahead
        (D(2026, 10, 1), D(2026, 10, 31), 30, True),  # 国庆节 itself is the last day: a holiday does not move it
        (D(2026, 10, 2), D(2026, 10, 31), 30, False),  # one day late
        (D(2026, 10, 8), D(2026, 10, 31), 30, False),  # the first working day after the holiday is too late
        (D(2026, 12, 1), D(2026, 12, 31), 30, True),  # 12月31日 expiry: 12月1日 is the last day
        (D(2026, 12, 1), D(2027, 1, 10), 60, False),  # another law's 60 days, across the year end
    ],
)
def test_renewal_filed_in_time(received_on, valid_until, lead, in_time):
    assert rules.renewal_in_time(received_on, valid_until, lead) is in_time


@pytest.fixture
def permits(city):
    # 30 working days of its own law, so the decision period runs through 国庆节; licences valid 12 months.
    return _item("PERMIT", legal_limit_days=30, committed_limit_days=20, validity_months=12)


@pytest.fixture
def licence(permits, submit, today_is, city):
    """Granted on 周六 2025年11月1日 for 12 months: valid to 2026年10月31日 (also a Saturday)."""
    with today_is(D(2025, 11, 1)):
        app = submit(D(2025, 11, 1), item="PERMIT")
        services.application_decide(by=city.user("handler"), application=app, result="approve")
    return fresh(app)


@pytest.fixture
def renewal(licence, submit, today_is, city):
    """``renewal(received_on)``: a renewal accepted at the counter that day, handled by ``handler``."""

    def make(day):
        with today_is(day):
            app = submit(day, item="PERMIT")
            services.application_assign(by=city.user("head"), application=app, handler=city.user("handler"))
            services.renewal_link(by=city.user("window"), application=app, licence_number=licence.number)
        return fresh(app)

    return make


def test_a_granted_licence_carries_its_validity(licence):
    assert (licence.status, licence.decided_on, licence.valid_until) == (Status.APPROVED, D(2025, 11, 1), D(2026, 10, 31))
    assert "许可有效期至2026年10月31日" in "".join(licence.notices.get(kind="decision").body)


def test_filed_in_time_and_undecided_at_expiry_is_deemed_renewed(renewal, licence, today_is, city):
    app = renewal(D(2026, 9, 1))
    assert (app.renewal_in_time, app.renewal_due_on) == (True, D(2026, 10, 31))
    # Accepted 9月1日: 30 working days through 中秋 9月25日 and 国庆 10月1日–7日, with 9月20日 and 10月10日 worked.
    assert app.legal_due_on == D(2026, 10, 19)
    c = Clock.objects.get(subject_id=app.pk, kind="application.renewal")
    assert (c.started_on, c.due_on, c.working_days, c.responsible) == (D(2026, 9, 1), D(2026, 10, 31), None, city.user("handler"))
    assert services.sweep_deemed_renewal(today=D(2026, 10, 31)) == 0  # the expiry day itself is still in time
    with today_is(D(2026, 11, 2)):
        assert services.sweep_deemed_renewal(today=D(2026, 11, 1)) == 1
        assert services.sweep_deemed_renewal(today=D(2026, 11, 2)) == 0  # a rerun finds nothing
    app = fresh(app)
    assert (app.status, app.decided_on, app.valid_until) == (Status.DEEMED_RENEWED, D(2026, 11, 1), D(2027, 10, 31))
    c.refresh_from_db()
    assert (c.state, c.met) == ("stopped", False)
    record = AuditRecord.objects.get(action="application.deemed_renew")
    assert record.actor is None and record.after["valid_until"] == "2027-10-31" and "第五十条" in record.note
    on_licence = AuditRecord.objects.get(action="application.licence_renewed", subject_id=str(licence.pk))
    assert on_licence.after["renewal"] == app.number and on_licence.after["deemed"] is True
    document = app.notices.get(kind="deemed_renewal")
    assert f"文书编号：延{app.number}" in "".join(document.body) and "2027年10月31日" in "".join(document.body)
    fault = Fault.objects.get(source=FaultSource.DEEMED_DECISION)
    assert (fault.person, fault.department, fault.subject_id) == (city["staff"]["handler"], city.dept("market"), str(app.pk))
    # Electronic supervision: a yellow card on the handler for the renewal clock.
    with today_is(D(2026, 11, 2)):
        warnings_sweep(by=None)
    card = Warning.objects.get(clock=c, level=Level.YELLOW)
    assert (card.responsible, card.department, card.withdrawn_at) == (city.user("handler"), city.dept("market"), None)


def test_the_public_lookup_shows_the_deemed_renewal(renewal, today_is, api):
    app = renewal(D(2026, 9, 1))
    with today_is(D(2026, 11, 2)):
        services.sweep_deemed_renewal(today=D(2026, 11, 1))
    body = api().get(f"/api/v1/applications/lookup?number={app.number}&code={app.query_code}").json()
    assert (body["status"], body["valid_until"], body["renews"]) == ("deemed_renewed", "2027-10-31", app.renews.number)
    assert "视为准予延续决定书" in [n["title"] for n in body["notices"]]


def test_decided_before_expiry_is_an_ordinary_renewal(renewal, licence, today_is, city):
    app = renewal(D(2026, 9, 1))
    with today_is(D(2026, 10, 30)):
        services.application_decide(by=city.user("handler"), application=app, result="approve")
    app = fresh(app)
    # the new period follows the old one without a gap
    assert (app.status, app.valid_until) == (Status.APPROVED, D(2027, 10, 31))
    assert services.sweep_deemed_renewal(today=D(2026, 11, 2)) == 0
    c = Clock.objects.get(subject_id=app.pk, kind="application.renewal")
    assert (c.state, c.met) == ("stopped", True)
    assert not Fault.objects.exists()


def test_filed_late_proceeds_as_an_ordinary_application(renewal, licence, today_is, city):
    app = renewal(D(2026, 10, 8))  # the filing deadline was 10月1日
    assert (app.renewal_in_time, app.renewal_due_on, app.renews) == (False, None, licence)
    record = AuditRecord.objects.get(action="application.renewal_link")
    assert "逾期提出，按一般申请办理" in record.note and "2026年10月1日" in record.note
    assert not Clock.objects.filter(subject_id=app.pk, kind="application.renewal").exists()
    assert services.sweep_deemed_renewal(today=D(2026, 11, 2)) == 0
    assert fresh(app).status == Status.ACCEPTED
    with today_is(D(2026, 11, 16)):
        services.application_decide(by=city.user("handler"), application=app, result="approve")
    # decided after the old licence lapsed: the new period starts on the decision
    assert fresh(app).valid_until == D(2027, 11, 15)


def test_a_decision_dated_before_expiry_but_recorded_after_is_not_deemed(renewal, today_is, city):
    app = renewal(D(2026, 9, 1))
    with today_is(D(2026, 11, 2)):  # recorded on 周一 11月2日, dated 周五 10月30日 (补录 within the window)
        services.application_decide(by=city.user("handler"), application=app, result="approve", decided_on=D(2026, 10, 30))
    assert services.sweep_deemed_renewal(today=D(2026, 11, 3)) == 0
    app = fresh(app)
    assert (app.status, app.decided_on) == (Status.APPROVED, D(2026, 10, 30))
    c = Clock.objects.get(subject_id=app.pk, kind="application.renewal")
    assert (c.state, c.met) == ("stopped", True)
    assert "补录" in AuditRecord.objects.get(action="application.approve", subject_id=str(app.pk)).note


def test_a_late_recorded_decision_replaces_a_deemed_renewal(renewal, today_is, city):
    app = renewal(D(2026, 9, 1))
    with today_is(D(2026, 11, 2)):
        services.sweep_deemed_renewal(today=D(2026, 11, 1))
        warnings_sweep(by=None)
    renewal_clock = Clock.objects.get(subject_id=app.pk, kind="application.renewal")
    assert Warning.objects.filter(clock=renewal_clock, level=Level.YELLOW, withdrawn_at__isnull=True).exists()
    with today_is(D(2026, 11, 3)):
        with pytest.raises(Conflict) as refused:  # a decision after the expiry cannot undo the law's default
            services.application_decide(by=city.user("handler"), application=app, result="approve", decided_on=D(2026, 11, 2))
        assert refused.value.code == "decided_after_expiry"
        services.application_decide(by=city.user("handler"), application=app, result="deny", reason="不符合延续条件", decided_on=D(2026, 10, 30))
        warnings_sweep(by=None)
    app = fresh(app)
    assert (app.status, app.decided_on, app.valid_until) == (Status.DENIED, D(2026, 10, 30), None)
    renewal_clock.refresh_from_db()
    assert renewal_clock.met is True
    assert Fault.objects.get(source=FaultSource.DEEMED_DECISION).status == FaultStatus.WITHDRAWN
    assert not Warning.objects.filter(clock=renewal_clock, level=Level.YELLOW, withdrawn_at__isnull=True).exists()


def test_link_checks(renewal, licence, submit, today_is, city):
    with today_is(D(2026, 9, 1)):
        other = submit(D(2026, 9, 1))  # FOOD has no validity
        with pytest.raises(InvalidInput) as no_validity:
            services.renewal_link(by=city.user("window"), application=other, licence_number=licence.number)
        assert no_validity.value.code == "no_validity"
        stranger = services.application_submit(
            by=city.user("window"),
            item_code="PERMIT",
            applicant=services.Applicant(name="王大明", id_type="uscc", id_number="91350100M000100Y43", phone="13912345679"),
            received_on=D(2026, 9, 1),
            materials=["M1", "M2", "M3"],
        )
        with pytest.raises(InvalidInput) as holder:
            services.renewal_link(by=city.user("window"), application=stranger, licence_number=licence.number)
        assert holder.value.code == "renewal_other_holder"
    renewal(D(2026, 9, 1))
    with today_is(D(2026, 9, 2)):
        again = submit(D(2026, 9, 2), item="PERMIT")
        with pytest.raises(Conflict) as twice:
            services.renewal_link(by=city.user("window"), application=again, licence_number=licence.number)
        assert twice.value.code == "renewal_linked"
    assert PERSON.id_number == licence.applicant_id_number


def test_validity_recorded_by_hand_is_audited(licence, today_is, city):
    with today_is(D(2025, 11, 3)):
        services.licence_validity_record(by=city.user("handler"), application=licence, valid_until=D(2027, 12, 31), reason="依特别规定有效期至2027年底")
        with pytest.raises(InvalidInput):
            services.licence_validity_record(by=city.user("handler"), application=licence, valid_until=D(2025, 10, 1), reason="错误")
    assert fresh(licence).valid_until == D(2027, 12, 31)
    record = AuditRecord.objects.get(action="application.validity_record")
    assert record.before["valid_until"] == "2026-10-31" and record.after["valid_until"] == "2027-12-31"


def test_the_clerk_links_a_late_renewal_on_the_page_and_sees_it(licence, submit, today_is, city, client):
    with today_is(D(2026, 10, 9)):
        app = submit(D(2026, 10, 9), item="PERMIT")
        client.force_login(city.user("window"))
        response = client.post(f"/staff/applications/{app.pk}/renewal_link/", {"licence": licence.number}, follow=True)
    page = response.content.decode()
    assert "逾期提出" in page and "按一般申请办理" in page and licence.number in page
    assert fresh(app).renewal_in_time is False
    client.force_login(city.user("handler"))
    assert app.number in client.get(f"/staff/applications/{licence.pk}/").content.decode()  # the licence lists its renewal


def test_the_public_status_page_shows_the_renewed_validity(renewal, today_is, client):
    app = renewal(D(2026, 9, 1))
    with today_is(D(2026, 11, 2)):
        services.sweep_deemed_renewal(today=D(2026, 11, 1))
    page = client.get("/applications/", {"number": app.number, "code": app.query_code}).content.decode()
    assert "视为准予延续决定书" in page and "许可有效期至" in page and app.renews.number in page
    licence = app.renews
    page = client.get("/applications/", {"number": licence.number, "code": licence.query_code}).content.decode()
    assert "已延续至" in page


def test_the_staff_page_of_a_deemed_renewal(renewal, today_is, city, client):
    app = renewal(D(2026, 9, 1))
    with today_is(D(2026, 11, 2)):
        services.sweep_deemed_renewal(today=D(2026, 11, 1))
        client.force_login(city.user("handler"))
        page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "视为准予延续" in page and "按期提出" in page and "许可有效期至 <strong>2027-10-31</strong>" in page
