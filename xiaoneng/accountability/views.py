"""Staff pages of accountability: faults (record, verify, dismiss), sanctions (decide), appeals
(file, decide).  Views parse input, call one service, and render."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xiaoneng.accountability.access import access_appeal, access_decide_appeal, access_decide_sanction, access_record_fault, access_verify_fault
from xiaoneng.clocks import registry as clock_registry
from xiaoneng.core import clock
from xiaoneng.core.models import AuditRecord
from xiaoneng.core.timeline import of, timeline
from xiaoneng.org.access import people_in
from xiaoneng.web import lists, params
from xiaoneng.web.pages import act, attempt, department_choices, page, staff_required

from . import selectors, services
from .models import Appeal, AppealStatus, CountingWindow, FaultSource, FaultStatus, Measure, PersonCategory, Sanction, SanctionStatus

MANUAL_SOURCES = [(v, label) for v, label in FaultSource.choices if v in (FaultSource.COMPLAINT, FaultSource.INSPECTION, FaultSource.OTHER)]


@staff_required
def fault_list(request):
    qs = selectors.faults_for(request.user)
    status = attempt(request, lambda: params.choice(request.GET.get("status"), FaultStatus, "状态"))
    if status:
        qs = qs.filter(status=status)
    listing = lists.Listing(request, qs, field="occurred_at", columns=FAULT_COLUMNS, sorts=FAULT_SORTS)
    if listing.export:
        return _faults_export(request.user, listing.rows)
    rows = page(request, listing.rows, listing.size)
    departments = list(department_choices())
    rows.object_list = clock_registry.named(rows.object_list)
    for f in rows.object_list:
        selectors.shown(request.user, f)
    return render(
        request,
        "accountability/faults.html",
        {
            "rows": rows,
            "statuses": FaultStatus.choices,
            "status": status,
            "can_record": access_record_fault(request.user),
            "sources": MANUAL_SOURCES,
            "departments": departments,
            "people": people_in(request.user, departments[0] if departments else None),
            "conduct": selectors.published_conduct(),
            "tools": listing.tools,
        },
    )


FAULT_COLUMNS = {"recorded": "recorded_at", "occurred": "occurred_at", "status": "status", "department": "department__path", "source": "source"}
FAULT_SORTS = [
    ("-recorded", "登记时间（新→旧）"),
    ("recorded", "登记时间（旧→新）"),
    ("-occurred", "发生时间（新→旧）"),
    ("occurred", "发生时间（旧→新）"),
    ("status", "状态"),
    ("department", "责任部门"),
    ("source", "来源"),
]


def _faults_export(user, rows):
    """The filtered faults as an Excel file, with the facts as this role may read them."""
    found, note = lists.capped(rows)
    headers = ["编号", "来源", "事实", "关联事项", "责任部门", "责任人", "高压线", "发生时间", "状态"]
    table = (
        [
            f.number,
            f.get_source_display(),
            selectors.shown(user, f).description,
            f.subject_name or "",
            f.department.name,
            f.person.name if f.person_id else "",
            f.conduct.title if f.conduct_id else "",
            f.occurred_at,
            f.get_status_display(),
        ]
        for f in clock_registry.named(found)
    )
    return lists.xlsx_download("行政过错", headers, table, note=note)


@staff_required
@require_POST
def fault_report(request):
    p = request.POST

    def report():
        department = params.department(p.get("department"), "责任部门", required=True)
        return services.fault_report(
            by=request.user,
            source=p.get("source", ""),
            department=department,
            description=p.get("description", ""),
            person=params.staff(p.get("person")),
            conduct=selectors.conduct(p.get("conduct")),
            occurred_at=params.moment(p.get("occurred_at"), "occurred_at"),
        )

    fault = attempt(request, report, "已登记过错线索")
    return redirect("accountability:fault", fault.pk) if fault else redirect("accountability:faults")


def _history(fault) -> list[AuditRecord]:
    sanctions = fault.sanctions.values_list("pk", flat=True)
    appeals = fault.sanctions.filter(appeal__isnull=False).values_list("appeal__pk", flat=True)
    return timeline(fault, of(Sanction, sanctions), of(Appeal, appeals))


@staff_required
def fault_detail(request, fault_id: int):
    fault = get_object_or_404(selectors.faults_for(request.user).select_related("warning", "decided_by"), pk=fault_id)
    sanctions = list(fault.sanctions.select_related("person__user", "decided_by", "appeal", "replaces").order_by("id"))
    now = clock.now()
    for s in sanctions:
        s.appeal_obj = getattr(s, "appeal", None)
        s.can_decide = s.status == SanctionStatus.PROPOSED and access_decide_sanction(request.user)
        s.can_appeal = s.status == SanctionStatus.DECIDED and access_appeal(request.user, s) and s.appeal_due_at and now < s.appeal_due_at
        s.can_review = (
            s.appeal_obj is not None and s.appeal_obj.status == AppealStatus.FILED and access_decide_appeal(request.user) and s.decided_by_id != request.user.pk
        )
    return render(
        request,
        "accountability/fault_detail.html",
        {
            "f": selectors.shown(request.user, clock_registry.named([fault])[0]),
            "subject_url": clock_registry.subject_url(fault.subject_type, fault.subject_id) if fault.subject_type else None,
            "finding": getattr(fault, "finding", None),
            "sanctions": sanctions,
            "can_verify": fault.status == FaultStatus.REPORTED and access_verify_fault(request.user),
            "conduct": selectors.published_conduct(),
            "measures": Measure.choices,
            "outcomes": [(v, label) for v, label in AppealStatus.choices if v != AppealStatus.FILED],
            "history": _history(fault),
        },
    )


@staff_required
@require_POST
def fault_act(request, fault_id: int, action: str):
    fault = get_object_or_404(selectors.faults_for(request.user), pk=fault_id)
    p = request.POST
    actions = {
        "verify": (
            lambda: services.fault_verify(by=request.user, fault=fault, basis=p.get("basis", ""), conduct=selectors.conduct(p.get("conduct"))),
            "已认定过错，并按梯度提出处理建议",
        ),
        "dismiss": (lambda: services.fault_dismiss(by=request.user, fault=fault, reasons=p.get("reasons", "")), "已作出不予认定决定"),
    }
    act(request, action, actions)
    return redirect("accountability:fault", fault.pk)


@staff_required
@require_POST
def sanction_act(request, sanction_id: int, action: str):
    sanction = get_object_or_404(selectors.sanctions_for(request.user).select_related("person__user"), pk=sanction_id)
    p = request.POST
    actions = {
        "decide": (
            lambda: services.sanction_decide(by=request.user, sanction=sanction, basis=p.get("basis", ""), measure=p.get("measure") or None),
            "已作出处理决定并告知本人",
        ),
        "appeal": (lambda: services.appeal_file(by=request.user, sanction=sanction, grounds=p.get("grounds", "")), "申诉已提交"),
        "review": (
            lambda: services.appeal_decide(
                by=request.user, appeal=sanction.appeal, outcome=p.get("outcome", ""), basis=p.get("basis", ""), new_measure=p.get("new_measure", "")
            ),
            "已作出复核决定",
        ),
    }
    act(request, action, actions)
    return redirect("accountability:fault", sanction.fault_id)


@staff_required
def sanction_list(request):
    qs = selectors.sanctions_for(request.user)
    status = attempt(request, lambda: params.choice(request.GET.get("status"), SanctionStatus, "状态"))
    if status:
        qs = qs.filter(status=status)
    return render(request, "accountability/sanctions.html", {"rows": page(request, qs), "statuses": SanctionStatus.choices, "status": status})


def conduct_public(request):
    """The published list of prohibited conduct (高压线) and the sanction ladders."""
    ladders = []
    for value, label in PersonCategory.choices:
        ladder = selectors.ladder_for(value)
        ladders.append(
            {
                "label": label,
                "steps": [Measure(m).label for m in ladder.steps],
                "window": CountingWindow(ladder.window).label,
                "appeal_days": ladder.appeal_working_days,
            }
        )
    return render(request, "accountability/conduct_public.html", {"conduct": selectors.published_conduct(), "ladders": ladders})
