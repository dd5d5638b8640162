"""Small helpers the supervision, inspection and accountability pages share."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse

from xiaoneng.core.errors import DomainError
from xiaoneng.org.models import Department

PAGE_SIZE = 50


def attempt(request, action: Callable, success: str):
    """Run one service call; show its Chinese error (and change nothing) if it refuses."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, success)
    return result


def page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def department_choices():
    return Department.objects.filter(is_active=True).order_by("path").only("code", "name", "path")


def querystring(request, **changes) -> str:
    """The current query string with some parameters changed (for pagination links)."""
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


def act(request, action: str, actions: dict) -> None:
    """Run the named action of a page's form ({name: (service call, success message)})."""
    if action not in actions:
        raise Http404
    attempt(request, *actions[action])
