"""Logging in (GB/T 22239-2019 level 3, identification and authentication):

- failures throttled per account and per client address by django-axes (``AXES_*``
  settings), on the login page, ``POST /api/v1/auth/token`` and the admin (whose login page
  forwards here), with a Chinese answer;
- an optional second factor, TOTP (RFC 6238, ``pyotp``), for the roles in
  ``XIAONENG["TOTP_ROLES"]``;
- passwords that expire after ``XIAONENG["PASSWORD_MAX_AGE_DAYS"]``;
- sessions that end after ``XIAONENG["SESSION_IDLE_MINUTES"]`` without a request.
"""

from __future__ import annotations

import datetime as dt

import pyotp
from axes.backends import AxesStandaloneBackend
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse

from xiaoneng.core import clock

from .access import roles_of
from .codes import Error
from .models import AccountSecurity


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check before the password is looked at.  A call without a request (a
    management command, a test client's ``login``) has no address to throttle by."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return f"登录失败次数过多，该账号或来源地址已被锁定 {lockout_minutes()} 分钟。请稍后再试，或请安全管理员解除锁定。"


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out client gets (django-axes' ``AXES_LOCKOUT_CALLABLE``): the API's JSON
    error body under ``/api/``, a Chinese page elsewhere; 429 with ``Retry-After``."""
    seconds = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"code": Error.LOCKED_OUT, "message": lockout_message(), "details": {"retry_after_seconds": int(seconds)}},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(render_to_string("registration/locked_out.html", {"message": lockout_message()}, request=request), status=429)
    response["Retry-After"] = seconds
    return response


# --- second factor ------------------------------------------------------------------


def totp_required(user) -> bool:
    roles = settings.XIAONENG.get("TOTP_ROLES", ())
    return bool(roles) and bool(set(roles_of(user)) & set(roles))


def totp_enrolled(user) -> bool:
    return AccountSecurity.objects.filter(user=user, totp_confirmed_at__isnull=False).exclude(totp_secret="").exists()


def totp_accept(user, code: str, *, secret: str | None = None) -> bool:
    """Whether ``code`` is the user's current one-time code (one step of clock drift either
    way); each code works once."""
    code = (code or "").strip().replace(" ", "")
    account = AccountSecurity.objects.filter(user=user).first()
    secret = secret or (account.totp_secret if account else "")
    if not (secret and code.isascii() and code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(secret)
    now = clock.now()
    for drift in (-1, 0, 1):
        at = now + dt.timedelta(seconds=30 * drift)
        step = totp.timecode(at)
        if pyotp.utils.strings_equal(totp.at(at), code) and (account is None or step > account.totp_last_step):
            AccountSecurity.objects.update_or_create(user=user, defaults={"totp_last_step": step})
            return True
    return False


class LoginForm(AuthenticationForm):
    """User name, password and — for an account with a second factor — the one-time code.
    A wrong code counts as a failed login for the lockout."""

    otp = forms.CharField(label="动态口令", required=False, max_length=12)

    error_messages = AuthenticationForm.error_messages | {Error.OTP_INVALID: "动态口令错误或已使用，请输入认证器上当前的 6 位数字"}

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and totp_required(user) and totp_enrolled(user) and not totp_accept(user, cleaned.get("otp", "")):
            user_login_failed.send(sender=__name__, credentials={"username": cleaned.get("username")}, request=self.request)
            self.user_cache = None
            raise forms.ValidationError(self.error_messages[Error.OTP_INVALID], code=Error.OTP_INVALID)
        return cleaned


# --- every signed-in request ----------------------------------------------------------

EXEMPT = ("/accounts/", "/static/", "/healthz", "/api/")


def password_expired(user) -> bool:
    days = settings.XIAONENG.get("PASSWORD_MAX_AGE_DAYS", 0)
    if not days:
        return False
    account = AccountSecurity.objects.filter(user=user).first()
    changed = (account.password_changed_at if account else None) or user.date_joined
    return clock.now() - changed > dt.timedelta(days=days)


class AccountSecurityMiddleware:
    """Ends a session idle for longer than ``SESSION_IDLE_MINUTES``; sends a user whose
    password expired to change it, and one whose role needs a second factor to enrol it,
    before any other page."""

    SEEN = "xn_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(clock.now().timestamp())
            seen = request.session.get(self.SEEN)
            idle = settings.XIAONENG.get("SESSION_IDLE_MINUTES", 30) * 60
            if seen is not None and now - seen > idle:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(f"{reverse('login')}?idle=1")
            if seen is None or now - seen >= 60:
                request.session[self.SEEN] = now
            if not request.path.startswith(EXEMPT):
                if password_expired(user):
                    return redirect("password_change")
                if totp_required(user) and not totp_enrolled(user):
                    return redirect("totp_enrol")
        return self.get_response(request)
