"""End to end through the API with frozen time: an application across 春节 2026 and a work order
across 国庆 2026 walk from notice to yellow to red card, to a fault, to a sanction; both name the
same leader, so the second verified fault of the year recommends removal (两次免职)."""

import datetime as dt

from xiaoneng.core import clock

from .conftest import at


def sweep_at(api_client, *moment):
    with clock.frozen(at(*moment)):
        response = api_client.post("/api/v1/supervision/sweep", {})
    assert response.status_code == 200, response.content
    return response.json()


def listed(api_client, *moment, **filters):
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    with clock.frozen(at(2026, 11, 30, 9)):
        response = api_client.get(f"/api/v1/supervision/warnings?as_of={at(*moment).isoformat().replace('+', '%2B')}&{query}")
    assert response.status_code == 200, response.content
    return [(w["level"], w["subject_type"], w["subject_id"]) for w in response.json()["items"]]


def red_fault_of(api_client, subject_id):
    faults = api_client.get("/api/v1/accountability/faults").json()
    return next(f for f in faults if f["source"] == "red_card" and f["subject_id"] == str(subject_id))


def test_application_and_work_order_from_notice_to_sanction(city, start, api):
    supervisor, leader = api("supervisor"), api("leader")
    application = start(101, started_on=dt.date(2026, 2, 6), days=5, who="head", subject_type="applications.application")
    work_order = start(202, started_on=dt.date(2026, 9, 21), days=7, kind="workorder.handle", who="head", subject_type="workorders.workorder")
    assert (application.due_on, work_order.due_on) == (dt.date(2026, 2, 13), dt.date(2026, 10, 8))

    # 春节: notice on Thu 12 Feb, yellow on the make-up Saturday 14 Feb, red after Wed 25 Feb.
    assert sweep_at(supervisor, 2026, 2, 12, 9)["counts"]["notice"] == 1
    assert sweep_at(supervisor, 2026, 2, 14, 9)["counts"]["yellow"] == 1
    assert sweep_at(supervisor, 2026, 2, 25, 17)["counts"]["red"] == 0
    result = sweep_at(supervisor, 2026, 2, 26, 9)
    assert result["counts"]["red"] == 1 and result["counts"]["faults"] == 1
    assert result["issued"][0]["subject_type"] == "application" and result["issued"][0]["department"] == "market"
    assert result["issued"][0]["responsible"] == "head"
    assert listed(supervisor, 2026, 2, 13, 12) == [("notice", "application", 101)]
    assert listed(supervisor, 2026, 2, 20, 12, current="true") == [("yellow", "application", 101)]
    assert listed(supervisor, 2026, 2, 27, 12, level="red") == [("red", "application", 101)]

    fault = red_fault_of(supervisor, 101)
    with clock.frozen(at(2026, 3, 2, 10)):
        verified = supervisor.post(
            f"/api/v1/accountability/faults/{fault['id']}/verify", {"basis": "审批超期且督办期限届满仍未办结", "conduct": "service-rules"}
        ).json()
    first = verified["sanctions"][0]
    assert (verified["status"], first["ordinal"], first["proposed_measure"]) == ("verified", 1, "warning")  # a leader's first: 警告
    with clock.frozen(at(2026, 3, 3, 10)):
        decided = leader.post(f"/api/v1/accountability/sanctions/{first['id']}/decide", {"basis": "领导干部一次警告"}).json()
    assert (decided["status"], decided["measure"]) == ("decided", "warning")

    # 国庆: notice on Wed 30 Sep, yellow on Fri 9 Oct, red after Mon 12 Oct (Sat 10 Oct worked).
    assert sweep_at(supervisor, 2026, 9, 30, 9)["counts"]["notice"] == 1
    assert sweep_at(supervisor, 2026, 10, 9, 9)["counts"]["yellow"] == 1
    assert sweep_at(supervisor, 2026, 10, 13, 9)["counts"]["red"] == 1
    assert listed(supervisor, 2026, 10, 13, 12, department="market", current="true") == [("red", "workorder", 202), ("red", "application", 101)]

    fault = red_fault_of(supervisor, 202)
    with clock.frozen(at(2026, 10, 14, 10)):
        second = supervisor.post(f"/api/v1/accountability/faults/{fault['id']}/verify", {"basis": "工单超期未办结"}).json()["sanctions"][0]
    # An overdue fault without a 高压线 breach goes on the milder ladder, counted apart from the first.
    assert (second["ordinal"], second["proposed_measure"]) == (1, "reminder_talk")

    # The head sees both faults and both sanctions as the person concerned.
    mine = api("head").get("/api/v1/accountability/sanctions").json()
    assert sorted(s["proposed_measure"] for s in mine) == ["reminder_talk", "warning"]
