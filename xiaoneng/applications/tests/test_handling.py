"""After acceptance: extension (第四十二条), excluded periods (第四十五条), joint review,
the decision and the certificate (第四十四条), fees — as tables of real dates."""

import pytest

from xiaoneng.applications import selectors, services
from xiaoneng.applications.models import Extension, FeeCharge, Status, Suspension
from xiaoneng.clocks.models import Clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from xiaoneng.core.models import AuditRecord

from .conftest import D, fresh


def clock(app, kind):
    return Clock.objects.get(subject_type="applications.application", subject_id=app.pk, kind=kind)


EXTENSIONS = [
    # item    accepted         approved on        days  legal due before  after              why
    ("FOOD", D(2025, 12, 15), D(2026, 1, 13), 10, D(2026, 1, 13), D(2026, 1, 27), "on the due day itself, across 元旦 and 1月4日"),
    ("FOOD", D(2026, 9, 21), D(2026, 9, 30), 5, D(2026, 10, 26), D(2026, 11, 2), "fewer days than allowed"),
    ("JOINT", D(2026, 1, 5), D(2026, 2, 13), 15, D(2026, 3, 13), D(2026, 4, 3), "joint: 45 + 15, 清明 4月6日 after"),
]


@pytest.mark.parametrize("item,accepted_on,approved_on,days,before,after,why", EXTENSIONS)
def test_extension_moves_the_legal_due_date_once(accepted, today_is, city, item, accepted_on, approved_on, days, before, after, why):
    app = accepted(accepted_on, item)
    committed = app.committed_due_on
    assert app.legal_due_on == before, why
    with today_is(D(2026, 11, 20)):
        ext = services.application_extend(
            by=city.user(approver := "mayor" if item == "JOINT" else "head"), application=app, days=days, reason="需现场核查", approved_on=approved_on
        )
    app = fresh(app)
    assert (app.legal_due_on, app.extension_days, app.committed_due_on) == (after, days, committed), why
    assert (ext.legal_due_before, ext.legal_due_after) == (before, after)
    assert clock(app, "application.decision").due_on == after
    notice = app.notices.get(kind="extension")
    assert "需现场核查" in notice.body[1] and f"延长{days}个工作日" in notice.body[1] and notice.issued_on == approved_on
    with today_is(D(2026, 11, 20)), pytest.raises(Conflict) as exc:
        services.application_extend(by=city.user(approver), application=app, days=1, reason="再延一次", approved_on=approved_on)
    assert exc.value.code == "extension_exists"


@pytest.mark.parametrize(
    "by,days,approved_on,error,code",
    [
        ("head", 10, D(2026, 3, 31), Conflict, "extension_too_late"),  # the day after the due date
        ("head", 11, D(2026, 3, 20), InvalidInput, "invalid_days"),
        ("head", 0, D(2026, 3, 20), InvalidInput, "invalid_days"),
        ("head", 10, D(2026, 2, 27), InvalidInput, "date_out_of_order"),  # before acceptance
        ("handler", 10, D(2026, 3, 20), Forbidden, "forbidden"),
        ("window", 10, D(2026, 3, 20), Forbidden, "forbidden"),
        ("housing_head", 10, D(2026, 3, 20), Forbidden, "forbidden"),
        ("district_head", 10, D(2026, 3, 20), Forbidden, "forbidden"),
    ],
)
def test_extension_refusals_change_nothing(accepted, today_is, city, by, days, approved_on, error, code):
    app = accepted(D(2026, 3, 2))  # legal due 3月30日
    with today_is(D(2026, 4, 10)), pytest.raises(error) as exc:
        services.application_extend(by=city.user(by), application=app, days=days, reason="需现场核查", approved_on=approved_on)
    assert exc.value.code == code
    assert fresh(app).legal_due_on == D(2026, 3, 30) and not Extension.objects.exists()
    assert not AuditRecord.objects.filter(action="application.extend").exists()


def test_a_joint_extension_needs_the_head_of_the_peoples_government(accepted, today_is, city):
    """第四十二条第二款: 经本级人民政府负责人批准 — the department head may not, the mayor may."""
    app = accepted(D(2026, 1, 5), "JOINT")
    with today_is(D(2026, 2, 13)):
        for who in ("head", "leader"):
            with pytest.raises(Forbidden, match="人民政府负责人"):
                services.application_extend(by=city.user(who), application=app, days=15, reason="需现场核查")
        services.application_extend(by=city.user("mayor"), application=app, days=15, reason="需现场核查")
    assert fresh(app).legal_due_on == D(2026, 4, 3)
    food = accepted(D(2026, 1, 5))
    with today_is(D(2026, 1, 6)), pytest.raises(Forbidden):
        services.application_extend(by=city.user("mayor"), application=food, days=5, reason="需现场核查")


def test_extension_without_reason_is_refused(accepted, today_is, city):
    app = accepted(D(2026, 3, 2))
    with today_is(D(2026, 3, 10)), pytest.raises(InvalidInput):
        services.application_extend(by=city.user("head"), application=app, reason="  ")


def test_closed_excluded_period_across_national_day_moves_both_dates(accepted, today_is, city):
    app = accepted(D(2026, 9, 21))
    assert (app.legal_due_on, app.committed_due_on) == (D(2026, 10, 26), D(2026, 10, 12))
    with today_is(D(2026, 10, 12)):
        period = services.application_suspend(
            by=city.user("handler"), application=app, kind="testing", start_on=D(2026, 9, 29), end_on=D(2026, 10, 9), reason="送检水样"
        )
    app = fresh(app)
    # 9月29、30日和10月8、9日 do not count: both dates move by 4 working days.
    assert (app.status, app.legal_due_on, app.committed_due_on, period.excluded_days) == (Status.ACCEPTED, D(2026, 10, 30), D(2026, 10, 16), 4)
    assert clock(app, "application.decision").due_on == D(2026, 10, 30) and clock(app, "application.commitment").due_on == D(2026, 10, 16)
    assert [n.kind for n in app.notices.all()][-2:] == ["suspension", "resumption"]
    assert "第四十五条" in app.notices.get(kind="suspension").body[1]


def test_open_suspension_pauses_then_resume_moves_past_the_period(accepted, today_is, city):
    app = accepted(D(2026, 9, 21))
    with today_is(D(2026, 10, 22)):
        services.application_suspend(by=city.user("handler"), application=app, kind="appraisal", start_on=D(2026, 10, 22))
    app = fresh(app)
    assert app.status == Status.SUSPENDED and app.legal_due_on == D(2026, 10, 26)
    assert {clock(app, k).state for k in ("application.decision", "application.commitment")} == {"paused"}
    view = selectors.clock_view(app, as_of=None)
    assert view.paused and not view.overdue
    with today_is(D(2026, 10, 30)), pytest.raises(Conflict):
        services.application_decide(by=city.user("handler"), application=app, result="approve")
    with today_is(D(2026, 11, 4)):
        services.application_resume(by=city.user("handler"), application=app)
    app = fresh(app)
    # The period straddled the due date: 3 working days were left (10月22、23、26日), counted after 11月4日.
    assert (app.status, app.legal_due_on) == (Status.ACCEPTED, D(2026, 11, 9))
    assert clock(app, "application.decision").state == "running" and clock(app, "application.decision").due_on == D(2026, 11, 9)
    assert Suspension.objects.get().excluded_days == 10
    assert list(
        AuditRecord.objects.filter(subject_id=str(app.pk), action__in=["application.suspend", "application.resume"]).values_list("action", flat=True)
    ) == ["application.suspend", "application.resume"]


def test_excluded_period_over_the_spring_festival_with_makeup_saturday(accepted, today_is, city):
    app = accepted(D(2026, 2, 9))
    assert app.legal_due_on == D(2026, 3, 13)
    with today_is(D(2026, 3, 2)):
        services.application_suspend(by=city.user("head"), application=app, kind="inspection", start_on=D(2026, 2, 12), end_on=D(2026, 2, 14))
    assert fresh(app).legal_due_on == D(2026, 3, 18)


@pytest.mark.parametrize(
    "kind,start,end,today,error,code",
    [
        ("nap", D(2026, 3, 3), None, D(2026, 3, 4), InvalidInput, "invalid_kind"),
        ("hearing", D(2026, 3, 31), None, D(2026, 4, 1), Conflict, "suspension_after_due"),
        ("hearing", D(2026, 2, 27), None, D(2026, 3, 4), InvalidInput, "date_out_of_order"),
        ("hearing", D(2026, 3, 5), D(2026, 3, 4), D(2026, 3, 6), InvalidInput, "date_out_of_order"),
        ("hearing", D(2026, 3, 5), None, D(2026, 3, 4), InvalidInput, "date_in_future"),
    ],
)
def test_bad_excluded_periods_change_nothing(accepted, today_is, city, kind, start, end, today, error, code):
    app = accepted(D(2026, 3, 2))
    with today_is(today), pytest.raises(error) as exc:
        services.application_suspend(by=city.user("handler"), application=app, kind=kind, start_on=start, end_on=end)
    assert exc.value.code == code
    assert not Suspension.objects.exists() and fresh(app).status == Status.ACCEPTED


def test_overlapping_periods_are_refused(accepted, today_is, city):
    app = accepted(D(2026, 3, 2))
    with today_is(D(2026, 3, 20)):
        services.application_suspend(by=city.user("handler"), application=app, kind="hearing", start_on=D(2026, 3, 5), end_on=D(2026, 3, 10))
        with pytest.raises(InvalidInput) as exc:
            services.application_suspend(by=city.user("handler"), application=app, kind="testing", start_on=D(2026, 3, 10), end_on=D(2026, 3, 12))
    assert exc.value.code == "overlapping_period" and Suspension.objects.count() == 1


def test_approval_starts_the_certificate_clock(accepted, today_is, city):
    app = accepted(D(2026, 9, 21))
    with today_is(D(2026, 9, 30)):
        services.application_decide(by=city.user("handler"), application=app, result="approve")
    app = fresh(app)
    assert (app.status, app.decided_on, app.certificate_due_on, app.next_due_on) == (Status.APPROVED, D(2026, 9, 30), D(2026, 10, 20), None)
    assert (clock(app, "application.decision").state, clock(app, "application.decision").met) == ("stopped", True)
    assert clock(app, "application.certificate").due_on == D(2026, 10, 20)
    assert app.notices.get(kind="decision").title == "准予行政许可决定书"
    with today_is(D(2026, 10, 21)):
        services.application_deliver_certificate(by=city.user("window"), application=app, delivered_on=D(2026, 10, 21))
        with pytest.raises(Conflict):
            services.application_deliver_certificate(by=city.user("window"), application=app)
    app = fresh(app)
    assert app.certificate_delivered_on == D(2026, 10, 21)
    assert (clock(app, "application.certificate").state, clock(app, "application.certificate").met) == ("stopped", False)  # a day late


def test_late_decision_is_recorded_as_missed(accepted, today_is, city):
    app = accepted(D(2026, 3, 2))
    with today_is(D(2026, 4, 8)):
        services.application_decide(by=city.user("head"), application=app, result="deny", reason="经营场所不符合卫生规范", decided_on=D(2026, 4, 1))
    app = fresh(app)
    assert app.status == Status.DENIED and app.certificate_due_on is None
    assert clock(app, "application.decision").met is False and selectors.clock_view(app).overdue
    assert "行政复议" in "".join(app.notices.get(kind="decision").body)


@pytest.mark.parametrize(
    "by,result,reason,decided_on,error,code",
    [
        ("handler", "deny", " ", None, InvalidInput, "missing_field"),
        ("handler", "maybe", "x", None, InvalidInput, "invalid_result"),
        ("handler", "approve", "", D(2026, 3, 1), InvalidInput, "date_out_of_order"),
        ("window", "approve", "", None, Forbidden, "forbidden"),
        ("housing_handler", "approve", "", None, Forbidden, "forbidden"),
        ("supervisor", "approve", "", None, Forbidden, "forbidden"),
        ("handler", "not_accept", "不属于本机关", None, Conflict, "invalid_state"),
    ],
)
def test_bad_decisions_change_nothing(accepted, today_is, city, by, result, reason, decided_on, error, code):
    app = accepted(D(2026, 3, 2))
    with today_is(D(2026, 3, 10)), pytest.raises(error) as exc:
        services.application_decide(by=city.user(by), application=app, result=result, reason=reason, decided_on=decided_on)
    assert exc.value.code == code
    assert fresh(app).status == Status.ACCEPTED and clock(app, "application.decision").state == "running"


def test_decision_on_a_closed_application_is_a_conflict(accepted, today_is, city):
    app = accepted(D(2026, 3, 2))
    with today_is(D(2026, 3, 10)):
        services.application_decide(by=city.user("handler"), application=app, result="approve")
        with pytest.raises(Conflict) as exc:
            services.application_decide(by=city.user("handler"), application=app, result="deny", reason="改主意")
    assert exc.value.code == "invalid_state" and fresh(app).status == Status.APPROVED


def test_not_accepted_names_the_competent_body(submit, today_is, city):
    with today_is(D(2026, 3, 2)):
        app = submit(D(2026, 3, 2), materials=["M1"])
        services.application_decide(
            by=city.user("window"), application=app, result="not_accept", reason="申请事项属于区级权限", competent_body="历下区行政审批服务局"
        )
    app = fresh(app)
    assert (app.status, app.competent_body, app.decided_on) == (Status.NOT_ACCEPTED, "历下区行政审批服务局", D(2026, 3, 2))
    assert "请您向历下区行政审批服务局申请" in "".join(app.notices.get(kind="not_accepted").body)


def test_joint_review_runs_in_parallel_and_gates_approval(accepted, today_is, city):
    app = accepted(D(2026, 3, 2), item="JOINT")
    review = app.joint_reviews.get()
    assert (review.department, review.due_on, review.limit_days) == (city.dept("housing"), D(2026, 3, 16), 10)
    c = Clock.objects.get(subject_type="applications.jointreview", subject_id=review.pk)
    assert (c.kind, c.department, c.due_on, c.state) == ("application.joint_review", city.dept("housing"), D(2026, 3, 16), "running")
    with today_is(D(2026, 3, 10)):
        with pytest.raises(Conflict) as exc:
            services.application_decide(by=city.user("handler"), application=app, result="approve")
        assert exc.value.code == "joint_review_pending"
        with pytest.raises(Forbidden):
            services.joint_review_answer(by=city.user("handler"), application=app, department="housing", consent=True)
        with pytest.raises(NotFound):
            services.joint_review_answer(by=city.user("housing_handler"), application=app, department="west", consent=True)
        with pytest.raises(InvalidInput):
            services.joint_review_answer(by=city.user("housing_handler"), application=app, department="housing", consent=False, opinion="")
        services.joint_review_answer(by=city.user("housing_handler"), application=app, department="housing", consent=True, opinion="符合规划")
        with pytest.raises(Conflict):
            services.joint_review_answer(by=city.user("housing_head"), application=app, department="housing", consent=False, opinion="改为不同意")
        services.application_decide(by=city.user("handler"), application=app, result="approve")
    c.refresh_from_db()
    assert (c.state, c.met) == ("stopped", True)
    assert fresh(app).status == Status.APPROVED
    assert AuditRecord.objects.filter(action="joint_review.answer", subject_id=str(review.pk)).exists()


def test_objection_blocks_approval_but_not_denial(accepted, today_is, city):
    app = accepted(D(2026, 3, 2), item="JOINT")
    with today_is(D(2026, 3, 10)):
        services.joint_review_answer(by=city.user("housing_head"), application=app, department="housing", consent=False, opinion="不符合消防间距")
        with pytest.raises(Conflict) as exc:
            services.application_decide(by=city.user("handler"), application=app, result="approve")
        assert exc.value.code == "joint_review_objected"
        services.application_decide(by=city.user("handler"), application=app, result="deny", reason="住建部门审查不同意：不符合消防间距")
    assert fresh(app).status == Status.DENIED


def test_excluded_periods_move_pending_joint_reviews(accepted, today_is, city):
    app = accepted(D(2026, 3, 2), item="JOINT")
    with today_is(D(2026, 3, 10)):
        services.application_suspend(by=city.user("handler"), application=app, kind="expert_review", start_on=D(2026, 3, 4), end_on=D(2026, 3, 5))
    assert app.joint_reviews.get().due_on == D(2026, 3, 18)


@pytest.mark.parametrize(
    "code,amount,name,listed",
    [
        ("F1", "0", "", True),
        ("F2", "350.00", "", True),  # 按标准: any amount under the standard
        ("F1", "10", "", False),  # more than the published 0 元
        ("X9", "200", "加急服务费", False),
    ],
)
def test_fees_are_marked_listed_or_not(accepted, today_is, city, code, amount, name, listed):
    from decimal import Decimal

    app = accepted(D(2026, 3, 2))
    with today_is(D(2026, 3, 3)):
        charge = services.fee_charge(by=city.user("window"), application=app, code=code, amount=Decimal(amount), name=name)
    assert charge.listed is listed
    assert list(selectors.unlisted_charges()) == ([] if listed else [charge])
    record = AuditRecord.objects.get(action="application.charge_fee")
    assert record.after["listed"] is listed and record.subject_id == str(app.pk)


def test_bad_fee_input(accepted, today_is, city):
    from decimal import Decimal

    app = accepted(D(2026, 3, 2))
    with today_is(D(2026, 3, 3)):
        for code, amount, name in (
            ("X9", Decimal("5"), ""),
            ("F1", Decimal("-1"), ""),
            ("F1", Decimal("1.005"), ""),
            ("F1", Decimal("1e10"), ""),
            ("F1", Decimal("NaN"), ""),
            ("F" * 41, Decimal("1"), "资料费"),
        ):
            with pytest.raises(InvalidInput):
                services.fee_charge(by=city.user("window"), application=app, code=code, amount=amount, name=name)
        with pytest.raises(Forbidden):
            services.fee_charge(by=city.user("supervisor"), application=app, code="F1", amount=Decimal("0"))
    assert not FeeCharge.objects.exists()
