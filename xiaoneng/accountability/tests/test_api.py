"""The accountability API for each role."""

from xiaoneng.core import clock

from .conftest import at


def test_faults_sanctions_and_appeals_through_the_api(api, city):
    supervisor, leader, handler = api("supervisor"), api("leader"), api("handler")
    with clock.frozen(at(2026, 9, 28, 10)):
        created = supervisor.post(
            "/api/v1/accountability/faults",
            {
                "source": "complaint",
                "department": "market",
                "person": "handler",
                "description": "企业投诉办事窗口索要好处费，经查属实",
                "conduct": "bribery",
                "occurred_at": "2026-09-25T15:00",
            },
        )
        assert created.status_code == 201, created.content
        fault = created.json()
        assert fault["status"] == "reported" and fault["conduct"] == "bribery" and fault["occurred_at"] == "2026-09-25T15:00:00+08:00"
        assert api("head").post("/api/v1/accountability/faults", {"department": "market", "description": "x"}).status_code == 403
        bad = supervisor.post("/api/v1/accountability/faults", {"department": "market", "person": "housing_handler", "description": "x"})
        assert bad.status_code == 400 and bad.json()["code"] == "person_not_in_department"
        assert supervisor.post(f"/api/v1/accountability/faults/{fault['id']}/verify", {"basis": ""}).json()["code"] == "missing_basis"
        verified = supervisor.post(f"/api/v1/accountability/faults/{fault['id']}/verify", {"basis": "调查笔录、转账记录"}).json()
        sanction = verified["sanctions"][0]
        assert sanction["proposed_measure"] == "suspension" and sanction["status"] == "proposed"
        assert supervisor.post(f"/api/v1/accountability/sanctions/{sanction['id']}/decide", {"basis": "x"}).status_code == 403
        decided = leader.post(f"/api/v1/accountability/sanctions/{sanction['id']}/decide", {"basis": "触犯高压线：吃拿卡要", "measure": "dismissal"}).json()
        assert decided["measure"] == "dismissal" and decided["appeal_due_at"] == "2026-10-24T00:00:00+08:00"
    with clock.frozen(at(2026, 10, 12, 9)):
        assert api("head").post(f"/api/v1/accountability/sanctions/{sanction['id']}/appeal", {"grounds": "x"}).status_code == 403
        appeal = handler.post(f"/api/v1/accountability/sanctions/{sanction['id']}/appeal", {"grounds": "初次违规，请求从轻"})
        assert appeal.status_code == 201 and appeal.json()["status"] == "filed"
        assert leader.post(f"/api/v1/accountability/appeals/{appeal.json()['id']}/decide", {"outcome": "upheld", "basis": "x"}).json()["code"] == "must_recuse"
    assert [f["id"] for f in handler.get("/api/v1/accountability/faults").json()] == [fault["id"]]
    assert api("housing_head").get("/api/v1/accountability/faults").json() == []
    assert api("housing_head").get(f"/api/v1/accountability/faults/{fault['id']}").status_code == 404
    assert [s["appeal_status"] for s in handler.get("/api/v1/accountability/sanctions").json()] == ["filed"]
    assert len(api("head").get("/api/v1/accountability/appeals").json()) == 1


def test_the_published_conduct_list(api, db):
    titles = [c["title"] for c in api().get("/api/v1/accountability/conduct").json()]
    assert titles[0] == "吃拿卡要" and "擅离职守" in titles and "不按规定着装、佩戴胸牌" in titles


def test_bad_input_to_faults_is_a_400_with_a_code(api, city):
    supervisor = api("supervisor")
    for query in ("offset=-1", "limit=0", "limit=501"):
        response = supervisor.get(f"/api/v1/accountability/faults?{query}")
        assert (response.status_code, response.json()["code"]) == (400, "invalid_page"), query
    assert supervisor.get("/api/v1/accountability/faults?limit=1&offset=0").status_code == 200
    missing = supervisor.post("/api/v1/accountability/faults", {"department": " ", "description": "窗口人员迟到"})
    assert (missing.status_code, missing.json()["code"], missing.json()["message"]) == (400, "missing_department", "请指明责任部门")
    unknown = supervisor.post("/api/v1/accountability/faults", {"department": "market", "description": "窗口人员迟到", "conduct": "nonsense"})
    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_conduct")
