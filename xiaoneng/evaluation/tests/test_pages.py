"""The pages: the public ranking (intervals, shared rank ranges, 样本不足, vetoes, the funnel
plot with its text and table), 好差评 results, rating with the query code, the window's
tablet, and the staff pages with the votes' provenance for the supervision office only."""

from __future__ import annotations

import pytest

from xiaoneng.core import clock
from xiaoneng.evaluation import services
from xiaoneng.evaluation.models import Rating
from xiaoneng.evaluation.models.delivery import Commitment

from .conftest import at, cast
from .test_appraisals import HIGH, LOWER, MIDDLE, NOW


@pytest.fixture
def published(city):
    sup = city.user("supervisor")
    with clock.frozen(NOW):
        appraisal = services.appraisal_create(by=sup, name="2026年度万人评议机关", units=["market", "housing", "east", "west"], min_sample=10)
        cast(appraisal, sup, "market", HIGH[:60], start=0)
        cast(appraisal, sup, "housing", [100, 100, 100], start=400)
        cast(appraisal, sup, "east", MIDDLE, start=500)
        cast(appraisal, sup, "west", LOWER, start=600)
        services.appraisal_veto(by=sup, appraisal=appraisal, unit="west", reason="评议期间发生吃拿卡要问题，经查属实")
        services.appraisal_close(by=sup, appraisal=appraisal)
        services.appraisal_publish(by=sup, appraisal=appraisal)
    return appraisal


def test_the_public_ranking_shows_intervals_ties_vetoes_and_the_funnel(client, published):
    page = client.get("/evaluation/").content.decode()
    assert "2026年度万人评议机关" in page
    assert "第 1 名" in page and "样本不足" in page and "有效票少于 10 张" in page
    assert "一票否决：评议期间发生吃拿卡要问题，经查属实" in page
    assert "<svg" in page and "<title" in page and "<desc" in page and "漏斗图" in page
    assert "99.8% 控制限" in page and "https://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org/2000/svg", "")
    svg = client.get(f"/evaluation/appraisals/{published.pk}/funnel.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")


def test_no_published_campaign_yet(client, city):
    with clock.frozen(NOW):
        services.appraisal_create(by=city.user("supervisor"), name="进行中的评议", units=["market"])
    page = client.get("/evaluation/").content.decode()
    assert "尚未发布评议结果" in page and "进行中的评议" not in page


def test_the_home_page_keeps_its_promise_of_a_ranking(client, published):
    home = client.get("/").content.decode()
    assert "部门评议排名" in home and "/evaluation/" in home


def test_rating_online_with_the_query_code(client, city, closed_workorder):
    wo = closed_workorder(at(2026, 9, 28, 10))
    with clock.frozen(at(2026, 9, 29, 15)):
        wrong = client.post("/evaluation/rate/", {"type": "workorder", "number": wo.tracking_no, "code": "NOPE12", "level": "1"}).content.decode()
        assert "查询码" in wrong and Rating.objects.count() == 0
        done = client.post(
            "/evaluation/rate/", {"type": "workorder", "number": wo.tracking_no, "code": wo.query_code, "level": "4", "via": "sms", "comment": "没解决"}
        ).content.decode()
    assert "感谢您的评价" in done and "核实整改" in done
    assert Rating.objects.get().channel == "sms"


def test_the_window_tablet(client, city, finished_application):
    app = finished_application(at(2026, 9, 28, 9))
    client.login(username="window", password="window")
    assert client.get("/staff/evaluation/ratings/tablet/").status_code == 200
    with clock.frozen(at(2026, 9, 28, 9, 30)):
        page = client.post(
            "/staff/evaluation/ratings/tablet/", {"type": "application", "number": app.number, "level": "1", "terminal": "3号窗口"}
        ).content.decode()
    assert "感谢您的评价" in page
    assert Rating.objects.get().terminal == "3号窗口"


def test_public_ratings_commitments_and_policies_pages(client, city, closed_workorder):
    wo = closed_workorder(at(2026, 9, 28, 10))
    with clock.frozen(at(2026, 9, 29, 15)):
        services.rating_submit(by=city.user("dispatcher"), subject_type="workorder", subject=wo.pk, level=1, channel="phone", comment="评价人的私人意见")
    page = client.get("/evaluation/ratings/").content.decode()
    assert "市市场监督管理局" in page and "Wilson" in page and "评价人的私人意见" not in page and "王五" not in page
    assert client.get("/evaluation/commitments/").status_code == 200
    assert client.get("/evaluation/policies/").status_code == 200
    assert "申请编号或查询码不正确" in client.get("/evaluation/claims/?number=DX1&code=X").content.decode()


@pytest.mark.parametrize(("username", "can_trace"), [("supervisor", True), ("leader", False), ("head", False)])
def test_staff_pages_and_provenance_for_the_office_only(client, published, username, can_trace):
    client.login(username=username, password=username)
    detail = client.get(f"/staff/evaluation/appraisals/{published.pk}/")
    assert detail.status_code == 200 and "漏斗图" in detail.content.decode()
    votes = client.get(f"/staff/evaluation/appraisals/{published.pk}/votes/")
    assert votes.status_code == (200 if can_trace else 403)
    if can_trace:
        assert "测试supervisor" in votes.content.decode() and "370102" not in votes.content.decode()
    export = client.get(f"/staff/evaluation/appraisals/{published.pk}/export.xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_staff_rating_and_rectification_pages(client, city, closed_workorder):
    wo = closed_workorder(at(2026, 9, 28, 10))
    with clock.frozen(at(2026, 9, 29, 15)):
        r = services.rating_submit(by=city.user("dispatcher"), subject_type="workorder", subject=wo.pk, level=5, channel="phone", comment="推诿")
    client.login(username="head", password="head")
    assert "差评整改" in client.get("/staff/evaluation/ratings/").content.decode()
    url = f"/staff/evaluation/rectifications/{r.rectification.pk}/"
    assert "核实" in client.get(url).content.decode()
    with clock.frozen(at(2026, 9, 30, 9)):
        client.post(url + "verify/", {"substantiated": "yes", "findings": "属实"})
    r.rectification.refresh_from_db()
    assert r.rectification.status == "rectifying"
    client.logout()
    client.login(username="housing_head", password="housing_head")
    assert client.get(url).status_code == 403


def test_the_commitment_owner_is_picked_not_typed(client, city):
    assert client.login(username="supervisor", password="supervisor")
    with clock.frozen(at(2026, 11, 2, 9)):
        page = client.get("/staff/evaluation/commitments/").content.decode()
        assert '<input name="owner" required>' not in page and 'name="owner" id="owner-select"' in page
        partial = client.get("/staff/pick/people/", {"department": "market", "empty": "（请选择）"}).content.decode()
        assert '<option value="handler">测试handler（' in partial and "（请选择）" in partial
        client.post(
            "/staff/evaluation/commitments/",
            {"text": "材料齐全当场办结", "made_to": "社会公众", "department": "market", "owner": "handler", "made_on": "2026-11-02", "deadline": "2026-12-31"},
        )
    assert Commitment.objects.get().owner == city["staff"]["handler"]
