"""行政过错 list: date range, status filter, sorting, page size, reset and an Excel copy of
what is filtered."""

import io
import re

from openpyxl import load_workbook

from xiaoneng.accountability.models import FaultSource
from xiaoneng.accountability.services import fault_record, fault_verify
from xiaoneng.core import clock

from .conftest import at


def record(city, day: int, description: str, dept="market", who="handler"):
    with clock.frozen(at(2026, 10, day, 16)):
        return fault_record(
            by=None,
            source=FaultSource.COMPLAINT,
            department=city.dept(dept),
            person=city["staff"][who],
            description=description,
            occurred_at=at(2026, 10, day, 10),
        )


def test_faults_by_date_status_sorted_sized_and_exported(client, city):
    oct9 = record(city, 9, "窗口推诿企业")
    oct12 = record(city, 12, "超时限未答复", dept="housing", who="housing_handler")
    oct20 = record(city, 20, "要求补交已交材料")
    with clock.frozen(at(2026, 10, 21, 9)):
        fault_verify(by=city.user("supervisor"), fault=oct9, basis="调查属实")
    assert client.login(username="supervisor", password="supervisor")
    url = "/staff/accountability/"

    def numbers(**query) -> list[str]:
        return re.findall(r'/staff/accountability/faults/\d+/">([^<]+)</a>', client.get(url, query).content.decode())

    with clock.frozen(at(2026, 10, 21, 10)):
        assert numbers() == [oct20.number, oct12.number, oct9.number]
        assert numbers(**{"from": "2026-10-09", "to": "2026-10-12", "sort": "occurred"}) == [oct9.number, oct12.number]
        assert numbers(status="reported", sort="occurred") == [oct12.number, oct20.number]
        assert numbers(status="verified") == [oct9.number]
        small = client.get(url, {"size": "20", "status": "reported"}).content.decode()
        assert '<option value="20" selected>' in small and 'href="/staff/accountability/">重置</a>' in small
        rows = list(
            load_workbook(io.BytesIO(client.get(url, {"status": "reported", "sort": "occurred", "format": "xlsx"}).content)).active.iter_rows(values_only=True)
        )
    assert rows[0][:3] == ("编号", "来源", "事实")
    assert [r[0] for r in rows[1:]] == [oct12.number, oct20.number]
    assert rows[1][2] == "超时限未答复" and rows[1][4] == city.dept("housing").name and rows[1][7] == "2026-10-12 10:00" and rows[1][8] == "待核实"
    assert rows[1][5] == city["staff"]["housing_handler"].name
