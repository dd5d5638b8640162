import threading

import pytest
from django.db import connection
from django.test import Client

from xiaoneng.org.models import ApiKey


def test_retry_with_the_same_key_returns_the_first_answer(api, city):
    admin = api("admin")
    first = admin.post("/api/v1/apikeys", {"name": "微信公众号", "channel": "wechat"}, headers={"Idempotency-Key": "k-1"})
    again = admin.post("/api/v1/apikeys", {"name": "微信公众号", "channel": "wechat"}, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert ApiKey.objects.count() == 1


def test_without_a_key_each_request_creates(api, city):
    admin = api("admin")
    admin.post("/api/v1/apikeys", {"name": "甲", "channel": "app"})
    admin.post("/api/v1/apikeys", {"name": "甲", "channel": "app"})
    assert ApiKey.objects.count() == 2


def test_the_same_key_with_another_body_is_refused(api, city):
    admin = api("admin")
    admin.post("/api/v1/apikeys", {"name": "甲", "channel": "app"}, headers={"Idempotency-Key": "k-2"})
    response = admin.post("/api/v1/apikeys", {"name": "乙", "channel": "app"}, headers={"Idempotency-Key": "k-2"})
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert ApiKey.objects.count() == 1


def test_a_failed_request_is_not_remembered(api, city):
    handler = api("handler")
    assert handler.post("/api/v1/apikeys", {"name": "甲", "channel": "app"}, headers={"Idempotency-Key": "k-3"}).status_code == 403
    admin = api("admin")
    assert admin.post("/api/v1/apikeys", {"name": "甲", "channel": "app"}, headers={"Idempotency-Key": "k-3"}).status_code == 201


def test_keys_are_private_to_a_caller(api, city):
    a = api("admin").post("/api/v1/apikeys", {"name": "甲", "channel": "app"}, headers={"Idempotency-Key": "shared"})
    b = api("admin").post("/api/v1/apikeys", {"name": "甲", "channel": "app"}, headers={"Idempotency-Key": "shared"})
    assert a.json()["key"] != b.json()["key"]  # two tokens, two callers


def test_an_empty_or_huge_key_is_refused(api, city):
    assert api("admin").post("/api/v1/apikeys", {"name": "甲"}, headers={"Idempotency-Key": " "}).json()["code"] == "invalid_idempotency_key"
    assert api("admin").post("/api/v1/apikeys", {"name": "甲"}, headers={"Idempotency-Key": "x" * 201}).status_code == 400
    assert ApiKey.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_create_one_row(city):
    token = Client().post("/api/v1/auth/token", {"username": "admin", "password": "admin"}, content_type="application/json").json()["token"]
    results = []

    def send():
        try:
            response = Client().post(
                "/api/v1/apikeys",
                {"name": "并发", "channel": "app"},
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "race"},
            )
            results.append((response.status_code, response.json().get("key")))
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ApiKey.objects.count() == 1
    assert {status for status, _ in results} == {201}
    assert len({key for _, key in results}) == 1


def test_anonymous_keys_are_private_to_an_address(client, db):
    from django.test import RequestFactory

    from xiaoneng.core.idempotency import _scope

    rf = RequestFactory()
    a = rf.post("/api/v1/x", REMOTE_ADDR="10.0.0.1")
    b = rf.post("/api/v1/x", REMOTE_ADDR="10.0.0.2")
    assert _scope(a) != _scope(b)
    assert _scope(a) == _scope(rf.post("/api/v1/x", REMOTE_ADDR="10.0.0.1"))


def test_a_refusal_keeps_what_the_service_deliberately_recorded(city, rf):
    """A 4xx answer is not remembered, but a fault a service recorded while refusing stays."""
    from django.http import JsonResponse

    from xiaoneng.accountability.models import Fault
    from xiaoneng.accountability.services import fault_record
    from xiaoneng.core.idempotency import IdempotencyMiddleware
    from xiaoneng.core.models import IdempotencyRecord

    def view(request):
        fault_record(by=None, source="other", department=city.dept("market"), description="拒绝时记录的过错")
        return JsonResponse({"code": "refused"}, status=409)

    request = rf.post("/api/v1/x", data=b"{}", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-9")
    assert IdempotencyMiddleware(view)(request).status_code == 409
    assert Fault.objects.count() == 1
    assert not IdempotencyRecord.objects.exists()


def test_a_server_error_rolls_the_request_back(city, rf):
    from django.http import JsonResponse

    from xiaoneng.accountability.models import Fault
    from xiaoneng.accountability.services import fault_record
    from xiaoneng.core.idempotency import IdempotencyMiddleware

    def view(request):
        fault_record(by=None, source="other", department=city.dept("market"), description="半途而废")
        return JsonResponse({"code": "internal_error"}, status=500)

    request = rf.post("/api/v1/x", data=b"{}", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-10")
    assert IdempotencyMiddleware(view)(request).status_code == 500
    assert not Fault.objects.exists()


def test_an_upload_retry_replays_but_another_file_under_the_same_key_is_refused(city, rf):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.http import JsonResponse

    from xiaoneng.core.idempotency import IdempotencyMiddleware

    calls = []

    def view(request):
        calls.append(request.FILES["file"].read())
        return JsonResponse({"id": len(calls)}, status=201)

    def upload(content):
        return rf.post(
            "/api/v1/x", {"note": "现场照片", "file": SimpleUploadedFile("a.jpg", content, content_type="image/jpeg")}, HTTP_IDEMPOTENCY_KEY="k-upload"
        )

    middleware = IdempotencyMiddleware(view)
    assert middleware(upload(b"first")).status_code == 201
    again = middleware(upload(b"first"))
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    other = middleware(upload(b"second"))
    assert other.status_code == 409
    assert calls == [b"first"]  # the view saw the whole file once
