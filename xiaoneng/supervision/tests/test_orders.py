"""Supervision orders (督办): issue, answer, review; escalation when the order's own deadline
passes — first to the department head, then to the leader in charge (分管领导)."""

import datetime as dt

import pytest

from xiaoneng.clocks.models import Clock
from xiaoneng.core import clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.notifications.models import Notification
from xiaoneng.supervision.models import OrderState, SupervisionOrder, SweepRun, Warning
from xiaoneng.supervision.selectors import order_escalation
from xiaoneng.supervision.services import order_answer, order_issue, order_review, order_withdraw, oversight_assign

from .conftest import at


def issue(city, *, responsible="handler", days=3, moment=(2026, 9, 28, 10)):
    with clock.frozen(at(*moment)):
        return order_issue(
            by=city.user("supervisor"),
            department=city.dept("market"),
            instructions="请核查该工单超期原因并限期办结",
            working_days=days,
            subject_type="workorders.workorder",
            subject_id=77,
            responsible=city.user(responsible) if responsible else None,
        )


def test_issue_starts_a_clock_and_tells_the_addressee(city):
    order = issue(city)
    c = Clock.objects.get(kind="supervision.order")
    assert c.due_on == dt.date(2026, 10, 8) and order.due_at == c.due_at and order.clock == c  # 29, 30 Sep, then 8 Oct
    assert c.responsible == city.user("handler") and c.department == city.dept("market")
    n = Notification.objects.get(recipient=city.user("handler"))
    assert order.number in n.text and "2026年10月8日（周四）24:00 前答复" in n.text
    assert AuditRecord.objects.filter(action="supervision_order.issue").exists()


def test_without_a_named_person_the_heads_answer(city):
    order = issue(city, responsible=None)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["head"]
    with clock.frozen(at(2026, 9, 29, 10)):
        order_answer(by=city.user("head"), order=order, answer="已办结，系系统故障所致")
    assert SupervisionOrder.objects.get(pk=order.pk).state == OrderState.ANSWERED


@pytest.mark.parametrize("who", ["housing_head", "street_handler", "supervisor"])
def test_others_cannot_answer(city, who):
    with pytest.raises(Forbidden):
        order_answer(by=city.user(who), order=issue(city), answer="代答")


def test_answer_review_return_and_close(city):
    order = issue(city)
    with clock.frozen(at(2026, 9, 29, 10)):
        order_answer(by=city.user("handler"), order=order, answer="已联系企业")
    assert Clock.objects.get(kind="supervision.order", round=1).met is True
    with pytest.raises(InvalidInput):
        order_review(by=city.user("supervisor"), order=order, accept=False, note="")
    with clock.frozen(at(2026, 9, 30, 10)):
        order_review(by=city.user("supervisor"), order=order, accept=False, note="未说明整改措施")
    order.refresh_from_db()
    assert order.state == OrderState.ISSUED and order.clock.round == 2 and order.clock.due_on == dt.date(2026, 10, 10)  # 8, 9 Oct and the make-up Saturday
    with clock.frozen(at(2026, 10, 9, 10)):
        order_answer(by=city.user("handler"), order=order, answer="已整改：增设值班")
        order_review(by=city.user("supervisor"), order=order, accept=True, note="同意办结")
    assert SupervisionOrder.objects.get(pk=order.pk).state == OrderState.CLOSED
    with pytest.raises(Conflict):
        order_withdraw(by=city.user("supervisor"), order=order, reason="x")


def test_overdue_orders_escalate_to_the_head_then_the_leader_in_charge(city, sweep):
    oversight_assign(by=city.user("admin"), leader=city["staff"]["leader"], department=city.dept("market"))
    order = issue(city)  # due Thu 8 Oct
    sweep(2026, 10, 9, 9)
    assert Warning.objects.get(clock=order.clock, level="yellow").supervision_due_at == at(2026, 10, 11)  # 2 days: Fri 9, Sat 10
    told = set(Notification.objects.filter(category="warning").values_list("recipient__username", flat=True))
    assert told == {"handler", "head"} and order_escalation(order) == "已逾期，已上报部门负责人"
    sweep(2026, 10, 13, 9)
    told = set(
        Notification.objects.filter(category="warning", batch__in=SweepRun.objects.filter(as_of=at(2026, 10, 13, 9)).values("id")).values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"handler", "head", "leader"} and order_escalation(order) == "已逾期，已上报分管领导"


def test_only_leaders_can_be_in_charge(city):
    with pytest.raises(InvalidInput):
        oversight_assign(by=city.user("admin"), leader=city["staff"]["handler"], department=city.dept("market"))
    with pytest.raises(Forbidden):
        oversight_assign(by=city.user("supervisor"), leader=city["staff"]["leader"], department=city.dept("market"))


def test_orders_through_the_api(api, city, start, sweep):
    start(1, started_on=dt.date(2026, 9, 21), days=7)
    sweep(2026, 10, 9, 9)
    yellow = Warning.objects.get(level="yellow")
    with clock.frozen(at(2026, 10, 9, 10)):
        created = api("supervisor").post("/api/v1/supervision/orders", {"warning_id": yellow.pk, "instructions": "限两个工作日内办结", "working_days": 2})
        assert created.status_code == 201, created.content
        body = created.json()
        assert body["department"] == "market" and body["subject_type"] == "case" and body["state"] == "issued"
        assert (
            api("handler").post("/api/v1/supervision/orders", {"department": "market", "instructions": "x", "subject_type": "t.t", "subject_id": 1}).status_code
            == 403
        )
        assert api("housing_head").get(f"/api/v1/supervision/orders/{body['id']}").status_code == 404
        answered = api("head").post(f"/api/v1/supervision/orders/{body['id']}/answer", {"answer": "已办结"})
        assert answered.status_code == 200 and answered.json()["state"] == "answered"
        bad = api("supervisor").post(
            "/api/v1/supervision/orders", {"department": "market", "instructions": "x", "working_days": 0, "subject_type": "t.t", "subject_id": 1}
        )
        assert bad.status_code == 400 and bad.json()["code"] == "invalid_working_days"
    assert api("head").get("/api/v1/supervision/orders").json()["count"] == 1
