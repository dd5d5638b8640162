"""万人评议 endpoints: campaigns, votes, samples, vetoes, rankings and the export for the
cadre assessment."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from xiaoneng.api.auth import STAFF_AUTH, actor
from xiaoneng.api.schemas import ERRORS
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Forbidden
from xiaoneng.web.pages import download

from .. import access, exports, selectors, services
from ..models.appraisals import Appraisal, SampleDraw, Vote
from ..rules import rank_label
from .common import PUBLIC_OR_ANY

router = Router(tags=["万人评议"])


class IndicatorIn(Schema):
    code: str
    name: str
    weight: float


class InstrumentIn(Schema):
    kind: str = Field(description="phone（随机电话抽样）、questionnaire（问卷）、monitoring（软环境监测点）、inspection（日常考核）")
    weight: float


class AppraisalIn(Schema):
    name: str
    units: list[str | dict] = Field(description="参评单位的部门编码；或 {code, category} 以便分类排名")
    indicators: list[IndicatorIn] | None = Field(None, description="默认六项：服务态度、服务质量、遵守承诺、办事效率、政务公开、履职尽责，等权")
    instruments: list[InstrumentIn] | None = Field(None, description="评议方式及权重；不设则所有票等权合并")
    min_sample: int = Field(30, description="最小样本量：少于此数显示“样本不足”，不排名")
    bands: list[dict] | dict | None = Field(None, description="等次 [{name, min}]，默认 ≥85 满意、75–85 比较满意、60–75 基本满意、<60 不满意")
    answer_scores: dict[str, float] | None = Field(None, description="答案计分，默认 满意 100、基本满意 75、不满意 55；“不了解”不计")
    bottom_count: int = Field(2, description="末位单位数（曝光并亮黄牌）")
    bottom_below: float = Field(75.0, description="末位分数线")
    veto_conduct: list[str] | None = Field(None, description="一票否决的高压线编码")
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    allow_online: bool = False


class AppraisalOut(Schema):
    id: int
    name: str
    status: str
    status_label: str
    min_sample: int
    bands: list[dict]
    answer_scores: dict
    units: list[dict]
    indicators: list[dict]
    instruments: list[dict]
    bottom_count: int
    bottom_below: float
    period_start: dt.date | None
    period_end: dt.date | None
    votes: int
    published_at: dt.datetime | None
    as_of: dt.datetime | None


def appraisal_out(a: Appraisal) -> dict:
    return {
        "id": a.pk,
        "name": a.name,
        "status": a.status,
        "status_label": a.get_status_display(),
        "min_sample": a.min_sample,
        "bands": a.bands,
        "answer_scores": a.answer_scores,
        "units": [{"code": u.department.code, "name": u.department.name, "category": u.category} for u in a.units.select_related("department")],
        "indicators": [{"code": i.code, "name": i.name, "weight": i.weight} for i in a.indicators.all()],
        "instruments": [{"kind": i.kind, "weight": i.weight} for i in a.instruments.all()],
        "bottom_count": a.bottom_count,
        "bottom_below": a.bottom_below,
        "period_start": a.period_start,
        "period_end": a.period_end,
        "votes": a.votes.count(),
        "published_at": a.published_at,
        "as_of": a.as_of,
    }


def _appraisal(appraisal_id: int) -> Appraisal:
    return selectors.appraisal(appraisal_id)


@router.post("/appraisals", auth=STAFF_AUTH, response={201: AppraisalOut, **ERRORS}, summary="创建评议活动（效能办）")
def appraisal_create(request, payload: AppraisalIn):
    data = payload.dict()
    for name in ("indicators", "instruments"):
        if data[name] is not None:
            data[name] = [dict(x) for x in data[name]]
    appraisal = services.appraisal_create(by=actor(request), **data)
    return Status(201, appraisal_out(appraisal))


@router.get("/appraisals", auth=None, response=list[AppraisalOut], summary="评议活动")
def appraisal_list(request):
    return [appraisal_out(a) for a in Appraisal.objects.all()[:50]]


@router.get("/appraisals/{appraisal_id}", auth=None, response={200: AppraisalOut, **ERRORS}, summary="一次评议活动的配置")
def appraisal_detail(request, appraisal_id: int):
    return appraisal_out(_appraisal(appraisal_id))


class VoteIn(Schema):
    unit: str = Field(description="参评单位的部门编码")
    voter_id_number: str = Field(description="投票人居民身份证号码（只用于核验和查重，不保存原文）")
    channel: str = Field(description="phone（电话抽样）、paper（纸质问卷）、online（网上问卷）、monitoring（监测点企业）")
    scores: dict[str, float | str | None] = Field(description="{指标编码: 0–100 或 满意/基本满意/不满意/不了解}")
    draw: int | None = Field(None, description="电话抽样批次编号")
    draw_entry: int | None = Field(None, description="样本序号（从 0 起）")
    call_ref: str = ""
    terminal: str = ""
    cast_at: dt.datetime | None = None


class VoteOut(Schema):
    id: int
    unit: str
    channel: str
    scores: dict
    composite: float | None
    served_in_frame: bool
    cast_at: dt.datetime


def vote_out(v: Vote) -> dict:
    return {
        "id": v.pk,
        "unit": v.unit.department.code,
        "channel": v.channel,
        "scores": v.scores,
        "composite": v.composite,
        "served_in_frame": v.served_in_frame,
        "cast_at": v.cast_at,
    }


@router.post("/appraisals/{appraisal_id}/votes", auth=PUBLIC_OR_ANY, response={201: VoteOut, **ERRORS}, summary="评议投票（每人每次活动一票）")
def vote_create(request, appraisal_id: int, payload: VoteIn):
    """同一人（按身份证号码）在同一次活动中第二次投票返回 409。"""
    appraisal = _appraisal(appraisal_id)
    draw = get_object_or_404(SampleDraw, pk=payload.draw) if payload.draw else None
    vote = services.appraisal_vote(
        by=actor(request),
        appraisal=appraisal,
        unit=payload.unit,
        voter_id_number=payload.voter_id_number,
        channel=payload.channel,
        scores=payload.scores,
        draw=draw,
        draw_entry=payload.draw_entry,
        call_ref=payload.call_ref,
        terminal=payload.terminal,
        cast_at=payload.cast_at,
    )
    return Status(201, vote_out(vote))


class ProvenanceOut(Schema):
    id: int
    unit: str
    channel: str
    composite: float | None
    served_in_frame: bool
    draw: int | None
    draw_entry: int | None
    sampled_case: str | None = Field(description="抽中的办件/工单编号")
    call_ref: str
    terminal: str
    entered_by: str
    cast_at: dt.datetime
    recorded_at: dt.datetime


@router.get(
    "/appraisals/{appraisal_id}/votes", auth=STAFF_AUTH, response={200: list[ProvenanceOut], **ERRORS}, summary="评议票来源（仅效能办；不含投票人身份）"
)
def vote_list(request, appraisal_id: int, unit: str | None = None, limit: int = 200, offset: int = 0):
    if not access.access_vote_provenance(actor(request)):
        raise Forbidden("评议票的来源只对效能办开放", code=Shared.FORBIDDEN)
    return selectors.vote_provenance(_appraisal(appraisal_id), unit=unit, limit=min(max(limit, 1), 1000), offset=max(offset, 0))


class VetoIn(Schema):
    unit: str
    reason: str
    fault: int | None = Field(None, description="所据行政过错编号")


class VetoOut(Schema):
    id: int
    unit: str
    reason: str
    decided_at: dt.datetime


@router.post("/appraisals/{appraisal_id}/vetoes", auth=STAFF_AUTH, response={201: VetoOut, **ERRORS}, summary="一票否决（效能办）")
def veto_create(request, appraisal_id: int, payload: VetoIn):
    from xiaoneng.accountability.models import Fault

    fault = get_object_or_404(Fault, pk=payload.fault) if payload.fault else None
    veto = services.appraisal_veto(by=actor(request), appraisal=_appraisal(appraisal_id), unit=payload.unit, reason=payload.reason, fault=fault)
    return Status(201, {"id": veto.pk, "unit": veto.unit.department.code, "reason": veto.reason, "decided_at": veto.decided_at})


class AppraisalDrawIn(Schema):
    per_unit: int
    seed: str | None = Field(None, description="随机种子；不填则随机生成并记录")


class DrawOut(Schema):
    id: int
    seed: str
    per_unit: int
    frame: dict
    drawn: list[dict]


@router.post("/appraisals/{appraisal_id}/draws", auth=STAFF_AUTH, response={201: DrawOut, **ERRORS}, summary="随机电话抽样（记录种子和抽样框）")
def draw_create(request, appraisal_id: int, payload: AppraisalDrawIn):
    draw = services.appraisal_draw_sample(by=actor(request), appraisal=_appraisal(appraisal_id), per_unit=payload.per_unit, seed=payload.seed)
    return Status(201, {"id": draw.pk, "seed": draw.seed, "per_unit": draw.per_unit, "frame": draw.frame, "drawn": draw.drawn})


@router.post("/appraisals/{appraisal_id}/close", auth=STAFF_AUTH, response={200: AppraisalOut, **ERRORS}, summary="结束投票")
def appraisal_close(request, appraisal_id: int):
    return appraisal_out(services.appraisal_close(by=actor(request), appraisal=_appraisal(appraisal_id)))


@router.post("/appraisals/{appraisal_id}/publish", auth=STAFF_AUTH, response={200: AppraisalOut, **ERRORS}, summary="发布评议结果（冻结排名，末位单位亮黄牌）")
def appraisal_publish(request, appraisal_id: int):
    return appraisal_out(services.appraisal_publish(by=actor(request), appraisal=_appraisal(appraisal_id)))


class RankingRowOut(Schema):
    unit: str = Field(description="部门编码")
    name: str
    category: str
    n: int = Field(description="有效票数")
    served_n: int = Field(description="其中评议期间在该单位办过事的人的票数")
    score: float | None = Field(description="加权得分")
    ci_low: float | None = Field(description="95% 区间下限")
    ci_high: float | None = Field(description="95% 区间上限")
    ranked: bool = Field(description="是否参加排名（样本足够）")
    rank_low: int | None = Field(description="最好名次")
    rank_high: int | None = Field(description="最差名次；与区间重叠的单位并列，共享名次范围")
    rank_label: str = Field(description="如“第 3–5 名”“样本不足”")
    band: str | None = Field(description="等次；一票否决的单位为最低等次；样本不足为空")
    vetoed: bool
    veto_reason: str
    bottom: bool = Field(description="末位单位（曝光并亮黄牌）")


@router.get(
    "/appraisals/{appraisal_id}/ranking",
    auth=None,
    response={200: list[RankingRowOut], **ERRORS},
    summary="评议排名（含 95% 区间、并列名次范围、等次、一票否决）",
)
def ranking(request, appraisal_id: int, as_of: dt.datetime | None = None):
    """已发布的活动返回发布时冻结的结果；未发布的按当前（或 ``as_of``）的票数计算。"""
    rows = selectors.ranking(_appraisal(appraisal_id), as_of).rows
    return [r | {"rank_label": rank_label(r), "band": r["band"] or None} for r in rows]


@router.get("/appraisals/{appraisal_id}/export", auth=STAFF_AUTH, summary="评议结果导出（Excel，供干部考核使用）")
def export(request, appraisal_id: int):
    if not access.access_view_appraisals(actor(request)):
        raise Forbidden("您没有导出评议结果的权限", code=Shared.FORBIDDEN)
    appraisal = _appraisal(appraisal_id)
    return download(exports.cadre_workbook(appraisal), exports.XLSX, f"{appraisal.name}-评议结果.xlsx")
