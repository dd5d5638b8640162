"""The staff pages of supervision, inspections and accountability for each role, and the
public pages."""

import datetime as dt

import pytest

from xiaoneng.core import clock
from xiaoneng.supervision.models import SupervisionOrder, SweepRun, Warning

from .conftest import at

PAGES_FOR_EVERY_STAFF_ROLE = [
    "/staff/supervision/dashboard/",
    "/staff/supervision/warnings/",
    "/staff/supervision/orders/",
    "/staff/notifications/",
    "/staff/accountability/",
    "/staff/accountability/sanctions/",
    "/staff/inspections/findings/",
]


@pytest.fixture
def cards(city, start, sweep):
    start(1, started_on=dt.date(2026, 9, 21), days=7)
    sweep(2026, 10, 13, 9)


def get(client, path, **kw):
    with clock.frozen(at(2026, 10, 13, 12)):
        return client.get(path, **kw)


@pytest.mark.parametrize("username", ["admin", "window", "dispatcher", "handler", "head", "supervisor", "leader"])
def test_every_staff_role_reaches_the_common_pages(client, cards, username):
    client.login(username=username, password=username)
    for path in PAGES_FOR_EVERY_STAFF_ROLE:
        assert get(client, path).status_code == 200, path


@pytest.mark.parametrize(
    "username,path,status",
    [
        ("supervisor", "/staff/supervision/lists/", 200),
        ("leader", "/staff/supervision/lists/", 200),
        ("head", "/staff/supervision/lists/", 403),
        ("head", "/staff/supervision/bulletins/", 200),
        ("handler", "/staff/supervision/bulletins/", 403),
        ("supervisor", "/staff/inspections/", 200),
        ("head", "/staff/inspections/", 302),  # plans are unannounced: heads go to the findings
    ],
)
def test_restricted_pages(client, cards, username, path, status):
    client.login(username=username, password=username)
    assert get(client, path).status_code == status


def test_dashboard_and_warning_pages_show_the_cards(client, cards):
    client.login(username="supervisor", password="supervisor")
    page = get(client, "/staff/supervision/dashboard/").content.decode()
    assert "电子监察看板" in page and "市市场监督管理局" in page and "立即扫描" in page
    partial = get(client, "/staff/supervision/dashboard/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "最严重事项" in partial
    red = Warning.objects.get(level="red")
    detail = get(client, f"/staff/supervision/warnings/{red.pk}/").content.decode()
    assert "整改通知书" in detail and "移送责任追究" in detail and "已超 1 个工作日" in detail  # past the supervision deadline (Mon 12 Oct)
    assert get(client, f"/staff/supervision/warnings/{red.pk}/letter.pdf").content.startswith(b"%PDF")
    listing = get(client, "/staff/supervision/warnings/?level=red&as_of=2026-10-13T10:00").content.decode()
    assert "红牌" in listing and "超期未办结" in listing
    assert "级别应为" in get(client, "/staff/supervision/warnings/?level=x").content.decode()


def test_sweep_and_order_from_the_pages(client, city, start):
    start(1, started_on=dt.date(2026, 9, 21), days=7)
    client.login(username="supervisor", password="supervisor")
    with clock.frozen(at(2026, 10, 9, 9)):
        result = client.post("/staff/supervision/sweep/", {"dry_run": "1"}, HTTP_HX_REQUEST="true").content.decode()
        assert "试算" in result and not SweepRun.objects.exists()
        assert "扫描完成" in client.post("/staff/supervision/sweep/", {}).content.decode()
        yellow = Warning.objects.get(level="yellow")
        response = client.post(
            "/staff/supervision/orders/issue/", {"warning": yellow.pk, "instructions": "限期办结", "working_days": "2", "responsible": "handler"}
        )
    order = SupervisionOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/supervision/orders/{order.pk}/"
    client.login(username="handler", password="handler")
    with clock.frozen(at(2026, 10, 9, 10)):
        assert "答复督办" in client.get(f"/staff/supervision/orders/{order.pk}/").content.decode()
        client.post(f"/staff/supervision/orders/{order.pk}/answer/", {"answer": "已办结"})
    assert SupervisionOrder.objects.get().state == "answered"


def test_bad_input_on_a_page_shows_the_reason(client, city):
    client.login(username="supervisor", password="supervisor")
    response = client.post(
        "/staff/supervision/orders/issue/",
        {"department": "market", "instructions": "", "working_days": "3", "case": ""},
        follow=True,
    )
    assert "请填写督办要求" in response.content.decode() and not SupervisionOrder.objects.exists()


def test_public_pages(client, db):
    assert "红黑榜" in client.get("/supervision/lists/").content.decode()
    page = client.get("/accountability/").content.decode()
    assert "吃拿卡要" in page and "建议免职" in page and "待岗" in page
    home = client.get("/").content.decode()
    assert "/supervision/lists/" in home and "/accountability/" in home


def test_the_app_root_leads_to_the_dashboard_and_the_nav_marks_one_page(client, city):
    client.login(username="supervisor", password="supervisor")
    assert client.get("/staff/supervision/")["Location"] == "/staff/supervision/dashboard/"
    page = client.get("/staff/supervision/orders/").content.decode()
    assert page.count('aria-current="page"') == 1 and 'class="active" aria-current="page">督办<' in page
