"""The whole loop through the API: intake → dispatch → sign → reply → follow-up → close, and
reopening; every transition audited, deadlines on the working-day calendar, clocks in step."""

import pytest

from xiaoneng.clocks.models import Clock
from xiaoneng.core import clock
from xiaoneng.core.models import AuditRecord

from .conftest import at

CASE = {
    "channel": "hotline",
    "type": "complaint",
    "title": "餐馆油烟扰民",
    "content": "历山路某餐馆油烟直排，晚上十点后仍有噪声",
    "requester": {"name": "李四", "phone": "13912345678", "anonymous": False},
    "received_at": "2026-03-02T10:00:00+08:00",
}


def clocks(case_id):
    return {(c.kind, c.round): c for c in Clock.objects.filter(subject_type="workorders.workorder", subject_id=case_id)}


def test_full_loop_through_the_api(api, city):
    dispatcher, handler = api("dispatcher"), api("handler")
    with clock.frozen(at(2026, 3, 2, 10, 5)):
        created = dispatcher.post("/api/v1/workorders", CASE)
    assert created.status_code == 201, created.content
    body = created.json()
    case_id = body["id"]
    assert body["status"] == "received"
    assert body["tracking_no"] == f"20260302{case_id:06d}"
    assert len(body["query_code"]) == 6
    # 投诉 15 个工作日，受理当日为第0日 → 2026年3月23日（周一）当日结束
    assert body["due_at"] == "2026-03-24T00:00:00+08:00"

    with clock.frozen(at(2026, 3, 2, 10, 30)):
        r = dispatcher.post(f"/api/v1/workorders/{case_id}/dispatch", {"department": "market"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "dispatched"
    assert r.json()["sign_due_at"] == "2026-03-02T11:30:00+08:00"  # 1 office hour

    with clock.frozen(at(2026, 3, 2, 11)):
        assert handler.post(f"/api/v1/workorders/{case_id}/sign").json()["status"] == "signed"
    with clock.frozen(at(2026, 3, 10, 15)):
        r = handler.post(f"/api/v1/workorders/{case_id}/reply", {"content": "经现场检查，已责令该餐馆安装油烟净化设施并限期整改。"})
    assert r.json()["status"] == "replied"
    with clock.frozen(at(2026, 3, 11, 9)):
        r = dispatcher.post(f"/api/v1/workorders/{case_id}/follow-up", {"resolved": True, "satisfaction": "satisfied"})
        assert r.status_code == 200, r.content
        r = dispatcher.post(f"/api/v1/workorders/{case_id}/close")
    assert r.status_code == 200, r.content
    detail = r.json()
    assert detail["status"] == "closed"
    assert detail["close_result"] == "已答复，回访已解决、满意"
    steps = ["workorder.create", "workorder.dispatch", "workorder.sign", "workorder.reply", "workorder.follow_up", "workorder.close"]
    assert [h["action"] for h in detail["history"]] == steps
    assert [h["label"] for h in detail["history"]] == ["受理", "派单", "签收", "答复", "回访", "办结"]
    assert detail["deadlines"]["due_on"] == "2026-03-23"

    actions = list(AuditRecord.objects.filter(subject_type="workorders.workorder", subject_id=str(case_id)).order_by("id").values_list("action", flat=True))
    assert actions == steps  # the timeline is the audit log
    c = clocks(case_id)
    assert c[("workorder.handle", 1)].met is True and c[("workorder.handle", 1)].department == city.dept("market")
    assert c[("workorder.sign", 1)].met is True
    assert c[("workorder.feedback", 1)].state == "stopped"


def test_dissatisfied_follow_up_blocks_closing_and_reopening_starts_a_new_round(api, city):
    dispatcher, handler = api("dispatcher"), api("handler")
    with clock.frozen(at(2026, 3, 2, 10, 5)):
        case_id = dispatcher.post("/api/v1/workorders", CASE).json()["id"]
        dispatcher.post(f"/api/v1/workorders/{case_id}/dispatch", {"department": "market"})
        handler.post(f"/api/v1/workorders/{case_id}/sign")
        handler.post(f"/api/v1/workorders/{case_id}/reply", {"content": "已督促整改。"})
        dispatcher.post(f"/api/v1/workorders/{case_id}/follow-up", {"resolved": False, "satisfaction": "dissatisfied"})
        refused = dispatcher.post(f"/api/v1/workorders/{case_id}/close")
    assert refused.status_code == 409 and refused.json()["code"] == "reopen_required"
    with clock.frozen(at(2026, 3, 4, 14)):  # 周三
        r = dispatcher.post(f"/api/v1/workorders/{case_id}/reopen")
    assert r.status_code == 200, r.content
    detail = r.json()
    assert detail["status"] == "reopened" and detail["round"] == 2
    # a new 15-working-day deadline from the day of reopening
    assert detail["deadlines"]["due_on"] == "2026-03-25"
    assert detail["sign_due_at"] == "2026-03-04T15:00:00+08:00"
    c = clocks(case_id)
    assert c[("workorder.handle", 2)].state == "running" and c[("workorder.sign", 2)].state == "running"
    with clock.frozen(at(2026, 3, 4, 14, 30)):
        assert handler.post(f"/api/v1/workorders/{case_id}/sign").json()["status"] == "signed"


@pytest.mark.parametrize("username", ["handler", "head", "supervisor", "leader", "window", "admin"])
def test_only_dispatchers_dispatch(api, city, username):
    with clock.frozen(at(2026, 3, 2, 10)):
        case_id = api("dispatcher").post("/api/v1/workorders", CASE).json()["id"]
        r = api(username).post(f"/api/v1/workorders/{case_id}/dispatch", {"department": "market"})
    assert r.status_code in (403, 404)
