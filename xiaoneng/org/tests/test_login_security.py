"""Login security to 等保 level 3 (issue 13, item 4): lockout per account and per address on
every login path, password complexity and expiry, idle sessions, the TOTP second factor,
三员分立 and audit retention."""

from __future__ import annotations

import datetime as dt
import json

import pyotp
import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from xiaoneng.core import clock
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.org.models import AccountSecurity, Role
from xiaoneng.org.services import staff_create, staff_set_roles


@pytest.fixture
def admins(city):
    """The three administrators of 三员分立 (the city fixture's ``admin`` is the system one)."""
    dept = city.dept("city")
    return {
        "security": staff_create(by=None, username="secadmin", password="secadmin", name="安全员", department=dept, roles=[Role.SECURITY_ADMIN]),
        "auditor": staff_create(by=None, username="auditor", password="auditor", name="审计员", department=dept, roles=[Role.AUDIT_ADMIN]),
    }


def _page_login(client, username, password, otp="", remote="10.1.1.1"):
    return client.post("/accounts/login/", {"username": username, "password": password, "otp": otp}, REMOTE_ADDR=remote)


def _token(client, username, password, otp="", remote="10.1.1.1"):
    body = json.dumps({"username": username, "password": password, "otp": otp})
    return client.post("/api/v1/auth/token", data=body, content_type="application/json", REMOTE_ADDR=remote)


def test_the_login_page_locks_an_account_after_five_failures(client, city, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _page_login(client, "handler", "wrong").status_code == 200
    locked = _page_login(client, "handler", "wrong")
    assert locked.status_code == 429 and "已被锁定 30 分钟" in locked.content.decode()
    right = _page_login(client, "handler", "handler", remote="10.9.9.9")  # another address, same account
    assert right.status_code == 429 and "_auth_user_id" not in client.session


def test_one_address_is_locked_whatever_accounts_it_tries(client, city, settings):
    names = ["handler", "head", "window", "leader", "dispatcher"]
    for name in names[: settings.AXES_FAILURE_LIMIT]:
        _page_login(client, name, "wrong", remote="10.2.2.2")
    assert _page_login(client, "supervisor", "supervisor", remote="10.2.2.2").status_code == 429
    assert _page_login(Client(), "supervisor", "supervisor", remote="10.3.3.3").status_code == 302


def test_the_api_token_locks_with_the_api_error_body(client, city, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert _token(client, "handler", "wrong").status_code in (401, 429)
    response = _token(client, "handler", "handler")
    assert response.status_code == 429 and response.json()["code"] == "locked_out"
    assert "锁定" in response.json()["message"] and response["Retry-After"] == "1800"


def test_the_admin_login_cannot_be_used_to_guess(client, city):
    for _ in range(30):
        response = client.post("/admin/login/", {"username": "admin", "password": "wrong"})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.post("/admin/login/", {"username": "admin", "password": "admin"})
    assert "_auth_user_id" not in client.session  # it logs nobody in: the one login page does


def test_the_security_administrator_lifts_a_lockout(api, client, city, admins, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _page_login(client, "handler", "wrong")
    response = api("secadmin").post("/api/v1/security/unlock", {"username": "handler"})
    assert response.status_code == 200 and response.json()["cleared"] >= 1
    assert _page_login(Client(), "handler", "handler").status_code == 302
    assert AuditRecord.objects.filter(action="account.unlock", subject_id="handler").exists()
    assert api("admin").post("/api/v1/security/unlock", {"username": "handler"}).status_code == 403


@pytest.mark.parametrize(
    "password, ok",
    [("abcdefghij", False), ("abcdefgh12", False), ("Abcdefgh12", True), ("abcdefg#12", True), ("Ab1#", False), ("xiaoneng2026", False)],
)
def test_password_complexity(password, ok, settings):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_an_expired_password_must_be_changed_first(client, city, settings):
    settings.XIAONENG = settings.XIAONENG | {"PASSWORD_MAX_AGE_DAYS": 90}
    user = city.user("handler")
    changed = user.date_joined  # no change recorded yet: the account's creation counts
    client.force_login(user)
    with clock.frozen(changed + dt.timedelta(days=91)):
        assert client.get("/staff/")["Location"] == "/accounts/password/"
        assert _token(client, "handler", "handler").json()["code"] == "password_expired"
        response = client.post("/accounts/password/", {"old_password": "handler", "new_password1": "Kx9#Qmzv7w!", "new_password2": "Kx9#Qmzv7w!"})
        assert response.status_code == 302
        assert client.get("/staff/").status_code == 200
    assert AuditRecord.objects.filter(action="account.password_change", actor=user).exists()


def test_an_idle_session_ends(client, city, frozen, settings):
    settings.XIAONENG = settings.XIAONENG | {"SESSION_IDLE_MINUTES": 30}
    client.force_login(city.user("handler"))
    with frozen(2026, 12, 3, 9, 0):
        assert client.get("/staff/").status_code == 200
    with frozen(2026, 12, 3, 9, 29):
        assert client.get("/staff/").status_code == 200  # 29 minutes: still there
    with frozen(2026, 12, 3, 10, 0):
        response = client.get("/staff/")
    assert response.status_code == 302 and "idle=1" in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.fixture
def totp_for_supervisors(settings):
    settings.XIAONENG = settings.XIAONENG | {"TOTP_ROLES": [Role.SUPERVISOR, Role.ADMIN]}


def _code(user, offset_steps=0):
    secret = AccountSecurity.objects.get(user=user).totp_secret
    return pyotp.TOTP(secret).at(clock.now() + dt.timedelta(seconds=30 * offset_steps))


def test_the_second_factor_enrol_then_required(client, city, totp_for_supervisors, frozen):
    user = city.user("supervisor")
    with frozen(2026, 12, 3, 9, 0):
        assert _page_login(client, "supervisor", "supervisor").status_code == 302
        assert client.get("/staff/")["Location"] == "/accounts/totp/"  # must enrol first
        assert _token(Client(), "supervisor", "supervisor").json()["code"] == "otp_not_enrolled"
        assert client.get("/accounts/totp/").status_code == 200
        assert client.post("/accounts/totp/", {"code": "000000"}).status_code == 200  # wrong code: not enrolled
        assert client.post("/accounts/totp/", {"code": _code(user)}).status_code == 302
        assert client.get("/staff/").status_code == 200
    with frozen(2026, 12, 3, 9, 5):
        fresh = Client()
        refused = _page_login(fresh, "supervisor", "supervisor")
        assert refused.status_code == 200 and "动态口令错误" in refused.content.decode()
        code = _code(user)
        assert _page_login(fresh, "supervisor", "supervisor", otp=code).status_code == 302
        assert _page_login(Client(), "supervisor", "supervisor", otp=code).status_code == 200  # a code works once
    with frozen(2026, 12, 3, 9, 6):
        assert _token(Client(), "supervisor", "supervisor").json()["code"] == "otp_required"
        assert _token(Client(), "supervisor", "supervisor", otp=_code(user)).status_code == 200
    assert AuditRecord.objects.filter(action="account.totp_enrol", actor=user).exists()


def test_roles_without_a_second_factor_log_in_as_before(client, city, totp_for_supervisors):
    assert _page_login(client, "handler", "handler").status_code == 302
    assert client.get("/staff/").status_code == 200


def test_the_three_administrators_are_three_people(city, admins):
    with pytest.raises(InvalidInput) as refused:
        staff_set_roles(by=admins["security"].user, staff=city["staff"]["admin"], roles=[Role.ADMIN, Role.AUDIT_ADMIN])
    assert refused.value.code == "role_separation"
    with pytest.raises(InvalidInput):
        staff_create(by=None, username="x", password="x", name="x", department=city.dept("city"), roles=[Role.SECURITY_ADMIN, Role.ADMIN])
    with pytest.raises(Forbidden):  # the system administrator does not grant roles
        staff_set_roles(by=city.user("admin"), staff=city["staff"]["handler"], roles=[Role.HEAD])
    staff_set_roles(by=admins["security"].user, staff=city["staff"]["handler"], roles=[Role.HANDLER, Role.HEAD])
    assert set(city["staff"]["handler"].role_grants.values_list("role", flat=True)) == {Role.HANDLER, Role.HEAD}


def test_the_audit_administrator_reads_the_log_and_changes_nothing(api, city, admins):
    auditor = api("auditor")
    records = auditor.get("/api/v1/audit/records?limit=5")
    assert records.status_code == 200 and records.json()["count"] > 0
    assert auditor.get("/api/v1/audit/verify").json()["ok"] is True
    for other in ("admin", "secadmin", "supervisor", "handler"):
        assert api(other).get("/api/v1/audit/records").status_code == 403
    assert auditor.put("/api/v1/staff/handler/roles", {"roles": ["head"]}).status_code == 403
    assert auditor.post("/api/v1/apikeys", {"name": "x", "channel": "wechat"}).status_code == 403
    assert auditor.post("/api/v1/security/unlock", {"username": "handler"}).status_code == 403
    case = auditor.post("/api/v1/workorders", {"channel": "hotline", "type": "complaint", "content": "测试"})
    assert case.status_code == 403
    assert api("secadmin").put("/api/v1/staff/handler/roles", {"roles": ["handler", "head"]}).status_code == 200


def test_audit_retention_below_six_months_is_refused(settings):
    settings.XIAONENG = settings.XIAONENG | {"AUDIT_RETENTION_DAYS": 90}
    with pytest.raises(SystemCheckError, match="180"):
        call_command("check")
