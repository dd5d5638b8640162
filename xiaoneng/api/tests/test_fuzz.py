"""Property-based fuzzing of the whole published OpenAPI (issue 13, item 8), with
schemathesis: every operation gets requests generated from its own schema, sent with the
token of each role in turn (and anonymously).  No answer may be a 5xx, and a body that the
schema documents must never be refused by the API's own request parsing (a 400 with the
parser's field errors would mean the published schema lies).

Bounded for ``make test``: ``FUZZ_EXAMPLES`` examples per operation (default 5, about a
minute in all; every role is used across the operations); ``make fuzz`` runs more."""

from __future__ import annotations

import io
import json
import os
import zlib
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.core import NOT_SET

from xiaoneng.api.main import api as ninja_api
from xiaoneng.org.models import Role
from xiaoneng.org.services import staff_create, token_issue

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
ROLES = [None, "handler", "head", "dispatcher", "supervisor", "admin", "window", "leader", "district_head", "secadmin", "auditor"]

schema = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema())


@pytest.fixture
def tokens(city):
    dept = city.dept("city")
    staff_create(by=None, username="secadmin", password="secadmin", name="安全员", department=dept, roles=[Role.SECURITY_ADMIN])
    staff_create(by=None, username="auditor", password="auditor", name="审计员", department=dept, roles=[Role.AUDIT_ADMIN])
    issued = {name: token_issue(username=name, password=name) for name in ROLES if name}
    return {"turn": 0, "issued": issued}


def _request(case, token):
    headers = {k: v for k, v in (case.headers or {}).items() if k.lower() not in ("authorization", "content-type", "content-length")}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    path = case.formatted_path
    if case.query:
        path += "?" + urlencode(case.query, doseq=True)
    kwargs = {"headers": headers}
    if case.body is not NOT_SET:
        if case.media_type and case.media_type.startswith("multipart/"):
            data = {}
            for key, value in (case.body or {}).items():
                if value is None:
                    continue
                data[key] = io.BytesIO(value if isinstance(value, bytes) else str(value).encode()) if key == "file" else value
                if key == "file":
                    data[key].name = "fuzz.bin"
            kwargs |= {"data": data}
        else:
            body = case.body if isinstance(case.body, bytes) else json.dumps(case.body, default=_jsonable)
            kwargs |= {"data": body, "content_type": case.media_type or "application/json"}
    return path, kwargs


def _jsonable(value):
    """Negative examples may hold bytes: sent as the text they decode to."""
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _parser_refused(response) -> bool:
    if response.status_code != 400 or "json" not in response.get("Content-Type", ""):
        return False
    body = response.json()
    return body.get("code") == "invalid_input" and bool(body.get("details", {}).get("errors"))


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_no_server_errors_and_documented_bodies_accepted(case, client, tokens):
    # Each operation starts at its own role, so that the roles are spread over all of them.
    role = ROLES[(zlib.crc32(f"{case.method} {case.path}".encode()) + tokens["turn"]) % len(ROLES)]
    tokens["turn"] += 1
    path, kwargs = _request(case, tokens["issued"].get(role))
    response = client.generic(case.method.upper(), path, **_generic(kwargs))
    where = f"{case.method.upper()} {path} as {role or 'anonymous'}"
    assert response.status_code < 500, f"{where}: {response.status_code} {response.content[:300]!r}"
    positive = case._meta is None or not case._meta.generation.mode.is_negative
    if positive and case.body is not NOT_SET and not (case.media_type or "").startswith("multipart/"):
        assert not _parser_refused(response), f"{where}: documented body refused: {response.content[:300]!r}"


def _generic(kwargs):
    """Django's test client ``generic`` wants the body encoded already."""
    headers = kwargs["headers"]
    if "data" not in kwargs:
        return {"headers": headers}
    if "content_type" in kwargs:
        return {"data": kwargs["data"], "content_type": kwargs["content_type"], "headers": headers}
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return {"data": encode_multipart(BOUNDARY, kwargs["data"]), "content_type": MULTIPART_CONTENT, "headers": headers}
