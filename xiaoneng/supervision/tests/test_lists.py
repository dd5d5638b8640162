"""红黑榜: drafted by a supervisor, approved by the office head or a leader (never the drafter),
public on the portal, withdrawn but never deleted."""

import pytest

from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.org.models import Role
from xiaoneng.org.services import staff_create
from xiaoneng.supervision.models import ListEntry, ListState
from xiaoneng.supervision.services import list_entry_decide, list_entry_draft, list_entry_submit, list_entry_withdraw


def draft(city, **kw):
    values = {
        "kind": "shame",
        "target": "window",
        "department": city.dept("hall-market"),
        "title": "市场准入窗口推诿企业",
        "summary": "暗访发现窗口人员以系统故障为由拒绝受理。",
        "period": "2026年第三季度",
    }
    return list_entry_draft(by=city.user("supervisor"), **(values | kw))


def test_draft_submit_approve_publish_withdraw(city, client):
    entry = draft(city)
    assert client.get("/supervision/lists/").status_code == 200 and "市场准入窗口推诿企业" not in client.get("/supervision/lists/").content.decode()
    list_entry_submit(by=city.user("supervisor"), entry=entry)
    list_entry_decide(by=city.user("leader"), entry=entry, approve=True, note="同意曝光")
    entry.refresh_from_db()
    assert entry.state == ListState.PUBLISHED and entry.approved_by == city.user("leader") and entry.published_at
    page = client.get("/supervision/lists/").content.decode()
    assert "市场准入窗口推诿企业" in page and "黑榜" in page
    assert [e["title"] for e in client.get("/api/v1/supervision/lists").json()] == ["市场准入窗口推诿企业"]
    list_entry_withdraw(by=city.user("supervisor"), entry=entry, reason="当事单位已整改到位")
    assert "市场准入窗口推诿企业" not in client.get("/supervision/lists/").content.decode()
    assert ListEntry.objects.get(pk=entry.pk).state == ListState.WITHDRAWN
    assert list(AuditRecord.objects.filter(subject_type="supervision.listentry").order_by("id").values_list("action", flat=True)) == [
        "list_entry.draft",
        "list_entry.submit",
        "list_entry.publish",
        "list_entry.withdraw",
    ]


def test_return_to_the_drafter(city):
    entry = draft(city, kind="honour", target="department", department=city.dept("market"), title="市场监管局主动靠前服务")
    list_entry_submit(by=city.user("supervisor"), entry=entry)
    with pytest.raises(InvalidInput):
        list_entry_decide(by=city.user("leader"), entry=entry, approve=False, note="")
    list_entry_decide(by=city.user("leader"), entry=entry, approve=False, note="请补充具体事例")
    assert ListEntry.objects.get(pk=entry.pk).state == ListState.DRAFT


def test_who_may_do_what(city):
    with pytest.raises(Forbidden):
        list_entry_draft(by=city.user("head"), kind="shame", target="department", department=city.dept("market"), title="x", summary="y")
    entry = draft(city)
    list_entry_submit(by=city.user("supervisor"), entry=entry)
    with pytest.raises(Forbidden):
        list_entry_decide(by=city.user("supervisor"), entry=entry, approve=True)  # a supervisor is not the office head
    head = staff_create(by=None, username="office_head", password="x", name="主任", department=city.dept("office"), roles=[Role.SUPERVISOR, Role.HEAD]).user
    own = list_entry_draft(by=head, kind="honour", target="department", department=city.dept("market"), title="自己起草", summary="内容")
    list_entry_submit(by=head, entry=own)
    with pytest.raises(Forbidden, match="起草人"):
        list_entry_decide(by=head, entry=own, approve=True)
    list_entry_decide(by=head, entry=entry, approve=True)
    with pytest.raises(Conflict):
        list_entry_submit(by=city.user("supervisor"), entry=ListEntry.objects.get(pk=entry.pk))


@pytest.mark.parametrize(
    "changes,code",
    [
        ({"target": "window", "department": "market"}, "not_a_window"),
        ({"target": "case"}, "missing_subject"),
        ({"kind": "grey"}, "invalid_entry"),
        ({"summary": " "}, "missing_summary"),
    ],
)
def test_invalid_entries(city, changes, code):
    if "department" in changes:
        changes["department"] = city.dept(changes["department"])
    with pytest.raises(InvalidInput) as err:
        draft(city, **changes)
    assert err.value.code == code and not ListEntry.objects.exists()


def test_lists_through_the_api(api, city):
    created = api("supervisor").post(
        "/api/v1/supervision/lists", {"kind": "honour", "target": "department", "department": "market", "title": "好", "summary": "表扬"}
    )
    assert created.status_code == 201
    entry_id = created.json()["id"]
    assert api("supervisor").post(f"/api/v1/supervision/lists/{entry_id}/submit").json()["state"] == "submitted"
    assert api("handler").post(f"/api/v1/supervision/lists/{entry_id}/decide", {"approve": True}).status_code == 403
    assert api("leader").post(f"/api/v1/supervision/lists/{entry_id}/decide", {"approve": True}).json()["state"] == "published"
    assert api("handler").get("/api/v1/supervision/lists/manage").status_code == 403
    assert len(api("leader").get("/api/v1/supervision/lists/manage").json()) == 1
    assert api().get("/api/v1/supervision/lists?kind=honour").json()[0]["state"] is None
