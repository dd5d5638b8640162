"""The pages: the public form and tracking, the operator's form, the queues and the case page
with its action forms — the whole loop by form posts."""

import re

import pytest

from xiaoneng.core import clock
from xiaoneng.workorders import selectors
from xiaoneng.workorders.models import Status, WorkOrder

from .conftest import at, hotline

PUBLIC_FORM = {
    "type": "complaint",
    "title": "",
    "content": "夜间施工噪音扰民，晚上十一点后仍在施工",
    "name": "周丽",
    "phone": "13705310001",
    "address": "历山路",
    "area": "",
}


def login(client, city, name):
    client.force_login(city.user(name))
    return client


def test_public_form_renders_for_phones_with_an_idempotency_key(client, db):
    html = client.get("/workorders/").content.decode()
    assert 'name="idempotency_key"' in html and 'name="viewport"' in html and "我要留言" in html


def test_public_submission_resubmitted_creates_one_case(client, city):
    data = PUBLIC_FORM | {"idempotency_key": "form-123"}
    with clock.frozen(at(2026, 3, 2, 10)):
        first = client.post("/workorders/", data)
        again = client.post("/workorders/", data)
    assert first.status_code == 201 and again["Idempotent-Replayed"] == "true"
    wo = WorkOrder.objects.get()
    html = first.content.decode()
    assert wo.tracking_no in html and wo.query_code in html and "2026-03-23（周一）24:00 前答复" in html
    assert wo.channel == "web" and wo.title == "夜间施工噪音扰民，晚上十一点后仍在施工"[:30]


def test_public_form_errors_and_the_honeypot(client, city):
    r = client.post("/workorders/", PUBLIC_FORM | {"name": ""})
    assert r.status_code == 400 and "请填写诉求人姓名" in r.content.decode()
    r = client.post("/workorders/", PUBLIC_FORM | {"website": "http://spam.example"})
    assert r.status_code == 400 and not WorkOrder.objects.exists()


def test_public_form_attachments_are_checked_by_content(client, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 this is a program", content_type="image/jpeg")
    r = client.post("/workorders/", PUBLIC_FORM | {"files": [fake]})
    assert r.status_code == 400 and "类型不允许" in r.content.decode() and not WorkOrder.objects.exists()
    r = client.post("/workorders/", PUBLIC_FORM | {"files": [png]})
    assert r.status_code == 201
    att = WorkOrder.objects.get().attachments.get()
    assert att.content_type == "image/png" and att.original_name == "现场.png"


def test_public_form_is_rate_limited(client, city, settings):
    settings.XIAONENG = settings.XIAONENG | {"WORKORDER_RATE_LIMITS": {"submit": [(2, 600)], "lookup": [(30, 600)]}}
    codes = [client.post("/workorders/", PUBLIC_FORM).status_code for _ in range(3)]
    assert codes == [201, 201, 429] and WorkOrder.objects.count() == 2


def test_tracking_page_needs_both_numbers(client, city):
    wo = hotline(city, at(2026, 3, 2, 10))
    ok = client.post("/workorders/track/", {"tracking_no": wo.tracking_no, "code": wo.query_code.lower()}).content.decode()
    assert "餐馆油烟扰民" in ok and "受理" in ok
    wrong = client.post("/workorders/track/", {"tracking_no": wo.tracking_no, "code": "AAAAAA"}).content.decode()
    assert "受理编号或查询码不正确" in wrong and "餐馆油烟扰民" not in wrong


def test_the_operator_form_records_a_call(client, city):
    login(client, city, "dispatcher")
    assert "受理登记" in client.get("/staff/workorders/new/").content.decode()
    r = client.post("/staff/workorders/new/", {"channel": "hotline", "type": "help", "content": "楼道堵塞", "name": "吴强", "phone": "13805310002", "area": ""})
    wo = WorkOrder.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/staff/workorders/{wo.pk}/"
    assert wo.received_by == city.user("dispatcher") and wo.channel == "hotline"
    history = client.get("/staff/workorders/new/caller-history/?phone=13805310002").content.decode()
    assert wo.tracking_no in history


def test_a_call_submitted_twice_from_the_operator_form_is_one_case(client, city):
    import re

    login(client, city, "dispatcher")
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', client.get("/staff/workorders/new/").content.decode()).group(1)
    data = {"channel": "hotline", "type": "help", "content": "楼道堵塞", "name": "吴强", "phone": "13805310002", "area": "", "idempotency_key": key}
    first, again = client.post("/staff/workorders/new/", data), client.post("/staff/workorders/new/", data)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert WorkOrder.objects.count() == 1


@pytest.mark.parametrize("username,status", [("dispatcher", 200), ("window", 200), ("handler", 403), ("supervisor", 403), ("leader", 403)])
def test_who_may_open_the_operator_form(client, city, username, status):
    assert login(client, city, username).get("/staff/workorders/new/").status_code == status


@pytest.mark.parametrize(
    "url,allowed",
    [
        ("/staff/workorders/queue/", {"dispatcher"}),
        ("/staff/workorders/follow-up/", {"dispatcher", "supervisor"}),
        ("/staff/workorders/inbox/", {"admin", "window", "dispatcher", "handler", "head", "supervisor", "leader"}),
        ("/staff/workorders/search/", {"admin", "window", "dispatcher", "handler", "head", "supervisor", "leader"}),
        ("/staff/workorders/stats/", {"admin", "window", "dispatcher", "handler", "head", "supervisor", "leader"}),
    ],
)
def test_list_pages_by_role(client, city, url, allowed):
    hotline(city, at(2026, 3, 2, 10))
    for name in ["admin", "window", "dispatcher", "handler", "head", "supervisor", "leader"]:
        status = login(client, city, name).get(url).status_code
        assert (status == 200) is (name in allowed), (name, url, status)


def test_the_whole_loop_through_the_pages(client, city):
    wo = hotline(city, at(2026, 3, 2, 10))
    act = f"/staff/workorders/{wo.pk}/act"
    login(client, city, "dispatcher")
    queue = client.get("/staff/workorders/queue/").content.decode()
    assert wo.tracking_no in queue and "派单" in queue
    assert "暂无派单建议" in client.get(f"/staff/workorders/{wo.pk}/suggestions/").content.decode()
    client.post(f"{act}/dispatch/", {"department": "market", "note": "请尽快核查"})
    login(client, city, "handler")
    inbox = client.get("/staff/workorders/inbox/").content.decode()
    assert wo.tracking_no in inbox and "签收" in inbox
    client.post(f"{act}/sign/")
    client.post(f"{act}/feedback/", {"content": "已约谈商户"})
    page = client.post(f"{act}/reply/", {"content": "已责令安装油烟净化设施"}, follow=True).content.decode()
    assert "已答复" in page
    login(client, city, "supervisor")
    client.post(f"{act}/follow_up/", {"reached": "1", "resolved": "1", "satisfaction": "satisfied"})
    page = client.post(f"{act}/close/", {}, follow=True).content.decode()
    wo.refresh_from_db()
    assert wo.status == Status.CLOSED and "已办结" in page
    steps = ["create", "dispatch", "sign", "feedback", "reply", "follow_up", "close"]
    assert [e.action for e in selectors.timeline(wo)] == [f"workorder.{step}" for step in steps]


def test_the_queue_carries_the_department_list_once_however_many_cases_it_shows(client, city):
    cases = [hotline(city, at(2026, 3, 2, 10 + i)) for i in range(3)]
    queue = login(client, city, "dispatcher").get("/staff/workorders/queue/").content.decode()
    assert all(wo.tracking_no in queue for wo in cases)
    assert queue.count('<option value="market">') == 1 and queue.count('id="department-options"') == 1
    assert queue.count("data-department-options") == 2 * len(cases)  # each case's picker and its co-departments


def test_a_refused_action_shows_the_reason_and_changes_nothing(client, city):
    wo = hotline(city, at(2026, 3, 2, 10))
    login(client, city, "dispatcher")
    page = client.post(f"/staff/workorders/{wo.pk}/act/close/", {}, follow=True).content.decode()
    assert "答复后才能办结" in page
    assert WorkOrder.objects.get(pk=wo.pk).status == Status.RECEIVED
    assert client.post(f"/staff/workorders/{wo.pk}/act/fly/").status_code == 404


def test_return_review_from_the_queue(client, city):
    from xiaoneng.accountability.models import Fault

    wo = hotline(city, at(2026, 3, 2, 10))
    act = f"/staff/workorders/{wo.pk}/act"
    login(client, city, "dispatcher").post(f"{act}/dispatch/", {"department": "market"})
    login(client, city, "handler").post(f"{act}/return/", {"reason": "属于住建部门职责范围"})
    queue = login(client, city, "dispatcher").get("/staff/workorders/queue/").content.decode()
    assert "属于住建部门职责范围" in queue
    client.post(f"{act}/review_return/", {"accept": "0", "note": "属本部门职责"})
    wo.refresh_from_db()
    assert wo.status == Status.DISPATCHED and wo.department == city.dept("market") and Fault.objects.count() == 1


def test_workbench_home_links_work_order_deadlines(client, city):
    wo = hotline(city, clock.now())
    page = login(client, city, "dispatcher").get("/staff/").content.decode()
    assert f"/staff/workorders/{wo.pk}/" in page and "工单办理" in page


def test_guessing_query_codes_is_limited(client, api, city, settings):
    settings.XIAONENG = settings.XIAONENG | {"WORKORDER_RATE_LIMITS": {"submit": [(10, 600)], "lookup": [(3, 600)]}}
    wo = hotline(city, at(2026, 3, 2, 10))
    codes = [api().get(f"/api/v1/public/workorders/{wo.tracking_no}?code=AAAAA{i}").status_code for i in range(3)]
    assert codes == [404, 404, 404]
    blocked = api().get(f"/api/v1/public/workorders/{wo.tracking_no}?code={wo.query_code}")
    assert blocked.status_code == 429 and blocked.json()["code"] == "rate_limited"
    assert client.post("/workorders/track/", {"tracking_no": wo.tracking_no, "code": wo.query_code}).status_code == 429


def test_inbox_counts_the_deadline_each_row_shows_and_says_when_rows_are_left_out(client, city, monkeypatch):
    """A case whose sign-for deadline has passed is counted overdue above 部门工单, as its row
    says, though its answer deadline has not; when the inbox holds more cases than the page
    lists, the page says that the list and its counts are the most urgent ones only."""
    from xiaoneng.workorders import services, views

    cases = [hotline(city, at(2026, 3, 2, 10)) for _ in range(2)]
    with clock.frozen(at(2026, 3, 2, 11)):
        for wo in cases:
            services.workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=city.dept("market"))
    login(client, city, "handler")
    with clock.frozen(at(2026, 3, 2, 11, 1)):
        page = client.get("/staff/workorders/inbox/").content.decode()
    assert "待签收<strong>2</strong>" in page and '已超期<strong class="red">0</strong>' in page and "只列最紧迫" not in page
    with clock.frozen(at(2026, 3, 4, 10)):  # sign-for overdue, the answer not yet due
        page = client.get("/staff/workorders/inbox/").content.decode()
        assert all(WorkOrder.objects.get(pk=wo.pk).due_at > clock.now() for wo in cases)
    assert '已超期<strong class="red">2</strong>' in page and len(re.findall(r'签收 <span class="badge overdue"[^>]*>超期', page)) == 2
    monkeypatch.setattr(views, "INBOX_ROWS", 1)
    with clock.frozen(at(2026, 3, 4, 10)):
        page = client.get("/staff/workorders/inbox/").content.decode()
    assert sum(wo.tracking_no in page for wo in cases) == 1 and "只列最紧迫的 1 件" in page
    assert "待签收<strong>1</strong>" in page
