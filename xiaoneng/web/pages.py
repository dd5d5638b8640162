"""What every staff page uses: the staff gate, running one service call with its Chinese
error shown, pagination, downloads.  Below the domains: they import it, it imports none of
them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseForbidden

from xiaoneng.core.errors import DomainError
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


def attempt(request, action: Callable, success: str = ""):
    """Run one service call; show its Chinese error (and change nothing) if it refuses.
    Returns the call's result, or None when it was refused."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    if success:
        messages.success(request, success)
    return result


def act(request, action: str, actions: dict) -> None:
    """Run the named action of a page's form ({name: (service call, success message)})."""
    if action not in actions:
        raise Http404
    attempt(request, *actions[action])


def page(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def department_choices():
    return Department.objects.filter(is_active=True).order_by("path").only("code", "name", "path")
