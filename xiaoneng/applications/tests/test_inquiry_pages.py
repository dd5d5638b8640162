"""首问 hand-over pages: the colleague's 待答复 list with the deadline and the answer form,
the first receiver's record open until answered, the navigation badge and the workbench's
待办 — by form posts, as people use them."""

import pytest

from xiaoneng.applications import services
from xiaoneng.applications.codes import Action
from xiaoneng.applications.models import Inquiry
from xiaoneng.core.models import AuditRecord

from .conftest import D

TO_ANSWER = "/staff/applications/inquiries/to-answer/"


def _as(client, city, name):
    client.force_login(city.user(name))
    return client


@pytest.fixture
def handed(city, today_is):
    """Handed by the window clerk to the market handler on 2026-09-30, the last working day
    before 国庆: two working days to answer, 10月8日 and 9日."""
    with today_is(D(2026, 9, 30)):
        inquiry = services.inquiry_record(by=city.user("window"), asker_name="孙先生", question="食品经营许可延续怎么办")
        return services.inquiry_close(by=city.user("window"), inquiry=inquiry, outcome="handed_over", handed_to="handler")


def test_the_colleague_sees_the_hand_over_with_its_deadline_a_badge_and_a_workbench_item(client, city, handed, today_is):
    with today_is(D(2026, 10, 8)):
        html = _as(client, city, "handler").get(TO_ANSWER).content.decode()
        assert "孙先生" in html and "2026-10-09（周五）24:00 前" in html and "答复并办结" in html and "已超期" not in html
        assert "1 条待答复" in html  # the navigation badge
        home = client.get("/staff/").content.decode()
        assert "首问移交后答复" in home and "首问登记 孙先生：食品经营许可延续怎么办" in home and f"/staff/applications/inquiries/{handed.pk}/" in home
    with today_is(D(2026, 10, 12)):
        assert "已超期" in client.get(TO_ANSWER).content.decode()


def test_others_have_nothing_to_answer_and_cannot_answer(client, city, handed, today_is):
    with today_is(D(2026, 10, 8)):
        for name in ("head", "housing_handler", "window"):
            html = _as(client, city, name).get(TO_ANSWER).content.decode()
            assert "暂无移交给您的咨询" in html and "条待答复" not in html
        # the first receiver sees it but it is no longer theirs to answer
        r = _as(client, city, "window").post(f"/staff/applications/inquiries/{handed.pk}/answer/", {"reply": "到窗口办理"}, follow=True)
        assert "只有接手的同事或科室可以答复" in r.content.decode()
        # outside the inquiry's departments it does not exist at all
        assert _as(client, city, "housing_handler").post(f"/staff/applications/inquiries/{handed.pk}/answer/", {"reply": "x"}).status_code == 404
        assert client.get(f"/staff/applications/inquiries/{handed.pk}/").status_code == 404
    handed.refresh_from_db()
    assert handed.status == "open" and not AuditRecord.objects.filter(action=Action.INQUIRY_ANSWER).exists()


def test_the_first_receiver_sees_it_open_until_the_colleague_answers(client, city, handed, today_is):
    with today_is(D(2026, 10, 8)):
        page = _as(client, city, "window").get(f"/staff/applications/inquiries/{handed.pk}/").content.decode()
        assert "已移交，待答复" in page and "移交给：测试handler" in page and "答复期限：2026-10-09（周五）24:00 前" in page
        assert "登记办理结果" not in page and "答复并办结" not in page  # nothing more for the first receiver to do
        assert "已移交，待答复" in client.get("/staff/applications/inquiries/").content.decode()
        r = _as(client, city, "handler").post(f"/staff/applications/inquiries/{handed.pk}/answer/", {"reply": "  "}, follow=True)
        assert "答复内容" in r.content.decode() and Inquiry.objects.get().status == "open"
        r = client.post(f"/staff/applications/inquiries/{handed.pk}/answer/", {"reply": "到市场准入窗口办理延续", "next": TO_ANSWER})
        assert r.status_code == 302 and r["Location"] == TO_ANSWER
    handed.refresh_from_db()
    assert (handed.status, handed.reply, handed.replied_by) == ("closed", "到市场准入窗口办理延续", city["staff"]["handler"])
    record = AuditRecord.objects.get(action=Action.INQUIRY_ANSWER)
    assert (record.actor, record.subject_id, record.note) == (city.user("handler"), str(handed.pk), "到市场准入窗口办理延续")
    page = _as(client, city, "window").get(f"/staff/applications/inquiries/{handed.pk}/").content.decode()
    assert "接手人已答复" in page and "到市场准入窗口办理延续（测试handler" in page and "接手人答复，首问办结" in page
    assert "暂无移交给您的咨询" in _as(client, city, "handler").get(TO_ANSWER).content.decode()


def test_a_hand_over_to_a_section_is_answered_by_anyone_below_it(client, city, today_is):
    with today_is(D(2026, 3, 2)):
        inquiry = services.inquiry_record(by=city.user("window"), asker_name="周女士", question="二手房过户")
        services.inquiry_close(by=city.user("window"), inquiry=inquiry, outcome="handed_over", handed_to_department="east")
        assert "周女士" in _as(client, city, "street_handler").get(TO_ANSWER).content.decode()
        assert "周女士" not in _as(client, city, "handler").get(TO_ANSWER).content.decode()
        client.force_login(city.user("street_handler"))
        client.post(f"/staff/applications/inquiries/{inquiry.pk}/answer/", {"reply": "到不动产登记窗口办理"})
    inquiry.refresh_from_db()
    assert inquiry.status == "closed" and inquiry.replied_by == city["staff"]["street_handler"]


def test_handing_over_from_the_record_page_returns_there(client, city, today_is):
    with today_is(D(2026, 3, 2)):
        inquiry = services.inquiry_record(by=city.user("window"), asker_name="吴先生", question="社保转移")
        c = _as(client, city, "window")
        url = f"/staff/applications/inquiries/{inquiry.pk}/"
        form = c.get(url).content.decode()
        # colleagues and sections of the clerk's body are picked from lists, never typed
        assert "登记办理结果" in form and '<option value="hall-market">' in form and '<option value="market">' not in form
        r = c.post(f"{url}close/", {"outcome": "handed_over", "handed_to": "handler", "next": url}, follow=True)
    html = r.content.decode()
    assert "已移交，待接手人答复。" in html and "移交给：测试handler" in html


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_the_to_answer_list_has_no_query_per_row(client, city, today_is):
    def hand_over(n):
        for k in range(n):
            inquiry = services.inquiry_record(by=city.user("window"), asker_name=f"咨询人{k}", question="问题")
            services.inquiry_close(by=city.user("window"), inquiry=inquiry, outcome="handed_over", handed_to="handler")

    with today_is(D(2026, 3, 2)):
        hand_over(2)
        c = _as(client, city, "handler")
        _queries(c, TO_ANSWER)  # the first page of a session loads what later pages reuse
        few = _queries(c, TO_ANSWER)
        hand_over(10)
        assert _queries(c, TO_ANSWER) == few
