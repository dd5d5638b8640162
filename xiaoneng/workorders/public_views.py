"""Public pages: the submission form (mobile-friendly, no captcha, limited per address, safe
to resubmit thanks to its idempotency key) and the tracking page."""

from __future__ import annotations

from django.shortcuts import render

from xiaoneng.core.errors import DomainError
from xiaoneng.org.access import is_staff_member

from . import presenters, ratelimit, selectors, services
from .forms import PublicIntakeForm, TrackForm
from .models import IntakeChannel


def submit(request):
    """我要留言: a new case from the public web form."""
    form = PublicIntakeForm(request.POST or None, request.FILES or None)
    error, status = None, 200
    if request.method == "POST":
        try:
            if not is_staff_member(request.user):
                ratelimit.check(request, "submit")
            if form.is_valid() and not form.cleaned_data["website"]:
                d = form.cleaned_data
                wo = services.workorder_create(
                    by=request.user,
                    channel=IntakeChannel.WEB,
                    type=d["type"],
                    title=d["title"],
                    content=d["content"],
                    requester=form.requester(),
                    location=form.location(),
                    uploads=form.uploads(),
                )
                return render(request, "workorders/public_submitted.html", {"wo": wo}, status=201)
            error, status = ("请检查填写的内容" if not form.is_valid() else "提交未成功，请刷新页面后重试"), 400
        except DomainError as exc:
            error, status = exc.message, exc.status
    return render(request, "workorders/public_submit.html", {"form": form, "error": error}, status=status)


def track(request):
    """进度查询: the requester's view of the case, with tracking number and query code."""
    form = TrackForm(request.POST or None)
    case, error, status = None, None, 200
    if request.method == "POST":
        try:
            ratelimit.check(request, "lookup")
            if form.is_valid():
                case = presenters.public_detail(selectors.public_lookup(form.cleaned_data["tracking_no"], form.cleaned_data["code"]))
            else:
                error, status = "请填写受理编号和查询码", 400
        except DomainError as exc:
            error, status = exc.message, exc.status
    return render(request, "workorders/public_track.html", {"form": form, "case": case, "error": error}, status=status)
