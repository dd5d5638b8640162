"""Analysis API: hot issues, the problem register (难题库), flagged replies and the routing
models' versions."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from xiaoneng.api.auth import STAFF_AUTH, actor
from xiaoneng.api.schemas import ERRORS
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.insights.access import access_hot_issues, access_reply_review, access_routing_model
from xiaoneng.insights.codes import Error
from xiaoneng.org.models import Department, Staff

from . import selectors, services
from .models import HotIssue, ProblemEntry, ReplyAssessment, RoutingModel

router = Router(tags=["智能分析"])


class HotIssueOut(Schema):
    id: int
    rank: int
    title: str
    place: str
    period_start: dt.datetime = Field(description="最早一件的受理时间")
    period_end: dt.datetime = Field(description="最近一件的受理时间")
    size: int = Field(description="件数")
    growth: float = Field(description="增长：后半窗口件数 / 前半窗口件数（各加一）")
    support: int = Field(description="公众支持（点赞数，渠道有时）")
    score: float = Field(description="热度")
    workorders: list[int]
    problem: int | None = Field(None, description="已列入难题库时的难题编号")
    computed_at: dt.datetime


class ProblemIn(Schema):
    hot_issue: int | None = Field(None, description="来源热点问题编号")
    title: str = Field("", description="难题名称（来自热点时可空）")
    description: str = ""
    leader: str = Field(description="包案领导的用户名")
    department: str | None = Field(None, description="牵头部门编码")
    due_on: dt.date = Field(description="办结期限")


class ProblemOut(Schema):
    id: int
    title: str
    description: str
    place: str
    leader: str
    department: str | None
    due_on: dt.date
    state: str
    hot_issue: int | None
    workorders: list[int]
    created_at: dt.datetime


class ReplyReviewIn(Schema):
    note: str = ""


class AssessmentOut(Schema):
    id: int
    workorder: int
    tracking_no: str
    round: int
    relevance: float
    completeness: float
    timeliness: float
    overall: float
    findings: list[str]
    state: str


class RoutingModelOut(Schema):
    version: int
    source: str
    labels: list[str]
    samples: int
    metrics: dict
    train_seconds: float
    is_active: bool
    created_at: dt.datetime


def _issue_out(i: HotIssue) -> dict:
    problem = i.registered
    return {
        "id": i.pk,
        "rank": i.rank,
        "title": i.title,
        "place": i.place,
        "period_start": i.first_at,
        "period_end": i.last_at,
        "size": i.size,
        "growth": round(i.growth, 2),
        "support": i.support,
        "score": i.score,
        "workorders": sorted(w.pk for w in i.workorders.all()),
        "problem": problem.pk if problem else None,
        "computed_at": i.computed_at,
    }


def _problem_out(p: ProblemEntry) -> dict:
    return {
        "id": p.pk,
        "title": p.title,
        "description": p.description,
        "place": p.place,
        "leader": p.leader.name,
        "department": p.department.code if p.department else None,
        "due_on": p.due_on,
        "state": p.state,
        "hot_issue": p.hot_issue_id,
        "workorders": sorted(w.pk for w in p.workorders.all()),
        "created_at": p.created_at,
    }


def _assessment_out(a: ReplyAssessment) -> dict:
    return {
        "id": a.pk,
        "workorder": a.workorder_id,
        "tracking_no": a.workorder.tracking_no,
        "round": a.round,
        "relevance": a.relevance,
        "completeness": a.completeness,
        "timeliness": a.timeliness,
        "overall": a.overall,
        "findings": a.findings,
        "state": a.state,
    }


def _watcher(request):
    user = actor(request)
    if not access_hot_issues(user):
        raise Forbidden("只有派单员、效能办和领导可以查看热点问题")
    return user


@router.get("/insights/hot-issues", auth=STAFF_AUTH, response={200: list[HotIssueOut], **ERRORS}, summary="热点问题（按热度排列）")
def hot_issues(request):
    """最近一次计算的热点问题：近 14 天工单聚类，按件数、增长和公众支持排序。"""
    _watcher(request)
    return [_issue_out(i) for i in selectors.hot_issues().prefetch_related("workorders")]


@router.get("/insights/problems", auth=STAFF_AUTH, response={200: list[ProblemOut], **ERRORS}, summary="难题库")
def problems(request):
    _watcher(request)
    return [_problem_out(p) for p in selectors.problems().prefetch_related("workorders")]


@router.post("/insights/problems", auth=STAFF_AUTH, response={201: ProblemOut, **ERRORS}, summary="列入难题库（包案领导、办结期限）")
def problem_create(request, payload: ProblemIn):
    """效能办把一个热点问题（或其他难题）列入难题库，明确包案领导和办结期限。"""
    leader = Staff.objects.filter(user__username=payload.leader).first()
    if leader is None:
        raise InvalidInput("包案领导不存在", code=Error.INVALID_LEADER)
    department = None
    if payload.department:
        department = Department.objects.filter(code=payload.department, is_active=True).first()
        if department is None:
            raise InvalidInput("牵头部门不存在或已停用", code=Shared.INVALID_DEPARTMENT)
    issue = get_object_or_404(HotIssue, pk=payload.hot_issue) if payload.hot_issue else None
    entry = services.problem_register(
        by=actor(request), title=payload.title, description=payload.description, leader=leader, department=department, due_on=payload.due_on, hot_issue=issue
    )
    return Status(201, _problem_out(entry))


@router.get("/insights/reply-reviews", auth=STAFF_AUTH, response={200: list[AssessmentOut], **ERRORS}, summary="待审核的低分答复")
def reply_reviews(request):
    if not access_reply_review(actor(request)):
        raise Forbidden("只有效能办可以审核答复质量")
    return [_assessment_out(a) for a in selectors.pending_reviews()]


@router.post("/insights/reply-reviews/{id}/accept", auth=STAFF_AUTH, response={200: AssessmentOut, **ERRORS}, summary="审核通过低分答复（之后可以办结）")
def reply_review_accept(request, id: int, payload: ReplyReviewIn):
    a = get_object_or_404(ReplyAssessment.objects.select_related("workorder"), pk=id)
    return _assessment_out(services.reply_review_accept(by=actor(request), assessment=a, note=payload.note))


@router.get("/insights/routing-models", auth=STAFF_AUTH, response={200: list[RoutingModelOut], **ERRORS}, summary="派单模型的版本")
def routing_models(request):
    if not access_routing_model(actor(request)):
        raise Forbidden("只有系统管理员可以查看派单模型")
    return list(RoutingModel.objects.defer("payload").order_by("-version")[:50])
