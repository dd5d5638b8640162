"""Who complained stays with intake, dispatch and the supervision office on the supervision
side too: a work order walked to a red card, with a supervision order, an improper-return
fault and a published black-list case on it, is read by every other role (and the public)
through every warning, order, notification, fault, dashboard and list endpoint and page —
the requester's name and phone appear nowhere, even when the office wrote them into its
own texts."""

import pytest

from xiaoneng.core import clock
from xiaoneng.supervision import services as supervision
from xiaoneng.workorders import services
from xiaoneng.workorders.services import Requester

from .conftest import at

NAME, PHONE = "欧阳明远", "13987654321"
ROLES = [None, "window", "handler", "head", "housing_handler", "housing_head", "district_head", "street_handler", "leader"]


@pytest.fixture
def red_case(city, sweep):
    dispatcher, handler = city.user("dispatcher"), city.user("handler")
    with clock.frozen(at(2026, 3, 2, 10)):
        wo = services.workorder_create(
            by=dispatcher,
            channel="hotline",
            type="consultation",
            title=f"{NAME}咨询",
            content=f"我是{NAME}，电话{PHONE}",
            requester=Requester(name=NAME, phone=PHONE),
        )
        services.workorder_dispatch(by=dispatcher, workorder=wo, department=city.dept("market"))
        services.workorder_return(by=handler, workorder=wo, reason="不属于本局职责范围")
        services.workorder_return_review(by=dispatcher, workorder=wo, accept=False, note=f"属于本局职责，请回电{NAME}（{PHONE}）")
        services.workorder_sign(by=handler, workorder=wo)
    for day in (4, 5, 6, 9, 10, 11, 12):
        sweep(2026, 3, day, 9)
    with clock.frozen(at(2026, 3, 12, 10)):
        order = supervision.order_issue(
            by=city.user("supervisor"),
            department=city.dept("market"),
            working_days=2,
            subject_type="workorders.workorder",
            subject_id=wo.pk,
            instructions=f"请立即回电{NAME}（{PHONE}）并于两日内答复",
        )
        supervisor, leader = city.user("supervisor"), city.user("leader")
        entry = supervision.list_entry_draft(
            by=supervisor,
            kind="shame",
            target="case",
            department=city.dept("market"),
            subject_type="workorder",
            subject_id=wo.pk,
            title=f"{NAME}反映的问题超期未办",
            summary=f"市民{NAME}（{PHONE}）反映的咨询超期未答复，被亮红牌",
        )
        supervision.list_entry_submit(by=supervisor, entry=entry)
        supervision.list_entry_decide(by=leader, entry=entry, approve=True)
    return wo, order


def urls(wo, order):
    return [
        "/api/v1/supervision/warnings",
        f"/api/v1/supervision/warnings?subject_type=workorder&subject_id={wo.pk}",
        "/api/v1/supervision/dashboard",
        "/api/v1/supervision/orders",
        f"/api/v1/supervision/orders/{order.pk}",
        "/api/v1/notifications",
        "/api/v1/accountability/faults",
        "/api/v1/accountability/sanctions",
        "/staff/supervision/dashboard/",
        "/staff/supervision/warnings/",
        "/staff/supervision/orders/",
        f"/staff/supervision/orders/{order.pk}/",
        "/staff/notifications/",
        "/staff/supervision/lists/",
        "/staff/accountability/",
        "/staff/",
        "/api/v1/supervision/lists",
        "/supervision/lists/",
    ]


@pytest.mark.parametrize("username", ROLES)
def test_no_supervision_surface_shows_the_requester(client, api, city, red_case, username):
    wo, order = red_case
    token_client = api(username)
    if username:
        client.force_login(city.user(username))
    with clock.frozen(at(2026, 3, 12, 12)):
        for url in urls(wo, order):
            response = token_client.get(url) if url.startswith("/api/") else client.get(url)
            assert response.status_code < 500, url
            body = response.content.decode()
            assert NAME not in body and PHONE not in body, f"{username} reads the requester at {url}"


def test_the_case_did_reach_red_and_the_order_reached_the_department(api, city, red_case):
    wo, order = red_case
    levels = {w["level"] for w in api("supervisor").get(f"/api/v1/supervision/warnings?subject_type=workorder&subject_id={wo.pk}").json()["items"]}
    assert "red" in levels
    mine = api("head").get(f"/api/v1/supervision/orders/{order.pk}").json()
    assert "回电欧***（139****4321）" in mine["instructions"]
    fault = next(f for f in api("head").get("/api/v1/accountability/faults").json() if f["source"] == "improper_return")
    assert "请回电欧***（139****4321）" in fault["description"]
    published = api().get("/api/v1/supervision/lists").json()
    assert [e["title"] for e in published] == ["欧***反映的问题超期未办"]
