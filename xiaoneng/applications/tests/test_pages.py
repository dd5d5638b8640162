"""The service hall pages: workbench list, application file and its forms, printable
notices, the public status page and the first-inquiry log."""

import pytest

from xiaoneng.applications.models import Inquiry, Status

from .conftest import D, fresh


def login(client, username):
    assert client.login(username=username, password=username)
    return client


@pytest.fixture
def app_(submit, today_is):
    with today_is(D(2026, 3, 2)):
        return fresh(submit(D(2026, 3, 2), materials=["M1"]))


@pytest.mark.parametrize("username", ["window", "handler", "head", "supervisor", "leader", "admin", "dispatcher"])
def test_list_for_every_role(client, app_, username):
    html = login(client, username).get("/staff/applications/").content.decode()
    assert "按最先到期排序" in html and app_.number in html


def test_list_hides_what_a_department_may_not_see(client, app_):
    html = login(client, "district_head").get("/staff/applications/").content.decode()
    assert app_.number not in html and "没有符合条件的办件" in html
    assert client.get(f"/staff/applications/{app_.pk}/").status_code == 403
    assert client.get("/staff/applications/999999/").status_code == 404


def test_list_filter_is_an_htmx_partial(client, app_):
    html = login(client, "window").get("/staff/applications/?status=awaiting_correction&q=李", HTTP_HX_REQUEST="true").content.decode()
    assert app_.number in html and "<html" not in html
    assert app_.number not in client.get("/staff/applications/?status=accepted", HTTP_HX_REQUEST="true").content.decode()


def test_detail_shows_clock_notice_and_the_right_forms(client, app_):
    html = login(client, "window").get(f"/staff/applications/{app_.pk}/").content.decode()
    assert "一次性告知书" in html and "接收补正材料" in html and "出具一次性告知书" in html and app_.query_code in html
    assert "批准延期" not in html
    html = login(client, "supervisor").get(f"/staff/applications/{app_.pk}/").content.decode()
    assert "您可以查看本办件，但不能办理" in html and app_.query_code not in html and "已脱敏" in html


def test_forms_call_the_services_and_show_errors(client, app_, today_is):
    login(client, "window")
    with today_is(D(2026, 3, 4)):
        response = client.post(f"/staff/applications/{app_.pk}/correct/", {"materials": ["M2", "M3"], "on": "2026-03-04"}, follow=True)
    assert "补正材料已登记" in response.content.decode()
    app = fresh(app_)
    assert (app.status, app.accepted_on) == (Status.ACCEPTED, D(2026, 3, 4))
    login(client, "head")
    with today_is(D(2026, 4, 20)):
        html = client.post(f"/staff/applications/{app.pk}/extend/", {"days": "10", "reason": "需听证"}, follow=True).content.decode()
        assert "届满前批准" in html
        html = client.post(f"/staff/applications/{app.pk}/extend/", {"days": "ten", "reason": "需听证"}, follow=True).content.decode()
        assert "延长天数应为整数" in html
        html = client.post(f"/staff/applications/{app.pk}/suspend/", {"kind": "hearing", "start_on": "2026-13-01"}, follow=True).content.decode()
        assert "应为日期，格式 YYYY-MM-DD，收到“2026-13-01”" in html
        html = client.post(f"/staff/applications/{app.pk}/decide/", {"result": "approve", "on": "2026-04-01"}, follow=True).content.decode()
    assert "决定已登记" in html and fresh(app).status == Status.APPROVED
    assert client.post(f"/staff/applications/{app.pk}/explode/").status_code == 404
    assert client.get(f"/staff/applications/{app.pk}/decide/").status_code == 405


def test_receiving_at_the_counter(client, items, today_is):
    login(client, "window")
    partial = client.get("/staff/applications/new/?item=FOOD", HTTP_HX_REQUEST="true").content.decode()
    assert "营业执照复印件" in partial and "<html" not in partial
    data = {
        "item": "FOOD",
        "applicant_name": "周大福",
        "applicant_id_type": "resident_id",
        "applicant_id_number": "11010519491231002X",
        "applicant_phone": "13800001111",
        "received_on": "2026-03-02",
        "check": "1",
        "materials": ["M1", "M2", "M3"],
    }
    with today_is(D(2026, 3, 2)):
        bad = client.post("/staff/applications/new/", data | {"applicant_id_number": "123"}).content.decode()
        assert "居民身份证号码无效" in bad and "周大福" in bad
        response = client.post("/staff/applications/new/", data, follow=True)
    html = response.content.decode()
    assert "已登记办件" in html and "已受理" in html


def test_a_double_submitted_counter_form_registers_one_application(client, items, today_is):
    import re

    from xiaoneng.applications.models import Application

    login(client, "window")
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', client.get("/staff/applications/new/").content.decode()).group(1)
    data = {
        "item": "FOOD",
        "applicant_name": "周大福",
        "applicant_id_type": "resident_id",
        "applicant_id_number": "11010519491231002X",
        "applicant_phone": "13800001111",
        "received_on": "2026-03-02",
        "check": "1",
        "materials": ["M1", "M2", "M3"],
        "idempotency_key": key,
    }
    with today_is(D(2026, 3, 2)):
        first, again = client.post("/staff/applications/new/", data), client.post("/staff/applications/new/", data)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert Application.objects.count() == 1
    assert 'name="idempotency_key"' in client.get("/staff/applications/inquiries/").content.decode()


def test_printable_notice_and_pdf(client, app_, api):
    notice = app_.notices.get(kind="correction")
    login(client, "window")
    html = client.get(f"/staff/applications/{app_.pk}/notices/{notice.pk}/").content.decode()
    assert "一次性告知书" in html and "2026年3月2日" in html and "市市场监督管理局" in html and "营业执照复印件" in html
    pdf = client.get(f"/staff/applications/{app_.pk}/notices/{notice.pk}/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-") and b"NotoSansSC" in pdf.content
    login(client, "supervisor")  # sees that the notice was issued, not the applicant's identity in it
    assert client.get(f"/staff/applications/{app_.pk}/notices/{notice.pk}/").status_code == 403
    client.logout()
    public = f"/applications/notices/{notice.pk}/?number={app_.number}&code={app_.query_code}"
    assert "一次性告知书" in client.get(public).content.decode()
    assert client.get(public + "&format=pdf").content.startswith(b"%PDF-")
    assert client.get(f"/applications/notices/{notice.pk}/?number={app_.number}&code=NOTRIGHT").status_code == 404


def test_public_status_page(client, app_):
    html = client.get(f"/applications/?number={app_.number}&code={app_.query_code}").content.decode()
    assert "待补正" in html and "李**" in html and "出具一次性告知书" in html and "测试window" not in html
    assert "不正确" in client.get(f"/applications/?number={app_.number}&code=XXXX").content.decode()
    assert "办件进度查询" in client.get("/applications/").content.decode()


def test_staff_pages_need_a_staff_account(client, public_user, app_):
    client.force_login(public_user)
    assert client.get("/staff/applications/").status_code == 403
    assert client.get("/staff/applications/inquiries/").status_code == 403


def test_inquiry_log(client, city, items):
    login(client, "window")
    html = client.post(
        "/staff/applications/inquiries/", {"asker_name": "孙先生", "question": "个体户怎么注册", "outcome": "handed_over"}, follow=True
    ).content.decode()
    assert "移交时请写明接手的同事或科室" in html and not Inquiry.objects.exists()
    client.post("/staff/applications/inquiries/", {"asker_name": "孙先生", "question": "个体户怎么注册", "item_code": "FOOD"})
    inquiry = Inquiry.objects.get()
    assert inquiry.status == "open" and inquiry.first_receiver == city["staff"]["window"]
    html = client.get("/staff/applications/inquiries/").content.decode()
    assert "孙先生" in html and "办理中" in html and "首问负责制" in html
    client.post(f"/staff/applications/inquiries/{inquiry.pk}/close/", {"outcome": "handed_over", "handed_to_department": "hall"})
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.outcome, inquiry.handed_to_department) == ("open", "handed_over", city.dept("hall"))
    login(client, "handler")
    assert "孙先生" not in client.get("/staff/applications/inquiries/?status=all").content.decode()


def test_navigation_entries(client, city):
    html = login(client, "window").get("/staff/").content.decode()
    assert "/staff/applications/" in html and "/staff/catalogue/" in html and "首问登记" in html
    client.logout()
    html = client.get("/").content.decode()
    assert "办事指南" in html and "办件查询" in html and "涉企收费清单" in html


def test_the_clerk_who_received_an_application_sees_its_deadline_on_the_workbench(client, city, submit, today_is):
    """Accepting at the counter starts the commitment and decision clocks of the implementing
    department (market), outside the clerk's window department: the clerk who started them
    sees them on the workbench at once."""
    with today_is(D(2026, 12, 1)):
        app = submit(D(2026, 12, 1))
        client.force_login(city.user("window"))
        html = client.get("/staff/").content.decode()
    assert app.number in html and "暂无在办时限" not in html
    assert "2026-12-15（周二）24:00 前" in html  # committed: ten working days from 1 December
