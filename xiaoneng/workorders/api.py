"""REST API for work orders: ``/api/v1/workorders/...`` and the requester's public look-up
``/api/v1/public/workorders/{tracking_no}?code=...``.  Endpoints parse input, call one
service and answer with the case as the caller may see it (``presenters``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import FileResponse
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from xiaoneng.api.auth import ANY_AUTH, STAFF_AUTH, Anyone, actor, integration, public
from xiaoneng.api.schemas import ERRORS, ErrorOut
from xiaoneng.core import clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Forbidden, InvalidInput, NotFound
from xiaoneng.core.types import DecimalValue
from xiaoneng.web import params
from xiaoneng.workorders.access import (
    access_workorder_dispatch,
    access_workorder_identity,
    access_workorder_office,
    access_workorder_search_identity,
    access_workorder_stats,
    workorder_stats_scope,
)
from xiaoneng.workorders.codes import Error

from . import presenters, ratelimit, selectors, services, stats
from .models import Attachment, TimeLimit, WorkOrder
from .routing import dispatcher_suggestions

router = Router(tags=["诉求工单"])


# The public may submit without credentials (rate-limited by address).
INTAKE_AUTH = [*ANY_AUTH, Anyone()]


# --- schemas ------------------------------------------------------------------------


class WorkOrderIn(Schema):
    channel: str
    type: str
    title: str = ""
    content: str
    requester: services.Requester = Field(default_factory=services.Requester)
    received_at: dt.datetime | None = None
    urgent: bool = False
    location: services.Location | None = None
    external_id: str = ""


class WorkOrderCreated(Schema):
    id: int
    tracking_no: str
    query_code: str
    status: str
    due_at: dt.datetime
    type: str
    urgent: bool


class WorkOrderOut(Schema):
    id: int
    tracking_no: str
    type: str
    type_label: str
    urgent: bool
    channel: str
    title: str
    status: str
    status_label: str
    round: int
    department: dict | None
    received_at: str
    due_at: str
    sign_due_at: str | None
    overdue: bool
    requester: dict
    content: str
    query_code: str | None
    location: dict
    deadlines: dict
    dispatched_at: str | None
    signed_at: str | None
    replied_at: str | None
    reply_content: str
    closed_at: str | None
    close_result: str
    co_departments: list[dict]
    returns: list[dict]
    extensions: list[dict]
    follow_ups: list[dict]
    links: list[dict]
    attachments: list[dict]
    history: list[dict]
    actions: list[str]


class WorkOrderPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[dict]


class PublicOut(Schema):
    tracking_no: str
    type: str
    type_label: str
    title: str
    status: str
    status_label: str
    received_at: str
    due_at: str
    department: str | None
    requester: str
    reply_content: str
    closed_at: str | None
    history: list[dict]


class DispatchIn(Schema):
    department: str
    co_departments: list[str] = []
    note: str = ""


class ClassifyIn(Schema):
    type: str
    urgent: bool = False


class TextIn(Schema):
    content: str


class WorkOrderActIn(Schema):
    acted_at: dt.datetime | None = None  # when it happened, if earlier than now (补录)


class WorkOrderReplyIn(Schema):
    content: str
    acted_at: dt.datetime | None = None  # when it was answered, if earlier than now (补录)


class WorkOrderBackfillIn(Schema):
    step: str  # sign / reply
    acted_on: dt.date
    reason: str


class WorkOrderReasonIn(Schema):
    reason: str = ""


class ReturnReviewIn(Schema):
    accept: bool
    note: str = ""
    department: str | None = None
    allow_again: bool = False


class CoOpinionIn(Schema):
    opinion: str


class WorkOrderExtensionIn(Schema):
    days: int
    reason: str


class ExtensionDecisionIn(Schema):
    approve: bool
    note: str = ""


class FollowUpIn(Schema):
    reached: bool = True
    resolved: bool | None = None
    satisfaction: Literal["very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied", ""] = ""
    department_at_fault: bool | None = None
    note: str = ""


class CloseIn(Schema):
    result: str = ""


class LinkIn(Schema):
    other: str  # id or tracking number
    kind: Literal["related", "duplicate"]
    note: str = ""


class GroupOut(Schema):
    ids: list[int]


class SuggestionsOut(Schema):
    suggestions: list[dict]
    rules: list[dict]


class StatsOut(Schema):
    start: dt.date
    end: dt.date
    as_of: dt.datetime
    definitions: list[dict]
    departments: list[dict]
    total: dict


class PublicRateOut(Schema):
    key: str
    label: str
    numerator: int | None = Field(description="分子；样本不足时不公布")
    denominator: int | None = Field(description="分母；0 为无办件，1 至公布门槛以下不公布")
    value: float | None = Field(description="比率（%）；无办件或样本不足时为空")
    low: float | None = Field(description="Wilson 95% 区间下限（%）")
    high: float | None = Field(description="Wilson 95% 区间上限（%）")
    status: Literal["ok", "none", "few"] = Field(description="ok 已计算；none 无办件；few 样本不足、不公布")
    status_label: str


class PublicFiguresOut(Schema):
    department: str
    received: int | None = Field(description="受理量；1 至公布门槛以下不公布")
    overdue_now: int | None
    rates: dict[str, PublicRateOut]


class PublicMonthOut(PublicFiguresOut):
    month: str


class DefinitionOut(Schema):
    name: str
    definition: str


class PublicStatsOut(Schema):
    month: str
    start: dt.date
    end: dt.date
    as_of: dt.datetime
    threshold: int = Field(description="公布门槛：小于此数（大于 0）的件数与以之为分母的比率不公布")
    definitions: list[DefinitionOut]
    departments: list[PublicFiguresOut]
    total: PublicFiguresOut
    trend: list[PublicMonthOut] = Field(description="截至统计月份的近 12 个月全市合计")


class TimeLimitOut(Schema):
    key: str
    label: str
    handle_days: int
    sign_hours: DecimalValue
    feedback_interval_days: int | None


class TimeLimitIn(Schema):
    handle_days: int
    sign_hours: DecimalValue
    feedback_interval_days: int | None = None


# --- helpers ------------------------------------------------------------------------


def _case(request, id: int) -> WorkOrder:
    return selectors.workorder_for(actor(request), id)


def _detail(request, wo: WorkOrder) -> dict:
    user = actor(request)
    return presenters.detail(user, selectors.workorder_for(user, wo.pk))


# --- intake and reading -------------------------------------------------------------


@router.post(
    "/workorders", auth=INTAKE_AUTH, openapi_extra=public(INTAKE_AUTH), response={201: WorkOrderCreated, **ERRORS, 429: ErrorOut}, summary="受理诉求（各渠道）"
)
def create(request, payload: WorkOrderIn):
    """热线、网站、微信、微博、移动应用、邮件、现场各渠道统一受理。公众（不带凭证）只能使用 web/app 渠道，按来源地址限流；
    渠道对接使用本渠道的 `X-Api-Key`；重试请带 `Idempotency-Key`。返回受理编号和查询码。"""
    user, key = actor(request), integration(request)
    if key is None and not user.is_authenticated:
        ratelimit.check(request, "submit")
    wo = services.workorder_create(
        by=user,
        channel=payload.channel,
        type=payload.type,
        title=payload.title,
        content=payload.content,
        requester=payload.requester,
        received_at=payload.received_at,
        urgent=payload.urgent,
        location=payload.location,
        integration=key,
        external_id=payload.external_id,
    )
    return Status(
        201,
        {
            "id": wo.pk,
            "tracking_no": wo.tracking_no,
            "query_code": wo.query_code,
            "status": wo.status,
            "due_at": wo.due_at,
            "type": wo.type,
            "urgent": wo.urgent,
        },
    )


@router.get("/workorders", auth=STAFF_AUTH, response={200: WorkOrderPage, **ERRORS}, summary="工单列表（按权限范围）")
def list_workorders(
    request,
    status: str = "",
    type: str = "",
    department: str = "",
    q: str = "",
    overdue: bool = False,
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=200),
):
    user = actor(request)
    rows = selectors.workorders_for(user).order_by("-received_at", "-id")
    if status:
        rows = rows.filter(status__in=status.split(","))
    if type:
        rows = rows.filter(type__in=type.split(","))
    if department:
        rows = rows.filter(department__code=department)
    if overdue:
        rows = rows.filter(status__in=selectors.DEPARTMENT_OPEN + selectors.DISPATCH_QUEUE, due_at__lte=clock.now())
    if q:
        rows = selectors.search(rows, q, identity=access_workorder_search_identity(user))
    count = rows.count()
    items = rows[(page - 1) * page_size : page * page_size]
    return {"count": count, "page": page, "page_size": page_size, "items": [presenters.summary(user, wo) for wo in items]}


@router.get("/workorders/stats", auth=STAFF_AUTH, response={200: StatsOut, **ERRORS}, summary="各部门办理情况统计")
def workorder_stats(request, start: dt.date | None = None, end: dt.date | None = None, as_of: dt.datetime | None = None):
    """受理量、按时签收率、按期办结率、当前超期、解决率、满意率；`start`/`end` 为统计期（默认本月），`as_of` 为统计时点（默认当前）。"""
    user = actor(request)
    if not access_workorder_stats(user):
        raise Forbidden("无权查看统计", code=Error.STATS_FORBIDDEN)
    start, end, as_of = params.bounded(start, "start"), params.bounded(end, "end"), params.bounded(as_of, "as_of")
    asked = clock.aware(as_of) if as_of else None  # None: now, from the kept daily figures
    as_of = asked or clock.now()
    end = end or clock.local(as_of).date()
    start = start or end.replace(day=1)
    if start > end:
        raise InvalidInput("统计期开始日期不能晚于结束日期", code=Shared.INVALID_PERIOD)
    rows, total = stats.department_figures(start=start, end=end, as_of=asked, scope=workorder_stats_scope(user))
    return {
        "start": start,
        "end": end,
        "as_of": as_of,
        "definitions": [{"name": n, "definition": d} for n, d in stats.DEFINITIONS],
        "departments": [r.as_dict() for r in rows],
        "total": total.as_dict(),
    }


@router.get(
    "/public/statistics", auth=None, url_name="public_statistics", response={200: PublicStatsOut, **ERRORS}, summary="公开统计：各部门办理情况与月度趋势"
)
def public_statistics(request, month: str = ""):
    """不需登录。`month`（YYYY-MM，默认上月）受理的工单：各部门受理量、按时签收率、按期办结率、解决率、满意率、重办率、退单率，
    每个比率附分子、分母与 Wilson 95% 区间；“无办件”与“样本不足”分别标明；另附近 12 个月全市趋势。与公开统计页、开放数据同一口径。"""
    return stats.public_report_now(params.month(month))


@router.get("/workorders/time-limits", auth=STAFF_AUTH, response={200: list[TimeLimitOut], **ERRORS}, summary="各类型办理时限")
def time_limits(request):
    return [
        {
            "key": t.key,
            "label": t.get_key_display(),
            "handle_days": t.handle_days,
            "sign_hours": t.sign_hours,
            "feedback_interval_days": t.feedback_interval_days,
        }
        for t in TimeLimit.objects.all()
    ]


@router.put("/workorders/time-limits/{key}", auth=STAFF_AUTH, response={200: TimeLimitOut, **ERRORS}, summary="修改办理时限（系统管理员）")
def set_time_limit(request, key: str, payload: TimeLimitIn):
    t = services.time_limit_set(by=actor(request), key=key, **payload.dict())
    return {
        "key": t.key,
        "label": t.get_key_display(),
        "handle_days": t.handle_days,
        "sign_hours": t.sign_hours,
        "feedback_interval_days": t.feedback_interval_days,
    }


@router.get("/public/workorders/{tracking_no}", auth=None, response={200: PublicOut, **ERRORS, 429: ErrorOut}, summary="诉求人查询办理进度")
def public_lookup(request, tracking_no: str, code: str = ""):
    """凭受理编号和查询码查询；任一不符均返回 404。按来源地址限流。"""
    ratelimit.check(request, "lookup")
    return presenters.public_detail(selectors.public_lookup(tracking_no, code))


@router.get("/workorders/{id}", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="工单详情（含全部流转记录和期限）")
def get_workorder(request, id: int):
    return presenters.detail(actor(request), _case(request, id))


@router.get("/workorders/{id}/routing-suggestions", auth=STAFF_AUTH, response={200: SuggestionsOut, **ERRORS}, summary="派单建议")
def routing_suggestions(request, id: int):
    """`suggestions`：自动分派模型的建议（未接入模型时为空）；`rules`：命中的归口规则。"""
    user = actor(request)
    wo = _case(request, id)
    if not (access_workorder_dispatch(user) or access_workorder_office(user)):
        raise Forbidden("只有派单员或效能办可以查看派单建议")
    return dispatcher_suggestions(wo)


# --- transitions --------------------------------------------------------------------


@router.post("/workorders/{id}/classify", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="调整诉求分类")
def classify(request, id: int, payload: ClassifyIn):
    return _detail(request, services.workorder_classify(by=actor(request), workorder=_case(request, id), type=payload.type, urgent=payload.urgent))


@router.post("/workorders/{id}/dispatch", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="派单/改派")
def dispatch(request, id: int, payload: DispatchIn):
    wo = services.workorder_dispatch(
        by=actor(request),
        workorder=_case(request, id),
        department=params.department(payload.department, "承办部门", required=True),
        co_departments=[params.department(c, "协办部门", required=True) for c in payload.co_departments],
        note=payload.note,
    )
    return _detail(request, wo)


@router.post("/workorders/{id}/answer", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="受理时直接答复")
def answer(request, id: int, payload: TextIn):
    return _detail(request, services.workorder_answer(by=actor(request), workorder=_case(request, id), content=payload.content))


@router.post("/workorders/{id}/sign", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="签收")
def sign(request, id: int, payload: WorkOrderActIn = None):
    acted_at = payload.acted_at if payload else None
    return _detail(request, services.workorder_sign(by=actor(request), workorder=_case(request, id), acted_at=acted_at))


@router.post(
    "/workorders/{id}/backfill-approvals",
    auth=STAFF_AUTH,
    response={201: WorkOrderOut, **ERRORS},
    summary="批准超期补录（效能监督部门；超过补录期限的环节须先批准）",
)
def approve_backfill(request, id: int, payload: WorkOrderBackfillIn):
    wo = _case(request, id)
    services.workorder_backfill_approve(by=actor(request), workorder=wo, step=payload.step, acted_on=payload.acted_on, reason=payload.reason)
    return Status(201, _detail(request, wo))


@router.post("/workorders/{id}/return", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="退单（须说明理由）")
def return_(request, id: int, payload: WorkOrderReasonIn):
    return _detail(request, services.workorder_return(by=actor(request), workorder=_case(request, id), reason=payload.reason))


@router.post("/workorders/{id}/return-review", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="审核退单")
def return_review(request, id: int, payload: ReturnReviewIn):
    wo = services.workorder_return_review(
        by=actor(request),
        workorder=_case(request, id),
        accept=payload.accept,
        note=payload.note,
        department=params.department(payload.department, "承办部门"),
        allow_again=payload.allow_again,
    )
    return _detail(request, wo)


@router.post("/workorders/{id}/co-opinion", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="协办意见")
def co_opinion(request, id: int, payload: CoOpinionIn):
    wo = _case(request, id)
    services.workorder_co_opinion(by=actor(request), workorder=wo, opinion=payload.opinion)
    return _detail(request, wo)


@router.post("/workorders/{id}/feedback", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="阶段性反馈")
def feedback(request, id: int, payload: TextIn):
    return _detail(request, services.workorder_feedback(by=actor(request), workorder=_case(request, id), content=payload.content))


@router.post("/workorders/{id}/extensions", auth=STAFF_AUTH, response={201: WorkOrderOut, **ERRORS}, summary="申请延期")
def request_extension(request, id: int, payload: WorkOrderExtensionIn):
    wo = _case(request, id)
    services.workorder_extension_request(by=actor(request), workorder=wo, days=payload.days, reason=payload.reason)
    return Status(201, _detail(request, wo))


@router.post("/workorders/{id}/extensions/{extension_id}/decision", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="审批延期")
def decide_extension(request, id: int, extension_id: int, payload: ExtensionDecisionIn):
    wo = _case(request, id)
    services.workorder_extension_decide(by=actor(request), extension=selectors.extension_of(wo, extension_id), approve=payload.approve, note=payload.note)
    return _detail(request, wo)


@router.post("/workorders/{id}/reply", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="答复")
def reply(request, id: int, payload: WorkOrderReplyIn):
    wo = services.workorder_reply(by=actor(request), workorder=_case(request, id), content=payload.content, acted_at=payload.acted_at)
    return _detail(request, wo)


@router.post("/workorders/{id}/group-reply", auth=STAFF_AUTH, response={200: GroupOut, **ERRORS}, summary="重复工单合并答复")
def group_reply(request, id: int, payload: TextIn):
    done = services.workorder_group_reply(by=actor(request), workorder=_case(request, id), content=payload.content)
    return {"ids": [w.pk for w in done]}


@router.post("/workorders/{id}/follow-up", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="回访")
def follow_up(request, id: int, payload: FollowUpIn):
    wo = _case(request, id)
    services.workorder_follow_up(by=actor(request), workorder=wo, **payload.dict())
    return _detail(request, wo)


@router.post("/workorders/{id}/reopen", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="重办")
def reopen(request, id: int, payload: WorkOrderReasonIn = WorkOrderReasonIn()):
    return _detail(request, services.workorder_reopen(by=actor(request), workorder=_case(request, id), reason=payload.reason))


@router.post("/workorders/{id}/close", auth=STAFF_AUTH, response={200: WorkOrderOut, **ERRORS}, summary="办结")
def close(request, id: int, payload: CloseIn = CloseIn()):
    return _detail(request, services.workorder_close(by=actor(request), workorder=_case(request, id), result=payload.result))


@router.post("/workorders/{id}/group-close", auth=STAFF_AUTH, response={200: GroupOut, **ERRORS}, summary="重复工单合并办结")
def group_close(request, id: int, payload: CloseIn = CloseIn()):
    done = services.workorder_group_close(by=actor(request), workorder=_case(request, id), result=payload.result)
    return {"ids": [w.pk for w in done]}


@router.post("/workorders/{id}/links", auth=STAFF_AUTH, response={201: WorkOrderOut, **ERRORS}, summary="关联工单（相关/重复）")
def link(request, id: int, payload: LinkIn):
    wo = _case(request, id)
    services.workorder_link(by=actor(request), source=wo, target=selectors.workorder_by_reference(payload.other), kind=payload.kind, note=payload.note)
    return Status(201, _detail(request, wo))


# --- files --------------------------------------------------------------------------


@router.post("/workorders/{id}/attachments", auth=ANY_AUTH, response={201: dict, **ERRORS}, summary="上传附件")
def upload(request, id: int, file: File[UploadedFile], confidential: bool = False):
    """类型按文件内容识别（图片、PDF、Office 文档、录音、视频），大小和数量受配置限制。渠道对接可为本渠道提交的工单上传。"""
    key = integration(request)
    wo = WorkOrder.objects.filter(pk=id, api_key=key).first() if key else _case(request, id)
    if wo is None:
        raise NotFound("工单不存在或无权查看", code=Error.WORKORDER_NOT_FOUND)
    att = services.attachment_add(
        by=actor(request), workorder=wo, integration=key, upload=services.Upload(name=file.name, content=file.read(), confidential=confidential)
    )
    return Status(201, {"id": att.pk, "name": att.original_name, "content_type": att.content_type, "size": att.size})


@router.get(
    "/workorders/{id}/attachments/{attachment_id}", auth=STAFF_AUTH, url_name="workorder_attachment", response={200: None, **ERRORS}, summary="下载附件"
)
def download(request, id: int, attachment_id: int):
    wo = _case(request, id)
    att = Attachment.objects.filter(pk=attachment_id, workorder=wo).first()
    if att is None or (att.confidential and not access_workorder_identity(actor(request), wo)):
        raise NotFound("附件不存在或无权查看", code=Error.ATTACHMENT_NOT_FOUND)
    name = selectors.attachment_name(actor(request), wo, att)
    return FileResponse(att.file.open("rb"), content_type=att.content_type, as_attachment=True, filename=name)
