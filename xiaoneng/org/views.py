"""The account pages: log in (with the second factor), enrol a TOTP authenticator, change
an expired password."""

from __future__ import annotations

import pyotp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from xiaoneng.core import audit
from xiaoneng.core.errors import outcome

from . import services
from .codes import Action
from .login import LoginForm, totp_enrolled


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = LoginForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"idle": self.request.GET.get("idle") == "1"}


@login_required
def totp_enrol(request):
    """绑定动态口令: a new key for the authenticator app (shown as text and as an
    ``otpauth://`` address), confirmed by entering one code."""
    if request.method == "POST" and request.POST.get("code"):
        _, refused = outcome(lambda: services.account_totp_confirm(by=request.user, code=request.POST["code"]))
        if refused is None:
            messages.success(request, "动态口令已绑定，今后登录时请输入认证器上的 6 位数字。")
            return redirect(settings.LOGIN_REDIRECT_URL)
        messages.error(request, refused.message)
    secret = request.session.get("xn_totp_secret")
    if request.method == "POST" and request.POST.get("new") or not secret:
        secret = services.account_totp_start(by=request.user)
        request.session["xn_totp_secret"] = secret
    uri = pyotp.TOTP(secret).provisioning_uri(name=request.user.get_username(), issuer_name=f"{settings.XIAONENG['CITY_NAME']}效能平台")
    return render(request, "registration/totp.html", {"secret": secret, "uri": uri, "enrolled": totp_enrolled(request.user)})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(actor=self.request.user, action=Action.PASSWORD_CHANGE, subject=self.request.user)
        messages.success(self.request, "密码已修改。")
        return response

    def get_success_url(self):
        return reverse(settings.LOGIN_REDIRECT_URL)
