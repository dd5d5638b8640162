"""Staff pages of electronic supervision: dashboard, warnings, supervision orders,
 honour/shame list management, bulletins.  Views parse input, call one service
or selector, and render."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xiaoneng.accountability.selectors import faults_on_warning
from xiaoneng.clocks import backfill
from xiaoneng.clocks import registry as clock_registry
from xiaoneng.clocks.access import access_approve_backfill
from xiaoneng.core import clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import InvalidInput, outcome
from xiaoneng.core.people import display_name
from xiaoneng.org.access import people_in
from xiaoneng.supervision.access import (
    access_answer_order,
    access_approve_list_entry,
    access_issue_bulletin,
    access_issue_order,
    access_manage_lists,
    access_read_bulletins,
    access_review_order,
    access_run_sweep,
)
from xiaoneng.web import lists, params
from xiaoneng.web.pages import act, attempt, department_choices, download, page, shown, staff_required

from . import bulletins, letters, selectors, services
from .models import Bulletin, Level, ListEntry, ListKind, ListState, ListTarget, OrderState, Warning
from .rules import DEADLINE
from .sweep import warnings_sweep


@staff_required
def dashboard(request):
    as_of = attempt(request, lambda: params.moment(request.GET.get("as_of")))  # a bad one is reported and ignored
    period = request.GET.get("period") if request.GET.get("period") in ("week", "month") else "month"
    context = {
        "as_of": as_of,
        "period": period,
        "departments": selectors.counts_by_department(request.user, as_of=as_of),
        "trend": selectors.trend(request.user, period=period, as_of=as_of),
        "worst": selectors.worst(request.user, as_of=as_of),
        "can_sweep": access_run_sweep(request.user),
        "last_sweep": selectors.last_sweep(),
    }
    context["totals"] = {level: sum(r[level] for r in context["departments"]) for level in Level.values}
    context["trend_max"] = max([r["total"] for r in context["trend"]] or [1]) or 1
    context["department_max"] = max([r["total"] for r in context["departments"]] or [1]) or 1
    template = "supervision/_dashboard_body.html" if request.htmx else "supervision/dashboard.html"
    return render(request, template, context)


@staff_required
@require_POST
def sweep_now(request):
    dry_run = bool(request.POST.get("dry_run"))
    result, error = outcome(lambda: warnings_sweep(by=request.user, as_of=params.moment(request.POST.get("as_of")), dry_run=dry_run))
    if error is not None:
        return render(request, "supervision/_sweep_result.html", {"error": error.message})
    return render(request, "supervision/_sweep_result.html", {"result": result, "issued": selectors.describe(result.issued)})


@staff_required
def warning_list(request):
    g = request.GET
    filters = attempt(
        request,
        lambda: {
            "sweep_id": params.integer(g.get("sweep"), "扫描批次"),
            "as_of": params.moment(g.get("as_of")),
            "level": params.choice(g.get("level"), Level, "级别"),
            "department": params.department(g.get("department")),
        },
    ) or {"sweep_id": None}
    qs = selectors.warnings_as_of(request.user, current=bool(g.get("current")), **filters).select_related("department", "responsible__staff")
    listing = lists.Listing(request, qs, field="effective_at", columns=WARNING_COLUMNS, sorts=WARNING_SORTS)
    if listing.export:
        return _warnings_export(listing.rows)
    rows = page(request, listing.rows, listing.size)
    rows.object_list = selectors.describe(rows.object_list)
    return render(
        request,
        "supervision/warnings.html",
        {
            "rows": rows,
            "levels": Level.choices,
            "departments": department_choices(),
            "q": g,
            "sweep_id": filters["sweep_id"],
            "tools": listing.tools,
        },
    )


WARNING_COLUMNS = {"effective": "effective_at", "due": "due", "supervision_due": "supervision_due_at", "department": "department__path"}
WARNING_SORTS = [
    ("-effective", "生效时间（新→旧）"),
    ("effective", "生效时间（旧→新）"),
    ("due", "所涉期限（近→远）"),
    ("supervision_due", "督办期限（近→远）"),
    ("department", "责任部门"),
]


def _warning_state(w: Warning) -> str:
    if w.withdrawn_at:
        return f"已撤回（{w.get_withdrawn_reason_display()}）"
    if w.resolved_at:
        return f"{clock.format_day(w.resolved_at)}办结"
    return "超期未办结" if w.overdue else "在办"


def _warnings_export(rows):
    """The filtered warnings as an Excel file: what the table shows, people by name."""
    found, note = lists.capped(rows)
    headers = ["级别", "事项", "环节/问题", "责任部门", "责任人", "所涉期限", "督办期限", "生效时间", "状态"]
    table = (
        [
            w.get_level_display(),
            w.subject_name,
            w.kind_label,
            w.department.name if w.department_id else "",
            display_name(w.responsible, ""),
            clock.format_due(w.due),
            clock.format_due(w.supervision_due_at) if w.supervision_due_at else "",
            w.effective_at,
            _warning_state(w),
        ]
        for w in selectors.describe(found)
    )
    return lists.xlsx_download("预警与红黄牌", headers, table, note=note)


def _visible_warning(request, warning_id: int) -> Warning:
    return get_object_or_404(selectors.visible_warnings(request.user).select_related("department", "responsible__staff", "clock"), pk=warning_id)


@staff_required
def warning_detail(request, warning_id: int):
    if request.GET.get("print"):
        w = _visible_warning(request, warning_id)
        return render(request, "supervision/letter_print.html", {"w": w, "letter": shown(lambda: letters.letter(w))})
    w = selectors.describe([_visible_warning(request, warning_id)])[0]
    ladder = (
        selectors.describe(Warning.objects.filter(clock_id=w.clock_id).select_related("department", "responsible__staff").order_by("effective_at"))
        if w.clock_id
        else [w]
    )
    return render(
        request,
        "supervision/warning_detail.html",
        {
            "w": w,
            "ladder": ladder,
            "late_days": selectors.working_days_late(w.due, w.resolved_at) if w.level != Level.NOTICE else 0,
            "faults": faults_on_warning(w.pk),
            "orders": w.orders.select_related("department").order_by("-issued_at"),
            "can_order": access_issue_order(request.user),
            "people": people_in(request.user, w.department) if w.department_id else [],
            "selected": w.responsible.get_username() if w.responsible_id else "",
            "has_letter": w.level != Level.NOTICE and w.rule == DEADLINE,
        },
    )


@staff_required
def warning_letter(request, warning_id: int):
    name, pdf = shown(lambda: letters.warning_letter(_visible_warning(request, warning_id)))
    return download(pdf, "application/pdf", name)


# -- supervision orders ---------------------------------------------------------------------


@staff_required
def order_list(request):
    qs = selectors.visible_orders(request.user)
    departments = list(department_choices())
    state = attempt(request, lambda: params.choice(request.GET.get("state"), OrderState, "状态"))
    if state:
        qs = qs.filter(state=state)
    listing = lists.Listing(request, qs, field="issued_at", columns=ORDER_COLUMNS, sorts=ORDER_SORTS)
    if listing.export:
        return _orders_export(listing.rows)
    return render(
        request,
        "supervision/orders.html",
        {
            "rows": page(request, listing.rows, listing.size),
            "states": OrderState.choices,
            "state": state,
            "tools": listing.tools,
            "can_issue": access_issue_order(request.user),
            "departments": departments,
            "people": people_in(request.user, departments[0] if departments else None),
        },
    )


ORDER_COLUMNS = {"issued": "issued_at", "due": "due_at", "number": "number", "state": "state", "department": "department__path"}
ORDER_SORTS = [
    ("-issued", "督办时间（新→旧）"),
    ("issued", "督办时间（旧→新）"),
    ("due", "答复期限（近→远）"),
    ("number", "编号"),
    ("state", "状态"),
    ("department", "承办部门"),
]


def _orders_export(rows):
    found, note = lists.capped(rows.select_related("responsible__staff", "issued_by__staff"))
    headers = ["编号", "承办部门", "承办人", "督办要求", "答复期限", "状态", "逾期上报", "督办人", "督办时间"]
    table = (
        [
            o.number,
            o.department.name,
            display_name(o.responsible, ""),
            o.instructions,
            clock.format_due(o.due_at),
            o.get_state_display(),
            "分管领导" if o.has_red else "部门负责人" if o.has_yellow else "",
            display_name(o.issued_by),
            o.issued_at,
        ]
        for o in found
    )
    return lists.xlsx_download("督办单", headers, table, note=note)


@staff_required
@require_POST
def order_issue(request):
    p = request.POST
    warning = get_object_or_404(selectors.visible_warnings(request.user), pk=p["warning"]) if p.get("warning") else None

    def issue():
        department = params.department(p.get("department")) or (warning.department if warning else None)
        if department is None:
            raise InvalidInput("请选择承办部门", code=Shared.MISSING_DEPARTMENT)
        subject_type, subject_id = clock_registry.picked_subject(request.user, p.get("case"), "督办对象")
        return services.order_issue(
            by=request.user,
            department=department,
            instructions=p.get("instructions", ""),
            working_days=params.integer(p.get("working_days"), "办理时限", default=0),
            subject_type=subject_type,
            subject_id=subject_id,
            warning=warning,
            responsible=params.user(p.get("responsible")),
        )

    order = attempt(request, issue, "督办单已发出")
    if order is not None:
        return redirect("supervision:order", order.pk)
    return redirect(request.POST.get("next") or "supervision:orders")


@staff_required
def order_detail(request, order_id: int):
    order = get_object_or_404(selectors.visible_orders(request.user), pk=order_id)
    return render(
        request,
        "supervision/order_print.html" if request.GET.get("print") else "supervision/order_detail.html",
        {
            "o": order,
            "subject": clock_registry.subject_name(order.subject_type, order.subject_id),
            "subject_url": clock_registry.subject_url(order.subject_type, order.subject_id),
            "escalation": selectors.order_escalation(order),
            "can_answer": order.state == OrderState.ISSUED and access_answer_order(request.user, order),
            "can_review": order.state == OrderState.ANSWERED and access_review_order(request.user),
            "can_withdraw": order.state == OrderState.ISSUED and access_issue_order(request.user),
        },
    )


@staff_required
@require_POST
def order_act(request, order_id: int, action: str):
    order = get_object_or_404(selectors.visible_orders(request.user), pk=order_id)
    p = request.POST
    actions = {
        "answer": (lambda: services.order_answer(by=request.user, order=order, answer=p.get("answer", "")), "已答复"),
        "accept": (lambda: services.order_review(by=request.user, order=order, accept=True, note=p.get("note", "")), "已办结"),
        "return": (lambda: services.order_review(by=request.user, order=order, accept=False, note=p.get("note", "")), "已退回重办"),
        "withdraw": (lambda: services.order_withdraw(by=request.user, order=order, reason=p.get("reason", "")), "已撤回"),
    }
    act(request, action, actions)
    return redirect("supervision:order", order.pk)


# -- honour and shame lists -----------------------------------------------------------------


@staff_required
def list_manage(request):
    if not access_manage_lists(request.user):
        return HttpResponseForbidden("只有效能办或领导可以管理红黑榜。")
    qs = ListEntry.objects.select_related("department", "drafted_by", "approved_by").order_by("-updated_at", "-id")
    rows = page(request, qs)
    rows.object_list = clock_registry.named(rows.object_list)
    return render(
        request,
        "supervision/lists_manage.html",
        {
            "rows": rows,
            "kinds": ListKind.choices,
            "targets": ListTarget.choices,
            "departments": department_choices(),
            "can_approve": access_approve_list_entry(request.user),
            "states": ListState,
        },
    )


@staff_required
@require_POST
def list_draft(request):
    p = request.POST

    def draft():
        subject_type, subject_id = clock_registry.picked_subject(request.user, p.get("case"), "案例")
        return services.list_entry_draft(
            by=request.user,
            kind=p.get("kind", ""),
            target=p.get("target", ""),
            department=params.department(p.get("department"), "部门或窗口", required=True),
            title=p.get("title", ""),
            summary=p.get("summary", ""),
            period=p.get("period", ""),
            subject_type=subject_type,
            subject_id=subject_id,
        )

    attempt(request, draft, "已保存草稿")
    return redirect("supervision:lists")


@staff_required
@require_POST
def list_act(request, entry_id: int, action: str):
    entry = get_object_or_404(ListEntry, pk=entry_id)
    p = request.POST
    actions = {
        "submit": (lambda: services.list_entry_submit(by=request.user, entry=entry), "已提交审批"),
        "approve": (lambda: services.list_entry_decide(by=request.user, entry=entry, approve=True, note=p.get("note", "")), "已批准并在门户发布"),
        "return": (lambda: services.list_entry_decide(by=request.user, entry=entry, approve=False, note=p.get("note", "")), "已退回起草人"),
        "withdraw": (lambda: services.list_entry_withdraw(by=request.user, entry=entry, reason=p.get("reason", "")), "已从门户撤下"),
    }
    act(request, action, actions)
    return redirect("supervision:lists")


# -- bulletins ------------------------------------------------------------------------------


@staff_required
def bulletin_list(request):
    if not access_read_bulletins(request.user):
        return HttpResponseForbidden("只有效能办、领导和部门负责人可以查阅通报。")
    last_month = params.month(None)
    return render(
        request,
        "supervision/bulletins.html",
        {"rows": page(request, Bulletin.objects.select_related("issued_by")), "can_issue": access_issue_bulletin(request.user), "default_month": last_month},
    )


@staff_required
@require_POST
def bulletin_issue(request):
    def issue():
        as_of = params.moment(request.POST.get("as_of"))
        return services.bulletin_issue(by=request.user, month=params.month(request.POST.get("month")), as_of=as_of)

    attempt(request, issue, "通报已签发")
    return redirect("supervision:bulletins")


def _bulletin_file(data: dict, fmt: str, number: str = ""):
    return download(*shown(lambda: bulletins.rendered(data, fmt, number=number)))


@staff_required
def bulletin_download(request, bulletin_id: int, fmt: str):
    if not access_read_bulletins(request.user):
        return HttpResponseForbidden("无权查阅通报。")
    b = get_object_or_404(Bulletin, pk=bulletin_id)
    return _bulletin_file(b.figures, fmt, b.number)


@staff_required
def bulletin_preview(request, fmt: str):
    if not access_read_bulletins(request.user):
        return HttpResponseForbidden("无权查阅通报。")
    data = shown(lambda: bulletins.figures(params.month(request.GET.get("month")), params.moment(request.GET.get("as_of")) or clock.now()))
    return _bulletin_file(data, fmt)


# --- 补录 beyond the window: the office's approvals ------------------------------------------


def _approve_backfill(request):
    p = request.POST
    subject_type, subject_id = clock_registry.picked_subject(request.user, p.get("case"), "办件或工单", required=True)
    return backfill.approve(
        by=request.user,
        subject_type=subject_type,
        subject_id=subject_id,
        step=p.get("step", ""),
        acted_on=params.date(p.get("acted_on"), "办理日期"),
        reason=p.get("reason", ""),
    )


@staff_required
def backfill_approvals(request):
    """超期补录审批: a step done on paper more than the window's working days ago may be
    recorded only after the office approves it here (the case picked by its number)."""
    if not access_approve_backfill(request.user):
        return HttpResponseForbidden("超期补录审批仅供效能监督部门使用。")
    if request.method == "POST" and attempt(request, lambda: _approve_backfill(request), "已批准补录，承办人现可按该日期登记办理环节。"):
        return redirect("supervision:backfill")
    steps = backfill.steps_by_type()
    rows = page(request, backfill.approvals())
    entries = clock_registry.named(rows.object_list)
    for r in entries:
        r.url = clock_registry.subject_url(r.subject_type, r.subject_id)
        r.step_label = steps.get(r.subject_type, {}).get((r.after or {}).get("step"), "")
        r.acted_on = dt.date.fromisoformat(r.after["acted_on"]) if (r.after or {}).get("acted_on") else None
    return render(
        request,
        "supervision/backfill.html",
        {
            "page": rows,
            "entries": entries,
            "steps": [(clock_registry.subject_label(t), sorted(s.items())) for t, s in steps.items()],
            "window_days": backfill.window_days(),
            "posted": request.POST,
        },
    )
