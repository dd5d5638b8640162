"""办件 list: date range, sorting, page size, reset and an Excel copy of what is filtered."""

import io
import re

from openpyxl import load_workbook

from .conftest import ALL, D


def numbers(html: str) -> list[str]:
    return re.findall(r'/staff/applications/\d+/">([^<]+)</a>', html)


def test_date_range_sort_size_and_export_of_the_filtered_list(client, submit, today_is):
    with today_is(D(2026, 2, 27)):
        feb = submit(D(2026, 2, 27), materials=ALL)
    with today_is(D(2026, 3, 2)):
        mar2 = submit(D(2026, 3, 2), materials=ALL)
    with today_is(D(2026, 3, 9)):
        mar9 = submit(D(2026, 3, 9), materials=["M1"])
    assert client.login(username="supervisor", password="supervisor")
    url = "/staff/applications/"
    with today_is(D(2026, 3, 10)):
        everything = numbers(client.get(url, {"open": "1", "sort": "-received"}).content.decode())
        assert everything == [mar9.number, mar2.number, feb.number]
        march = client.get(url, {"from": "2026-03-01", "to": "2026-03-31", "sort": "received"}).content.decode()
        assert numbers(march) == [mar2.number, mar9.number]
        assert numbers(client.get(url, {"to": "2026-02-27"}).content.decode()) == [feb.number]
        small = client.get(url, {"size": "20"}).content.decode()
        assert '<option value="20" selected>' in small and 'href="/staff/applications/">重置</a>' in small and "format=xlsx" in small
        response = client.get(url, {"from": "2026-03-01", "sort": "received", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("办件编号", "事项", "承办部门", "申请人")
    assert [r[0] for r in rows[1:]] == [mar2.number, mar9.number]
    # the supervisor reads the applicant masked, as on the screen; dates as people read them
    assert rows[1][3] != "李小红" and rows[1][3].startswith("李") and rows[1][5] == "2026-03-02"


def test_a_bad_date_is_explained_not_a_500(client, submit):
    assert client.login(username="window", password="window")
    response = client.get("/staff/applications/", {"from": "2026-02-30"})
    assert response.status_code == 200 and "起始日期" in response.content.decode()


def test_print_view_of_an_application(client, submit, today_is):
    with today_is(D(2026, 3, 2)):
        app = submit(D(2026, 3, 2), materials=["M1"])
    assert client.login(username="supervisor", password="supervisor")
    with today_is(D(2026, 3, 3)):
        sheet = client.get(f"/staff/applications/{app.pk}/?print=1").content.decode()
    assert "行政审批办件单" in sheet and f"办件编号 {app.number}" in sheet and "staff.css" in sheet and "sidenav" not in sheet
    assert "食品经营许可申请书：已收" in sheet and "营业执照复印件：未收" in sheet and "2026-03-02" in sheet
    assert "李小红" not in sheet and "已脱敏" in sheet  # the supervisor reads the applicant masked
