"""Staff pages of inspections: plans and their draw, findings, evidence.  Views parse input,
call one service, and render."""

from __future__ import annotations

from django.http import FileResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xiaoneng.accountability.access import access_record_fault
from xiaoneng.core import clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import InvalidInput
from xiaoneng.inspections.access import access_manage_inspections, access_view_plans
from xiaoneng.org.access import people_in
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.web import params
from xiaoneng.web.pages import act, attempt, department_choices, page, staff_required

from . import rules, selectors, services
from .models import Evidence, FindingCategory, PlanState


@staff_required
def plan_list(request):
    if not access_view_plans(request.user):
        return redirect("inspections:findings")
    return render(
        request,
        "inspections/plans.html",
        {
            "rows": page(request, selectors.plans()),
            "can_manage": access_manage_inspections(request.user),
            "kinds": DepartmentKind.choices,
            "default_slots": " ".join(rules.DEFAULT_SLOTS),
            "today": clock.today(),
        },
    )


@staff_required
@require_POST
def plan_create(request):
    p = request.POST

    def create():
        kinds = p.getlist("kinds")
        departments = list(Department.objects.filter(is_active=True, kind__in=kinds)) if kinds else []
        return services.plan_create(
            by=request.user,
            title=p.get("title", ""),
            starts_on=params.date(p.get("starts_on"), "开始日期", required=True),
            ends_on=params.date(p.get("ends_on"), "结束日期", required=True),
            target_count=params.integer(p.get("target_count"), "抽取数量", default=0),
            departments=departments,
            slots=p.get("slots", "").split() or None,
            notes=p.get("notes", ""),
        )

    plan = attempt(request, create, "计划已制定，请随机抽取检查对象")
    return redirect("inspections:plan", plan.pk) if plan else redirect("inspections:plans")


@staff_required
def plan_detail(request, plan_id: int):
    if not access_view_plans(request.user):
        return HttpResponseForbidden("明察暗访计划仅效能办和领导可见。")
    plan = get_object_or_404(selectors.plans(), pk=plan_id)
    targets = list(plan.targets.select_related("department").order_by("sequence"))
    visited = list({t.department_id: t.department for t in targets}.values())
    reproduced = None
    if plan.seed is not None:
        reproduced = services.plan_draw_preview(plan, plan.seed) == [(t.visit_on, t.visit_time, t.department_id) for t in targets]
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "targets": targets,
            "pool": Department.objects.filter(pk__in=plan.pool).order_by("path"),
            "reproduced": reproduced,
            "can_manage": access_manage_inspections(request.user),
            "categories": FindingCategory.objects.filter(is_active=True),
            "states": PlanState,
            "visited": visited,
            "people": people_in(request.user, visited[0] if visited else None),
        },
    )


@staff_required
@require_POST
def plan_act(request, plan_id: int, action: str):
    plan = get_object_or_404(selectors.plans(), pk=plan_id)

    def draw():
        return services.plan_draw(by=request.user, plan=plan, seed=params.integer(request.POST.get("seed"), "随机种子"))

    actions = {"draw": (draw, "已随机抽取，种子已记录"), "complete": (lambda: services.plan_complete(by=request.user, plan=plan), "计划已完成")}
    act(request, action, actions)
    return redirect("inspections:plan", plan.pk)


@staff_required
def finding_list(request):
    departments = list(department_choices())
    return render(
        request,
        "inspections/findings.html",
        {
            "rows": page(request, selectors.findings_for(request.user)),
            "can_manage": access_manage_inspections(request.user),
            "categories": FindingCategory.objects.filter(is_active=True),
            "departments": departments,
            "people": people_in(request.user, departments[0] if departments else None),
            "now": clock.now(),
        },
    )


@staff_required
@require_POST
def finding_create(request):
    p = request.POST

    def record():
        target = None
        if p.get("plan") and p.get("target"):
            target = get_object_or_404(selectors.plans(), pk=p["plan"]).targets.filter(sequence=p["target"]).select_related("department").first()
        department = target.department if target else params.department(p.get("department"))
        category = FindingCategory.objects.filter(code=p.get("category"), is_active=True).first()
        return services.finding_record(
            by=request.user,
            department=department,
            category=category,
            description=p.get("description", ""),
            observed_at=params.moment(p.get("observed_at"), "observed_at"),
            person=params.staff(p.get("person")),
            target=target,
            location=p.get("location", ""),
        )

    finding = attempt(request, record, "已登记检查发现")
    return redirect("inspections:finding", finding.pk) if finding else redirect(p.get("next") or "inspections:findings")


@staff_required
def finding_detail(request, finding_id: int):
    finding = get_object_or_404(selectors.findings_for(request.user), pk=finding_id)
    return render(
        request,
        "inspections/finding_detail.html",
        {
            "f": finding,
            "can_manage": access_manage_inspections(request.user),
            "can_fault": finding.fault_id is None and access_record_fault(request.user),
            "accepted": rules.EVIDENCE_LABEL,
            "accept": ",".join(f".{ext}" for ext in rules.EVIDENCE_TYPES.values()),
        },
    )


@staff_required
@require_POST
def finding_act(request, finding_id: int, action: str):
    finding = get_object_or_404(selectors.findings_for(request.user), pk=finding_id)

    def upload():
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput("请选择文件", code=Shared.MISSING_FILE)
        return services.evidence_add(by=request.user, finding=finding, name=upload.name, content=services.read_upload(upload))

    actions = {"evidence": (upload, "证据已上传"), "fault": (lambda: services.finding_open_fault(by=request.user, finding=finding), "已转为行政过错")}
    act(request, action, actions)
    return redirect("inspections:finding", finding.pk)


@staff_required
def evidence_download(request, evidence_id: int):
    """Evidence is served only through this check, never as a public media URL."""
    evidence = get_object_or_404(Evidence.objects.filter(finding__in=selectors.findings_for(request.user)), pk=evidence_id)
    inline = evidence.content_type.startswith("image/") or evidence.content_type == "application/pdf"
    return FileResponse(
        evidence.file.open("rb"), content_type=evidence.content_type, as_attachment=not inline, filename=f"证据{evidence.pk}.{evidence.extension}"
    )
