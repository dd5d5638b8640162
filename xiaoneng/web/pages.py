"""What every staff page uses: the staff gate, running one service call with its Chinese
error shown, pagination, downloads.  Below the domains: they import it, it imports none of
them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseForbidden

from xiaoneng.core.errors import Forbidden, outcome
from xiaoneng.org.access import access_workbench
from xiaoneng.org.models import Department

PAGE_SIZE = 50


def staff_required(view):
    """Staff pages: log in first; accounts that are not staff are refused."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access_workbench(request.user):
            return HttpResponseForbidden("您的账号不是工作人员账号，无权访问工作台。")
        return view(request, *args, **kwargs)

    return wrapped


def attempt(request, action: Callable, success: str | Callable[[Any], str] = "", *, form=None):
    """Run one service call; show its Chinese error and its listed problems (and change
    nothing) if it refuses — on ``form`` when given, so the page shows the form again with
    them.  ``success`` is a message, or a function of the result that writes it.  Returns
    the call's result, or None when it was refused."""
    result, error = outcome(action)
    if error is not None:
        listed = error.details.get("errors", [])
        if form is not None:
            for problem in listed or [error.message]:
                form.add_error(None, problem)
        else:
            for problem in [error.message, *listed[:50]]:
                messages.error(request, problem)
        return None
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    return result


def act(request, action: str, actions: dict) -> None:
    """Run the named action of a page's form ({name: (service call, success message)})."""
    if action not in actions:
        raise Http404
    attempt(request, *actions[action])


def shown(action: Callable):
    """Fetch what a page or download shows: a refusal is the page's own answer — 403 when
    it was forbidden, otherwise 404 — with the Chinese message."""
    result, error = outcome(action)
    if isinstance(error, Forbidden):
        raise PermissionDenied(error.message)
    if error is not None:
        raise Http404(error.message)
    return result


def page(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def department_choices():
    return Department.objects.filter(is_active=True).order_by("path").only("code", "name", "path")
