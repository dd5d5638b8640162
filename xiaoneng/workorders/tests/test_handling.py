"""Dispatch, sign-for, returns and their review, co-departments, interim feedback, extensions
and the answer — through the services, with the clocks and audit rows they leave."""

import pytest

from xiaoneng.accountability.models import Fault
from xiaoneng.clocks.models import Clock
from xiaoneng.core import clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.org.services import department_create
from xiaoneng.workorders import selectors, services
from xiaoneng.workorders.models import Status, WorkOrder

from .conftest import at, hotline

MONDAY = at(2026, 3, 2, 10)


def clocks(wo, kind):
    return list(Clock.objects.filter(subject_type="workorders.workorder", subject_id=wo.pk, kind=kind).order_by("round"))


def do(moment, fn, by, **kwargs):
    with clock.frozen(moment):
        return fn(by=by, **kwargs)


def dispatched(city, moment=MONDAY, department="market", **kwargs):
    wo = hotline(city, moment, **kwargs)
    return do(moment, services.workorder_dispatch, city.user("dispatcher"), workorder=wo, department=city.dept(department))


def signed(city, moment=MONDAY, **kwargs):
    wo = dispatched(city, moment, **kwargs)
    return do(moment.replace(minute=30), services.workorder_sign, city.user("handler"), workorder=wo)


def test_dispatch_starts_a_sign_for_clock_in_office_hours_and_moves_the_handle_clock(city):
    wo = hotline(city, at(2026, 3, 6, 17))  # 周五 17:00
    wo = do(at(2026, 3, 6, 17, 10), services.workorder_dispatch, city.user("dispatcher"), workorder=wo, department=city.dept("market"))
    assert wo.status == Status.DISPATCHED and wo.dispatch_count == 1
    assert wo.sign_due_at == at(2026, 3, 9, 9, 40)  # 20 minutes on Friday, 40 on Monday
    [sign] = clocks(wo, "workorder.sign")
    assert sign.due_at == wo.sign_due_at and sign.department == city.dept("market") and sign.round == 1
    [handle] = clocks(wo, "workorder.handle")
    assert handle.department == city.dept("market")
    assert AuditRecord.objects.filter(action="clock.assign", subject_id=str(handle.pk)).exists()


def test_re_dispatch_before_sign_for_stops_the_old_clock_and_starts_a_new_one(city):
    wo = dispatched(city)
    wo = do(at(2026, 3, 2, 10, 20), services.workorder_dispatch, city.user("dispatcher"), workorder=wo, department=city.dept("housing"))
    first, second = clocks(wo, "workorder.sign")
    assert first.state == "stopped" and first.department == city.dept("market")
    assert second.round == 2 and second.state == "running" and second.department == city.dept("housing")
    assert clocks(wo, "workorder.handle")[0].department == city.dept("housing")


def test_dispatch_to_an_inactive_department_is_refused(city):
    closed = department_create(by=None, code="old", name="已撤销的局", kind="bureau", parent=city.dept("city"))
    closed.is_active = False
    closed.save()
    wo = hotline(city, MONDAY)
    with pytest.raises(InvalidInput):
        services.workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=closed)
    assert WorkOrder.objects.get(pk=wo.pk).status == Status.RECEIVED


@pytest.mark.parametrize(
    "username,department,allowed",
    [
        ("handler", "market", True),
        ("head", "market", True),
        ("housing_handler", "market", False),
        ("district_head", "east-1", True),  # a district acts for its streets
        ("street_handler", "east", False),  # but a street not for its district
        ("dispatcher", "market", False),
        ("supervisor", "market", False),
    ],
)
def test_only_the_responsible_department_signs(city, username, department, allowed):
    wo = dispatched(city, department=department)
    if allowed:
        assert services.workorder_sign(by=city.user(username), workorder=wo).status == Status.SIGNED
    else:
        with pytest.raises(Forbidden):
            services.workorder_sign(by=city.user(username), workorder=wo)


def test_sign_for_late_is_recorded_as_missed(city):
    wo = dispatched(city)  # due 11:00
    do(at(2026, 3, 2, 14), services.workorder_sign, city.user("handler"), workorder=wo)
    [sign] = clocks(wo, "workorder.sign")
    assert sign.state == "stopped" and sign.met is False


def test_a_return_needs_reasons_and_a_department_returns_once(city):
    wo = dispatched(city)
    handler, dispatcher = city.user("handler"), city.user("dispatcher")
    with pytest.raises(InvalidInput):
        services.workorder_return(by=handler, workorder=wo, reason="不归")
    wo = do(at(2026, 3, 2, 10, 20), services.workorder_return, handler, workorder=wo, reason="占道经营属城市管理部门职责")
    assert wo.status == Status.RETURNED and wo.sign_due_at is None
    assert clocks(wo, "workorder.sign")[0].state == "stopped"
    wo = do(at(2026, 3, 2, 11), services.workorder_return_review, dispatcher, workorder=wo, accept=False, note="食品经营许可问题属市场监管职责")
    assert wo.status == Status.DISPATCHED and wo.department == city.dept("market") and wo.dispatch_count == 2
    fault = Fault.objects.get()
    assert fault.source == "improper_return" and fault.department == city.dept("market") and fault.person == city["staff"]["handler"]
    with pytest.raises(Conflict) as exc:
        services.workorder_return(by=handler, workorder=wo, reason="再次申请退单，不属于本部门")
    assert exc.value.code == "return_limit"


def test_the_dispatcher_can_allow_a_second_return(city):
    wo = dispatched(city)
    handler, dispatcher = city.user("handler"), city.user("dispatcher")
    wo = services.workorder_return(by=handler, workorder=wo, reason="需要先由属地街道核实")
    wo = services.workorder_return_review(by=dispatcher, workorder=wo, accept=False, note="先行核实", allow_again=True)
    assert services.workorder_return(by=handler, workorder=wo, reason="核实后确认属住建部门职责").status == Status.RETURNED


def test_an_accepted_return_goes_to_another_department_or_back_to_the_queue(city):
    wo = dispatched(city)
    dispatcher = city.user("dispatcher")
    wo = services.workorder_return(by=city.user("handler"), workorder=wo, reason="物业收费属住建部门职责")
    with pytest.raises(InvalidInput):
        services.workorder_return_review(by=dispatcher, workorder=wo, accept=True, department=city.dept("market"))
    wo = services.workorder_return_review(by=dispatcher, workorder=wo, accept=True, department=city.dept("housing"), note="同意")
    assert wo.status == Status.DISPATCHED and wo.department == city.dept("housing")
    wo = services.workorder_return(by=city.user("housing_handler"), workorder=wo, reason="该小区无物业，属街道管理")
    wo = services.workorder_return_review(by=dispatcher, workorder=wo, accept=True)
    assert wo.status == Status.RECEIVED and wo.department is None
    assert clocks(wo, "workorder.handle")[0].department == city.dept("hotline")  # back in the queue: the 12345 centre answers for it
    assert not Fault.objects.exists()
    steps = [(e.action, e.department.code if e.department else None, e.note) for e in selectors.timeline(wo)]
    assert steps == [
        ("workorder.create", None, ""),
        ("workorder.dispatch", "market", ""),
        ("workorder.return", "market", "物业收费属住建部门职责"),
        ("workorder.return_accept", None, "同意"),
        ("workorder.dispatch", "housing", "同意"),  # accepting and re-dispatching are two steps, as they happened
        ("workorder.return", "housing", "该小区无物业，属街道管理"),
        ("workorder.return_accept", None, ""),
    ]
    public = [(e.label, e.department.code if e.department else None) for e in selectors.timeline(wo, public=True)]
    assert public == [("受理", None), ("派单", "market"), ("派单", "housing")]  # the requester does not see the returns


def test_a_return_after_sign_for_that_is_rejected_goes_back_to_handling_and_its_feedback_clock_resumes(city):
    wo = signed(city)
    [feedback] = clocks(wo, "workorder.feedback")
    assert feedback.state == "running"
    wo = services.workorder_return(by=city.user("handler"), workorder=wo, reason="经了解属于区县管辖")
    feedback.refresh_from_db()
    assert feedback.state == "paused"
    wo = services.workorder_return_review(by=city.user("dispatcher"), workorder=wo, accept=False, note="属本部门")
    feedback.refresh_from_db()
    assert wo.status == Status.SIGNED and feedback.state == "running"


def test_only_the_dispatcher_reviews_returns(city):
    wo = services.workorder_return(by=city.user("handler"), workorder=dispatched(city), reason="不属于本部门职责")
    for name in ("supervisor", "head", "leader"):
        with pytest.raises(Forbidden):
            services.workorder_return_review(by=city.user(name), workorder=wo, accept=True)


def test_co_departments_see_the_case_and_give_opinions(city, api):
    wo = hotline(city, MONDAY)
    wo = services.workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=city.dept("market"), co_departments=[city.dept("housing")])
    assert api("housing_handler").get(f"/api/v1/workorders/{wo.pk}").status_code == 200
    assert api("street_handler").get(f"/api/v1/workorders/{wo.pk}").status_code == 404
    co = services.workorder_co_opinion(by=city.user("housing_head"), workorder=wo, opinion="该餐馆所在建筑无专用烟道，建议责令停止使用")
    assert co.opinion.startswith("该餐馆") and co.opinion_by == city.user("housing_head")
    with pytest.raises(Forbidden):
        services.workorder_co_opinion(by=city.user("handler"), workorder=wo, opinion="主办部门不是协办部门")
    with pytest.raises(Forbidden):
        services.workorder_sign(by=city.user("housing_handler"), workorder=wo)


def test_interim_feedback_moves_the_next_feedback_deadline(city):
    wo = signed(city)  # complaint: 15 days, feedback every 5
    assert wo.feedback_due_at == at(2026, 3, 10, 0)  # 3月9日 周一 当日结束
    wo = do(at(2026, 3, 6, 15), services.workorder_feedback, city.user("handler"), workorder=wo, content="已现场检查，正在约谈商户")
    assert wo.feedback_due_at == at(2026, 3, 14, 0)  # 5 working days from 3月6日
    [feedback] = clocks(wo, "workorder.feedback")
    assert feedback.due_at == wo.feedback_due_at and feedback.state == "running"
    assert [e.note for e in selectors.timeline(wo, public=True) if e.action == "workorder.feedback"] == ["已现场检查，正在约谈商户"]


def test_a_short_case_needs_no_interim_feedback(city):
    wo = signed(city, type="consultation")
    assert wo.feedback_due_at is None and not clocks(wo, "workorder.feedback")


def test_an_extension_approved_before_the_deadline_moves_it(city):
    wo = signed(city)  # due 2026-03-23
    handler, dispatcher = city.user("handler"), city.user("dispatcher")
    ext = do(at(2026, 3, 20, 9), services.workorder_extension_request, handler, workorder=wo, days=5, reason="需检测油烟浓度，检测报告需5个工作日")
    with pytest.raises(Conflict):
        services.workorder_extension_request(by=handler, workorder=wo, days=3, reason="重复申请")
    with pytest.raises(Forbidden):
        services.workorder_extension_decide(by=handler, extension=ext, approve=True)
    ext = do(at(2026, 3, 23, 16), services.workorder_extension_decide, dispatcher, extension=ext, approve=True)
    wo.refresh_from_db()
    assert wo.due_on.isoformat() == "2026-03-30" and wo.handle_days == 20
    assert ext.due_before == at(2026, 3, 24, 0) and ext.due_after == at(2026, 3, 31, 0)
    [handle] = clocks(wo, "workorder.handle")
    assert handle.due_on == wo.due_on and handle.working_days == 20
    assert AuditRecord.objects.filter(action="workorder.extension_approve", subject_id=str(wo.pk)).exists()


def test_an_extension_cannot_be_asked_or_approved_after_the_deadline(city):
    wo = signed(city)
    handler, dispatcher = city.user("handler"), city.user("dispatcher")
    ext = do(at(2026, 3, 23, 9), services.workorder_extension_request, handler, workorder=wo, days=3, reason="需要协调")
    with pytest.raises(Conflict) as exc:
        do(at(2026, 3, 24, 9), services.workorder_extension_decide, dispatcher, extension=ext, approve=True)
    assert exc.value.code == "extension_expired"
    do(at(2026, 3, 24, 9), services.workorder_extension_decide, dispatcher, extension=ext, approve=False, note="已超期，不予延期")
    with pytest.raises(Conflict) as exc:
        do(at(2026, 3, 24, 10), services.workorder_extension_request, handler, workorder=wo, days=3, reason="再申请")
    assert exc.value.code == "already_overdue"


def test_the_answer_needs_sign_for_and_stops_the_handle_clock(city):
    wo = dispatched(city)
    with pytest.raises(Conflict):
        services.workorder_reply(by=city.user("handler"), workorder=wo, content="已处理")
    wo = do(at(2026, 3, 2, 11), services.workorder_sign, city.user("handler"), workorder=wo)
    wo = do(at(2026, 3, 24, 9), services.workorder_reply, city.user("handler"), workorder=wo, content="已责令整改")  # one day late
    [handle] = clocks(wo, "workorder.handle")
    assert handle.state == "stopped" and handle.met is False
    assert wo.reply_content == "已责令整改" and wo.status == Status.REPLIED


def test_reclassifying_recomputes_the_deadline(city):
    wo = hotline(city, MONDAY)  # complaint, due 3月23日
    wo = services.workorder_classify(by=city.user("dispatcher"), workorder=wo, type="consultation", urgent=False)
    assert wo.due_on.isoformat() == "2026-03-04" and clocks(wo, "workorder.handle")[0].due_on == wo.due_on
    wo = services.workorder_classify(by=city.user("dispatcher"), workorder=wo, type="consultation", urgent=True)
    assert wo.due_on.isoformat() == "2026-03-02" and wo.handle_days == 0
    assert clocks(wo, "workorder.handle")[0].due_at == at(2026, 3, 2, 15, 30)  # four office hours
    with pytest.raises(Forbidden):
        services.workorder_classify(by=city.user("handler"), workorder=wo, type="help", urgent=False)


def test_dispatching_a_returned_case_elsewhere_accepts_the_return(api, city):
    wo = services.workorder_return(by=city.user("handler"), workorder=dispatched(city), reason="物业收费属住建部门职责")
    same = api("dispatcher").post(f"/api/v1/workorders/{wo.pk}/dispatch", {"department": "market"})
    assert same.status_code == 409 and same.json()["code"] == "return_pending"
    r = api("dispatcher").post(f"/api/v1/workorders/{wo.pk}/dispatch", {"department": "housing"})
    assert r.status_code == 200 and r.json()["status"] == "dispatched" and r.json()["department"]["code"] == "housing"
    assert r.json()["returns"][0]["decision"] == "approved"
