"""工单查询: date range, sorting, page size, reset and an Excel copy of what is filtered."""

import io
import re

from openpyxl import load_workbook

from xiaoneng.core import clock
from xiaoneng.workorders import services

from .conftest import at, hotline


def numbers(html: str) -> list[str]:
    return re.findall(r">(\d{14})</a>", html)


def test_date_range_sort_size_and_export_of_the_filtered_list(client, city):
    oct9 = hotline(city, at(2026, 10, 9, 10), title="餐馆油烟扰民")
    oct12 = hotline(city, at(2026, 10, 12, 10), title="楼道水管漏水")
    nov2 = hotline(city, at(2026, 11, 2, 10), title="路灯不亮")
    with clock.frozen(at(2026, 11, 3, 9)):
        services.workorder_dispatch(by=city.user("dispatcher"), workorder=oct9, department=city.dept("market"))
    client.force_login(city.user("supervisor"))
    url = "/staff/workorders/search/"
    assert numbers(client.get(url).content.decode()) == [nov2.tracking_no, oct12.tracking_no, oct9.tracking_no]
    october = client.get(url, {"from": "2026-10-01", "to": "2026-10-31", "sort": "received"}).content.decode()
    assert numbers(october) == [oct9.tracking_no, oct12.tracking_no]
    assert numbers(client.get(url, {"to": "2026-10-09"}).content.decode()) == [oct9.tracking_no]
    assert numbers(client.get(url, {"size": "20", "sort": "-due"}).content.decode())[0] == nov2.tracking_no
    small = client.get(url, {"size": "20"}).content.decode()
    assert '<option value="20" selected>' in small and 'href="/staff/workorders/search/">重置</a>' in small
    sheet = load_workbook(io.BytesIO(client.get(url, {"from": "2026-10-01", "to": "2026-10-31", "format": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("受理编号", "标题", "类型")
    assert [r[0] for r in rows[1:]] == [oct12.tracking_no, oct9.tracking_no]
    assert rows[2][4] == "市市场监督管理局" and rows[2][6] == "2026-10-09 10:00" and rows[2][7].endswith("24:00 前")


def test_a_bad_date_is_explained_not_a_500(client, city):
    client.force_login(city.user("supervisor"))
    response = client.get("/staff/workorders/search/", {"from": "2026-13-40"})
    assert response.status_code == 200 and "起始日期" in response.content.decode()
