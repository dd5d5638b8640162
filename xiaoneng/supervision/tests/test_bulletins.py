"""Monthly bulletins: figures per department, frozen when issued, as Excel and PDF."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from xiaoneng.accountability.models import Fault
from xiaoneng.accountability.services import fault_verify, sanction_decide
from xiaoneng.core import clock
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.supervision import bulletins
from xiaoneng.supervision.services import bulletin_issue

from .conftest import at


@pytest.fixture
def october(city, start, sweep):
    start(1, started_on=dt.date(2026, 9, 21), days=7)
    start(2, started_on=dt.date(2026, 9, 21), days=7, who=None)
    start(3, started_on=dt.date(2026, 9, 21), days=7, dept="housing", who="housing_handler")
    start(4, started_on=dt.date(2026, 10, 26), days=3)  # due Thu 29 Oct, never late in October
    sweep(2026, 10, 9, 9)
    sweep(2026, 10, 13, 9)
    sweep(2026, 10, 28, 9)
    fault = Fault.objects.get(subject_id="1")
    with clock.frozen(at(2026, 10, 20, 10)):
        fault_verify(by=city.user("supervisor"), fault=fault, basis="超期属实")
    with clock.frozen(at(2026, 10, 21, 10)):
        sanction_decide(by=city.user("leader"), sanction=fault.sanctions.get(), basis="一次查实待岗", measure="self_criticism")


def test_figures_per_department(city, october):
    data = bulletins.figures(dt.date(2026, 10, 1), at(2026, 11, 3, 9))
    rows = {r["department"]: r for r in data["rows"]}
    market = rows["市市场监督管理局"]
    assert (market["notice"], market["yellow"], market["red"], market["faults"], market["verified"], market["sanctions"]) == (1, 2, 2, 2, 1, 1)
    assert (rows["市住房和城乡建设局"]["red"], rows["市住房和城乡建设局"]["sanctions"]) == (1, 0)
    assert data["totals"]["red"] == 3 and data["rows"][0]["department"] == "市市场监督管理局"
    assert data["period"] == ["2026年10月1日", "2026年10月31日"] and data["title"] == "2026年10月效能监察通报"
    assert [s["measure"] for s in data["sanctions"]] == ["书面检查"] and len(data["red_cards"]) == 3


def test_as_of_an_earlier_moment_leaves_out_what_came_later(city, october):
    data = bulletins.figures(dt.date(2026, 10, 1), at(2026, 10, 12, 12))
    assert data["totals"] == {"notice": 0, "yellow": 3, "red": 0, "faults": 0, "verified": 0, "sanctions": 0}


def test_issue_freezes_the_figures_and_renders_excel_and_pdf(city, october, api):
    with clock.frozen(at(2026, 11, 3, 9)):
        bulletin = bulletin_issue(by=city.user("supervisor"), month=dt.date(2026, 10, 15))
    assert bulletin.month == dt.date(2026, 10, 1) and bulletin.figures["totals"]["red"] == 3
    workbook = load_workbook(io.BytesIO(bulletins.as_excel(bulletin.figures)))
    sheet = workbook["分部门汇总"]
    assert sheet["A1"].value == "2026年10月效能监察通报" and "2026年11月3日" in sheet["A2"].value
    assert [c.value for c in sheet[3]] == ["部门", "临期预警", "黄牌", "红牌", "过错线索", "认定过错", "责任追究"]
    assert [c.value for c in sheet[4]] == ["市市场监督管理局", 1, 2, 2, 2, 1, 1]
    assert [c.value for c in sheet[sheet.max_row]] == ["合计", 1, 3, 3, 3, 1, 1]
    assert workbook["责任追究"]["C2"].value == "书面检查"
    pdf = bulletins.as_pdf(bulletin.figures, number=bulletin.number)
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
    with clock.frozen(at(2026, 11, 3, 10)):
        excel = api("head").get(f"/api/v1/supervision/bulletins/{bulletin.pk}?format=xlsx")
        assert excel.status_code == 200 and load_workbook(io.BytesIO(excel.content))["分部门汇总"]["B4"].value == 1
        assert api("head").get(f"/api/v1/supervision/bulletins/{bulletin.pk}?format=pdf").content.startswith(b"%PDF")
        assert api("handler").get(f"/api/v1/supervision/bulletins/{bulletin.pk}").status_code == 403
        assert api("supervisor").get("/api/v1/supervision/bulletins/preview?month=2026-10&format=doc").status_code == 400
        assert api("supervisor").get("/api/v1/supervision/bulletins/preview?month=2026-10&format=pdf").content.startswith(b"%PDF")
        assert api("supervisor").post("/api/v1/supervision/bulletins", {"month": "2026-13"}).status_code == 400


def test_issuing_needs_the_office(city):
    with pytest.raises(Forbidden):
        bulletin_issue(by=city.user("head"), month=dt.date(2026, 10, 1))
    with clock.frozen(at(2026, 9, 30, 9)), pytest.raises(InvalidInput):
        bulletin_issue(by=city.user("supervisor"), month=dt.date(2026, 10, 1))


def test_a_fault_revoked_on_appeal_is_not_counted_as_verified_once_revoked(city, october):
    from xiaoneng.accountability.services import appeal_decide, appeal_file
    from xiaoneng.org.models import Role
    from xiaoneng.org.services import staff_create

    office_head = staff_create(
        by=None, username="office_head", password="office_head", name="测试主任", department=city.dept("office"), roles=[Role.SUPERVISOR, Role.HEAD]
    ).user
    sanction = Fault.objects.get(subject_id="1").sanctions.get()
    with clock.frozen(at(2026, 10, 22, 10)):
        appeal = appeal_file(by=city.user("handler"), sanction=sanction, grounds="决定书已按期作出，系补录")
    with clock.frozen(at(2026, 11, 2, 10)):
        appeal_decide(by=office_head, appeal=appeal, outcome="revoked", basis="经核实，决定已按期作出")

    def verified_in_market(*moment):
        rows = {r["department"]: r for r in bulletins.figures(dt.date(2026, 10, 1), at(*moment))["rows"]}
        return rows["市市场监督管理局"]["verified"]

    assert verified_in_market(2026, 11, 1, 9) == 1  # as of 1 Nov the verification stood
    assert verified_in_market(2026, 11, 3, 9) == 0  # revoked on 2 Nov: the October bulletin no longer counts it
