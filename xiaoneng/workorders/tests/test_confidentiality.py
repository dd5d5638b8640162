"""Who complained is visible to intake, dispatch and the supervision office only (PRODUCT §2).
Every role against every endpoint and page that shows a case: the requester's name, phone,
ID number, e-mail and contact address must not appear anywhere else — not in the requester
block, not inside the complaint's text, not in notes, lists, searches or Open311."""

import pytest

from xiaoneng.core import clock
from xiaoneng.workorders import services
from xiaoneng.workorders.services import Requester

from .conftest import at

NAME, PHONE, ID_NUMBER, EMAIL, ADDRESS = "欧阳明远", "13987654321", "370102198506123015", "ouyang@example.com", "历山路88号3单元"
SECRETS = (NAME, PHONE, ID_NUMBER, EMAIL, ADDRESS)
WALK_IN_NAME, WALK_IN_PHONE = "司马光华", "13811112222"

ROLES = ["admin", "window", "dispatcher", "handler", "head", "housing_handler", "housing_head", "district_head", "street_handler", "supervisor", "leader"]
SEES_IDENTITY = {"admin", "dispatcher", "supervisor"}


@pytest.fixture
def cases(city):
    dispatcher, handler = city.user("dispatcher"), city.user("handler")
    with clock.frozen(at(2026, 3, 2, 10)):
        complaint = services.workorder_create(
            by=dispatcher,
            channel="hotline",
            type="complaint",
            title="投诉市场监管所不作为",
            content=f"我叫{NAME}，电话{PHONE}，身份证{ID_NUMBER}，家住{ADDRESS}。反映的超市过期食品问题一直没人管。",
            requester=Requester(name=NAME, phone=PHONE, id_number=ID_NUMBER, email=EMAIL, address=ADDRESS),
        )
        services.workorder_dispatch(by=dispatcher, workorder=complaint, department=city.dept("market"), note=f"来电人{NAME}要求保密，回电请拨{PHONE}")
        services.workorder_sign(by=handler, workorder=complaint)
        services.workorder_reply(by=handler, workorder=complaint, content="已对该超市立案调查")
        services.workorder_follow_up(by=dispatcher, workorder=complaint, resolved=False, satisfaction="dissatisfied", note=f"{NAME}表示仍未解决")
        queued = services.workorder_create(
            by=dispatcher,
            channel="hotline",
            type="report",
            content=f"举报人{NAME}反映某企业偷排",
            requester=Requester(name=NAME, phone=PHONE, email=EMAIL),
        )
        walk_in = services.workorder_create(
            by=city.user("window"),
            channel="walk_in",
            type="consultation",
            content="咨询营业执照办理",
            requester=Requester(name=WALK_IN_NAME, phone=WALK_IN_PHONE),
        )
    return {"complaint": complaint, "queued": queued, "walk_in": walk_in}


def endpoints(c):
    complaint, queued = c["complaint"].pk, c["queued"].pk
    return [
        ("api", f"/api/v1/workorders/{complaint}"),
        ("api", f"/api/v1/workorders/{queued}"),
        ("api", "/api/v1/workorders"),
        ("api", f"/api/v1/workorders?q={PHONE}"),
        ("api", f"/api/v1/workorders?q={NAME}"),
        ("api", f"/api/v1/workorders/{queued}/routing-suggestions"),
        ("page", f"/staff/workorders/{complaint}/"),
        ("page", f"/staff/workorders/{queued}/"),
        ("page", "/staff/workorders/search/"),
        ("page", f"/staff/workorders/search/?q={NAME}"),
        ("page", "/staff/workorders/inbox/"),
        ("page", "/staff/workorders/queue/"),
        ("page", "/staff/workorders/follow-up/"),
        ("page", f"/staff/workorders/new/caller-history/?phone={PHONE}"),
        ("page", "/staff/workorders/stats/?start=2026-03-01&end=2026-03-31"),
        ("page", "/staff/"),
        ("open311", "/open311/v2/requests.json?start_date=2026-03-01T00:00:00+08:00&end_date=2026-03-31T00:00:00+08:00"),
        ("open311", "/open311/v2/requests.xml?start_date=2026-03-01T00:00:00+08:00&end_date=2026-03-31T00:00:00+08:00"),
        ("open311", f"/open311/v2/requests/{complaint}.json"),
        ("open311", f"/open311/v2/requests/{queued}.xml"),
    ]


@pytest.mark.parametrize("username", ROLES)
def test_every_endpoint_hides_the_requester_from_roles_that_may_not_know(client, api, city, cases, username):
    token_client = api(username)
    client.force_login(city.user(username))
    for kind, url in endpoints(cases):
        response = token_client.get(url) if kind == "api" else client.get(url)
        body = response.content.decode().replace(f'name="q" value="{NAME}"', "")  # the search box echoes what was typed
        assert response.status_code < 500, url
        if username in SEES_IDENTITY or kind == "open311":
            continue
        for secret in SECRETS:
            assert secret not in body, f"{username} sees {secret} at {url}"


@pytest.mark.parametrize("username", sorted(SEES_IDENTITY))
def test_dispatch_supervision_and_administrators_see_who_complained(client, api, city, cases, username):
    detail = api(username).get(f"/api/v1/workorders/{cases['complaint'].pk}").json()
    assert detail["requester"] == {
        "anonymous": False,
        "masked": False,
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "id_number": ID_NUMBER,
        "address": ADDRESS,
        "organization": "",
        "uscc": "",
    }
    assert NAME in detail["content"] and detail["query_code"] == cases["complaint"].query_code
    client.force_login(city.user(username))
    page = client.get(f"/staff/workorders/{cases['complaint'].pk}/").content.decode()
    assert NAME in page and PHONE in page and "已脱敏" not in page


@pytest.mark.parametrize("username", ["handler", "head", "leader"])
def test_other_roles_see_the_requester_masked(client, api, city, cases, username):
    detail = api(username).get(f"/api/v1/workorders/{cases['complaint'].pk}").json()
    assert detail["requester"]["masked"] is True
    assert detail["requester"]["name"] == "欧***" and detail["requester"]["phone"] == "139****4321"
    assert detail["requester"]["id_number"] == "370102********3015" and detail["requester"]["address"] == "***"
    assert detail["query_code"] is None
    dispatched = next(h for h in detail["history"] if h["action"] == "workorder.dispatch")
    assert dispatched["note"] == "来电人欧***要求保密，回电请拨139****4321"
    client.force_login(city.user(username))
    assert "已脱敏" in client.get(f"/staff/workorders/{cases['complaint'].pk}/").content.decode()


def test_window_staff_see_the_walk_ins_they_took_and_nothing_else(api, city, cases):
    window = api("window")
    own = window.get(f"/api/v1/workorders/{cases['walk_in'].pk}").json()
    assert own["requester"]["name"] == WALK_IN_NAME and own["requester"]["phone"] == WALK_IN_PHONE
    assert window.get(f"/api/v1/workorders/{cases['complaint'].pk}").status_code == 404
    assert [i["id"] for i in window.get("/api/v1/workorders").json()["items"]] == [cases["walk_in"].pk]
    other = api("head").get(f"/api/v1/workorders/{cases['walk_in'].pk}")
    assert other.status_code == 404


def test_departments_read_only_their_own_cases(api, city, cases):
    assert api("housing_handler").get(f"/api/v1/workorders/{cases['complaint'].pk}").status_code == 404
    assert api("street_handler").get("/api/v1/workorders").json()["count"] == 0
    assert api("handler").get("/api/v1/workorders").json()["count"] == 1
    assert api("leader").get("/api/v1/workorders").json()["count"] == 3


def test_the_public_look_up_and_open311_never_show_identity(client, api, city, cases):
    complaint = cases["complaint"]
    body = api().get(f"/api/v1/public/workorders/{complaint.tracking_no}?code={complaint.query_code}")
    assert body.status_code == 200 and body.json()["requester"] == "欧***"
    page = client.post("/workorders/track/", {"tracking_no": complaint.tracking_no, "code": complaint.query_code})
    assert "欧***" in page.content.decode()
    for response in (body, page, client.get(f"/open311/v2/requests/{complaint.pk}.json"), client.get(f"/open311/v2/requests/{cases['queued'].pk}.xml")):
        text = response.content.decode()
        for secret in SECRETS:
            assert secret not in text


@pytest.mark.parametrize("username", ["public", None])
def test_the_public_and_citizens_cannot_read_cases_through_staff_endpoints(client, api, city, cases, public_user, username):
    if username:
        client.force_login(public_user)
        assert client.get(f"/api/v1/workorders/{cases['complaint'].pk}").status_code in (401, 403, 404)
        assert client.get(f"/staff/workorders/{cases['complaint'].pk}/").status_code == 403
    else:
        assert api().get(f"/api/v1/workorders/{cases['complaint'].pk}").status_code == 401
        assert client.get(f"/staff/workorders/{cases['complaint'].pk}/").status_code == 302
