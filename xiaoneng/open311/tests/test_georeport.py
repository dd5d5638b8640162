"""A GeoReport v2 client's view: discover, list services, post a request with an API key,
read it back in JSON and XML (parsed with xml.etree), search, resolve a token — and never a
requester's identity."""

import json
import xml.etree.ElementTree as ET

import pytest

from xiaoneng.core import clock
from xiaoneng.core.models import AuditRecord
from xiaoneng.workorders import services
from xiaoneng.workorders.models import WorkOrder
from xiaoneng.workorders.services import Requester
from xiaoneng.workorders.tests.conftest import at

BASE = "/open311/v2"


@pytest.fixture
def key(api, city):
    return api("admin").post("/api/v1/apikeys", {"name": "Open311 客户端", "channel": "open311"}).json()["key"]


def xml(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)


def post(client, fmt="json", **fields):
    return client.post(f"{BASE}/requests.{fmt}", fields)


def test_discovery_lists_this_endpoint_in_both_formats(client, db):
    body = client.get(f"{BASE}/discovery.json").json()
    [endpoint] = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2" and endpoint["url"].endswith("/open311/v2")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery" and [f.text for f in root.find("endpoints/endpoint/formats")] == ["text/xml", "application/json"]


def test_services_are_our_case_types(client, db):
    services_json = client.get(f"{BASE}/services.json").json()
    assert [s["service_code"] for s in services_json] == ["consultation", "help", "suggestion", "complaint", "report", "enterprise"]
    assert services_json[3] | {"keywords": ""} == {
        "service_code": "complaint",
        "service_name": "投诉",
        "description": services_json[3]["description"],
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "投诉举报",
    }
    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services" and [s.findtext("service_code") for s in root.findall("service")][:2] == ["consultation", "help"]
    assert root.find("service/metadata").text == "true"


def test_a_service_definition_and_an_unknown_service(client, db):
    definition = client.get(f"{BASE}/services/enterprise.json").json()
    assert [a["code"] for a in definition["attributes"]] == ["anonymous", "organization", "uscc"]
    root = xml(client.get(f"{BASE}/services/enterprise.xml"))
    assert root.tag == "service_definition" and root.find("attributes/attribute/values/value/key").text == "true"
    missing = client.get(f"{BASE}/services/pothole.json")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404
    root = xml(client.get(f"{BASE}/services/pothole.xml"))
    assert root.tag == "errors" and root.find("error/code").text == "404" and "pothole" in root.find("error/description").text


def test_post_read_back_and_resolve_the_token(client, city, key):
    with clock.frozen(at(2026, 3, 2, 10)):
        r = post(
            client,
            api_key=key,
            service_code="help",
            lat="36.6512",
            long="117.1201",
            address_string="历下区解放路东段",
            description="路灯连续一周不亮",
            first_name="丽",
            last_name="周",
            phone="13705310001",
            email="zhou@example.com",
        )
    assert r.status_code == 200, r.content
    [created] = r.json()
    wo = WorkOrder.objects.get(pk=int(created["service_request_id"]))
    assert created["account_id"] is None and wo.tracking_no in created["service_notice"]
    assert wo.channel == "open311" and wo.requester_name == "周丽" and wo.api_key.name == "Open311 客户端"
    assert AuditRecord.objects.get(action="workorder.create", subject_id=str(wo.pk)).channel == "open311"

    [read] = client.get(f"{BASE}/requests/{wo.pk}.json").json()
    assert read["status"] == "open" and read["service_code"] == "help" and read["service_name"] == "求助"
    assert read["expected_datetime"] == "2026-03-17T00:00:00+08:00"  # 求助 10 个工作日 → 3月16日 当日结束
    assert read["requested_datetime"] == "2026-03-02T10:00:00+08:00" and read["lat"] == 36.6512 and read["long"] == 117.1201
    assert read["agency_responsible"] is None and read["address"] == "历下区解放路东段"
    root = xml(client.get(f"{BASE}/requests/{wo.pk}.xml"))
    assert root.tag == "service_requests" and root.find("request/service_request_id").text == str(wo.pk)
    assert root.find("request/status").text == "open" and root.find("request/address_id").text is None

    wo = services.workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=city.dept("market"))
    assert client.get(f"{BASE}/requests/{wo.pk}.json").json()[0]["agency_responsible"] == "市市场监督管理局"

    assert client.get(f"{BASE}/tokens/{wo.tracking_no}.json").json() == [{"service_request_id": str(wo.pk), "token": wo.tracking_no}]
    assert xml(client.get(f"{BASE}/tokens/{wo.tracking_no}.xml")).find("request/token").text == wo.tracking_no
    assert client.get(f"{BASE}/tokens/20260302999999.json").status_code == 404


def test_post_in_xml(client, city, key):
    r = post(client, "xml", api_key=key, service_code="complaint", address_string="槐荫区经十路", description="夜间施工噪音")
    root = xml(r)
    assert r.status_code == 200 and root.tag == "service_requests" and root.find("request/service_request_id").text.isdigit()
    assert WorkOrder.objects.get().requester_anonymous  # no name given: anonymous


@pytest.mark.parametrize(
    "fields,status,fragment",
    [
        ({"service_code": "help", "address_string": "x", "description": "d"}, 403, "api_key"),
        ({"api_key": "xnk_wrong", "service_code": "help", "address_string": "x", "description": "d"}, 403, "api_key"),
        ({"service_code": "", "address_string": "x", "description": "d"}, 400, "service_code"),
        ({"service_code": "pothole", "address_string": "x", "description": "d"}, 404, "pothole"),
        ({"service_code": "help", "description": "d"}, 400, "位置"),
        ({"service_code": "help", "lat": "36.6", "description": "d"}, 400, "位置"),
        ({"service_code": "help", "address_string": "x", "description": ""}, 400, "诉求内容"),
        ({"service_code": "enterprise", "address_string": "x", "description": "d"}, 400, "attribute[organization]"),
        ({"service_code": "help", "lat": "91", "long": "117", "description": "d"}, 400, "纬度"),
    ],
)
def test_post_errors_in_the_specs_format(client, city, key, fields, status, fragment):
    fields = {"api_key": key} | fields if "api_key" not in fields and status != 403 else fields
    r = post(client, **fields)
    assert r.status_code == status, r.content
    [error] = r.json()
    assert error["code"] == status and fragment in error["description"]
    assert not WorkOrder.objects.exists()


@pytest.fixture
def history(city):
    dispatcher = city.user("dispatcher")

    def case(moment, type="complaint"):
        with clock.frozen(moment):
            return services.workorder_create(
                by=dispatcher, channel="hotline", type=type, content=f"诉求 {moment:%m%d}", requester=Requester(name="甲", phone="13700000000")
            )

    old = case(at(2025, 11, 1, 10))
    recent = case(at(2026, 2, 20, 10), type="help")
    closed = case(at(2026, 3, 1, 10), type="consultation")
    with clock.frozen(at(2026, 3, 1, 10, 5)):
        services.workorder_answer(by=dispatcher, workorder=closed, content="经核实，可携带身份证到市政务服务中心综合窗口办理，咨询电话0531-12345678。")
        services.workorder_close(by=city.user("supervisor"), workorder=closed)
    return old, recent, closed


def ids(response):
    return [int(r["service_request_id"]) for r in response.json()]


def test_search_defaults_to_the_last_90_days(client, history):
    old, recent, closed = history
    with clock.frozen(at(2026, 3, 2, 12)):
        assert ids(client.get(f"{BASE}/requests.json")) == [closed.pk, recent.pk]
        assert ids(client.get(f"{BASE}/requests.json?status=open")) == [recent.pk]
        assert ids(client.get(f"{BASE}/requests.json?status=closed")) == [closed.pk]
        assert ids(client.get(f"{BASE}/requests.json?service_code=help,complaint")) == [recent.pk]
        assert ids(client.get(f"{BASE}/requests.json?start_date=2025-10-15T00:00:00Z&end_date=2025-12-01T00:00:00Z")) == [old.pk]
        assert ids(client.get(f"{BASE}/requests.json?service_request_id={old.pk},{closed.pk}&status=open")) == [closed.pk, old.pk]
        root = xml(client.get(f"{BASE}/requests.xml?status=closed"))
        assert [r.findtext("status") for r in root.findall("request")] == ["closed"]


@pytest.mark.parametrize(
    "query,fragment",
    [
        ("start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", "90"),
        ("start_date=yesterday", "start_date"),
        ("status=pending", "status"),
        ("start_date=2026-03-02T00:00:00Z&end_date=2026-03-01T00:00:00Z", "start_date"),
    ],
)
def test_bad_searches_are_400_in_the_specs_format(client, db, query, fragment):
    r = client.get(f"{BASE}/requests.json?{query}")
    assert r.status_code == 400 and fragment in r.json()[0]["description"]
    root = xml(client.get(f"{BASE}/requests.xml?{query}"))
    assert root.tag == "errors" and root.find("error/code").text == "400"


def test_open311_never_shows_the_requester_and_keeps_reports_private(client, city):
    with clock.frozen(at(2026, 3, 2, 10)):
        complaint = services.workorder_create(
            by=city.user("dispatcher"),
            channel="hotline",
            type="complaint",
            content="我是欧阳明远，电话13987654321，投诉噪音",
            requester=Requester(name="欧阳明远", phone="13987654321", email="oy@example.com"),
        )
        report = services.workorder_create(
            by=city.user("dispatcher"),
            channel="hotline",
            type="report",
            content="举报某企业偷排，举报人电话13900000000",
            requester=Requester(name="司马光华", phone="13900000000"),
            location=services.Location(address="天桥区北园大街", lat=36.7, lng=117.0),
        )
    with clock.frozen(at(2026, 3, 2, 12)):
        body = client.get(f"{BASE}/requests.json").content.decode() + client.get(f"{BASE}/requests.xml").content.decode()
    for secret in ("欧阳明远", "13987654321", "oy@example.com", "司马光华", "13900000000", "偷排"):
        assert secret not in body
    [read] = client.get(f"{BASE}/requests/{report.pk}.json").json()
    assert read["description"] == "举报内容依规不予公开" and read["lat"] is None and read["address"] == ""
    assert "欧***" in client.get(f"{BASE}/requests/{complaint.pk}.json").json()[0]["description"]


def test_unknown_requests_and_methods(client, db):
    assert client.get(f"{BASE}/requests/999.json").status_code == 404
    assert json.loads(client.get(f"{BASE}/requests/abc.json").content)[0]["code"] == 404
    assert client.put(f"{BASE}/requests.json").status_code == 405
    assert client.get(f"{BASE}/requests.csv").status_code == 404
