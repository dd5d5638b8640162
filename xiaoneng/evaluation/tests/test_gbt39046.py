"""GB/T 39046-2020 export and import round-trip, in the national code table and in a
provincial variant whose satisfaction codes run the other way (and telephone and SMS codes
are swapped)."""

from __future__ import annotations

import pytest

from xiaoneng.core import clock
from xiaoneng.core.errors import InvalidInput
from xiaoneng.evaluation import gbt39046, services
from xiaoneng.evaluation.models import Rating

from .conftest import at

CLOSED, RATED = at(2026, 9, 28, 10), at(2026, 9, 29, 15)


@pytest.fixture
def rated(city, closed_workorder, finished_application):
    wo_phone, wo_sms = closed_workorder(CLOSED), closed_workorder(CLOSED)
    app = finished_application(at(2026, 9, 28, 9))
    with clock.frozen(RATED):
        services.rating_submit(by=city.user("dispatcher"), subject_type="workorder", subject=wo_phone.pk, level=5, channel="phone", comment="态度差，“敷衍”")
        services.rating_submit(by=None, subject_type="workorder", subject=wo_sms.pk, level=2, channel="sms", query_code=wo_sms.query_code)
        services.rating_submit(by=city.user("window"), subject_type="application", subject=app.number, level=1, channel="tablet")
    return list(Rating.objects.order_by("id"))


def test_the_code_tables_differ_where_the_provinces_differ(rated):
    records = gbt39046.records_of(rated)
    national, provincial = gbt39046.export_rows(records, "national"), gbt39046.export_rows(records, "provincial")
    assert [(r["评价渠道"], r["满意度"]) for r in national] == [("6", "5"), ("7", "2"), ("4", "1")]
    assert [(r["评价渠道"], r["满意度"]) for r in provincial] == [("7", "1"), ("6", "4"), ("4", "5")]
    assert national[0]["评价时间"] == "2026-09-29 15:00:00" and national[0]["行政区划"] == "370100" and national[0]["评价次数"] == "1"
    assert national[2]["办件编号"] == rated[2].subject_number and national[2]["评价对象"] == "办件"


@pytest.mark.parametrize("variant", ["national", "provincial"])
def test_export_then_import_gives_back_the_same_records(rated, variant):
    records = gbt39046.records_of(rated)
    text = gbt39046.to_csv(gbt39046.export_rows(records, variant))
    assert gbt39046.import_rows(gbt39046.from_csv(text), variant) == records


def test_reading_a_provincial_file_as_national_would_invert_the_levels(rated):
    records = gbt39046.records_of(rated)
    misread = gbt39046.import_rows(gbt39046.export_rows(records, "provincial"), "national")
    assert [r.level for r in misread] == [1, 4, 5] != [r.level for r in records]


def test_codes_outside_the_table_are_refused_with_row_and_field():
    row = {"办件编号": "X1", "评价渠道": "8", "评价时间": "2026-09-29 15:00:00", "满意度": "1"}
    with pytest.raises(InvalidInput) as exc:
        gbt39046.import_rows([row], "national")
    assert exc.value.details == {"row": 1, "field": "评价渠道"}
    with pytest.raises(InvalidInput):
        gbt39046.import_rows([row | {"评价渠道": "1", "满意度": "0"}], "provincial")
    with pytest.raises(InvalidInput):
        gbt39046.export_rows([], "martian")


def test_a_provincial_file_is_imported_through_the_rating_service(city, api, closed_workorder):
    wo = closed_workorder(CLOSED)
    row = {
        "办件编号": wo.tracking_no,
        "评价对象": "工单",
        "评价渠道": "7",
        "评价人": "王五",
        "评价时间": "2026-09-29 16:30:00",
        "评价次数": "1",
        "满意度": "5",
        "文字评价": "",
        "行政区划": "370100",
    }
    text = gbt39046.to_csv([row, row, row | {"评价次数": "2"}])
    with clock.frozen(at(2026, 9, 30, 9)):
        response = api("supervisor").post("/api/v1/ratings-import", {"variant": "provincial", "csv": text})
        assert api("dispatcher").post("/api/v1/ratings-import", {"variant": "provincial", "csv": text}).status_code == 403
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["created"] == 1 and [r["code"] for r in body["refused"]] == ["rating_already_rated", "rating_invalid_code_table"]
    r = Rating.objects.get()
    assert (r.level, r.channel, r.rated_at) == (1, "phone", at(2026, 9, 29, 16, 30))  # provincial 5 = 非常满意, 7 = 电话
    exported = api("supervisor").get("/api/v1/ratings-export?variant=provincial")
    assert exported.status_code == 200 and "评价渠道" in exported.content.decode("utf-8-sig")
    assert gbt39046.import_rows(gbt39046.from_csv(exported.content.decode("utf-8-sig")), "provincial")[0].level == 1
