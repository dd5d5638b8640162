"""The supervision API for every role: who may sweep, who sees which warnings, errors."""

import datetime as dt

import pytest

from xiaoneng.core import clock
from xiaoneng.notifications.models import Notification
from xiaoneng.supervision.models import Warning

from .conftest import at

NATIONAL_DAY = {"started_on": dt.date(2026, 9, 21), "days": 7}


@pytest.fixture
def cards(city, start, sweep):
    """Yellow and red cards in market (handler's and the head's) and housing, as of 13 Oct."""
    start(1, **NATIONAL_DAY)
    start(2, **NATIONAL_DAY, who=None)
    start(3, **NATIONAL_DAY, dept="housing", who="housing_handler")
    start(4, started_on=dt.date(2026, 10, 12), days=1, dept="east-1", who="street_handler")
    sweep(2026, 10, 9, 9)
    sweep(2026, 10, 13, 9)


def get(client, path):
    with clock.frozen(at(2026, 10, 13, 12)):
        return client.get(path)


@pytest.mark.parametrize("username,status", [("supervisor", 200), ("admin", 200), ("head", 403), ("handler", 403), ("leader", 403), (None, 401)])
def test_who_may_sweep(api, city, username, status):
    with clock.frozen(at(2026, 10, 13, 9)):
        response = api(username).post("/api/v1/supervision/sweep", {"dry_run": True})
    assert response.status_code == status
    if status != 200:
        assert response.json()["code"] in ("forbidden", "unauthenticated")


@pytest.mark.parametrize("as_of,code", [("yesterday", "invalid_moment"), ("2027-01-01T00:00:00+08:00", "as_of_in_future")])
def test_sweep_refuses_bad_moments(api, city, as_of, code):
    with clock.frozen(at(2026, 10, 13, 9)):
        response = api("supervisor").post("/api/v1/supervision/sweep", {"as_of": as_of})
    assert response.status_code == 400 and response.json()["code"] == code and response.json()["message"]


def test_sweep_returns_what_it_issued(api, city, start):
    start(1, **NATIONAL_DAY)
    with clock.frozen(at(2026, 10, 13, 9)):
        body = api("supervisor").post("/api/v1/supervision/sweep", {"as_of": "2026-10-09T09:00:00+08:00"}).json()
    assert body["counts"]["yellow"] == 1 and body["sweep_id"] and not body["dry_run"]
    (item,) = [w for w in body["issued"] if w["level"] != "notice"]
    assert item["level"] == "yellow" and item["subject_type"] == "case" and item["department"] == "market" and item["responsible"] == "handler"
    assert item["due"] == "2026-10-09T00:00:00+08:00" and item["supervision_due_at"] == "2026-10-13T00:00:00+08:00"


@pytest.mark.parametrize(
    "username,expected",
    [
        ("supervisor", {1, 2, 3, 4}),
        ("leader", {1, 2, 3, 4}),
        ("head", {1, 2}),  # the market department
        ("district_head", {4}),  # the district and the street below it
        ("handler", {1}),  # only what names them
        ("housing_handler", {3}),
    ],
)
def test_who_sees_which_warnings(api, cards, username, expected):
    body = get(api(username), "/api/v1/supervision/warnings?limit=500").json()
    assert {w["subject_id"] for w in body["items"]} == expected


def test_filters_and_paging(api, cards):
    client = api("supervisor")
    reds = get(client, "/api/v1/supervision/warnings?level=red&department=market").json()
    assert reds["count"] == 2 and {w["subject_id"] for w in reds["items"]} == {1, 2}
    assert get(client, "/api/v1/supervision/warnings?subject_type=case&subject_id=3&current=true").json()["items"][0]["level"] == "red"
    page = get(client, "/api/v1/supervision/warnings?limit=2&offset=2").json()
    assert page["count"] == 10 and len(page["items"]) == 2
    before = get(client, "/api/v1/supervision/warnings?as_of=2026-10-12").json()  # a bare date: the end of that day
    assert {w["level"] for w in before["items"]} == {"yellow", "notice"}
    unencoded = get(client, "/api/v1/supervision/warnings?as_of=2026-10-12T23:00:00+08:00").json()  # "+" arrives as a space
    assert unencoded["count"] == before["count"]


@pytest.mark.parametrize("query,code", [("level=purple", "invalid_choice"), ("department=nowhere", "unknown_department"), ("limit=0", "invalid_page")])
def test_bad_filters(api, cards, query, code):
    response = get(api("supervisor"), f"/api/v1/supervision/warnings?{query}")
    assert response.status_code == 400 and response.json()["code"] == code


def test_the_public_sees_no_warnings(api, cards, client, public_user):
    assert get(api(), "/api/v1/supervision/warnings").status_code == 401
    client.force_login(public_user)
    assert get(client, "/api/v1/supervision/warnings").status_code == 403


def test_warning_detail_and_letters(api, cards):
    yellow = Warning.objects.get(subject_id=3, level="yellow")
    red = Warning.objects.get(subject_id=3, level="red")
    notice = Warning.objects.get(subject_id=4, level="notice")
    client = api("housing_head")
    assert get(client, f"/api/v1/supervision/warnings/{yellow.pk}").json()["department"] == "housing"
    for w in (yellow, red):
        response = get(client, f"/api/v1/supervision/warnings/{w.pk}/letter")
        assert response.status_code == 200 and response.content.startswith(b"%PDF") and response["Content-Type"] == "application/pdf"
    assert get(client, f"/api/v1/supervision/warnings/{notice.pk}/letter").status_code == 404
    assert get(api("head"), f"/api/v1/supervision/warnings/{yellow.pk}").status_code == 404  # another department's


def test_dashboard(api, cards):
    body = get(api("supervisor"), "/api/v1/supervision/dashboard").json()
    rows = {r["department"]: r for r in body["departments"]}
    assert (rows["市市场监督管理局"]["red"], rows["市市场监督管理局"]["yellow"], rows["市市场监督管理局"]["notice"]) == (2, 0, 0)
    assert rows["东一街道"]["notice"] == 1
    assert body["departments"][0]["red"] >= body["departments"][-1]["red"]
    assert [w["level"] for w in body["worst"]] == ["red", "red", "red"]
    assert sum(t["red"] for t in body["trend"]) == 3 and sum(t["yellow"] for t in body["trend"]) == 3
    assert get(api("head"), "/api/v1/supervision/dashboard").json()["departments"][0]["department"] == "市市场监督管理局"
    assert get(api("supervisor"), "/api/v1/supervision/dashboard?period=day").status_code == 400


def test_my_notifications(api, cards):
    client = api("head")
    mine = get(client, "/api/v1/notifications?unread=true").json()
    assert mine["count"] == 2 and all("电子监察提醒" in n["text"] for n in mine["items"])
    first = mine["items"][0]["id"]
    assert client.post(f"/api/v1/notifications/{first}/read").json()["read_at"]
    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    other = Notification.objects.filter(recipient__username="handler").first()
    assert client.post(f"/api/v1/notifications/{other.pk}/read").status_code == 404


def test_the_schema_documents_the_as_of_semantics(client, db):
    schema = client.get("/api/openapi.json").json()
    warnings = schema["paths"]["/api/v1/supervision/warnings"]["get"]
    assert "effective_at <= T" in warnings["description"] and {p["name"] for p in warnings["parameters"]} >= {"as_of", "level", "department"}
    assert {"/api/v1/accountability/faults", "/api/v1/inspections/plans", "/api/v1/supervision/sweep"} <= set(schema["paths"])
