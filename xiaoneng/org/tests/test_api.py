import pytest

from xiaoneng.core.models import AuditRecord
from xiaoneng.org.models import ApiKey, ApiToken
from xiaoneng.org.services import apikey_lookup


def test_token_then_me(api, city):
    response = api().post("/api/v1/auth/token", {"username": "head", "password": "head"})
    assert response.status_code == 200
    token = response.json()["token"]
    assert not ApiToken.objects.filter(key_hash=token).exists()  # only the hash is stored
    me = api().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me == {
        "username": "head",
        "name": "测试head",
        "roles": ["head"],
        "department": {"code": "market", "name": "市市场监督管理局"},
        "position": "",
        "is_leader": True,
    }


@pytest.mark.parametrize("password", ["wrong", ""])
def test_bad_credentials_are_a_401(api, city, password):
    response = api().post("/api/v1/auth/token", {"username": "head", "password": password})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_me_without_a_token_is_a_401(api, city):
    response = api().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    garbage = api().get("/api/v1/me", headers={"Authorization": "Bearer nope"})
    assert garbage.status_code == 401


def test_revoked_token_stops_working(api, city):
    client = api("handler")
    ApiToken.objects.update(revoked=True)
    assert client.get("/api/v1/me").status_code == 401


def test_malformed_body_is_a_400(api, city):
    response = api().post("/api/v1/auth/token", {"username": "head"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_input" and "password" in body["message"]


@pytest.mark.parametrize("username", ["window", "dispatcher", "handler", "head", "supervisor", "leader"])
def test_only_administrators_create_api_keys(api, city, username):
    response = api(username).post("/api/v1/apikeys", {"name": "微信", "channel": "wechat"})
    assert response.status_code == 403
    assert not ApiKey.objects.exists()


def test_api_key_is_shown_once_and_authenticates_integrations(api, city):
    response = api("admin").post("/api/v1/apikeys", {"name": "微信公众号", "channel": "wechat"})
    assert response.status_code == 201
    key = response.json()["key"]
    stored = ApiKey.objects.get()
    assert stored.key_hash != key and key.startswith(stored.prefix)
    assert AuditRecord.objects.filter(action="apikey.create", actor=city.user("admin")).exists()
    # An integration is not a person: /me needs a person.
    assert api().get("/api/v1/me", headers={"X-Api-Key": key}).status_code == 401


def test_a_switched_off_api_key_stops_working_at_once_though_lookups_are_cached(api, city, django_assert_num_queries):
    key = api("admin").post("/api/v1/apikeys", {"name": "微博", "channel": "weibo"}).json()["key"]
    case = {"channel": "weibo", "type": "complaint", "content": "路灯不亮", "requester": {"name": "甲", "phone": "13700000000"}}
    assert api().post("/api/v1/workorders", case, headers={"X-Api-Key": key}).status_code == 201
    with django_assert_num_queries(0):
        assert apikey_lookup(key).name == "微博"  # from the cache
    stored = ApiKey.objects.get()
    stored.is_active = False
    stored.save()  # what the admin's switch does
    assert apikey_lookup(key) is None
    assert api().post("/api/v1/workorders", case, headers={"X-Api-Key": key}).status_code == 401


def test_departments_list(api, city):
    rows = api().get("/api/v1/departments").json()
    by_code = {r["code"]: r for r in rows}
    assert by_code["east-1"] == {"code": "east-1", "name": "东一街道", "short_name": "", "kind": "street", "parent": "east", "division_code": ""}
    assert by_code["east"]["division_code"] == "370102"
    assert by_code["city"]["parent"] is None
    assert {r["code"] for r in api().get("/api/v1/departments?kind=bureau").json()} == {"market", "housing"}


def test_openapi_schema_lists_the_endpoints(api, db):
    schema = api().get("/api/openapi.json").json()
    for path in ["/api/v1/auth/token", "/api/v1/me", "/api/v1/apikeys", "/api/v1/departments", "/api/v1/workdays/add"]:
        assert path in schema["paths"], path
    assert api().get("/api/docs").status_code == 200


@pytest.mark.parametrize(
    "payload,code",
    [
        ({"name": "微信", "channel": "no-such-channel"}, "invalid_channel"),
        ({"name": "微信", "channel": "system"}, "invalid_channel"),  # the platform's own channel
        ({"name": "长" * 101, "channel": "wechat"}, "invalid_name"),
    ],
)
def test_api_key_with_a_bad_channel_or_name_is_a_400(api, city, payload, code):
    response = api("admin").post("/api/v1/apikeys", payload)
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert not ApiKey.objects.exists()


def test_a_value_the_database_refuses_is_a_400_not_a_500(api, city, monkeypatch):
    from django.db import DataError

    from xiaoneng.org import services

    def refuse(**kwargs):
        raise DataError("value too long for type character varying(100)")

    monkeypatch.setattr(services, "apikey_create", refuse)
    response = api("admin").post("/api/v1/apikeys", {"name": "微信", "channel": "wechat"})
    assert (response.status_code, response.json()["code"]) == (400, "invalid_input")
    assert "过长" in response.json()["message"]
