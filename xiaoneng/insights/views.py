"""Staff pages of the analysis: hot issues (with 列入难题库), the problem register and the
flagged replies waiting for the supervision office.  Views parse input, call one service or
selector, and render."""

from __future__ import annotations

from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xiaoneng.core.errors import InvalidInput
from xiaoneng.insights.access import access_hot_issues, access_problem_register, access_reply_review
from xiaoneng.insights.codes import Error
from xiaoneng.org.models import Staff
from xiaoneng.web import params
from xiaoneng.web.pages import attempt, department_choices, staff_required

from . import selectors, services
from .models import HotIssue, ProblemEntry, ReplyAssessment


@staff_required
def hot_issues(request):
    if not access_hot_issues(request.user):
        return HttpResponseForbidden("只有派单员、效能办和领导可以查看热点问题")
    context = {
        "issues": selectors.hot_issues().prefetch_related("workorders"),
        "can_register": access_problem_register(request.user),
        "leaders": Staff.objects.filter(is_active=True, is_leader=True).select_related("department").order_by("department__path", "id"),
        "departments": department_choices(),
    }
    return render(request, "insights/_hot_issues_table.html" if request.htmx else "insights/hot_issues.html", context)


@staff_required
def problems(request):
    if not access_hot_issues(request.user):
        return HttpResponseForbidden("只有派单员、效能办和领导可以查看难题库")
    return render(request, "insights/problems.html", {"problems": selectors.problems(), "can_register": access_problem_register(request.user)})


@staff_required
@require_POST
def problem_register(request, issue_id: int):
    issue = get_object_or_404(HotIssue, pk=issue_id)
    p = request.POST

    def register():
        leader = Staff.objects.filter(pk=p.get("leader") or 0).first()
        if leader is None:
            raise InvalidInput("请选择包案领导", code=Error.INVALID_LEADER)
        return services.problem_register(
            by=request.user,
            title=p.get("title", ""),
            description=p.get("description", ""),
            leader=leader,
            department=params.department(p.get("department"), "牵头部门"),
            due_on=params.date(p.get("due_on"), "办结期限", required=True),
            hot_issue=issue,
        )

    attempt(request, register, "已列入难题库")
    return redirect("insights:problems")


@staff_required
@require_POST
def problem_solve(request, problem_id: int):
    entry = get_object_or_404(ProblemEntry, pk=problem_id)
    attempt(request, lambda: services.problem_solve(by=request.user, entry=entry, note=request.POST.get("note", "")), "已标记为解决")
    return redirect("insights:problems")


@staff_required
def reply_reviews(request):
    if not access_reply_review(request.user):
        return HttpResponseForbidden("只有效能办可以审核答复质量")
    return render(request, "insights/reply_reviews.html", {"rows": selectors.pending_reviews()})


@staff_required
@require_POST
def reply_review_accept(request, assessment_id: int):
    a = get_object_or_404(ReplyAssessment, pk=assessment_id)
    attempt(request, lambda: services.reply_review_accept(by=request.user, assessment=a, note=request.POST.get("note", "")), "已审核通过，可以办结")
    return redirect("insights:reply_reviews")
