"""好差评 endpoints: rate, results, rectification, appeals, the city's rules, GB/T 39046
export and import."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from xiaoneng.api.auth import STAFF_AUTH, actor, integration
from xiaoneng.api.schemas import ERRORS
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.core.people import person

from .. import access, gbt39046, selectors, services
from ..models.ratings import Appeal, Rating, Rectification
from .common import PUBLIC_OR_ANY

router = Router(tags=["好差评"])


class RatingIn(Schema):
    subject_type: str = Field(description="application（办件）或 workorder（诉求工单）")
    subject_id: int | str = Field(description="办件编号/工单受理编号，或其编号 id")
    level: int = Field(description="满意度：1 非常满意、2 满意、3 基本满意、4 不满意、5 非常不满意（GB/T 39046-2020）")
    channel: str = Field(description="评价渠道：pc、mobile、qr、tablet（窗口评价器）、terminal、phone、sms")
    comment: str = ""
    indicator_scores: dict[str, int] | None = Field(None, description="分项评分 {指标: 1–5}")
    query_code: str | None = Field(None, description="本人网上、短信、二维码评价时的查询码")
    rated_at: dt.datetime | None = Field(None, description="评价人作出评价的时间（电话评价事后录入时），默认当前")
    terminal: str = ""


class RectificationOut(Schema):
    id: int
    due_on: dt.date | None = Field(description="核实整改期限")
    status: str
    status_label: str
    callback_due_on: dt.date | None = None
    substantiated: bool | None = None
    measures: str = ""


class RatingOut(Schema):
    id: int
    subject_type: str
    subject_id: int
    subject_number: str
    department: str
    level: int
    level_label: str
    bad: bool
    channel: str
    channel_label: str
    comment: str
    rated_at: dt.datetime
    is_default: bool
    excluded: bool
    follow_up_level: int | None = None
    rectification: RectificationOut | None = None


def rectification_out(rect: Rectification | None) -> dict | None:
    if rect is None:
        return None
    return {
        "id": rect.pk,
        "due_on": rect.clock.due_on if rect.clock else None,
        "status": rect.status,
        "status_label": rect.get_status_display(),
        "callback_due_on": rect.callback_clock.due_on if rect.callback_clock else None,
        "substantiated": rect.substantiated,
        "measures": rect.measures,
    }


def rating_out(r: Rating) -> dict:
    rect = Rectification.objects.select_related("clock", "callback_clock").filter(rating=r).first()
    return {
        "id": r.pk,
        "subject_type": r.subject_type,
        "subject_id": r.subject_id,
        "subject_number": r.subject_number,
        "department": r.department.code,
        "level": r.level,
        "level_label": r.get_level_display(),
        "bad": r.bad,
        "channel": r.channel,
        "channel_label": r.get_channel_display(),
        "comment": r.comment,
        "rated_at": r.rated_at,
        "is_default": r.is_default,
        "excluded": r.excluded,
        "follow_up_level": r.follow_up_level,
        "rectification": rectification_out(rect),
    }


@router.post("/ratings", auth=PUBLIC_OR_ANY, response={201: RatingOut, **ERRORS}, summary="提交好差评（每件一次；差评自动转整改）")
def rating_create(request, payload: RatingIn):
    """办件决定（或当场办结）后、工单办结后，本人在评价期限内评价一次：网上、短信、二维码凭查询码；
    窗口评价器由窗口人员开启；电话评价由热线或效能办录入。第二次评价返回 409。差评的答复含整改单
    ``rectification``（``due_on`` 为核实整改期限）。"""
    rating = services.rating_submit(
        by=actor(request),
        subject_type=payload.subject_type,
        subject=payload.subject_id,
        level=payload.level,
        channel=payload.channel,
        comment=payload.comment,
        indicator_scores=payload.indicator_scores,
        query_code=payload.query_code,
        rated_at=payload.rated_at,
        terminal=payload.terminal,
        integration=integration(request) is not None,
    )
    return Status(201, rating_out(rating))


def _rating_for(request, rating_id: int) -> Rating:
    rating = get_object_or_404(Rating.objects.select_related("department"), pk=rating_id)
    user = actor(request)
    if not (access.access_rating_details(user) or access.access_department_ratings(user, rating)):
        raise Forbidden("您没有查看该评价的权限", code=Shared.FORBIDDEN)
    return rating


@router.get("/ratings/{rating_id}", auth=STAFF_AUTH, response={200: RatingOut, **ERRORS}, summary="一条评价")
def rating_detail(request, rating_id: int):
    return rating_out(_rating_for(request, rating_id))


class RateOut(Schema):
    k: int
    n: int
    rate: float | None
    ci_low: float | None = Field(description="Wilson 95% 区间下限")
    ci_high: float | None


class RectificationStatsOut(Schema):
    done: int
    on_time: int
    open: int
    on_time_rate: RateOut


class ResultOut(Schema):
    name: str
    levels: dict[str, int] = Field(description="本人评价的各级件数（不含默认评价和申诉成立的评价）")
    given: int = Field(description="本人评价件数")
    defaulted: int = Field(description="逾期默认评价件数（单列）")
    excluded: int = Field(description="申诉成立、不计入统计的件数")
    excluded_reasons: dict[str, int]
    good: RateOut = Field(description="好评率（非常满意、满意）")
    bad: RateOut = Field(description="差评率（不满意、非常不满意）")
    rectification: RectificationStatsOut


@router.get("/ratings-results", auth=PUBLIC_OR_ANY, response={200: list[ResultOut], **ERRORS}, summary="好差评结果（按部门、窗口、个人）")
def rating_results(request, group: str = "department", since: dt.date | None = None, until: dt.date | None = None):
    """按部门公开；按窗口、个人的结果只对工作人员（本部门范围）开放。"""
    if group not in selectors.GROUPS:
        raise InvalidInput("group 应为 department、window 或 person", code=Shared.INVALID_CHOICE)
    user = actor(request)
    scope = None
    if group != "department":
        if person(user) is None or not access.access_view_staff_results(user):
            raise Forbidden("按窗口、个人的结果只对工作人员开放", code=Shared.FORBIDDEN)
        scope = access.rating_scope(user)
    from xiaoneng.core import clock

    return selectors.rating_results(
        group=group, since=clock.start_of_day(since) if since else None, until=clock.end_of_day(until) if until else None, scope=scope
    )


class RatingVerifyIn(Schema):
    substantiated: bool
    findings: str


class RectifyIn(Schema):
    measures: str


class CallbackIn(Schema):
    reached: bool = True
    note: str
    follow_up_level: int | None = Field(None, description="回访时评价人的追评（1–5），可空")
    follow_up_comment: str = ""


def _rect(rectification_id: int) -> Rectification:
    return get_object_or_404(Rectification.objects.select_related("rating", "department", "clock", "callback_clock"), pk=rectification_id)


@router.post("/rectifications/{rectification_id}/verify", auth=STAFF_AUTH, response={200: RectificationOut, **ERRORS}, summary="差评核实")
def rectification_verify(request, rectification_id: int, payload: RatingVerifyIn):
    rect = services.rectification_verify(
        by=actor(request), rectification=_rect(rectification_id), substantiated=payload.substantiated, findings=payload.findings
    )
    return rectification_out(_rect(rect.pk))


@router.post("/rectifications/{rectification_id}/rectify", auth=STAFF_AUTH, response={200: RectificationOut, **ERRORS}, summary="差评整改完成")
def rectification_rectify(request, rectification_id: int, payload: RectifyIn):
    rect = services.rectification_rectify(by=actor(request), rectification=_rect(rectification_id), measures=payload.measures)
    return rectification_out(_rect(rect.pk))


@router.post("/rectifications/{rectification_id}/callback", auth=STAFF_AUTH, response={200: RectificationOut, **ERRORS}, summary="差评整改回访（可记录追评）")
def rectification_callback(request, rectification_id: int, payload: CallbackIn):
    rect = services.rectification_callback(
        by=actor(request),
        rectification=_rect(rectification_id),
        reached=payload.reached,
        note=payload.note,
        follow_up_level=payload.follow_up_level,
        follow_up_comment=payload.follow_up_comment,
    )
    return rectification_out(_rect(rect.pk))


class RatingAppealIn(Schema):
    grounds: str = Field(description="mistaken（误评）或 malicious（恶意差评）")
    reason: str
    evidence: str


class AppealDecisionIn(Schema):
    upheld: bool
    note: str


class RatingAppealOut(Schema):
    id: int
    rating: int
    grounds: str
    status: str
    status_label: str
    decision_note: str


def appeal_out(a: Appeal) -> dict:
    return {
        "id": a.pk,
        "rating": a.rating_id,
        "grounds": a.grounds,
        "status": a.status,
        "status_label": a.get_status_display(),
        "decision_note": a.decision_note,
    }


@router.post("/ratings/{rating_id}/appeal", auth=STAFF_AUTH, response={201: RatingAppealOut, **ERRORS}, summary="差评申诉（误评、恶意差评）")
def appeal_create(request, rating_id: int, payload: RatingAppealIn):
    rating = get_object_or_404(Rating.objects.select_related("department"), pk=rating_id)
    return Status(
        201, appeal_out(services.appeal_file(by=actor(request), rating=rating, grounds=payload.grounds, reason=payload.reason, evidence=payload.evidence))
    )


@router.post("/rating-appeals/{appeal_id}/decide", auth=STAFF_AUTH, response={200: RatingAppealOut, **ERRORS}, summary="差评申诉复核（效能办）")
def appeal_decide(request, appeal_id: int, payload: AppealDecisionIn):
    appeal = get_object_or_404(Appeal, pk=appeal_id)
    return appeal_out(services.appeal_decide(by=actor(request), appeal=appeal, upheld=payload.upheld, note=payload.note))


class PolicyIO(Schema):
    window_days: int = Field(description="评价期限（自然日）")
    default_level: int | None = Field(None, description="逾期默认评价（1–3），空为不默认")
    rectification_days: int = Field(description="整改期限：5、10 或 15 个工作日")
    callback_days: int = 1


@router.get("/ratings-policy", auth=None, response=PolicyIO, summary="好差评规则")
def policy_get(request):
    from ..services.common import rating_policy

    return rating_policy()


@router.put("/ratings-policy", auth=STAFF_AUTH, response={200: PolicyIO, **ERRORS}, summary="修改好差评规则（效能办）")
def policy_set(request, payload: PolicyIO):
    return services.rating_policy_set(by=actor(request), **payload.dict())


@router.get("/ratings-export", auth=STAFF_AUTH, summary="导出评价数据（GB/T 39046-2020 字段，CSV）")
def ratings_export(request, variant: str = gbt39046.NATIONAL):
    """``variant``：national（国家标准代码）或 provincial（省级接口：满意度反向、电话与短信代码互换）。"""
    if not access.access_decide_appeal(actor(request)):
        raise Forbidden("只有效能办可以导出评价数据", code=Shared.FORBIDDEN)
    records = gbt39046.records_of(Rating.objects.order_by("id"))
    text = gbt39046.to_csv(gbt39046.export_rows(records, variant))
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ratings-{variant}.csv"'
    return response


class ImportIn(Schema):
    variant: str = gbt39046.NATIONAL
    csv: str = Field(description="GB/T 39046 字段的 CSV 文本")


class RatingImportOut(Schema):
    created: int
    refused: list[dict]


@router.post("/ratings-import", auth=STAFF_AUTH, response={200: RatingImportOut, **ERRORS}, summary="导入其他平台采集的评价（GB/T 39046-2020）")
def ratings_import(request, payload: ImportIn):
    return services.ratings_import(by=actor(request), rows=gbt39046.from_csv(payload.csv), variant=payload.variant)
