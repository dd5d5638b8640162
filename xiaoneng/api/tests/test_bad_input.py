"""No input gives a 500: each of these once did (issue 13, item 8).  Every answer is the
API's JSON error body with a machine code."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from xiaoneng.workorders.tests.conftest import at, hotline


@pytest.fixture
def case(city):
    return hotline(city, at(2026, 12, 1, 10))


def _error(response, status, code=None):
    assert response.status_code == status, response.content
    data = response.json()
    assert set(data) == {"code", "message", "details"} and data["message"]
    if code:
        assert data["code"] == code
    return data


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/accountability/faults?offset=-1",
        "/api/v1/accountability/faults?offset=100000000000000000000",
        "/api/v1/applications?offset=-5",
        "/api/v1/supervision/orders?limit=0",
        "/api/v1/notifications?offset=-1",
    ],
)
def test_pages_of_lists_are_bounded(api, city, path):
    _error(api("supervisor").get(path), 400)


def test_a_non_ascii_query_code_is_simply_not_found(api, city):
    response = api().get("/api/v1/applications/lookup?number=SP202612010001&code=查询码")
    _error(response, 404)


def test_a_link_to_a_number_in_superscript_digits_is_not_found(api, city, case):
    response = api("dispatcher").post(f"/api/v1/workorders/{case.pk}/links", {"other": "¹2", "kind": "related"})
    _error(response, 404, "workorder_not_found")
    response = api("dispatcher").post(f"/api/v1/workorders/{case.pk}/links", {"other": "²⁰²⁶¹²⁰¹⁰⁰⁰⁰⁰¹", "kind": "related"})
    _error(response, 404, "workorder_not_found")


def test_stats_refuse_years_nobody_means(api, city):
    _error(api("supervisor").get("/api/v1/workorders/stats?start=0001-01-01&end=9999-12-31"), 400, "date_out_of_range")


def _raw_post(client, path, text):
    return client.post(path, data=text, content_type="application/json")


@pytest.mark.parametrize(
    "location",
    ['{"lat": NaN, "lng": 117}', '{"lat": "NaN", "lng": 117}', '{"lat": Infinity, "lng": 117}', '{"lat": "-inf", "lng": 117}'],
)
def test_coordinates_must_be_finite(client, city, location):
    text = '{"channel": "web", "type": "complaint", "content": "路灯不亮", "location": LOC}'.replace("LOC", location)
    _error(_raw_post(client, "/api/v1/workorders", text), 400)


def test_a_lone_surrogate_is_refused_before_the_database(client, city):
    text = '{"channel": "web", "type": "complaint", "content": "路灯\\ud800不亮"}'
    _error(_raw_post(client, "/api/v1/workorders", text), 400, "invalid_input")
    text = '{"channel": "web", "type": "complaint", "content": "路灯不亮", "requester": {"\\udc00": 1}}'
    _error(_raw_post(client, "/api/v1/workorders", text), 400, "invalid_input")


def test_a_body_over_the_limit_is_413_in_json(client, city, settings):
    text = json.dumps({"channel": "web", "type": "complaint", "content": "长" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 3 + 10)})
    _error(_raw_post(client, "/api/v1/workorders", text), 413, "too_large")


def test_an_unreachable_database_is_503_with_retry_after(city, case):
    client = Client(raise_request_exception=False)
    token = client.post("/api/v1/auth/token", data={"username": "supervisor", "password": "supervisor"}, content_type="application/json").json()["token"]
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("connection refused")):
        api = client.get(f"/api/v1/workorders/{case.pk}", headers={"Authorization": f"Bearer {token}"})
        page = client.get("/catalogue/")
    _error(api, 503, "unavailable")
    assert api["Retry-After"] == "30"
    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert "数据库暂时不可用" in page.content.decode()
