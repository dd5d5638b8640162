"""Staff pages for work orders: operator entry, dispatcher queue, department inbox, follow-up
queue, search, case detail with its action forms, statistics.  Views parse input, call one
service or selector, and render; what a user may see comes from ``presenters``."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xiaoneng.core import clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import InvalidInput
from xiaoneng.web import lists, params
from xiaoneng.web.pages import attempt, page, shown, staff_required
from xiaoneng.workorders.access import (
    access_roster_manage,
    access_roster_view,
    access_workorder_dispatch,
    access_workorder_identity,
    access_workorder_intake,
    access_workorder_office,
    access_workorder_search_identity,
    access_workorder_stats,
    access_workorder_view,
    roster_candidates,
    workorder_stats_scope,
)

from . import presenters, rules, selectors, services, stats
from .forms import FollowUpForm, LinkForm, OperatorIntakeForm, department_choices
from .models import OPEN_STATUSES, DutyShift, FollowUp, Satisfaction, Status, WorkOrder, WorkOrderType
from .replies import close_blocker
from .routing import dispatch_as_suggested, dispatcher_suggestions, dispatcher_suggestions_all
from .services.common import centre as centre_of_12345

PAGE_SIZE = 50


def _summaries(user, rows):
    return [presenters.summary(user, wo) for wo in rows]


# --- intake -------------------------------------------------------------------------


@staff_required
def new(request):
    """受理登记: the operator's fast keyboard form (12345 calls, walk-ins, e-mail, ...)."""
    user = request.user
    if not (access_workorder_intake(user, "hotline") or access_workorder_intake(user, "walk_in")):
        return HttpResponseForbidden("只有话务派单员和窗口人员可以受理登记。")
    form = OperatorIntakeForm(request.POST or None, initial={"channel": "hotline" if access_workorder_dispatch(user) else "walk_in"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        wo = attempt(
            request,
            lambda: services.workorder_create(
                by=user,
                channel=d["channel"],
                type=d["type"],
                title=d["title"],
                content=d["content"],
                urgent=d["urgent"],
                requester=form.requester(),
                location=form.location(),
                direct_answer=d["direct_answer"],
            ),
            lambda wo: f"已受理，受理编号 {wo.tracking_no}，查询码 {wo.query_code}（请告知诉求人）。",
        )
        if wo is not None:
            return redirect("workorders:detail", pk=wo.pk)
    return render(request, "workorders/new.html", {"form": form, "types": WorkOrderType.choices})


@staff_required
def caller_history(request):
    """htmx: earlier cases of the same phone number (重复来电), for the operator."""
    phone = request.GET.get("phone", "").strip()
    rows = []
    if len(phone) >= 7 and access_workorder_search_identity(request.user):
        rows = _summaries(request.user, WorkOrder.objects.filter(requester_phone=phone).select_related("department").order_by("-received_at")[:5])
    return render(request, "workorders/_caller_history.html", {"rows": rows, "phone": phone})


# --- lists --------------------------------------------------------------------------


QUEUE_BATCH = lists.Batch([("dispatch", "按建议批量派单"), (lists.EXPORT, "导出所选（Excel）")])
INBOX_BATCH = lists.Batch([("sign", "批量签收"), (lists.EXPORT, "导出所选（Excel）")])
LIST_BATCH = lists.Batch([(lists.EXPORT, "导出所选（Excel）")])
INBOX_ROWS = 200  # the rows 部门工单 shows, the most urgent first; its counts are over them


def _batch(request, batch: lists.Batch, rows, actions: dict, back: str):
    """Run the pressed batch action on the ticked ``rows``: an Excel copy of them, or the
    one-item service in ``actions`` on each; back to ``back`` with "成功 N 条，失败 M 条"."""
    user = request.user
    chosen = attempt(request, lambda: (batch.chosen(request), lists.selected(request)))
    if chosen is None:
        return redirect(back)
    name, ids = chosen
    if name == lists.EXPORT:
        return _export(user, selectors.workorders_for(user).filter(pk__in=ids).order_by("-received_at", "-pk"))
    call = actions[name](ids)
    lists.report(request, lists.run_batch(ids, rows, call, name=lambda wo: wo.tracking_no))
    return redirect(back)


@staff_required
def queue(request):
    """派单队列: new cases and returns to review, urgent and oldest first."""
    user = request.user
    if not access_workorder_dispatch(user):
        return HttpResponseForbidden("只有派单员可以查看派单队列。")
    if request.method == "POST":

        def dispatch(ids):
            suggested = dispatcher_suggestions_all(lists.selected_rows(selectors.dispatch_queue(), ids))  # one model call for the batch
            return lambda wo: dispatch_as_suggested(by=user, workorder=wo, suggested=suggested[wo.pk])

        return _batch(request, QUEUE_BATCH, selectors.dispatch_queue(), {"dispatch": dispatch}, "workorders:queue")
    rows = list(selectors.dispatch_queue()[:PAGE_SIZE])
    returns = {wo.pk: (list(wo.returns.all()) or [None])[0] for wo in rows}
    # every card's suggestions in this one request: one call of the routing model per page
    suggested = dispatcher_suggestions_all([wo for wo in rows if returns[wo.pk] is None])
    items = [(s, returns[s["id"]], suggested.get(s["id"])) for s in _summaries(request.user, rows)]
    context = {"items": items, "total": selectors.dispatch_queue().count(), "departments": department_choices(), "batch": QUEUE_BATCH}
    return render(request, "workorders/queue.html", context)


@staff_required
def inbox(request):
    """部门工单: the department's open cases by the deadline it faces next."""
    user = request.user
    if request.method == "POST":

        def sign(ids):
            return lambda wo: services.workorder_sign(by=user, workorder=wo)

        return _batch(request, INBOX_BATCH, selectors.department_inbox(user), {"sign": sign}, "workorders:inbox")
    rows = list(selectors.department_inbox(request.user)[: INBOX_ROWS + 1])
    more, rows = len(rows) > INBOX_ROWS, rows[:INBOX_ROWS]
    counts = selectors.inbox_counts(rows, clock.now())
    items = [(s, w.next_due) for s, w in zip(_summaries(request.user, rows), rows, strict=True)]
    return render(request, "workorders/inbox.html", {"items": items, "counts": counts, "more": more, "shown": INBOX_ROWS, "batch": INBOX_BATCH})


@staff_required
def follow_up_queue(request):
    """回访办结: answered cases waiting for the call-back and closure."""
    if not access_workorder_office(request.user):
        return HttpResponseForbidden("只有派单员和效能办可以回访办结。")
    rows = list(selectors.follow_up_queue()[:100])
    rounds = {w.pk: w.round for w in rows}
    latest = {fu.workorder_id: fu for fu in FollowUp.objects.filter(workorder__in=rows).order_by("id") if fu.round == rounds[fu.workorder_id]}
    items = [(s, latest.get(s["id"])) for s in _summaries(request.user, rows)]
    return render(request, "workorders/follow_up_queue.html", {"items": items})


@staff_required
def search(request):
    """工单查询: every case the user may read, filtered."""
    user = request.user
    if request.method == "POST":
        return _batch(request, LIST_BATCH, selectors.workorders_for(user), {}, request.get_full_path())
    rows = selectors.workorders_for(user)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "status", "type", "department", "open", "overdue")}
    if f["status"] in Status.values:
        rows = rows.filter(status=f["status"])
    if f["type"] in WorkOrderType.values:
        rows = rows.filter(type=f["type"])
    if f["department"]:
        rows = rows.filter(department__code=f["department"])
    if f["open"]:
        rows = rows.filter(status__in=OPEN_STATUSES)
    if f["overdue"]:
        rows = rows.filter(stats.overdue_now(clock.now()))
    if f["q"]:
        rows = selectors.search(rows, f["q"], identity=access_workorder_search_identity(user))
    listing = lists.Listing(request, rows, field="received_at", columns=LIST_COLUMNS, sorts=SORTS)
    if listing.export:
        return _export(user, listing.rows)
    rows = page(request, listing.rows, listing.size)
    return render(
        request,
        "workorders/list.html",
        {
            "page": rows,
            "rows": _summaries(user, rows.object_list),
            "f": f,
            "tools": listing.tools,
            "statuses": Status.choices,
            "types": WorkOrderType.choices,
            "departments": department_choices(),
            "batch": LIST_BATCH,
        },
    )


LIST_COLUMNS = {"received": "received_at", "due": "due_at", "status": "status", "department": "department__path", "type": "type"}
SORTS = [
    ("-received", "受理时间（新→旧）"),
    ("received", "受理时间（旧→新）"),
    ("due", "办理期限（近→远）"),
    ("-due", "办理期限（远→近）"),
    ("status", "状态"),
    ("department", "承办部门"),
    ("type", "类型"),
]


def _export(user, rows):
    """The filtered list as an Excel file, with what the role may read (identities masked)."""
    found, note = lists.capped(rows.select_related("department"))
    cases = _summaries(user, found)
    headers = ["受理编号", "标题", "类型", "状态", "承办部门", "诉求人", "受理时间", "办理期限"]
    table = (
        [
            c["tracking_no"],
            c["title"],
            c["type_label"],
            c["status_label"],
            (c["department"] or {}).get("name", ""),
            c["requester"],
            dt.datetime.fromisoformat(c["received_at"]),
            clock.format_due(dt.datetime.fromisoformat(c["due_at"])) if c["due_at"] else "",
        ]
        for c in cases
    )
    return lists.xlsx_download("工单查询", headers, table, note=note)


# --- one case -----------------------------------------------------------------------


def _case(request, pk) -> WorkOrder:
    return shown(lambda: selectors.workorder_for(request.user, pk))


@staff_required
def detail(request, pk):
    user = request.user
    wo = _case(request, pk)
    case = presenters.detail(user, wo)
    primary, duplicates = selectors.group_of(wo)
    context = {
        "case": case,
        "wo": wo,
        "actions": set(case["actions"]),
        "departments": department_choices(),
        "types": WorkOrderType.choices,
        "satisfactions": Satisfaction.choices,
        "follow_up_form": FollowUpForm(),
        "link_form": LinkForm(),
        "pending_return": selectors.pending_return(wo),
        "pending_extension": wo.extensions.filter(status="pending").first(),
        "group": {"primary": primary, "members": duplicates} if duplicates else None,
        "suggest": access_workorder_dispatch(user) or access_workorder_office(user),
        # shown before anyone presses 办结: the reply review that would refuse it
        "close_blocker": close_blocker(wo) if wo.status == Status.REPLIED else None,
        "printed_at": clock.now(),
        # nobody escapes: while a case waits for dispatch, the dispatcher on duty answers for it
        "on_duty": selectors.shift_at(wo.received_at) if wo.department_id is None else None,
    }
    return render(request, "workorders/print.html" if request.GET.get("print") else "workorders/detail.html", context)


@staff_required
def suggestions(request, pk):
    """htmx: routing suggestions (model and rules) for one case."""
    wo = _case(request, pk)
    if not (access_workorder_dispatch(request.user) or access_workorder_office(request.user)):
        return HttpResponseForbidden()
    return render(request, "workorders/_suggestions.html", {"wo": wo, **dispatcher_suggestions(wo)})


def _yes(post, name) -> bool:
    return post.get(name) in ("1", "on", "true")


def _follow_up(request, wo):
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("回访记录填写有误", code=Shared.INVALID_INPUT)
    return services.workorder_follow_up(by=request.user, workorder=wo, **form.cleaned_data)


def _decide_extension(request, wo):
    ext = selectors.extension_of(wo, params.integer(request.POST.get("extension"), "延期申请"))
    return services.workorder_extension_decide(by=request.user, extension=ext, approve=_yes(request.POST, "approve"), note=request.POST.get("note", ""))


def _attach(request, wo):
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidInput("请选择文件", code=Shared.MISSING_FILE)
    return services.attachment_add(
        by=request.user, workorder=wo, upload=services.Upload(name=upload.name, content=upload.read(), confidential=_yes(request.POST, "confidential"))
    )


# action name -> (service call, message on success)
ACTIONS = {
    "classify": (
        lambda r, wo: services.workorder_classify(by=r.user, workorder=wo, type=r.POST.get("type", ""), urgent=_yes(r.POST, "urgent")),
        "已调整分类，办理期限已重新计算",
    ),
    "dispatch": (
        lambda r, wo: services.workorder_dispatch(
            by=r.user,
            workorder=wo,
            department=params.department(r.POST.get("department"), "承办部门", required=True),
            co_departments=[params.department(c) for c in r.POST.getlist("co_departments") if c],
            note=r.POST.get("note", ""),
        ),
        "已派单",
    ),
    "answer": (lambda r, wo: services.workorder_answer(by=r.user, workorder=wo, content=r.POST.get("content", "")), "已直接答复"),
    "review_return": (
        lambda r, wo: services.workorder_return_review(
            by=r.user,
            workorder=wo,
            accept=_yes(r.POST, "accept"),
            note=r.POST.get("note", ""),
            department=params.department(r.POST.get("department"), "承办部门"),
            allow_again=_yes(r.POST, "allow_again"),
        ),
        "退单已审核",
    ),
    "sign": (lambda r, wo: services.workorder_sign(by=r.user, workorder=wo), "已签收"),
    "return": (lambda r, wo: services.workorder_return(by=r.user, workorder=wo, reason=r.POST.get("reason", "")), "已退单，等待派单员审核"),
    "co_opinion": (lambda r, wo: services.workorder_co_opinion(by=r.user, workorder=wo, opinion=r.POST.get("opinion", "")), "已提交协办意见"),
    "feedback": (lambda r, wo: services.workorder_feedback(by=r.user, workorder=wo, content=r.POST.get("content", "")), "已反馈办理进展"),
    "extension": (
        lambda r, wo: services.workorder_extension_request(
            by=r.user, workorder=wo, days=params.integer(r.POST.get("days"), "延长的工作日数", required=True), reason=r.POST.get("reason", "")
        ),
        "已提交延期申请",
    ),
    "decide_extension": (_decide_extension, "延期申请已审批"),
    "reply": (lambda r, wo: services.workorder_reply(by=r.user, workorder=wo, content=r.POST.get("content", "")), "已答复"),
    "group_reply": (lambda r, wo: services.workorder_group_reply(by=r.user, workorder=wo, content=r.POST.get("content", "")), "已合并答复本组工单"),
    "follow_up": (_follow_up, "已记录回访结果"),
    "close": (lambda r, wo: services.workorder_close(by=r.user, workorder=wo, result=r.POST.get("result", "")), "已办结"),
    "group_close": (lambda r, wo: services.workorder_group_close(by=r.user, workorder=wo, result=r.POST.get("result", "")), "已合并办结本组工单"),
    "reopen": (lambda r, wo: services.workorder_reopen(by=r.user, workorder=wo, reason=r.POST.get("reason", "")), "已重办，承办部门须重新签收"),
    "link": (
        lambda r, wo: services.workorder_link(
            by=r.user, source=wo, target=selectors.workorder_by_reference(r.POST.get("other", "")), kind=r.POST.get("kind", ""), note=r.POST.get("note", "")
        ),
        "已关联",
    ),
    "attach": (_attach, "已上传附件"),
}


@staff_required
@require_POST
def act(request, pk, action):
    """One form post → one service; the answer is the case page with a message."""
    wo = _case(request, pk)
    entry = ACTIONS.get(action)
    if entry is None:
        raise Http404("未知操作")
    call, done = entry
    attempt(request, lambda: call(request, wo), done)
    target = reverse("workorders:detail", args=[wo.pk])
    if access_workorder_view(request.user, WorkOrder.objects.get(pk=wo.pk)):
        return redirect(target)
    return redirect("workorders:inbox")


@staff_required
def attachment(request, pk, attachment_id):
    wo = _case(request, pk)
    att = wo.attachments.filter(pk=attachment_id).first()
    if att is None or (att.confidential and not access_workorder_identity(request.user, wo)):
        raise Http404("附件不存在或无权查看")
    return FileResponse(
        att.file.open("rb"),
        content_type=att.content_type,
        as_attachment=not att.content_type.startswith("image/"),
        filename=selectors.attachment_name(request.user, wo, att),
    )


# --- statistics ---------------------------------------------------------------------


STATS_DAYS = 30


def _periods(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The periods the statistics page offers with one click."""
    return [
        (f"近{STATS_DAYS}日", today - dt.timedelta(days=STATS_DAYS - 1), today),
        ("本月", today.replace(day=1), today),
        ("本季度", today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today),
        ("本年", today.replace(month=1, day=1), today),
    ]


@staff_required
def statistics(request):
    if not access_workorder_stats(request.user):
        return HttpResponseForbidden("无权查看统计。")
    g = request.GET
    end = attempt(request, lambda: params.date(g.get("end"), "统计期结束日期")) or clock.today()
    # by default the last 30 days (a month-to-date period is three days long on 3 December)
    start = attempt(request, lambda: params.date(g.get("start"), "统计期开始日期")) or end - dt.timedelta(days=STATS_DAYS - 1)
    asked = attempt(request, lambda: params.moment(g.get("as_of"), "统计时点"))  # None: now, from the kept daily figures
    if start > end:
        start, end = end, start
    as_of = asked or clock.now()
    rows, total = stats.department_figures(start=start, end=end, as_of=asked, scope=workorder_stats_scope(request.user))
    return render(
        request,
        "workorders/stats.html",
        {
            "rows": rows,
            "total": total,
            "start": start,
            "end": end,
            "as_of": as_of,
            "asked": asked,
            "definitions": stats.DEFINITIONS,
            "presets": _periods(clock.today()),
        },
    )


# --- the duty roster (派单值班表) ----------------------------------------------------------


def _shift_fields(request) -> dict:
    post = request.POST
    return {
        "staff": params.staff(post.get("staff")),
        "starts_at": params.moment(post.get("starts_at"), "开始时间", starts=True),
        "ends_at": params.moment(post.get("ends_at"), "结束时间", starts=True),
        "note": post.get("note", ""),
    }


@staff_required
def roster(request):
    """The week's roster; the centre's head or an administrator adds, changes and removes shifts."""
    centre = centre_of_12345()
    if not access_roster_view(request.user, centre):
        return HttpResponseForbidden("派单值班表仅供热线中心、效能办和系统管理员查看。")
    day = attempt(request, lambda: params.date(request.GET.get("week"), "周次")) or clock.today()
    monday, sunday = rules.week_of(day)
    if request.method == "POST":
        created = attempt(request, lambda: services.duty_shift_create(by=request.user, **_shift_fields(request)), "已排班。")
        if created is not None:
            return redirect(f"{reverse('workorders:roster')}?week={clock.local(created.starts_at).date().isoformat()}")
    return render(
        request,
        "workorders/roster.html",
        {
            "days": selectors.roster_week(monday),
            "monday": monday,
            "sunday": sunday,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "today": clock.today(),
            "can_manage": access_roster_manage(request.user, centre),
            "people": roster_candidates(centre),
            "posted": request.POST,
        },
    )


@staff_required
@require_POST
def roster_shift(request, pk: int, action: str):
    shift = DutyShift.objects.filter(pk=pk).first()
    if shift is None:
        raise Http404("班次不存在")
    week = clock.local(shift.starts_at).date().isoformat()
    if action == "update":
        attempt(request, lambda: services.duty_shift_update(by=request.user, shift=shift, **_shift_fields(request)), "已调整班次。")
    elif action == "delete":
        attempt(request, lambda: services.duty_shift_delete(by=request.user, shift=shift), "已取消班次。")
    else:
        raise Http404
    return redirect(f"{reverse('workorders:roster')}?week={week}")
