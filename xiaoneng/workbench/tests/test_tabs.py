"""The workbench's tabs (待办 / 已办 / 我发起的), their counts, the unread badge and business
numbers instead of ids."""

import re

from xiaoneng.notifications.models import Category
from xiaoneng.notifications.services import notify
from xiaoneng.workorders.services import workorder_dispatch

from .cases import complaint

NO_ID = re.compile(r"#\d|（编号 \d|workorders\.workorder")


def login(client, city, username):
    client.force_login(city.user(username))
    return client


def tab_count(html: str, label: str) -> int:
    return int(re.search(rf"{label} <span class=\"badge[^\"]*\">(\d+)</span>", html).group(1))


def test_tabs_list_what_the_person_started_and_handled_by_business_number(client, city, frozen):
    with frozen(2026, 12, 1, 10):
        first, second = complaint(city), complaint(city)
        workorder_dispatch(by=city.user("dispatcher"), workorder=first, department=city.dept("market"))
        login(client, city, "dispatcher")
        home = client.get("/staff/").content.decode()
        mine = client.get("/staff/?tab=mine").content.decode()
        done = client.get("/staff/?tab=done").content.decode()
    assert tab_count(home, "我发起的") == 2 and tab_count(home, "已办") == 1
    assert first.tracking_no in mine and second.tracking_no in mine and "受理" in mine
    assert first.tracking_no in done and second.tracking_no not in done and "派单" in done
    for html in (home, mine, done):
        assert not NO_ID.search(html)


def test_the_handlers_department_sees_the_dispatched_case_to_do(client, city, frozen):
    with frozen(2026, 12, 1, 10):
        wo = complaint(city)
        workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=city.dept("market"))
        html = login(client, city, "handler").get("/staff/").content.decode()
        housing = login(client, city, "housing_handler").get("/staff/").content.decode()
    assert wo.tracking_no in html and tab_count(html, "待办") >= 1
    assert wo.tracking_no not in housing and "暂无在办时限" in housing


def test_the_side_bar_counts_unread_notifications(client, city):
    handler = city.user("handler")
    notify(users=[handler], category=Category.ORDER, text="请答复督办")
    notify(users=[handler], category=Category.FAULT, text="过错线索")
    html = login(client, city, "handler").get("/staff/").content.decode()
    assert re.search(r'通知 <span class="badge red" aria-label="2 条未读">2</span>', html)
    client.post("/staff/notifications/read-all/")
    assert "条未读" not in client.get("/staff/").content.decode()
