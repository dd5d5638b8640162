"""预警 and 督办 lists: date range, status filter, sorting, page size, reset and an Excel copy
of what is filtered."""

import datetime as dt
import io
import re

from openpyxl import load_workbook

from xiaoneng.core import clock
from xiaoneng.supervision.models import Warning
from xiaoneng.supervision.services import order_answer, order_issue

from .conftest import at


def sheet(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_warnings_by_effective_date_sorted_sized_and_exported(client, city, start, sweep):
    start(1, started_on=dt.date(2026, 9, 21), days=7)  # due Tue 29 Sep (notice before, yellow then, red after the grace period)
    sweep(2026, 10, 13, 9)
    levels = dict(Warning.objects.values_list("level", "effective_at"))
    assert set(levels) == {"notice", "yellow", "red"}
    client.login(username="supervisor", password="supervisor")
    url = "/staff/supervision/warnings/"
    with clock.frozen(at(2026, 10, 13, 12)):
        day = clock.local(levels["yellow"]).date().isoformat()
        only_yellow_day = client.get(url, {"from": day, "to": day}).content.decode()
        assert "黄牌" in only_yellow_day and "红牌" not in only_yellow_day.split("<table")[-1]
        small = client.get(url, {"size": "20", "level": "red"}).content.decode()
        assert '<option value="20" selected>' in small and 'href="/staff/supervision/warnings/">重置</a>' in small
        rows = sheet(client.get(url, {"sort": "effective", "format": "xlsx"}))
        assert rows[0][:3] == ("级别", "事项", "环节/问题")
        assert [r[0] for r in rows[1:]] == ["临期预警", "黄牌", "红牌"]
        assert rows[3][3] == "市市场监督管理局" and rows[3][8] == "超期未办结" and rows[2][6].endswith("24:00 前")
        assert [r[0] for r in sheet(client.get(url, {"level": "red", "format": "xlsx"}))[1:]] == ["红牌"]
        assert "起始日期" in client.get(url, {"from": "2026-02-30"}).content.decode()


def issue(city, day: int, instructions: str):
    with clock.frozen(at(2026, 10, day, 10)):
        return order_issue(
            by=city.user("supervisor"),
            department=city.dept("market"),
            instructions=instructions,
            working_days=3,
            subject_type="workorders.workorder",
            subject_id=day,
            responsible=city.user("handler"),
        )


def test_orders_by_issue_date_state_sorted_sized_and_exported(client, city):
    oct9, oct12, oct20 = issue(city, 9, "核查超期原因"), issue(city, 12, "限期答复诉求人"), issue(city, 20, "说明退回理由")
    with clock.frozen(at(2026, 10, 13, 9)):
        order_answer(by=city.user("handler"), order=oct12, answer="已答复诉求人")
    client.login(username="supervisor", password="supervisor")
    url = "/staff/supervision/orders/"

    def numbers(**query) -> list[str]:
        return re.findall(r'/staff/supervision/orders/\d+/">([^<]+)</a>', client.get(url, query).content.decode())

    with clock.frozen(at(2026, 10, 21, 9)):
        assert numbers() == [oct20.number, oct12.number, oct9.number]
        assert numbers(**{"from": "2026-10-09", "to": "2026-10-12", "sort": "issued"}) == [oct9.number, oct12.number]
        assert numbers(state="issued", sort="due") == [oct9.number, oct20.number]
        small = client.get(url, {"size": "20", "state": "answered"}).content.decode()
        assert '<option value="20" selected>' in small and 'href="/staff/supervision/orders/">重置</a>' in small
        rows = sheet(client.get(url, {"state": "issued", "sort": "issued", "format": "xlsx"}))
    assert rows[0] == ("编号", "承办部门", "承办人", "督办要求", "答复期限", "状态", "逾期上报", "督办人", "督办时间")
    assert [r[0] for r in rows[1:]] == [oct9.number, oct20.number]
    assert rows[1][1] == "市市场监督管理局" and rows[1][3] == "核查超期原因" and rows[1][5] == "待答复" and rows[1][8] == "2026-10-09 10:00"
    assert rows[1][7] != "supervisor" and rows[1][2] != "handler"  # people by name, not login


def test_print_view_of_the_red_card_rectification_letter(client, city, start, sweep):
    start(1, started_on=dt.date(2026, 9, 21), days=7)
    sweep(2026, 10, 13, 9)
    red, notice = Warning.objects.get(level="red"), Warning.objects.get(level="notice")
    client.login(username="supervisor", password="supervisor")
    with clock.frozen(at(2026, 10, 13, 12)):
        sheet = client.get(f"/staff/supervision/warnings/{red.pk}/?print=1").content.decode()
        assert client.get(f"/staff/supervision/warnings/{notice.pk}/?print=1").status_code == 404  # a notice has no letter
        assert "打印（A4）" in client.get(f"/staff/supervision/warnings/{red.pk}/").content.decode()
    assert "效能监察整改通知书" in sheet and f"监察〔2026〕{red.pk}号" in sheet and "市市场监督管理局：" in sheet
    assert "现予红牌警示" in sheet and "2026年10月13日" in sheet and "staff.css" in sheet and "sidenav" not in sheet
