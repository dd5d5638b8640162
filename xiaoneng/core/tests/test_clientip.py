"""The client's address behind the documented nginx (issue 13, item 6): two citizens behind
the proxy are two clients; a forged X-Forwarded-For from a peer that is not our proxy is
ignored."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from xiaoneng.core.clientip import client_address

NGINX = "127.0.0.1"
CASE = {"channel": "web", "type": "complaint", "content": "路灯不亮", "requester": {"name": "王五", "phone": "13700001111"}}


def _addr(remote, forwarded=None, proxies=(NGINX, "10.0.0.0/24")):
    from django.conf import settings
    from django.test import override_settings

    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    with override_settings(XIAONENG=settings.XIAONENG | {"TRUSTED_PROXIES": list(proxies)}):
        return client_address(request)


@pytest.mark.parametrize(
    "remote, forwarded, client",
    [
        (NGINX, "203.0.113.7", "203.0.113.7"),  # nginx appends the citizen
        (NGINX, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the citizen forged the left part
        ("10.0.0.5", "203.0.113.7, 10.0.0.9", "203.0.113.7"),  # load balancer then nginx
        ("198.51.100.4", "1.2.3.4", "198.51.100.4"),  # not our proxy: its header is ignored
        (NGINX, None, NGINX),  # nothing forwarded
        (NGINX, "not-an-address", NGINX),
        (NGINX, "[2001:db8::7]:51000", "2001:db8::7"),
    ],
)
def test_client_address(remote, forwarded, client):
    assert _addr(remote, forwarded) == client


def test_without_trusted_proxies_the_peer_is_the_client():
    assert _addr(NGINX, "203.0.113.7", proxies=()) == NGINX


@pytest.fixture
def behind_nginx(settings):
    cache.clear()
    settings.XIAONENG = settings.XIAONENG | {"TRUSTED_PROXIES": [NGINX], "WORKORDER_RATE_LIMITS": {"submit": [(2, 600)], "lookup": [(30, 600)]}}
    yield
    cache.clear()


def test_two_citizens_behind_the_proxy_get_separate_limits(client, city, behind_nginx):
    def submit(citizen):
        return client.post("/api/v1/workorders", CASE, content_type="application/json", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=citizen).status_code

    assert [submit("203.0.113.1") for _ in range(3)] == [201, 201, 429]
    assert [submit("203.0.113.2") for _ in range(2)] == [201, 201]


def test_a_forged_header_from_outside_the_proxy_buys_no_new_bucket(client, city, behind_nginx):
    def submit(forged):
        return client.post("/api/v1/workorders", CASE, content_type="application/json", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR=forged).status_code

    assert [submit(f"203.0.113.{i}") for i in range(3)] == [201, 201, 429]
