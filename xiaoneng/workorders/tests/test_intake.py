"""Intake from every channel: who may submit through which channel, validation, deadlines,
idempotency, rate limits and the after-commit work."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client

from xiaoneng.core import clock
from xiaoneng.core.models import AuditRecord
from xiaoneng.workorders import selectors, services, tasks
from xiaoneng.workorders.models import RoutingRule, Status, WorkOrder
from xiaoneng.workorders.services import Requester

from .conftest import at

CASE = {
    "channel": "web",
    "type": "help",
    "title": "下水道堵塞",
    "content": "小区3号楼前下水道堵塞，污水漫到路面",
    "requester": {"name": "王五", "phone": "13700001111", "anonymous": False},
}


def test_the_public_submits_without_an_account_and_gets_a_code(api, city):
    with clock.frozen(at(2026, 3, 6, 16)):  # 周五
        r = api().post("/api/v1/workorders", CASE | {"received_at": "2026-01-01T09:00:00+08:00"})
    assert r.status_code == 201, r.content
    body = r.json()
    wo = WorkOrder.objects.get(pk=body["id"])
    assert wo.channel == "web" and wo.received_by is None
    assert wo.received_at == at(2026, 3, 6, 16)  # the public cannot date a case back
    assert body["due_at"] == "2026-03-21T00:00:00+08:00"  # 求助 10 个工作日 → 3月20日 周五
    assert body["query_code"] == wo.query_code and len(set(body["query_code"]) & set("01IO")) == 0


@pytest.mark.parametrize("channel", ["hotline", "walk_in", "email", "wechat"])
def test_the_public_cannot_claim_a_staffed_channel(api, city, channel):
    r = api().post("/api/v1/workorders", CASE | {"channel": channel})
    assert r.status_code == 403 and r.json()["code"] == "intake_forbidden"
    assert not WorkOrder.objects.exists()


@pytest.mark.parametrize(
    "username,channel,allowed",
    [
        ("dispatcher", "hotline", True),
        ("dispatcher", "email", True),
        ("dispatcher", "walk_in", True),
        ("window", "walk_in", True),
        ("window", "hotline", False),
        ("handler", "hotline", False),
        ("head", "web", False),
        ("supervisor", "hotline", False),
        ("leader", "hotline", False),
        ("admin", "hotline", False),
    ],
)
def test_who_records_cases_through_which_channel(api, city, username, channel, allowed):
    r = api(username).post("/api/v1/workorders", CASE | {"channel": channel})
    assert (r.status_code == 201) is allowed, r.content
    assert WorkOrder.objects.count() == int(allowed)


def test_staff_may_date_a_call_within_limits(api, city):
    dispatcher = api("dispatcher")
    with clock.frozen(at(2026, 3, 2, 10)):
        ok = dispatcher.post("/api/v1/workorders", CASE | {"channel": "hotline", "received_at": "2026-02-27T17:50:00+08:00"})
        future = dispatcher.post("/api/v1/workorders", CASE | {"channel": "hotline", "received_at": "2026-03-02T11:00:00+08:00"})
        ancient = dispatcher.post("/api/v1/workorders", CASE | {"channel": "hotline", "received_at": "2025-12-01T10:00:00+08:00"})
    assert ok.status_code == 201 and WorkOrder.objects.get(pk=ok.json()["id"]).handle_started_on.isoformat() == "2026-02-27"
    assert future.json()["code"] == ancient.json()["code"] == "invalid_received_at"


@pytest.mark.parametrize(
    "change,code",
    [
        ({"content": "  "}, "missing_content"),
        ({"content": "字" * 4001}, "too_long"),
        ({"type": "praise"}, "invalid_type"),
        ({"channel": "fax"}, "invalid_channel"),
        ({"requester": {"name": "", "phone": "13700001111"}}, "missing_requester_name"),
        ({"requester": {"name": "王五"}}, "missing_contact"),
        ({"requester": {"name": "王五", "phone": "12ab"}}, "invalid_phone"),
        ({"requester": {"name": "王五", "phone": "13700001111", "email": "not-an-address"}}, "invalid_email"),
        ({"requester": {"name": "王五", "phone": "13700001111", "id_number": "370102199001011235"}}, "invalid_id_number"),
        ({"type": "enterprise", "requester": {"name": "王五", "phone": "13700001111"}}, "missing_organization"),
        ({"type": "enterprise", "requester": {"name": "王五", "phone": "13700001111", "organization": "某公司", "uscc": "91370100MA3C000000"}}, "invalid_uscc"),
        ({"location": {"lat": 36.66}}, "invalid_location"),
        ({"location": {"lat": 91, "lng": 117}}, "invalid_location"),
        ({"location": {"area": "nowhere"}}, "invalid_area"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(api, city, change, code):
    r = api("dispatcher").post("/api/v1/workorders", CASE | {"channel": "hotline"} | change)
    assert r.status_code == 400, r.content
    assert r.json()["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["message"])
    assert not WorkOrder.objects.exists() and not AuditRecord.objects.filter(action="workorder.create").exists()


def test_an_anonymous_report_keeps_no_name_but_may_keep_a_contact(api, city):
    r = api().post(
        "/api/v1/workorders",
        CASE | {"type": "report", "requester": {"name": "赵六", "phone": "13700002222", "anonymous": True, "id_number": "11010519491231002X"}},
    )
    wo = WorkOrder.objects.get(pk=r.json()["id"])
    assert wo.requester_anonymous and wo.requester_name == "" and wo.requester_id_number == ""
    assert wo.requester_phone == "13700002222"


def test_intake_is_audited_with_the_identity_masked(api, city):
    r = api("dispatcher").post("/api/v1/workorders", CASE | {"channel": "hotline", "requester": {"name": "欧阳明远", "phone": "13987654321"}})
    rec = AuditRecord.objects.get(action="workorder.create", subject_id=str(r.json()["id"]))
    assert rec.after["requester"] == {"anonymous": False, "name": "欧***", "phone": "139****4321", "id_number": "", "email_given": False}
    assert "欧阳明远" not in str(rec.after) and rec.actor == city.user("dispatcher") and rec.channel == "api"
    assert [e.action for e in selectors.timeline(WorkOrder.objects.get(pk=r.json()["id"]))] == ["workorder.create"]


def test_a_retry_with_the_same_idempotency_key_creates_one_case(api, city):
    client = api()
    first = client.post("/api/v1/workorders", CASE, headers={"Idempotency-Key": "wx-msg-1"})
    again = client.post("/api/v1/workorders", CASE, headers={"Idempotency-Key": "wx-msg-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert WorkOrder.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_of_one_submission_make_one_case_and_all_get_its_answer(city):
    token = Client().post("/api/v1/auth/token", {"username": "dispatcher", "password": "dispatcher"}, content_type="application/json").json()["token"]
    barrier, answers = threading.Barrier(3), []

    def send():
        try:
            barrier.wait()
            response = Client().post(
                "/api/v1/workorders",
                CASE | {"channel": "hotline"},
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "call-77"},
            )
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=send) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert WorkOrder.objects.count() == 1
    assert [status for status, _ in answers] == [201, 201, 201]
    assert {body["tracking_no"] for _, body in answers} == {WorkOrder.objects.get().tracking_no}


def test_an_integration_posts_on_its_own_channel_and_its_message_id_is_never_duplicated(api, city):
    key = api("admin").post("/api/v1/apikeys", {"name": "微信公众号", "channel": "wechat"}).json()["key"]
    wechat = api()
    wechat.headers["X-Api-Key"] = key
    first = wechat.post("/api/v1/workorders", CASE | {"channel": "wechat", "external_id": "msg-9"})
    again = wechat.post("/api/v1/workorders", CASE | {"channel": "wechat", "external_id": "msg-9"})
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    wrong = wechat.post("/api/v1/workorders", CASE | {"channel": "weibo"})
    assert wrong.status_code == 403
    wo = WorkOrder.objects.get()
    assert wo.api_key.name == "微信公众号" and wo.channel == "wechat"


def test_bad_credentials_are_refused_not_treated_as_the_public(api, city):
    r = api().post("/api/v1/workorders", CASE, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    r = api().post("/api/v1/workorders", CASE, headers={"X-Api-Key": "xnk_wrong"})
    assert r.status_code == 401
    assert not WorkOrder.objects.exists()


def test_anonymous_submissions_are_limited_per_address(api, city, settings):
    settings.XIAONENG = settings.XIAONENG | {"WORKORDER_RATE_LIMITS": {"submit": [(3, 600)], "lookup": [(30, 600)]}}
    client = api()
    with clock.frozen(at(2026, 3, 2, 10, 1)):
        codes = [client.post("/api/v1/workorders", CASE).status_code for _ in range(4)]
        other = client.post("/api/v1/workorders", CASE, headers={"X-Forwarded-For": "10.9.9.9"}).status_code  # not trusted: no proxy configured
        staff = api("dispatcher").post("/api/v1/workorders", CASE | {"channel": "hotline"}).status_code
    assert codes == [201, 201, 201, 429] and other == 429 and staff == 201
    with clock.frozen(at(2026, 3, 2, 10, 11)):  # the next window
        assert client.post("/api/v1/workorders", CASE).status_code == 201
    assert WorkOrder.objects.count() == 5


def test_behind_a_trusted_proxy_the_forwarded_address_counts(api, city, settings):
    settings.XIAONENG = settings.XIAONENG | {"TRUSTED_PROXIES": ["127.0.0.1"], "WORKORDER_RATE_LIMITS": {"submit": [(1, 600)], "lookup": [(30, 600)]}}
    client = api()
    assert client.post("/api/v1/workorders", CASE, headers={"X-Forwarded-For": "1.1.1.1"}).status_code == 201
    assert client.post("/api/v1/workorders", CASE, headers={"X-Forwarded-For": "1.1.1.1"}).status_code == 429
    assert client.post("/api/v1/workorders", CASE, headers={"X-Forwarded-For": "8.8.8.8, 2.2.2.2"}).status_code == 201


@pytest.mark.parametrize(
    "received,due",
    [
        # Four office hours (09:00–12:00, 13:30–17:30 on working days).
        (at(2026, 3, 2, 10), "2026-03-02T15:30:00+08:00"),  # 周一上午 → 当日下午
        (at(2026, 3, 2, 23, 30), "2026-03-03T14:30:00+08:00"),  # 深夜 → 次日下午，不是半小时后
        (at(2026, 11, 21, 10), "2026-11-23T14:30:00+08:00"),  # 周六 → 周一
        (at(2026, 10, 3, 10), "2026-10-08T14:30:00+08:00"),  # 国庆 → 10月8日
        (at(2026, 9, 30, 16), "2026-10-08T11:30:00+08:00"),  # 节前下午 → 节后上午
    ],
)
def test_urgent_cases_are_due_within_office_hours(api, city, received, due):
    with clock.frozen(received):
        r = api("dispatcher").post("/api/v1/workorders", CASE | {"channel": "hotline", "urgent": True})
    assert r.json()["due_at"] == due and r.json()["urgent"] is True


def test_intake_stays_a_handful_of_queries(city, django_assert_num_queries, settings):
    """The savepoint pair and four inserts: the case, its clock, their audit records (one
    multi-row insert) and the after-intake intent in the outbox.  (The working-day calendar
    and the time limits are kept in the process and rechecked every few seconds, as in
    production; who answers for the dispatch queue — the 12345 centre, the roster — is read
    once a minute.)"""
    settings.XIAONENG = settings.XIAONENG | {"CALENDAR_RECHECK_SECONDS": 60}
    dispatcher = city.user("dispatcher")
    with clock.frozen(at(2026, 3, 2, 10)):
        services.workorder_create(by=dispatcher, channel="hotline", type="help", content="预热", requester=Requester(name="甲", phone="13700000000"))
    with clock.frozen(at(2026, 3, 2, 10, 0, 40)), django_assert_num_queries(6):
        services.workorder_create(by=dispatcher, channel="hotline", type="help", content="下水道堵塞", requester=Requester(name="乙", phone="13700000001"))


def test_who_answers_for_the_queue_is_read_once_a_minute(city):
    """A roster change within the minute applies from the next minute (the answerers are kept
    per process for the minute they were read in)."""
    from xiaoneng.clocks.models import Clock
    from xiaoneng.workorders.models import DutyShift

    def responsible(moment):
        with clock.frozen(moment):
            wo = services.workorder_create(
                by=city.user("dispatcher"), channel="hotline", type="help", content="路灯不亮", requester=Requester(name="丙", phone="13700000002")
            )
        return Clock.objects.get(subject_type="workorders.workorder", subject_id=wo.pk, kind="workorder.handle").responsible

    assert responsible(at(2026, 3, 2, 10, 0, 5)) is None  # nobody on the roster yet
    DutyShift.objects.create(staff=city["staff"]["dispatcher"], starts_at=at(2026, 3, 2, 8), ends_at=at(2026, 3, 2, 20))
    assert responsible(at(2026, 3, 2, 10, 0, 50)) is None  # the same minute: as read at 10:00
    assert responsible(at(2026, 3, 2, 10, 1)) == city.user("dispatcher")


def test_a_direct_answer_at_intake(api, city):
    with clock.frozen(at(2026, 3, 2, 10)):
        wo = services.workorder_create(
            by=city.user("dispatcher"),
            channel="hotline",
            type="consultation",
            content="营业执照怎么办理？",
            requester=Requester(name="甲", phone="13700000000"),
            direct_answer="可登录政务服务网在线申请，也可到市政务服务中心市场准入窗口办理。",
        )
    wo.refresh_from_db()
    assert wo.status == Status.ANSWERED and wo.department is None and wo.replied_at == at(2026, 3, 2, 10)
    with clock.frozen(at(2026, 3, 2, 10, 5)):
        r = api("supervisor").post(f"/api/v1/workorders/{wo.pk}/close")
    assert r.json()["status"] == "closed" and r.json()["close_result"] == "直接答复，办结"


def test_a_matching_auto_dispatch_rule_dispatches_on_the_queue_after_commit(city, django_capture_on_commit_callbacks, monkeypatch):
    RoutingRule.objects.create(
        name="油烟归市场监管（测试）", priority=1, keywords="油烟", department=city.dept("market"), auto_dispatch=True, updated_at=clock.now()
    )
    queued = []
    monkeypatch.setattr(tasks.after_intake, "apply_async", lambda args, kwargs, **printable: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        wo = services.workorder_create(
            by=city.user("dispatcher"), channel="hotline", type="complaint", content="楼下饭店油烟很大", requester=Requester(name="甲", phone="13700000000")
        )
        assert queued == [] and WorkOrder.objects.get(pk=wo.pk).status == Status.RECEIVED  # nothing heavy inside the request
    assert queued == [[wo.pk]]
    tasks.after_intake(wo.pk)  # what the worker runs
    tasks.after_intake(wo.pk)  # a rerun leaves the dispatched case alone
    wo.refresh_from_db()
    assert wo.dispatch_count == 1
    assert wo.status == Status.DISPATCHED and wo.department == city.dept("market") and wo.dispatched_by is None
    assert "自动派单" in next(e.note for e in selectors.timeline(wo) if e.action == "workorder.dispatch")


def test_a_broken_queue_never_loses_an_answered_case(api, city, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.after_intake, "apply_async", broken)
    with django_capture_on_commit_callbacks(execute=True):
        r = api("dispatcher").post("/api/v1/workorders", CASE | {"channel": "hotline"})
    assert r.status_code == 201
    assert WorkOrder.objects.filter(pk=r.json()["id"]).exists()


def test_administrators_set_the_citys_time_limits_for_new_cases(api, city, django_capture_on_commit_callbacks):
    with clock.frozen(at(2026, 3, 2, 10)):
        before = api("dispatcher").post("/api/v1/workorders", CASE | {"channel": "hotline", "type": "complaint"}).json()
        assert (
            api("supervisor").put("/api/v1/workorders/time-limits/complaint", {"handle_days": 10, "sign_hours": "0.5", "feedback_interval_days": 3}).status_code
            == 403
        )
        with django_capture_on_commit_callbacks(execute=True):
            r = api("admin").put("/api/v1/workorders/time-limits/complaint", {"handle_days": 10, "sign_hours": "0.5", "feedback_interval_days": 3})
        assert r.status_code == 200 and r.json()["handle_days"] == 10
        after = api("dispatcher").post("/api/v1/workorders", CASE | {"channel": "hotline", "type": "complaint"}).json()
        bad = api("admin").put("/api/v1/workorders/time-limits/complaint", {"handle_days": 99, "sign_hours": "1"})
    assert before["due_at"] == "2026-03-24T00:00:00+08:00" and after["due_at"] == "2026-03-17T00:00:00+08:00"
    assert WorkOrder.objects.get(pk=before["id"]).due_on.isoformat() == "2026-03-23"  # cases already received keep theirs
    assert bad.json()["code"] == "invalid_handle_days"
    assert AuditRecord.objects.filter(action="workorder.time_limit_set").count() == 1
    limits = {row["key"]: row for row in api("handler").get("/api/v1/workorders/time-limits").json()}
    assert limits["complaint"]["handle_days"] == 10 and limits["urgent"]["handle_days"] == 0


def test_an_integration_intake_through_the_api_stays_a_handful_of_queries(api, city, django_assert_num_queries, settings):
    """Over HTTP with an API key: the key comes from the cache after the first request, and
    the case, its clock, their two audit records (one multi-row insert) and the routing
    task's outbox row are four statements; who answers for the undispatched case's clock
    (the 12345 centre and the dispatcher on duty) is read once a minute."""
    settings.XIAONENG = settings.XIAONENG | {"CALENDAR_RECHECK_SECONDS": 60}
    key = api("admin").post("/api/v1/apikeys", {"name": "微信公众号", "channel": "wechat"}).json()["key"]
    wechat = api()
    wechat.headers["X-Api-Key"] = key
    minute = clock.local(clock.now()).replace(second=0, microsecond=0) + dt.timedelta(days=1)  # after the setup's records
    with clock.frozen(minute):
        assert wechat.post("/api/v1/workorders", CASE | {"channel": "wechat"}).status_code == 201  # warms the caches
    with clock.frozen(minute + dt.timedelta(seconds=30)), django_assert_num_queries(6) as captured:  # with the test transaction's savepoint pair
        r = wechat.post("/api/v1/workorders", CASE | {"channel": "wechat"})
    assert r.status_code == 201
    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 4 and sum('"core_auditrecord"' in sql for sql in inserts) == 1
    wo = WorkOrder.objects.get(pk=r.json()["id"])
    actions = [rec.action for rec in AuditRecord.objects.filter(at__gte=wo.created_at).order_by("id")]
    assert actions == ["workorder.create", "clock.start"]
