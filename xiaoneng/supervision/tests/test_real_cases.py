"""End to end with the real services behind the clocks: an application received at the
counter before 春节 2026 and a complaint taken by the hotline before 国庆 2026, both through
the API, walk from notice to yellow to red card, to a fault, to a sanction.  The market
bureau's head answers for both (the application's handler, and the head by default for the
work order), so the second verified fault of the year recommends removal (两次免职)."""

from xiaoneng.core import clock

from .conftest import at


def sweep_at(api_client, *moment):
    with clock.frozen(at(*moment)):
        response = api_client.post("/api/v1/supervision/sweep", {})
    assert response.status_code == 200, response.content
    return sorted((w["level"], w["subject_type"], w["clock_kind"], w["department"], w["responsible"]) for w in response.json()["issued"])


def red_faults(api_client, subject_type, subject_id):
    faults = api_client.get("/api/v1/accountability/faults").json()
    return [f for f in faults if f["source"] == "red_card" and f["subject_type"].endswith(subject_type) and f["subject_id"] == str(subject_id)]


def test_a_real_application_and_work_order_from_notice_to_sanction(city, api):
    admin, window, head, supervisor, leader = api("admin"), api("window"), api("head"), api("supervisor"), api("leader")
    dispatcher, handler = api("dispatcher"), api("handler")
    with clock.frozen(at(2026, 2, 6, 9)):
        assert (
            admin.post(
                "/api/v1/catalogue/items",
                {
                    "code": "FOOD",
                    "name": "食品经营许可",
                    "department": "market",
                    "legal_limit_days": 5,
                    "committed_limit_days": 5,
                    "materials": [{"code": "M1", "name": "食品经营许可申请书", "required": True}],
                    "deemed_approval": False,
                    "joint": False,
                },
            ).status_code
            == 201
        )
        app = window.post(
            "/api/v1/applications",
            {
                "item": "FOOD",
                "applicant": {"name": "李小红", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13912345678"},
                "materials": ["M1"],
                "received_on": "2026-02-06",
            },
        ).json()
        assert (app["status"], app["accepted_on"], app["legal_due_on"]) == ("accepted", "2026-02-06", "2026-02-13")
        assert head.post(f"/api/v1/applications/{app['id']}/assign", {"handler": "head"}).status_code == 200

    # 春节: notice on Thu 12 Feb, yellow on the make-up Saturday 14 Feb (finish by Wed 25 Feb,
    # three working days on), red on Thu 26 Feb with one fault.  The committed limit equals the
    # legal one, so the decision clock alone is watched: one lateness, one card, one fault.
    decision_card = ("application", "application.decision", "market", "head")
    assert sweep_at(supervisor, 2026, 2, 11, 9) == []
    assert sweep_at(supervisor, 2026, 2, 12, 9) == [("notice", *decision_card)]
    assert sweep_at(supervisor, 2026, 2, 13, 17) == []
    assert sweep_at(supervisor, 2026, 2, 14, 9) == [("yellow", *decision_card)]
    assert sweep_at(supervisor, 2026, 2, 25, 17) == []
    assert sweep_at(supervisor, 2026, 2, 26, 9) == [("red", *decision_card)]
    assert sweep_at(supervisor, 2026, 2, 26, 10) == []  # a rerun issues nothing

    faults = red_faults(supervisor, "application", app["id"])
    assert [(f["person"], f["department"]) for f in faults] == [("head", "market")] and "法定" in faults[0]["description"]
    with clock.frozen(at(2026, 3, 2, 10)):
        first = supervisor.post(f"/api/v1/accountability/faults/{faults[0]['id']}/verify", {"basis": "审批超过法定期限且督办期满仍未办结"}).json()["sanctions"][
            0
        ]
    assert (first["ordinal"], first["proposed_measure"]) == (1, "reminder_talk")  # an overdue fault: the milder ladder
    with clock.frozen(at(2026, 3, 3, 10)):
        assert leader.post(f"/api/v1/accountability/sanctions/{first['id']}/decide", {"basis": "超期未办，提醒谈话"}).json()["measure"] == "reminder_talk"

    # 国庆: a complaint (15 working days) taken on Mon 21 Sep, signed for at once and never
    # answered.  The interim feedback clock (due Tue 29 Sep) goes red first; the handling clock
    # falls due on Mon 19 Oct: notice Fri 16 Oct, yellow Tue 20 Oct, red Fri 23 Oct.
    with clock.frozen(at(2026, 9, 21, 10)):
        created = dispatcher.post(
            "/api/v1/workorders",
            {
                "channel": "hotline",
                "type": "complaint",
                "title": "超市出售过期食品",
                "content": "东一街道某超市出售过期食品",
                "requester": {"name": "王五", "phone": "13900001111"},
            },
        ).json()
        assert created["due_at"] == "2026-10-20T00:00:00+08:00"
        assert dispatcher.post(f"/api/v1/workorders/{created['id']}/dispatch", {"department": "market"}).status_code == 200
    with clock.frozen(at(2026, 9, 21, 11)):
        assert handler.post(f"/api/v1/workorders/{created['id']}/sign", {}).status_code == 200
    # The sign-for notice was in force for the hour between dispatch and signing: on the record, resolved.
    assert sweep_at(supervisor, 2026, 9, 29, 9) == [
        ("notice", "workorder", "workorder.feedback", "market", "head"),
        ("notice", "workorder", "workorder.sign", "market", "head"),
    ]
    assert sweep_at(supervisor, 2026, 9, 30, 9) == [("yellow", "workorder", "workorder.feedback", "market", "head")]
    assert sweep_at(supervisor, 2026, 10, 9, 9) == [("red", "workorder", "workorder.feedback", "market", "head")]
    assert sweep_at(supervisor, 2026, 10, 15, 9) == []
    assert sweep_at(supervisor, 2026, 10, 16, 9) == [("notice", "workorder", "workorder.handle", "market", "head")]
    assert sweep_at(supervisor, 2026, 10, 20, 9) == [("yellow", "workorder", "workorder.handle", "market", "head")]
    assert sweep_at(supervisor, 2026, 10, 22, 17) == []
    assert sweep_at(supervisor, 2026, 10, 23, 9) == [("red", "workorder", "workorder.handle", "market", "head")]

    handle = next(f for f in red_faults(supervisor, "workorder", created["id"]) if "办理" in f["description"])
    with clock.frozen(at(2026, 10, 26, 10)):
        second = supervisor.post(f"/api/v1/accountability/faults/{handle['id']}/verify", {"basis": "工单超期且督办期满仍未答复"}).json()["sanctions"][0]
    assert (second["person"], second["ordinal"], second["proposed_measure"]) == ("head", 2, "circulated_criticism")  # the overdue ladder's second step

    # Nothing was deleted: the first fault and its sanction are still on record.
    assert [f["status"] for f in red_faults(supervisor, "application", app["id"])] == ["verified"]
    assert sorted(s["proposed_measure"] for s in head.get("/api/v1/accountability/sanctions").json()) == ["circulated_criticism", "reminder_talk"]
