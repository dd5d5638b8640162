"""Service hall pages: the staff workbench of applications (sorted by what is due first),
an application's file with its clock, timeline and action forms, printable notices, and
the first-inquiry log.  Views parse the form, call one service and redirect."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xiaoneng.applications.access import (
    access_answer_joint_review,
    access_applicant_details,
    access_approve_extension,
    access_close_inquiry,
    access_decide_application,
    access_record_inquiry,
    access_send_up,
    access_work_application,
)
from xiaoneng.catalogue import selectors as catalogue
from xiaoneng.core import clock
from xiaoneng.core.people import display_name
from xiaoneng.org.models import Role, Staff
from xiaoneng.org.selectors import staff_of
from xiaoneng.web import lists, params
from xiaoneng.web.pages import attempt, page, shown, staff_required

from . import documents, rules, selectors, services
from .models import ApplicantNotice, IdType, InquiryOutcome, JointReview, PreliminaryReview, Status, SuspensionKind


def _date(value: str | None) -> dt.date | None:
    return params.date(value)


def _application(request, pk: int):
    """The application for a page: 404 / 403 like any page, not the API's error body."""
    return shown(lambda: selectors.application_for(request.user, pk))


def _with_clock(apps) -> list:
    """Each application with how its current step's due dates stand today."""
    for app in apps:
        app.view = selectors.clock_view(app)
        deciding = app.status in (Status.ACCEPTED, Status.SUSPENDED)
        app.due_acceptance = selectors.due_view(app.acceptance_due_on) if app.status == Status.RECEIVED else None
        app.due_committed = selectors.due_view(app.committed_due_on) if deciding else None
        app.due_legal = selectors.due_view(app.legal_due_on) if deciding else None
        app.due_certificate = selectors.due_view(app.certificate_due_on) if app.certificate_due_on and not app.certificate_delivered_on else None
    return apps


@staff_required
def app_list(request):
    filters = {
        "status": request.GET.get("status", ""),
        "q": request.GET.get("q", "").strip(),
        "open_only": request.GET.get("open", "1" if not request.GET else "") == "1",
        "mine": request.GET.get("mine") == "1",
    }
    listing = lists.Listing(request, selectors.applications_for(request.user, **filters), field="received_on", day=True, columns=LIST_COLUMNS, sorts=SORTS)
    if listing.export:
        return _export(request.user, listing.rows)
    rows = page(request, listing.rows.select_related("item"), listing.size)
    rows.object_list = _with_clock(list(rows.object_list))
    for app in rows.object_list:
        app.applicant = selectors.applicant_view(app, request.user)
    context = {"page": rows, "statuses": Status.choices, "tools": listing.tools, **filters}
    return render(request, "applications/_rows.html" if request.htmx else "applications/list.html", context)


LIST_COLUMNS = {"due": "next_due_on", "received": "received_on", "number": "number", "status": "status", "department": "department__path"}
SORTS = [
    ("due", "当前环节到期（近→远）"),
    ("-received", "收件日期（新→旧）"),
    ("received", "收件日期（旧→新）"),
    ("number", "办件编号"),
    ("status", "状态"),
    ("department", "承办部门"),
]


def _export(user, rows):
    """The filtered applications as an Excel file; applicants as this role may see them."""
    found, note = lists.capped(rows.select_related("handler__staff"))
    headers = ["办件编号", "事项", "承办部门", "申请人", "状态", "收件日期", "承诺办结", "法定办结", "承办人"]
    table = (
        [
            app.number,
            app.version.name,
            app.department.name,
            selectors.applicant_view(app, user).name,
            app.get_status_display(),
            app.received_on,
            app.committed_due_on,
            app.legal_due_on,
            display_name(app.handler, ""),
        ]
        for app in found
    )
    return lists.xlsx_download("办件查询", headers, table, note=note)


@staff_required
def app_new(request):
    items = catalogue.items().select_related("current__department")
    item = catalogue.item_by_code(request.GET.get("item") or request.POST.get("item") or "")
    version = catalogue.version_detail(item) if item else None
    if request.method == "POST":
        checked = request.POST.get("check") == "1"
        app = attempt(
            request,
            lambda: services.application_submit(
                by=request.user,
                item_code=request.POST.get("item", ""),
                received_on=_date(request.POST.get("received_on")),
                applicant=services.Applicant(**{k: request.POST.get(f"applicant_{k}", "") for k in ("name", "id_type", "id_number", "phone", "enterprise")}),
                materials=request.POST.getlist("materials") if checked else None,
                defective=[{"code": c, "reason": request.POST.get(f"reason_{c}", "")} for c in request.POST.getlist("defective")] if checked else [],
            ),
            lambda app: f"已登记办件 {app.number}（查询码 {app.query_code}），当前状态：{app.get_status_display()}。",
        )
        if app is not None:
            return redirect("applications:detail", pk=app.pk)
    template = "applications/_materials.html" if request.htmx else "applications/new.html"
    return render(
        request, template, {"items": items, "item": item, "version": version, "id_types": IdType.choices, "today": clock.today(), "posted": request.POST}
    )


def _handlers(app) -> list[Staff]:
    staff = Staff.objects.filter(is_active=True, department__path__startswith=app.department.path, role_grants__role__in=[Role.HANDLER, Role.HEAD])
    return list(staff.select_related("user", "department").distinct().order_by("department__path", "name"))


def _lower_handlers(review) -> list[Staff]:
    """Who may answer for the lower level's preliminary review (第四十三条)."""
    staff = Staff.objects.filter(is_active=True, department__path__startswith=review.department.path, role_grants__role__in=[Role.HANDLER, Role.HEAD])
    return list(staff.select_related("user", "department").distinct().order_by("department__path", "name"))


@staff_required
def app_detail(request, pk: int):
    app = _application(request, pk)
    user = request.user
    if request.GET.get("print"):
        return _print(request, app)
    submitted = set(app.materials)
    reviews = list(app.joint_reviews.select_related("department", "answered_by"))
    for r in reviews:
        r.can_answer = r.status == "pending" and rules.action_allowed("answer_joint", app.status) and access_answer_joint_review(user, r)
    can = {
        "work": access_work_application(user, app),
        "decide": access_decide_application(user, app),
        "extend": access_approve_extension(user, app) and rules.action_allowed("extend", app.status) and not hasattr(app, "extension"),
    }
    allowed = {name for name in rules.ACTIONS if rules.action_allowed(name, app.status)}
    preliminary = PreliminaryReview.objects.select_related("department", "handler", "sent_by").filter(application=app).first()
    can["send_up"] = preliminary is not None and preliminary.sent_on is None and "send_up" in allowed and access_send_up(user, preliminary)
    can["upper"] = preliminary is None or preliminary.arrived_on is not None
    timeline = selectors.timeline(app)
    context = {
        "app": app,
        "view": selectors.clock_view(app),
        "applicant": selectors.applicant_view(app, user),
        "materials": [(m, m.code in submitted) for m in app.version.materials.all()],
        "notice": getattr(app, "correction_notice", None),
        "extension": getattr(app, "extension", None),
        "suspensions": list(app.suspensions.all()),
        "reviews": reviews,
        "notices": list(app.notices.all()),
        "fees": list(app.fee_charges.all()),
        "published_fees": list(app.version.fees.all()),
        "timeline": timeline,
        "can": can,
        "allowed": allowed,
        "today": clock.today(),
        "suspension_kinds": SuspensionKind.choices,
        "handlers": _handlers(app) if can["decide"] and "assign" in allowed else [],
        "max_extension": rules.max_extension_days(app.version.joint),
        "preliminary": preliminary,
        "lower_handlers": _lower_handlers(preliminary) if can["send_up"] else [],
        "renewals": list(app.renewals.order_by("received_on", "id")),
        "filing_deadline": rules.renewal_filing_deadline(app.renews.valid_until, app.version.renewal_lead_days) if app.renews_id else None,
    }
    _with_clock([app])
    return render(request, "applications/detail.html", context)


def _print(request, app):
    """办件 on one A4 sheet: the file's facts and dates, the applicant as this user may see them."""
    submitted = set(app.materials)
    context = {
        "app": app,
        "applicant": selectors.applicant_view(app, request.user),
        "materials": [(m, m.code in submitted) for m in app.version.materials.all()],
        "printed_at": clock.now(),
    }
    return render(request, "applications/print.html", context)


def _review(request, app):
    services.application_review(
        by=request.user,
        application=app,
        materials=request.POST.getlist("materials"),
        reviewed_on=_date(request.POST.get("on")),
        defective=[{"code": c, "reason": request.POST.get(f"reason_{c}", "")} for c in request.POST.getlist("defective")],
        note=request.POST.get("note", ""),
    )


def _assign(request, app):
    services.application_assign(by=request.user, application=app, handler=params.user(request.POST.get("handler")))


def _decide(request, app):
    services.application_decide(
        by=request.user,
        application=app,
        result=request.POST.get("result", ""),
        reason=request.POST.get("reason", ""),
        decided_on=_date(request.POST.get("on")),
        competent_body=request.POST.get("competent_body", ""),
    )


# action → (what to do with the form, message on success)
ACTION_VIEWS = {
    "review": (_review, "材料审查已登记。"),
    "correct": (
        lambda r, a: services.application_correct(by=r.user, application=a, materials=r.POST.getlist("materials"), received_on=_date(r.POST.get("on"))),
        "补正材料已登记。",
    ),
    "extend": (
        lambda r, a: services.application_extend(
            by=r.user,
            application=a,
            days=params.integer(r.POST.get("days"), "延长天数", low=1),
            reason=r.POST.get("reason", ""),
            approved_on=_date(r.POST.get("on")),
        ),
        "延期已批准，已生成延期告知书。",
    ),
    "suspend": (
        lambda r, a: services.application_suspend(
            by=r.user,
            application=a,
            kind=r.POST.get("kind", ""),
            start_on=_date(r.POST.get("start_on")),
            end_on=_date(r.POST.get("end_on")),
            reason=r.POST.get("reason", ""),
        ),
        "不计时段已登记，已生成书面告知。",
    ),
    "resume": (lambda r, a: services.application_resume(by=r.user, application=a, end_on=_date(r.POST.get("on"))), "已恢复计时，办结期限已顺延。"),
    "decide": (_decide, "决定已登记，已生成决定书。"),
    "deliver": (lambda r, a: services.application_deliver_certificate(by=r.user, application=a, delivered_on=_date(r.POST.get("on"))), "证件送达已登记。"),
    "charge": (
        lambda r, a: services.fee_charge(
            by=r.user,
            application=a,
            code=r.POST.get("code", ""),
            amount=params.decimal(r.POST.get("amount"), "收费金额（元）", required=True),
            name=r.POST.get("name", ""),
            charged_on=_date(r.POST.get("on")),
        ),
        "收费已登记。",
    ),
    "withdraw": (
        lambda r, a: services.application_withdraw(by=r.user, application=a, reason=r.POST.get("reason", ""), withdrawn_on=_date(r.POST.get("on"))),
        "撤回已登记。",
    ),
    "assign": (_assign, "承办人已指定。"),
    "renewal_link": (
        lambda r, a: services.renewal_link(by=r.user, application=a, licence_number=r.POST.get("licence", "")),
        lambda app: "已登记为延续申请。" if app.renewal_in_time else "已登记为延续申请：逾期提出，按一般申请办理，不适用视为准予延续。",
    ),
    "validity": (
        lambda r, a: services.licence_validity_record(
            by=r.user, application=a, valid_until=params.date(r.POST.get("valid_until"), "有效期至", required=True), reason=r.POST.get("reason", "")
        ),
        "许可有效期已登记。",
    ),
    "assign_preliminary": (
        lambda r, a: services.preliminary_review_assign(by=r.user, application=a, handler=params.user(r.POST.get("handler"))),
        "初审承办人已指定。",
    ),
    "send_up": (
        lambda r, a: services.preliminary_review_send_up(
            by=r.user, application=a, opinion=r.POST.get("opinion", ""), sent_on=_date(r.POST.get("sent_on")), arrived_on=_date(r.POST.get("arrived_on"))
        ),
        "初审意见及材料已报送，上级审查期限自收到之日起算。",
    ),
    "answer_joint": (
        lambda r, a: services.joint_review_answer(
            by=r.user,
            application=a,
            department=r.POST.get("department", ""),
            consent=r.POST.get("result") == "consent",
            opinion=r.POST.get("opinion", ""),
            answered_on=_date(r.POST.get("on")),
        ),
        "并联审查意见已登记。",
    ),
}


@staff_required
@require_POST
def app_action(request, pk: int, action: str):
    if action not in ACTION_VIEWS:
        raise Http404("未知操作")
    app = _application(request, pk)
    handle, success = ACTION_VIEWS[action]
    attempt(request, lambda: handle(request, app), success)
    return redirect("applications:detail", pk=pk)


def _notice_response(notice: ApplicantNotice, fmt: str):
    if fmt == "pdf":
        response = HttpResponse(documents.pdf(notice), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="notice-{notice.application.number}-{notice.pk}.pdf"'
        return response
    return None


@staff_required
def notice_page(request, pk: int, notice_id: int):
    app = _application(request, pk)
    if not access_applicant_details(request.user, app):
        raise PermissionDenied("告知书载有申请人身份信息，仅经办人员可以查看")
    notice = get_object_or_404(ApplicantNotice.objects.select_related("application__department"), pk=notice_id, application=app)
    return _notice_response(notice, request.GET.get("format", "")) or render(request, "applications/notice.html", {"notice": notice, "app": app})


@staff_required
def joint_review_page(request, pk: int):
    review = get_object_or_404(JointReview, pk=pk)
    return redirect("applications:detail", pk=review.application_id)


@staff_required
def preliminary_page(request, pk: int):
    review = get_object_or_404(PreliminaryReview, pk=pk)
    return redirect("applications:detail", pk=review.application_id)


def _organ(user):
    """The body a member of staff belongs to (their office's parent below the city), whose
    colleagues and sections an inquiry can be handed to."""
    dept = staff_of(user).department
    return dept.parent if dept.parent_id and dept.parent.parent_id else dept


@staff_required
def inquiries(request):
    if request.method == "POST":
        data = {
            k: request.POST.get(k, "")
            for k in ("asker_name", "asker_phone", "question", "item_code", "outcome", "answer", "handed_to", "handed_to_department", "referred_to")
        }
        if attempt(request, lambda: services.inquiry_record(by=request.user, **data), "首问已登记。"):
            return redirect("applications:inquiries")
    status = request.GET.get("status", "open")
    rows = page(request, selectors.inquiries_for(request.user, status=status if status != "all" else ""))
    for inquiry in rows.object_list:
        inquiry.can_close = inquiry.status == "open" and access_close_inquiry(request.user, inquiry)
    colleagues = (
        Staff.objects.filter(is_active=True, department__path__startswith=_organ(request.user).path)
        .select_related("department", "user")
        .order_by("department__path", "name")
    )
    return render(
        request,
        "applications/inquiries.html",
        {
            "page": rows,
            "status": status,
            "outcomes": InquiryOutcome.choices,
            "posted": request.POST,
            "can_record": access_record_inquiry(request.user),
            "items": catalogue.items(),
            "colleagues": colleagues,
        },
    )


@staff_required
@require_POST
def inquiry_close(request, pk: int):
    inquiry = selectors.inquiries_for(request.user).filter(pk=pk).first()
    if inquiry is None:
        raise Http404("咨询记录不存在")
    fields = {k: request.POST.get(k, "") for k in ("outcome", "answer", "handed_to", "handed_to_department", "referred_to")}
    attempt(request, lambda: services.inquiry_close(by=request.user, inquiry=inquiry, **fields), "已办结。")
    return redirect("applications:inquiries")


def lookup(request):
    """The public status page: the applicant's number and query code."""
    number, code = request.GET.get("number", "").strip(), request.GET.get("code", "").strip()
    app = selectors.lookup(number, code) if number and code else None
    context = {"number": number, "code": code, "searched": bool(number or code), "app": app}
    if app is not None:
        context |= {
            "view": selectors.clock_view(app),
            "applicant": selectors.applicant_view(app, None),
            "timeline": selectors.timeline(app, public=True),
            "notices": list(app.notices.all()),
            "licence": selectors.statute_out(app),
        }
    return render(request, "applications/lookup.html", context)


def public_notice(request, notice_id: int):
    app = selectors.lookup(request.GET.get("number", ""), request.GET.get("code", ""))
    notice = ApplicantNotice.objects.select_related("application__department").filter(pk=notice_id, application=app).first() if app else None
    if notice is None:
        raise Http404("告知书不存在或查询码不正确")
    return _notice_response(notice, request.GET.get("format", "")) or render(
        request, "applications/notice.html", {"notice": notice, "app": app, "public": True}
    )
