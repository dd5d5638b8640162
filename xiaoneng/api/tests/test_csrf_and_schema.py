"""Anonymous intake works with CSRF enforced as in production; staff sessions stay
CSRF-protected; the published OpenAPI names every request body once and declares the
public endpoints as public (issue 13, items 7 and 8)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from ninja import Schema

from xiaoneng.api.main import api as ninja_api

CASE = {"channel": "web", "type": "complaint", "content": "路灯不亮已经一周", "requester": {"name": "王五", "phone": "13700001111"}}


def _post(client, path, data, **headers):
    return client.post(path, data=json.dumps(data), content_type="application/json", headers=headers)


def test_the_public_submits_through_the_api_with_csrf_enforced(city):
    client = Client(enforce_csrf_checks=True)
    response = _post(client, "/api/v1/workorders", CASE)
    assert response.status_code == 201, response.content
    assert response.json()["tracking_no"]


def test_a_citizen_with_a_session_cookie_but_not_signed_in_may_submit(city):
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = "not-a-session"
    assert _post(client, "/api/v1/workorders", CASE).status_code == 201


def test_a_staff_session_still_needs_its_csrf_token(city):
    client = Client(enforce_csrf_checks=True)
    client.force_login(city.user("dispatcher"))
    refused = _post(client, "/api/v1/workorders", CASE | {"channel": "hotline"})
    assert refused.status_code == 403
    assert "CSRF" in refused.content.decode()
    client.get("/accounts/login/")  # sets the CSRF cookie, as any page does
    token = client.cookies["csrftoken"].value
    accepted = _post(client, "/api/v1/workorders", CASE | {"channel": "hotline"}, **{"X-CSRFToken": token})
    assert accepted.status_code == 201, accepted.content


def _schema_classes():
    pending, found = list(Schema.__subclasses__()), []
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("xiaoneng.") and ".tests." not in cls.__module__:
            found.append(cls)
    return found


def test_every_schema_has_its_own_component_name():
    ninja_api.get_openapi_schema()  # imports every router
    by_name: dict[str, list[str]] = {}
    for cls in _schema_classes():
        by_name.setdefault(cls.__name__, []).append(cls.__module__)
    assert {n: m for n, m in by_name.items() if len(m) > 1} == {}


@pytest.mark.parametrize(
    "path, method, fields",
    [
        ("/api/v1/applications/{id}/extend", "post", {"days", "reason"}),
        ("/api/v1/workorders/{id}/extensions", "post", {"days", "reason"}),
    ],
)
def test_request_bodies_are_the_endpoints_own(path, method, fields):
    schema = ninja_api.get_openapi_schema()
    operation = schema["paths"].get(path, {}).get(method)
    if operation is None:
        pytest.skip(f"{path} not in this version of the API")
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert fields <= set(schema["components"]["schemas"][ref]["properties"])


def test_public_endpoints_are_declared_without_required_auth():
    paths = ninja_api.get_openapi_schema()["paths"]
    for path, method in [("/api/v1/catalogue/items", "get"), ("/api/v1/catalogue/items/{code}", "get"), ("/api/v1/workorders", "post")]:
        assert {} in paths[path][method]["security"], path
    for path, method in [("/api/v1/catalogue/export", "get"), ("/api/v1/catalogue/enterprise-fees", "get")]:
        assert "security" not in paths[path][method] or {} in paths[path][method]["security"]
    assert {} not in paths["/api/v1/workorders/{id}"]["get"]["security"]
