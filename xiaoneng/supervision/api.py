"""Electronic supervision API: the sweep, warnings as of any moment, the dashboard, supervision
orders, notifications, the honour/shame lists and the monthly bulletins."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from xiaoneng.api.auth import STAFF_AUTH, actor
from xiaoneng.api.schemas import ERRORS
from xiaoneng.core import clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.supervision.access import access_manage_lists, access_read_bulletins, access_supervision_pages
from xiaoneng.web import params
from xiaoneng.web.pages import download

from . import bulletins, letters, selectors, services
from .models import Bulletin, Level, ListEntry, SupervisionOrder, Warning
from .presenters import bulletin_out, entry_out, order_out, warning_out
from .schemas import (
    BulletinIn,
    BulletinOut,
    DashboardOut,
    ListEntryIn,
    ListEntryOut,
    OrderAnswerIn,
    OrderIn,
    OrderOut,
    OrderReviewIn,
    PageOut,
    SupervisionDecisionIn,
    SupervisionReasonIn,
    SweepIn,
    SweepOut,
    WarningOut,
)
from .sweep import warnings_sweep

router = Router(tags=["电子监察与督办"])

AS_OF_HELP = (
    "as_of=T 列出在 T 时刻有效的预警：生效时间 effective_at <= T，且在 T 时尚未解除（resolved_at 为空或晚于 T）。"
    "临期预警自到期前 N 个工作日（按规则配置，默认 1）的当日零时起生效；黄牌自时限到期时刻起生效；红牌自黄牌督办期限届满时起生效；"
    "时限结束（办结）时解除。结果与扫描何时运行无关。current=true 时每个时限只保留最高一级。"
)


def _staff(request):
    user = actor(request)
    if not access_supervision_pages(user):
        raise Forbidden("只有工作人员可以查看电子监察信息")
    return user


@router.post("/supervision/sweep", auth=STAFF_AUTH, response={200: SweepOut, **ERRORS}, summary="立即执行电子监察扫描（效能监督）")
def sweep(request, payload: SweepIn):
    """Runs the sweeper now, or "as of" a past moment; ``dry_run`` reports what it would issue
    and changes nothing.  Returns the counts and the first 100 warnings issued."""
    result = warnings_sweep(by=actor(request), as_of=params.moment(payload.as_of), dry_run=payload.dry_run)
    return {
        "as_of": clock.local_or_none(result.as_of),
        "dry_run": result.dry_run,
        "sweep_id": result.sweep_id,
        "counts": result.counts,
        "issued": [warning_out(w) for w in selectors.describe(result.issued)],
    }


@router.get(
    "/supervision/warnings",
    auth=STAFF_AUTH,
    response={200: PageOut[WarningOut], **ERRORS},
    summary="预警与红黄牌（可查询任一历史时点）",
    description=AS_OF_HELP,
)
def list_warnings(
    request,
    as_of: str | None = None,
    level: str | None = None,
    department: str | None = None,
    subject_type: str | None = None,
    subject_id: int | None = None,
    current: bool = False,
    sweep: int | None = None,
    limit: int = 50,
    offset: int = 0,
):
    user = _staff(request)
    qs = (
        selectors.warnings_as_of(
            user,
            as_of=params.moment(as_of),
            level=params.choice(level, Level, "级别"),
            department=params.department(department),
            subject_type=subject_type,
            subject_id=subject_id,
            current=current,
            sweep_id=sweep,
        )
        .select_related("department", "responsible__staff")
        .order_by("-effective_at", "-id")
    )
    return {"count": qs.count(), "items": [warning_out(w) for w in selectors.describe(params.window(qs, limit, offset))]}


def _warning(request, warning_id: int) -> Warning:
    return get_object_or_404(selectors.visible_warnings(_staff(request)).select_related("department", "responsible__staff"), pk=warning_id)


@router.get("/supervision/warnings/{warning_id}", auth=STAFF_AUTH, response={200: WarningOut, **ERRORS}, summary="一条预警")
def get_warning(request, warning_id: int):
    return warning_out(selectors.describe([_warning(request, warning_id)])[0])


@router.get("/supervision/warnings/{warning_id}/letter", auth=STAFF_AUTH, response={200: None, **ERRORS}, summary="黄牌督办通知书/红牌整改通知书（PDF）")
def warning_letter(request, warning_id: int):
    name, pdf = letters.warning_letter(_warning(request, warning_id))
    return download(pdf, "application/pdf", name)


@router.get("/supervision/dashboard", auth=STAFF_AUTH, response={200: DashboardOut, **ERRORS}, summary="监察看板：分部门统计、趋势、最严重事项")
def dashboard(request, as_of: str | None = None, period: str = "month"):
    user = _staff(request)
    moment = params.moment(as_of)
    if period not in ("week", "month"):
        raise InvalidInput("period 应为 week 或 month", code=Shared.INVALID_PERIOD)
    return {
        "as_of": clock.local_or_none(moment),
        "departments": selectors.counts_by_department(user, as_of=moment),
        "trend": selectors.trend(user, period=period, as_of=moment),
        "worst": [warning_out(w) for w in selectors.worst(user, as_of=moment)],
    }


# -- supervision orders ---------------------------------------------------------------------


@router.post("/supervision/orders", auth=STAFF_AUTH, response={201: OrderOut, **ERRORS}, summary="发出督办单")
def issue_order(request, payload: OrderIn):
    user = actor(request)
    warning = get_object_or_404(Warning, pk=payload.warning_id) if payload.warning_id else None
    department = params.department(payload.department) or (warning.department if warning else None)
    if department is None:
        raise InvalidInput("请指明承办部门", code=Shared.MISSING_DEPARTMENT)
    order = services.order_issue(
        by=user,
        department=department,
        instructions=payload.instructions,
        working_days=payload.working_days,
        subject_type=payload.subject_type,
        subject_id=payload.subject_id,
        warning=warning,
        responsible=params.user(payload.responsible),
    )
    return Status(201, order_out(order))


@router.get("/supervision/orders", auth=STAFF_AUTH, response={200: PageOut[OrderOut], **ERRORS}, summary="督办单列表")
def list_orders(request, state: str | None = None, limit: int = 50, offset: int = 0):
    qs = selectors.visible_orders(_staff(request))
    if state:
        qs = qs.filter(state=state)
    return {"count": qs.count(), "items": [order_out(o) for o in params.window(qs, limit, offset)]}


def _order(request, order_id: int) -> SupervisionOrder:
    return get_object_or_404(selectors.visible_orders(_staff(request)), pk=order_id)


@router.get("/supervision/orders/{order_id}", auth=STAFF_AUTH, response={200: OrderOut, **ERRORS}, summary="一张督办单")
def get_order(request, order_id: int):
    return order_out(_order(request, order_id))


@router.post("/supervision/orders/{order_id}/answer", auth=STAFF_AUTH, response={200: OrderOut, **ERRORS}, summary="承办部门答复督办")
def answer_order(request, order_id: int, payload: OrderAnswerIn):
    return order_out(services.order_answer(by=actor(request), order=_order(request, order_id), answer=payload.answer))


@router.post("/supervision/orders/{order_id}/review", auth=STAFF_AUTH, response={200: OrderOut, **ERRORS}, summary="审核答复：办结或退回")
def review_order(request, order_id: int, payload: OrderReviewIn):
    return order_out(services.order_review(by=actor(request), order=_order(request, order_id), accept=payload.accept, note=payload.note))


@router.post("/supervision/orders/{order_id}/withdraw", auth=STAFF_AUTH, response={200: OrderOut, **ERRORS}, summary="撤回督办")
def withdraw_order(request, order_id: int, payload: SupervisionReasonIn):
    return order_out(services.order_withdraw(by=actor(request), order=_order(request, order_id), reason=payload.reason))


@router.get("/supervision/lists", auth=None, response=list[ListEntryOut], summary="红黑榜（公开）")
def public_lists(request, kind: str | None = None):
    qs = selectors.published_entries(kind)
    return [entry_out(e, public=True) for e in qs]


@router.get("/supervision/lists/manage", auth=STAFF_AUTH, response={200: list[ListEntryOut], **ERRORS}, summary="红黑榜管理（含草稿、待审批、已撤下）")
def manage_lists(request, state: str | None = None):
    if not access_manage_lists(actor(request)):
        raise Forbidden("只有效能办或领导可以管理红黑榜")
    qs = ListEntry.objects.select_related("department").order_by("-updated_at")
    if state:
        qs = qs.filter(state=state)
    return [entry_out(e) for e in qs[:500]]


@router.post("/supervision/lists", auth=STAFF_AUTH, response={201: ListEntryOut, **ERRORS}, summary="起草红黑榜条目")
def draft_entry(request, payload: ListEntryIn):
    department = params.department(payload.department, "部门或窗口", required=True)
    entry = services.list_entry_draft(
        by=actor(request),
        kind=payload.kind,
        target=payload.target,
        department=department,
        title=payload.title,
        summary=payload.summary,
        period=payload.period,
        subject_type=payload.subject_type,
        subject_id=payload.subject_id,
    )
    return Status(201, entry_out(entry))


def _entry(entry_id: int) -> ListEntry:
    return get_object_or_404(ListEntry, pk=entry_id)


@router.post("/supervision/lists/{entry_id}/submit", auth=STAFF_AUTH, response={200: ListEntryOut, **ERRORS}, summary="提交审批")
def submit_entry(request, entry_id: int):
    return entry_out(services.list_entry_submit(by=actor(request), entry=_entry(entry_id)))


@router.post("/supervision/lists/{entry_id}/decide", auth=STAFF_AUTH, response={200: ListEntryOut, **ERRORS}, summary="审批：发布或退回")
def decide_entry(request, entry_id: int, payload: SupervisionDecisionIn):
    return entry_out(services.list_entry_decide(by=actor(request), entry=_entry(entry_id), approve=payload.approve, note=payload.note))


@router.post("/supervision/lists/{entry_id}/withdraw", auth=STAFF_AUTH, response={200: ListEntryOut, **ERRORS}, summary="撤下（保留记录）")
def withdraw_entry(request, entry_id: int, payload: SupervisionReasonIn):
    return entry_out(services.list_entry_withdraw(by=actor(request), entry=_entry(entry_id), reason=payload.reason))


# -- bulletins ------------------------------------------------------------------------------


def _bulletin_reader(request) -> None:
    if not access_read_bulletins(actor(request)):
        raise Forbidden("只有效能办、领导和部门负责人可以查阅通报")


@router.post("/supervision/bulletins", auth=STAFF_AUTH, response={201: BulletinOut, **ERRORS}, summary="签发月度通报")
def issue_bulletin(request, payload: BulletinIn):
    bulletin = services.bulletin_issue(by=actor(request), month=params.month(payload.month), as_of=params.moment(payload.as_of))
    return Status(201, bulletin_out(bulletin))


@router.get("/supervision/bulletins", auth=STAFF_AUTH, response={200: list[BulletinOut], **ERRORS}, summary="已签发的通报")
def list_bulletins(request):
    _bulletin_reader(request)
    return [bulletin_out(b) for b in Bulletin.objects.select_related("issued_by")[:200]]


@router.get("/supervision/bulletins/preview", auth=STAFF_AUTH, response={200: None, **ERRORS}, summary="按月份和时点生成通报（不签发）")
def preview_bulletin(request, month: str | None = None, as_of: str | None = None, format: str = "xlsx"):
    _bulletin_reader(request)
    first = params.month(month)
    data = bulletins.figures(first, params.moment(as_of) or clock.now())
    return download(*bulletins.rendered(data, format))


@router.get("/supervision/bulletins/{bulletin_id}", auth=STAFF_AUTH, response={200: None, **ERRORS}, summary="下载已签发的通报（xlsx 或 pdf）")
def download_bulletin(request, bulletin_id: int, format: str = "pdf"):
    _bulletin_reader(request)
    b = get_object_or_404(Bulletin, pk=bulletin_id)
    return download(*bulletins.rendered(b.figures, format, number=b.number))
