"""Receiving, the materials check, the one-time notice and corrections (行政许可法 第三十二条)."""

import pytest

from xiaoneng.accountability.models import Fault, FaultSource
from xiaoneng.applications import services
from xiaoneng.applications.models import ApplicantNotice, Application, CorrectionNotice, Status
from xiaoneng.clocks.models import Clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord

from .conftest import ALL, PERSON, D, fresh


def clocks(app):
    return {c.kind: c for c in Clock.objects.filter(subject_type="applications.application", subject_id=app.pk)}


def actions(app):
    return list(AuditRecord.objects.filter(subject_type="applications.application", subject_id=str(app.pk)).order_by("id").values_list("action", flat=True))


def test_complete_materials_are_accepted_on_the_day_received(submit, today_is, city):
    with today_is(D(2026, 3, 4)):
        app = fresh(submit(D(2026, 3, 2)))  # a paper application entered two days later
    assert app.status == Status.ACCEPTED and app.accepted_on == D(2026, 3, 2) and not app.deemed_accepted
    assert (app.legal_due_on, app.committed_due_on, app.next_due_on) == (D(2026, 3, 30), D(2026, 3, 16), D(2026, 3, 16))
    assert app.number == f"20260302{app.pk:06d}" and len(app.query_code) == 8
    c = clocks(app)
    assert set(c) == {"application.commitment", "application.decision"}  # checked on the spot: no notice window to watch
    assert (c["application.decision"].due_on, c["application.decision"].department, c["application.decision"].state) == (
        D(2026, 3, 30),
        city.dept("market"),
        "running",
    )
    assert c["application.commitment"].due_on == D(2026, 3, 16)
    assert actions(app) == ["application.submit", "application.accept"]
    assert app.notices.get().kind == "acceptance"


def test_a_commitment_no_shorter_than_the_law_gets_no_clock_of_its_own(submit, today_is, items):
    with today_is(D(2026, 3, 2)):
        promised = fresh(submit(D(2026, 3, 2), item="DEEMED"))
        lawful = fresh(submit(D(2026, 3, 2), item="LAWFUL"))
    assert set(clocks(promised)) == {"application.commitment", "application.decision"}
    assert set(clocks(lawful)) == {"application.decision"}
    assert lawful.committed_due_on == lawful.legal_due_on == D(2026, 3, 30)  # still stored and shown


def test_missing_materials_get_one_notice_listing_all_of_them(submit, today_is):
    with today_is(D(2026, 3, 2)):
        app = fresh(submit(D(2026, 3, 2), materials=["M1", "M4"]))
    assert app.status == Status.AWAITING_CORRECTION and app.accepted_on is None and app.legal_due_on is None
    notice = app.correction_notice
    assert notice.issued_on == D(2026, 3, 2)
    assert [m["code"] for m in notice.missing] == ["M2", "M3"]  # M4 is optional
    assert notice.missing[0] == {"code": "M2", "name": "营业执照复印件", "copies": 1, "form": "复印件"}
    printed = ApplicantNotice.objects.get(application=app, kind="correction")
    assert printed.title == "一次性告知书" and "1. 营业执照复印件（1份，复印件）：未提交。" in printed.body
    assert "第三十二条" in "".join(printed.body)
    assert clocks(app) == {}
    assert actions(app) == ["application.submit", "application.notice"]


def test_defective_materials_are_listed_with_their_reasons(submit, today_is):
    with today_is(D(2026, 3, 2)):
        app = fresh(submit(D(2026, 3, 2), defective=[{"code": "M2", "reason": "复印件未加盖公章"}]))
    assert app.status == Status.AWAITING_CORRECTION
    assert app.correction_notice.missing == [] and app.correction_notice.defective == [{"code": "M2", "name": "营业执照复印件", "reason": "复印件未加盖公章"}]
    with today_is(D(2026, 3, 5)):
        services.application_correct(by=app.received_by, application=app, materials=["M2"], received_on=D(2026, 3, 5))
    app = fresh(app)
    assert (app.status, app.accepted_on, app.legal_due_on) == (Status.ACCEPTED, D(2026, 3, 5), D(2026, 4, 2))


def test_corrections_accept_on_the_day_everything_has_arrived(submit, today_is, city):
    with today_is(D(2026, 9, 24)):
        app = submit(D(2026, 9, 24), materials=["M1"])
        services.application_correct(by=city.user("window"), application=app, materials=["M2"], received_on=D(2026, 9, 24))
    app = fresh(app)
    assert app.status == Status.AWAITING_CORRECTION and app.corrections.get().complete is False
    assert CorrectionNotice.objects.filter(application=app).count() == 1  # no second notice
    with today_is(D(2026, 9, 30)):
        services.application_correct(by=city.user("window"), application=app, materials=["M3"], received_on=D(2026, 9, 30))
    app = fresh(app)
    # Accepted 9月30日; 20 working days across 国庆 (10月10日 周六上班).
    assert (app.status, app.accepted_on, app.legal_due_on, app.committed_due_on) == (Status.ACCEPTED, D(2026, 9, 30), D(2026, 11, 3), D(2026, 10, 20))
    assert app.materials == ["M1", "M2", "M3"]
    assert actions(app) == ["application.submit", "application.notice", "application.correct", "application.accept"]


@pytest.mark.parametrize(
    "materials,received_on,code",
    [
        (["M9"], D(2026, 3, 3), "unknown_material"),
        (["M2"], D(2026, 3, 1), "date_out_of_order"),  # before the notice
        (["M2"], D(2026, 3, 5), "date_in_future"),
        ([], D(2026, 3, 3), "missing_field"),
    ],
)
def test_bad_corrections_change_nothing(submit, today_is, city, materials, received_on, code):
    with today_is(D(2026, 3, 2)):
        app = submit(D(2026, 3, 2), materials=["M1"])
    with today_is(D(2026, 3, 4)), pytest.raises(InvalidInput) as exc:
        services.application_correct(by=city.user("window"), application=app, materials=materials, received_on=received_on)
    assert exc.value.code == code
    app = fresh(app)
    assert app.status == Status.AWAITING_CORRECTION and app.materials == ["M1"] and not app.corrections.exists()


def test_second_notice_is_refused_and_recorded_as_a_fault(submit, today_is, city):
    with today_is(D(2026, 3, 2)):
        app = submit(D(2026, 3, 2), materials=["M1"])
    before = actions(app)
    for _ in range(2):
        with today_is(D(2026, 3, 3)), pytest.raises(Conflict) as exc:
            services.application_review(by=city.user("window"), application=app, materials=["M2"], defective=[{"code": "M1", "reason": "签名不清"}])
        assert exc.value.code == "second_notice" and "行政过错" in exc.value.message
    fault = Fault.objects.get()  # once, however often it was tried
    assert (fault.source, fault.person, fault.department, fault.subject_id) == (
        FaultSource.EXTRA_MATERIALS,
        city["staff"]["window"],
        city.dept("hall-market"),
        str(app.pk),
    )
    app = fresh(app)
    assert app.status == Status.AWAITING_CORRECTION and app.materials == ["M1"] and CorrectionNotice.objects.count() == 1
    assert actions(app) == before


def test_asking_for_materials_after_acceptance_is_refused_and_a_fault(submit, today_is, city):
    with today_is(D(2026, 3, 2)):
        app = submit(D(2026, 3, 2))
    with today_is(D(2026, 3, 10)), pytest.raises(Conflict) as exc:
        services.application_review(by=city.user("handler"), application=app, materials=[], defective=[{"code": "M3", "reason": "平面图比例不对"}])
    assert exc.value.code == "materials_after_acceptance"
    fault = Fault.objects.get(source=FaultSource.EXTRA_MATERIALS)
    assert fault.person == city["staff"]["handler"] and fault.department == city.dept("market") and "2026年3月2日受理" in fault.description
    assert fresh(app).status == Status.ACCEPTED and not CorrectionNotice.objects.exists()
    # A review that asks for nothing is simply out of place: no fault.
    with today_is(D(2026, 3, 10)), pytest.raises(Conflict) as exc:
        services.application_review(by=city.user("window"), application=app, materials=ALL)
    assert exc.value.code == "invalid_state" and Fault.objects.count() == 1


def test_received_only_starts_the_five_day_window(submit, today_is, city):
    with today_is(D(2026, 2, 13)):
        app = fresh(submit(D(2026, 2, 13), materials=None))
    assert app.status == Status.RECEIVED and app.acceptance_due_on == D(2026, 2, 27) and app.next_due_on == D(2026, 2, 27)
    c = clocks(app)["application.acceptance"]
    assert (c.due_on, c.state, c.responsible) == (D(2026, 2, 27), "running", city.user("window"))
    assert app.notices.get().kind == "receipt"
    with today_is(D(2026, 2, 25)):
        services.application_review(by=city.user("window"), application=app, materials=ALL)
    app = fresh(app)
    assert (app.status, app.accepted_on, app.deemed_accepted) == (Status.ACCEPTED, D(2026, 2, 25), False)
    c = clocks(app)
    assert (c["application.acceptance"].state, c["application.acceptance"].met) == ("stopped", True)
    assert c["application.decision"].due_on == app.legal_due_on == D(2026, 3, 24)


def test_review_within_the_window_issues_the_notice(submit, today_is, city):
    with today_is(D(2026, 2, 13)):
        app = submit(D(2026, 2, 13), materials=None)
    with today_is(D(2026, 2, 27)):  # the last day of the window
        services.application_review(by=city.user("window"), application=app, materials=["M1", "M2"], note="平面图须标明操作间")
    app = fresh(app)
    assert app.status == Status.AWAITING_CORRECTION and app.correction_notice.issued_on == D(2026, 2, 27) and app.correction_notice.note == "平面图须标明操作间"
    assert (clocks(app)["application.acceptance"].state, clocks(app)["application.acceptance"].met) == ("stopped", True)


def test_after_the_window_a_notice_is_too_late_and_acceptance_dates_back(submit, today_is, city):
    with today_is(D(2026, 2, 13)):
        late_incomplete = submit(D(2026, 2, 13), materials=None)
        late_complete = submit(D(2026, 2, 13), materials=None)
    with today_is(D(2026, 3, 2)), pytest.raises(Conflict) as exc:
        services.application_review(by=city.user("window"), application=late_incomplete, materials=["M1"])
    assert exc.value.code == "notice_too_late" and "2026年2月27日" in exc.value.message
    assert fresh(late_incomplete).status == Status.RECEIVED and not Fault.objects.exists()
    with today_is(D(2026, 3, 2)):
        services.application_review(by=city.user("window"), application=late_complete, materials=ALL)
    app = fresh(late_complete)
    assert (app.status, app.accepted_on, app.deemed_accepted) == (Status.ACCEPTED, D(2026, 2, 13), True)
    assert clocks(app)["application.acceptance"].met is False


def test_on_the_spot_items_close_at_once(submit, today_is, city):
    with today_is(D(2026, 3, 2)):
        done = fresh(submit(D(2026, 3, 2), item="SPOT"))
        waiting = submit(D(2026, 3, 2), item="SPOT", materials=["M1", "M2"])
        services.application_correct(by=city.user("window"), application=waiting, materials=["M3"], received_on=D(2026, 3, 2))
    assert (done.status, done.accepted_on, done.decided_on, done.decided_by) == (Status.COMPLETED_ON_SPOT, D(2026, 3, 2), D(2026, 3, 2), city.user("window"))
    assert clocks(done) == {}
    assert fresh(waiting).status == Status.COMPLETED_ON_SPOT
    assert AuditRecord.objects.filter(action="application.complete_on_spot").count() == 2


@pytest.mark.parametrize(
    "change,code",
    [
        ({"item_code": "NOPE"}, "unknown_item"),
        ({"materials": ["M1", "X9"]}, "unknown_material"),
        ({"received_on": D(2026, 3, 3)}, "date_in_future"),
        ({"received_on": D(1990, 3, 2)}, "date_out_of_range"),  # before the calendar's first year
        ({"applicant": services.Applicant(name="张三", id_type="resident_id", id_number="110105194912310021", phone="13912345678")}, "invalid_id_number"),
        ({"applicant": services.Applicant(name="某公司", id_type="uscc", id_number="91350100M000100Y40", phone="13912345678")}, "invalid_id_number"),
        ({"applicant": services.Applicant(name="张三", id_type="resident_id", id_number="11010519491231002X", phone="12345")}, "invalid_phone"),
        ({"applicant": services.Applicant(name=" ", id_type="resident_id", id_number="11010519491231002X", phone="13912345678")}, "missing_field"),
        ({"defective": [{"code": "M3", "reason": ""}]}, "missing_field"),
        ({"defective": [{"code": "M4", "reason": "x"}]}, "defect_not_submitted"),
    ],
)
def test_bad_submissions_create_nothing(items, city, today_is, change, code):
    kw = {"by": city.user("window"), "item_code": "FOOD", "applicant": PERSON, "received_on": D(2026, 3, 2), "materials": ALL} | change
    with today_is(D(2026, 3, 2)), pytest.raises(InvalidInput) as exc:
        services.application_submit(**kw)
    assert exc.value.code == code
    assert not Application.objects.exists() and not AuditRecord.objects.filter(action__startswith="application.").exists()


def test_enterprise_applicant_with_a_valid_credit_code(items, city, today_is):
    company = services.Applicant(
        name="济南某某餐饮管理有限公司", id_type="uscc", id_number="91350100m000100y43", phone="0531-88886666", enterprise="济南某某餐饮管理有限公司"
    )
    with today_is(D(2026, 3, 2)):
        app = services.application_submit(by=city.user("window"), item_code="FOOD", applicant=company, received_on=D(2026, 3, 2), materials=ALL)
    assert app.applicant_id_number == "91350100M000100Y43" and app.applicant_phone == "0531-88886666"


def test_who_may_receive(items, city, today_is, public_user):
    with today_is(D(2026, 3, 2)):
        for name in ("window", "handler", "head"):
            services.application_submit(by=city.user(name), item_code="FOOD", applicant=PERSON, received_on=D(2026, 3, 2), materials=ALL)
        for name in ("housing_handler", "supervisor", "leader", "dispatcher"):
            with pytest.raises(Forbidden):
                services.application_submit(by=city.user(name), item_code="FOOD", applicant=PERSON, received_on=D(2026, 3, 2), materials=ALL)
        online = services.application_submit(by=public_user, item_code="FOOD", applicant=PERSON, received_on=D(2026, 1, 1), materials=ALL)
    # Online: the applicant's own list is recorded but a clerk checks it; the date is today.
    assert (online.status, online.received_on, online.applicant_user, online.received_by) == (Status.RECEIVED, D(2026, 3, 2), public_user, None)


def test_withdrawal_stops_every_clock(submit, today_is, city):
    with today_is(D(2026, 3, 2)):
        app = submit(D(2026, 3, 2))
    with today_is(D(2026, 3, 5)):
        services.application_withdraw(by=city.user("window"), application=app, reason="申请人决定暂缓开业")
    app = fresh(app)
    assert (app.status, app.decided_on, app.next_due_on) == (Status.WITHDRAWN, D(2026, 3, 5), None)
    assert {(c.state, c.met) for c in clocks(app).values()} == {("stopped", True)}
    with today_is(D(2026, 3, 5)), pytest.raises(Conflict):
        services.application_withdraw(by=city.user("window"), application=app, reason="再次")


def test_assigning_a_handler_names_them_on_the_open_clocks(submit, today_is, city):
    with today_is(D(2026, 3, 2)):
        app = submit(D(2026, 3, 2))
        services.application_assign(by=city.user("head"), application=app, handler=city.user("handler"))
        with pytest.raises(InvalidInput):
            services.application_assign(by=city.user("head"), application=app, handler=city.user("housing_handler"))
        with pytest.raises(Forbidden):
            services.application_assign(by=city.user("window"), application=app, handler=city.user("handler"))
    assert fresh(app).handler == city.user("handler")
    assert {c.responsible for c in clocks(app).values()} == {city.user("handler")}
    assert AuditRecord.objects.filter(action="clock.assign").count() == 2
