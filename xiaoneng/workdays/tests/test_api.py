import pytest

from xiaoneng.workdays.models import CalendarYear


def test_add_explains_the_due_date(api, db):
    response = api().get("/api/v1/workdays/add?start=2026-09-30&days=5")
    assert response.status_code == 200
    assert response.json() | {"published_through": None} == {
        "start": "2026-09-30",
        "days": 5,
        "due": "2026-10-13",
        "provisional": False,
        "skipped": ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07", "2026-10-11"],
        "published_through": None,
    }


def test_add_past_the_schedule_is_provisional(api, db):
    body = api().get("/api/v1/workdays/add?start=2026-12-30&days=3").json()
    assert body["due"] == "2027-01-04"
    assert body["provisional"] is True
    assert body["skipped"] == ["2027-01-02", "2027-01-03"]


@pytest.mark.parametrize(
    "query,code",
    [
        ("start=2026-02-30&days=5", "invalid_date"),
        ("start=yesterday&days=5", "invalid_date"),
        ("start=&days=5", "missing_date"),
        ("start=0001-01-01&days=5", "date_out_of_range"),
        ("start=2026-01-05&days=abc", "invalid_number"),
        ("start=2026-01-05&days=2.5", "invalid_number"),
        ("start=2026-01-05&days=", "missing_field"),
        ("start=2026-01-05&days=-1", "number_out_of_range"),
        ("start=2026-01-05&days=100000000", "number_out_of_range"),
    ],
)
def test_bad_input_is_a_400_with_a_chinese_message(api, db, query, code):
    response = api().get(f"/api/v1/workdays/add?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])


def test_missing_parameter_is_a_400(api, db):
    response = api().get("/api/v1/workdays/add?start=2026-01-05")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


def test_between_and_day(api, db):
    assert api().get("/api/v1/workdays/between?start=2026-09-30&end=2026-10-13").json()["working_days"] == 5
    day = api().get("/api/v1/workdays/day?date=2026-10-10").json()
    assert day == {"date": "2026-10-10", "working_day": True, "provisional": False, "name": "国庆节调休"}


def test_year_listing(api, db):
    days = api().get("/api/v1/workdays/years/2026").json()
    assert {"date": "2026-02-14", "kind": "workday", "name": "春节调休", "source": "national"} in days


def test_admin_loads_a_year_through_the_api(api, city):
    payload = {"days": [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}], "source": "测试"}
    assert api("handler").put("/api/v1/workdays/years/2027", payload).status_code == 403
    assert api().put("/api/v1/workdays/years/2027", payload).status_code == 401
    response = api("admin").put("/api/v1/workdays/years/2027", payload)
    assert response.status_code == 200, response.content
    assert response.json()["newly_published"] is True
    assert CalendarYear.objects.filter(year=2027).exists()
    bad = api("admin").put("/api/v1/workdays/years/2027", {"days": [{"date": "2027-01-01", "kind": "?"}]})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_kind"


def test_a_due_date_past_the_last_representable_day_is_a_400(api, db):
    response = api().get("/api/v1/workdays/add?start=9999-12-31&days=1")
    assert response.status_code == 400
    assert response.json()["code"] == "date_out_of_range"


def test_a_year_out_of_range_is_a_400(api, db):
    response = api().get("/api/v1/workdays/years/99999")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_year"


def test_between_refuses_an_absurd_span(api, db):
    response = api().get("/api/v1/workdays/between?start=1900-01-01&end=2999-12-31")
    assert (response.status_code, response.json()["code"]) == (400, "span_out_of_range")
    response = api().get("/api/v1/workdays/between?start=0001-01-01&end=9999-12-31")
    assert (response.status_code, response.json()["code"]) == (400, "date_out_of_range")
