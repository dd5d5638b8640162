"""Public pages: the submission form (mobile-friendly, no captcha, limited per address, safe
to resubmit thanks to its idempotency key) and the tracking page."""

from __future__ import annotations

from django.shortcuts import render

from xiaoneng.core.errors import outcome
from xiaoneng.org.access import is_staff_member

from . import presenters, ratelimit, selectors, services
from .forms import PublicIntakeForm, TrackForm
from .models import IntakeChannel


def _submitted(request, form):
    """The new case, or None when the form is not valid (or is a bot's: the hidden field)."""
    if not is_staff_member(request.user):
        ratelimit.check(request, "submit")
    if not form.is_valid() or form.cleaned_data["website"]:
        return None
    d = form.cleaned_data
    return services.workorder_create(
        by=request.user,
        channel=IntakeChannel.WEB,
        type=d["type"],
        title=d["title"],
        content=d["content"],
        requester=form.requester(),
        location=form.location(),
        uploads=form.uploads(),
    )


def submit(request):
    """我要留言: a new case from the public web form."""
    form = PublicIntakeForm(request.POST or None, request.FILES or None)
    error, status = None, 200
    if request.method == "POST":
        wo, refused = outcome(lambda: _submitted(request, form))
        if wo is not None:
            return render(request, "workorders/public_submitted.html", {"wo": wo}, status=201)
        if refused is not None:
            error, status = refused.message, refused.status
        else:
            error, status = ("请检查填写的内容" if not form.is_valid() else "提交未成功，请刷新页面后重试"), 400
    return render(request, "workorders/public_submit.html", {"form": form, "error": error}, status=status)


def _tracked(request, form) -> dict | None:
    ratelimit.check(request, "lookup")
    if not form.is_valid():
        return None
    return presenters.public_detail(selectors.public_lookup(form.cleaned_data["tracking_no"], form.cleaned_data["code"]))


def track(request):
    """进度查询: the requester's view of the case, with tracking number and query code."""
    form = TrackForm(request.POST or None)
    case, error, status = None, None, 200
    if request.method == "POST":
        case, refused = outcome(lambda: _tracked(request, form))
        if refused is not None:
            error, status = refused.message, refused.status
        elif case is None:
            error, status = "请填写受理编号和查询码", 400
    return render(request, "workorders/public_track.html", {"form": form, "case": case, "error": error}, status=status)
