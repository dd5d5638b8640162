"""Reply quality: scored when the answer is recorded; a low score reaches the supervision
office and holds the case open until the office accepts it (or reopens the case)."""

import pytest

from xiaoneng.core import clock
from xiaoneng.core.errors import Conflict, Forbidden
from xiaoneng.core.models import AuditRecord
from xiaoneng.insights.models import ReplyAssessment, ReviewState
from xiaoneng.insights.services import reply_review_accept
from xiaoneng.notifications.models import Notification
from xiaoneng.workorders import services
from xiaoneng.workorders.models import Status
from xiaoneng.workorders.services import Requester

from .conftest import at, hotline

GOOD = "经现场核查，小区门口餐馆确有油烟直排，已责令其安装油烟净化设施并限期整改。联系电话：0531-12345678。"


MONDAY_MORNING = at(2026, 3, 2, 10)


def answered(city, content, moment=MONDAY_MORNING):
    """A case answered with ``content`` the next day and followed up (everything after this
    happens later, so the answer was on time)."""
    wo = hotline(city, moment)
    with clock.frozen(at(2026, 3, 3, 10)):
        wo = services.workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=city.dept("market"))
        wo = services.workorder_sign(by=city.user("handler"), workorder=wo)
        wo = services.workorder_reply(by=city.user("handler"), workorder=wo, content=content)
        services.workorder_follow_up(by=city.user("dispatcher"), workorder=wo, resolved=True, satisfaction="satisfied")
    return wo


def test_a_good_reply_is_scored_and_the_case_closes(city):
    wo = answered(city, GOOD)
    a = ReplyAssessment.objects.get(workorder=wo)
    assert a.round == 1 and a.state == ReviewState.NOT_NEEDED and a.overall >= 0.8 and a.timeliness == 1
    assert services.workorder_close(by=city.user("dispatcher"), workorder=wo).status == Status.CLOSED
    assert AuditRecord.objects.filter(action="reply.assess", subject_id=str(wo.pk)).exists()


def test_a_poor_reply_is_flagged_and_holds_the_case_until_reviewed(api, city):
    wo = answered(city, "已收到。")
    a = ReplyAssessment.objects.get(workorder=wo)
    assert a.state == ReviewState.PENDING and a.overall < 0.4 and "未提供联系人或联系电话" in a.findings
    note = Notification.objects.get(recipient=city.user("supervisor"))
    assert wo.tracking_no in note.text and "审核" in note.text
    with pytest.raises(Conflict) as exc:
        services.workorder_close(by=city.user("dispatcher"), workorder=wo)
    assert exc.value.code == "reply_review_required"
    r = api("dispatcher").post(f"/api/v1/workorders/{wo.pk}/close", {})
    assert r.status_code == 409 and r.json()["code"] == "reply_review_required"
    reviews = api("supervisor").get("/api/v1/insights/reply-reviews").json()
    assert [x["workorder"] for x in reviews] == [wo.pk]
    with pytest.raises(Forbidden):
        reply_review_accept(by=city.user("dispatcher"), assessment=a, note="")
    r = api("supervisor").post(f"/api/v1/insights/reply-reviews/{a.pk}/accept", {"note": "已电话补充说明"})
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    with pytest.raises(Conflict):
        reply_review_accept(by=city.user("supervisor"), assessment=a, note="")
    assert services.workorder_close(by=city.user("dispatcher"), workorder=wo).status == Status.CLOSED
    assert AuditRecord.objects.filter(action="reply.review_accept").count() == 1


def test_reopening_instead_gives_a_new_round_scored_again(city):
    wo = answered(city, "已收到。")
    wo = services.workorder_reopen(by=city.user("supervisor"), workorder=wo, reason="答复未回应诉求")
    wo = services.workorder_sign(by=city.user("handler"), workorder=wo)
    wo = services.workorder_reply(by=city.user("handler"), workorder=wo, content=GOOD)
    assert ReplyAssessment.objects.get(workorder=wo, round=2).state == ReviewState.NOT_NEEDED
    services.workorder_follow_up(by=city.user("dispatcher"), workorder=wo, resolved=True, satisfaction="satisfied")
    assert services.workorder_close(by=city.user("dispatcher"), workorder=wo).status == Status.CLOSED


def test_a_direct_answer_is_scored_too(city):
    wo = services.workorder_create(
        by=city.user("dispatcher"),
        channel="hotline",
        type="consultation",
        title="营业执照怎么办",
        content="个体户营业执照怎么办理？",
        requester=Requester(name="甲", phone="13700000000"),
        direct_answer="个体户营业执照可在政务服务网申请，也可到市政务服务中心办理。",
    )
    assert ReplyAssessment.objects.get(workorder=wo).state == ReviewState.NOT_NEEDED


def test_the_review_page(client, city):
    wo = answered(city, "已收到。")
    client.force_login(city.user("supervisor"))
    html = client.get("/staff/insights/replies/").content.decode()
    assert wo.tracking_no in html and "审核通过" in html
    a = ReplyAssessment.objects.get(workorder=wo)
    client.post(f"/staff/insights/replies/{a.pk}/accept/", {"note": "可以"})
    a.refresh_from_db()
    assert a.state == ReviewState.ACCEPTED and a.reviewed_by == city.user("supervisor")


def test_the_case_page_shows_the_pending_review_before_anyone_presses_close(client, city):
    wo = answered(city, "已收到。")
    client.force_login(city.user("dispatcher"))
    html = client.get(f"/staff/workorders/{wo.pk}/").content.decode()
    assert "答复待审核" in html and "审核通过后才能办结" in html and "disabled" in html
    reply_review_accept(by=city.user("supervisor"), assessment=ReplyAssessment.objects.get(workorder=wo), note="")
    html = client.get(f"/staff/workorders/{wo.pk}/").content.decode()
    assert "答复待审核" not in html and "disabled" not in html
