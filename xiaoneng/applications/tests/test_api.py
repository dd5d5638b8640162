"""The REST API of the service hall, end to end, with real dates."""

import pytest

from xiaoneng.accountability.models import Fault
from xiaoneng.applications.models import Application
from xiaoneng.core.models import AuditRecord

from .conftest import D

APPLICANT = {"name": "王建华", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13805310000"}
ITEM = {
    "code": "SCJG-001",
    "name": "食品经营许可",
    "department": "market",
    "legal_limit_days": 20,
    "committed_limit_days": 10,
    "materials": [
        {"code": "A", "name": "申请书", "required": True},
        {"code": "B", "name": "营业执照", "required": True},
        {"code": "C", "name": "平面图", "required": True},
        {"code": "D", "name": "委托书", "required": False},
    ],
    "deemed_approval": False,
    "joint": False,
}


@pytest.fixture
def hall(api, city, today_is):
    """The catalogue item created through the API; returns (admin, window, handler, head) clients."""
    admin = api("admin")
    with today_is(D(2026, 3, 2)):
        response = admin.post("/api/v1/catalogue/items", ITEM)
    assert response.status_code == 201, response.content
    return admin, api("window"), api("handler"), api("head")


def test_incomplete_then_corrected_then_extended_then_decided(hall, today_is):
    _, window, handler, head = hall
    with today_is(D(2026, 9, 24)):
        r = window.post("/api/v1/applications", {"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A"], "received_on": "2026-09-24"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "awaiting_correction" and body["accepted_on"] is None and body["legal_due_on"] is None
    assert body["correction_notice"]["missing"] == ["B", "C"] and body["correction_notice"]["issued_on"] == "2026-09-24"
    app_id = body["id"]
    with today_is(D(2026, 9, 30)):
        r = window.post(f"/api/v1/applications/{app_id}/corrections", {"materials": ["B", "C"], "received_on": "2026-09-30"})
    assert r.status_code == 201 and r.json()["status"] == "accepted"
    assert (r.json()["accepted_on"], r.json()["legal_due_on"], r.json()["committed_due_on"]) == ("2026-09-30", "2026-11-03", "2026-10-20")
    with today_is(D(2026, 10, 30)):
        r = head.post(f"/api/v1/applications/{app_id}/extensions", {"days": 10, "reason": "需组织现场核查"})
    assert r.status_code == 201 and (r.json()["legal_due_on"], r.json()["committed_due_on"]) == ("2026-11-17", "2026-10-20")
    assert r.json()["extension"]["approved_on"] == "2026-10-30"
    with today_is(D(2026, 11, 16)):
        r = handler.post(f"/api/v1/applications/{app_id}/decision", {"result": "approve"})
    assert r.status_code == 200
    body = r.json()
    assert (body["status"], body["decided_on"], body["certificate_due_on"], body["overdue"], body["committed_overdue"]) == (
        "approved",
        "2026-11-16",
        "2026-11-30",
        False,
        True,
    )
    assert [e["action"] for e in body["events"]] == [
        "application.submit",
        "application.notice",
        "application.accept",
        "application.extend",
        "application.approve",
    ]
    assert {n["kind"] for n in body["notices"]} == {"correction", "acceptance", "extension", "decision"}


def test_complete_at_once_and_excluded_period_over_national_day(hall, today_is):
    _, window, handler, _ = hall
    with today_is(D(2026, 9, 21)):
        r = window.post("/api/v1/applications", {"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A", "B", "C"], "received_on": "2026-09-21"})
    body = r.json()
    assert (body["status"], body["accepted_on"], body["legal_due_on"], body["committed_due_on"], body["correction_notice"]) == (
        "accepted",
        "2026-09-21",
        "2026-10-26",
        "2026-10-12",
        None,
    )
    with today_is(D(2026, 10, 12)):
        r = handler.post(f"/api/v1/applications/{body['id']}/suspensions", {"kind": "testing", "start_on": "2026-09-29", "end_on": "2026-10-09"})
    assert r.status_code == 201
    assert (r.json()["legal_due_on"], r.json()["committed_due_on"]) == ("2026-10-30", "2026-10-16")
    assert r.json()["suspensions"][0]["excluded_days"] == 4


def test_overdue_as_of_a_moment(hall, today_is):
    _, window, handler, _ = hall
    with today_is(D(2026, 3, 2)):
        app_id = window.post(
            "/api/v1/applications", {"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A", "B", "C"], "received_on": "2026-03-02"}
        ).json()["id"]
    with today_is(D(2026, 4, 2)):
        assert handler.get(f"/api/v1/applications/{app_id}").json()["overdue"] is True
        assert handler.get(f"/api/v1/applications/{app_id}?as_of=2026-03-30T23:59:00%2B08:00").json()["overdue"] is False
        assert handler.get(f"/api/v1/applications/{app_id}?as_of=2026-03-31").json()["overdue"] is True
        assert handler.get(f"/api/v1/applications/{app_id}?as_of=yesterday").json()["code"] == "invalid_moment"
        r = handler.get(f"/api/v1/applications/{app_id}?as_of=2026-03-16")
    assert (r.json()["overdue"], r.json()["committed_overdue"], r.json()["remaining_working_days"]) == (False, False, 0)


@pytest.mark.parametrize(
    "payload,status,code",
    [
        ({"item": "NOPE", "applicant": APPLICANT, "materials": ["A"], "received_on": "2026-03-02"}, 400, "unknown_item"),
        ({"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A", "Z"], "received_on": "2026-03-02"}, 400, "unknown_material"),
        (
            {"item": "SCJG-001", "applicant": APPLICANT | {"id_number": "110105194912310021"}, "materials": ["A"], "received_on": "2026-03-02"},
            400,
            "invalid_id_number",
        ),
        ({"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A"], "received_on": "2026-03-05"}, 400, "date_in_future"),
        ({"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A"], "received_on": "2026-02-30"}, 400, "invalid_input"),
        ({"item": "SCJG-001", "materials": ["A"]}, 400, "invalid_input"),
    ],
)
def test_wrong_input_is_a_clear_4xx_and_changes_nothing(hall, today_is, payload, status, code):
    _, window, _, _ = hall
    with today_is(D(2026, 3, 2)):
        r = window.post("/api/v1/applications", payload)
    assert r.status_code == status and r.json()["code"] == code and r.json()["message"]
    assert not Application.objects.exists()


def test_refusals_after_decision_and_late_extension(hall, today_is):
    _, window, handler, head = hall
    with today_is(D(2026, 3, 2)):
        app_id = window.post(
            "/api/v1/applications", {"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A", "B", "C"], "received_on": "2026-03-02"}
        ).json()["id"]
    with today_is(D(2026, 4, 1)):
        r = head.post(f"/api/v1/applications/{app_id}/extensions", {"days": 10, "reason": "需听证"})
        assert (r.status_code, r.json()["code"]) == (409, "extension_too_late")
        r = head.post(f"/api/v1/applications/{app_id}/extensions", {"days": 10, "reason": "纸质审批单补录", "approved_on": "2026-03-27"})
        assert r.status_code == 201 and r.json()["legal_due_on"] == "2026-04-14"
        assert handler.post(f"/api/v1/applications/{app_id}/decision", {"result": "deny"}).json()["code"] == "missing_field"
        assert handler.post(f"/api/v1/applications/{app_id}/decision", {"result": "deny", "reason": "不符合选址要求"}).status_code == 200
        events = len(handler.get(f"/api/v1/applications/{app_id}").json()["events"])
        r = handler.post(f"/api/v1/applications/{app_id}/decision", {"result": "approve"})
        assert (r.status_code, r.json()["code"]) == (409, "invalid_state")
        assert handler.post(f"/api/v1/applications/{app_id}/decision", {"result": "maybe"}).status_code == 400
        assert len(handler.get(f"/api/v1/applications/{app_id}").json()["events"]) == events
        assert handler.post("/api/v1/applications/999999/decision", {"result": "approve"}).status_code == 404


def test_second_notice_via_api_keeps_the_fault(hall, today_is):
    _, window, _, _ = hall
    with today_is(D(2026, 3, 2)):
        app_id = window.post("/api/v1/applications", {"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A"], "received_on": "2026-03-02"}).json()["id"]
        r = window.post(f"/api/v1/applications/{app_id}/review", {"materials": [], "defective": [{"code": "A", "reason": "未签字"}]})
    assert (r.status_code, r.json()["code"]) == (409, "second_notice")
    assert Fault.objects.get().source == "extra_materials"


def test_received_then_reviewed(hall, today_is):
    _, window, _, _ = hall
    with today_is(D(2026, 3, 2)):
        body = window.post("/api/v1/applications", {"item": "SCJG-001", "applicant": APPLICANT, "received_on": "2026-03-02"}).json()
        assert (body["status"], body["acceptance_due_on"], body["remaining_working_days"]) == ("received", "2026-03-09", 5)
        r = window.post(f"/api/v1/applications/{body['id']}/review", {"materials": ["A", "B"]})
    assert r.json()["status"] == "awaiting_correction" and r.json()["correction_notice"]["missing"] == ["C"]


def test_idempotent_submission(hall, today_is):
    _, window, _, _ = hall
    payload = {"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A", "B", "C"], "received_on": "2026-03-02"}
    with today_is(D(2026, 3, 2)):
        first = window.post("/api/v1/applications", payload, headers={"Idempotency-Key": "paper-0302-1"})
        again = window.post("/api/v1/applications", payload, headers={"Idempotency-Key": "paper-0302-1"})
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    assert Application.objects.count() == 1


def test_public_lookup_with_number_and_code(hall, today_is, api):
    _, window, _, _ = hall
    with today_is(D(2026, 3, 2)):
        body = window.post(
            "/api/v1/applications", {"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A", "B", "C"], "received_on": "2026-03-02"}
        ).json()
    public = api()
    r = public.get(f"/api/v1/applications/lookup?number={body['number']}&code={body['query_code'].lower()}")
    assert r.status_code == 200
    data = r.json()
    assert (data["status"], data["applicant_name"], data["legal_due_on"]) == ("accepted", "王**", "2026-03-30")
    assert all(e["actor"] == "" and e["before"] is None for e in data["events"])
    assert public.get(f"/api/v1/applications/lookup?number={body['number']}&code=WRONG123").status_code == 404
    assert public.get(f"/api/v1/applications/{body['id']}").status_code == 401


def test_lists_sorted_by_what_is_due_first(hall, today_is):
    _, window, handler, _ = hall
    with today_is(D(2026, 3, 9)):
        late = window.post(
            "/api/v1/applications", {"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A", "B", "C"], "received_on": "2026-03-09"}
        ).json()["id"]
        early = window.post(
            "/api/v1/applications", {"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A", "B", "C"], "received_on": "2026-03-02"}
        ).json()["id"]
        window.post("/api/v1/applications", {"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A"], "received_on": "2026-03-02"})
        rows = handler.get("/api/v1/applications").json()
    assert [r["id"] for r in rows][:2] == [early, late]
    assert rows[0]["remaining_working_days"] == 5 and rows[-1]["next_due_on"] is None


def test_fees_and_inquiries_over_the_api(hall, today_is):
    admin, window, _, _ = hall
    with today_is(D(2026, 3, 2)):
        app_id = window.post(
            "/api/v1/applications", {"item": "SCJG-001", "applicant": APPLICANT, "materials": ["A", "B", "C"], "received_on": "2026-03-02"}
        ).json()["id"]
        r = window.post(f"/api/v1/applications/{app_id}/fees", {"code": "X", "name": "资料费", "amount": "20.00"})
        assert r.status_code == 201 and r.json()["fees"] == [{"code": "X", "name": "资料费", "amount": "20.00", "charged_on": "2026-03-02", "listed": False}]
        for absurd, code in (("1e30", "invalid_amount"), ("NaN", "invalid_input")):
            r = window.post(f"/api/v1/applications/{app_id}/fees", {"code": "X", "name": "资料费", "amount": absurd})
            assert (r.status_code, r.json()["code"]) == (400, code) and "数" in r.json()["message"]
        r = window.post(
            "/api/v1/inquiries",
            {"asker_name": "赵女士", "question": "开办餐馆要办什么证", "item": "SCJG-001", "outcome": "notice_given", "answer": "食品经营许可，材料见办事指南"},
        )
        assert r.status_code == 201 and r.json()["status"] == "closed" and r.json()["first_receiver"] == "测试window"
        r = window.post("/api/v1/inquiries", {"asker_name": "钱先生", "question": "护照办理"})
        assert r.json()["status"] == "open"
        r = window.post(f"/api/v1/inquiries/{r.json()['id']}/close", {"outcome": "referred"})
        assert (r.status_code, r.json()["code"]) == (400, "invalid_outcome")
        open_id = window.get("/api/v1/inquiries?status=open").json()[0]["id"]
        r = window.post(f"/api/v1/inquiries/{open_id}/close", {"outcome": "referred", "referred_to": "市公安局出入境管理支队"})
    assert r.status_code == 200 and r.json()["referred_to"] == "市公安局出入境管理支队"
    assert AuditRecord.objects.filter(action="inquiry.close").count() == 2


def test_the_schema_documents_the_service_hall(api, db):
    paths = api().get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/v1/applications",
        "/api/v1/applications/{application_id}/extensions",
        "/api/v1/applications/lookup",
        "/api/v1/catalogue/items",
        "/api/v1/catalogue/import",
        "/api/v1/inquiries/{inquiry_id}/close",
    ):
        assert path in paths, path
