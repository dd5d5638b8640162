"""万人评议: creating a campaign, drawing telephone samples, votes, daily inspection marks,
vetoes, closing and publishing."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Q

from xiaoneng.accountability.models import Fault, FaultStatus
from xiaoneng.applications.models import Application
from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.people import person
from xiaoneng.core.transitions import lock, transition
from xiaoneng.core.validators import is_valid_resident_id, required_text
from xiaoneng.org.models import Department
from xiaoneng.workorders.models import Status as WoStatus
from xiaoneng.workorders.models import WorkOrder
from xiaoneng.workorders.numbers import tracking_number

from .. import access, rules, scoring
from ..codes import Action
from ..codes import Error as EvalError
from ..models.appraisals import (
    CHANNEL_ALIASES,
    Appraisal,
    AppraisalIndicator,
    AppraisalInstrument,
    AppraisalResult,
    AppraisalUnit,
    InstrumentKind,
    SampleDraw,
    UnitScore,
    Veto,
    Vote,
    VoteChannel,
)
from ..rules import APPRAISAL_TRANSITIONS, AppraisalStatus
from .ratings import RATEABLE_APPLICATIONS


def _manage(by) -> None:
    if not access.access_manage_appraisals(by):
        raise Forbidden("只有效能办可以组织评议活动", code=Shared.FORBIDDEN)


def _bad(message: str) -> InvalidInput:
    return InvalidInput(message, code=EvalError.INVALID_CONFIG)


@transaction.atomic
def appraisal_create(
    *,
    by,
    name: str,
    units: list,
    indicators: list[dict] | None = None,
    instruments: list[dict] | None = None,
    min_sample: int = 30,
    bands: list[dict] | None = None,
    answer_scores: dict | None = None,
    bottom_count: int = 2,
    bottom_below: float = 75.0,
    veto_conduct: list[str] | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    allow_online: bool = False,
) -> Appraisal:
    """A campaign is configuration: units (department codes, or {code, category}),
    indicators and weights (default: the six seen in practice), instruments and weights,
    answer scoring, bands, the minimum sample, the bottom units and the veto rules.  It opens
    for votes at once."""
    _manage(by)
    name = required_text(name, "评议活动名称", limit=120)
    if not isinstance(min_sample, int) or not 1 <= min_sample <= 100000:
        raise _bad("最小样本量应为 1–100000 的整数")
    try:
        bands = rules.check_bands(bands if bands is not None else rules.DEFAULT_BANDS)
    except rules.ConfigError as exc:
        raise _bad(str(exc)) from None
    scores = answer_scores if answer_scores is not None else rules.DEFAULT_ANSWER_SCORES
    if not isinstance(scores, dict) or not scores or any(not isinstance(v, (int, float)) or not 0 <= v <= 100 for v in scores.values()):
        raise _bad("答案计分应为 {答案: 0–100}")
    if period_start and period_end and period_end < period_start:
        raise _bad("评议期间的结束日期不能早于开始日期")
    wanted = []
    for entry in units or []:
        code, category = (entry.get("code"), entry.get("category", "")) if isinstance(entry, dict) else (entry, "")
        wanted.append((str(code or "").strip(), str(category or "").strip()[:40]))
    if not wanted:
        raise _bad("请至少列出一个参评单位")
    found = {d.code: d for d in Department.objects.filter(code__in=[c for c, _ in wanted], is_active=True)}
    unknown = [c for c, _ in wanted if c not in found]
    if unknown:
        raise InvalidInput(f"未知的部门编码：{'、'.join(unknown)}", code=Shared.UNKNOWN_DEPARTMENT, details={"units": unknown})
    if len({c for c, _ in wanted}) != len(wanted):
        raise _bad("参评单位不能重复")
    specs = indicators if indicators is not None else [{"code": c, "name": n, "weight": w} for c, n, w in rules.DEFAULT_INDICATORS]
    cleaned = []
    for spec in specs:
        try:
            code, label, weight = str(spec["code"]).strip(), str(spec["name"]).strip(), float(spec["weight"])
        except (KeyError, TypeError, ValueError):
            raise _bad("指标应为 [{code, name, weight}]") from None
        if not code or not label or weight < 0 or len(code) > 30:
            raise _bad("指标编码、名称不能为空，权重不能为负")
        cleaned.append((code, label, weight))
    if not cleaned or sum(w for _, _, w in cleaned) <= 0 or len({c for c, _, _ in cleaned}) != len(cleaned):
        raise _bad("指标编码不能重复，权重之和应大于 0")
    tools = []
    for spec in instruments or []:
        kind, weight = str(spec.get("kind", "")), spec.get("weight")
        if kind not in InstrumentKind.values or not isinstance(weight, (int, float)) or weight < 0:
            raise _bad(f"评议方式应为 {'、'.join(InstrumentKind.values)}，权重不能为负")
        tools.append((kind, float(weight)))
    if tools and (len({k for k, _ in tools}) != len(tools) or sum(w for _, w in tools) <= 0):
        raise _bad("评议方式不能重复，权重之和应大于 0")
    now = clock.now()
    appraisal = Appraisal.objects.create(
        name=name,
        period_start=period_start,
        period_end=period_end,
        min_sample=min_sample,
        bands=bands,
        answer_scores={str(k): float(v) for k, v in scores.items()},
        bottom_count=max(0, int(bottom_count)),
        bottom_below=float(bottom_below),
        veto_conduct=list(veto_conduct or []),
        allow_online=bool(allow_online),
        salt=secrets.token_hex(32),
        created_by=person(by),
        created_at=now,
        updated_at=now,
    )
    AppraisalUnit.objects.bulk_create([AppraisalUnit(appraisal=appraisal, department=found[c], category=cat) for c, cat in wanted])
    AppraisalIndicator.objects.bulk_create(
        [AppraisalIndicator(appraisal=appraisal, code=c, name=n, weight=w, sort_order=i) for i, (c, n, w) in enumerate(cleaned)]
    )
    AppraisalInstrument.objects.bulk_create([AppraisalInstrument(appraisal=appraisal, kind=k, weight=w) for k, w in tools])
    audit.record(
        actor=by,
        action=Action.APPRAISAL_CREATE,
        subject=appraisal,
        after={
            "name": name,
            "units": [c for c, _ in wanted],
            "indicators": cleaned,
            "instruments": tools,
            "min_sample": min_sample,
            "bands": bands,
            "answer_scores": appraisal.answer_scores,
            "bottom_count": appraisal.bottom_count,
            "bottom_below": appraisal.bottom_below,
        },
    )
    return appraisal


def voter_hash(appraisal: Appraisal, id_number: str) -> str:
    """HMAC-SHA256 of the resident ID number under the campaign's secret: the same person
    gives the same value within a campaign (so a second vote is caught), different values in
    different campaigns, and the number cannot be read back."""
    return hmac.new(appraisal.salt.encode(), id_number.strip().upper().encode(), hashlib.sha256).hexdigest()


def _unit(appraisal: Appraisal, code: str) -> AppraisalUnit:
    unit = appraisal.units.select_related("department").filter(department__code=str(code or "").strip()).first()
    if unit is None:
        raise InvalidInput(f"“{code}”不是本次评议的参评单位", code=EvalError.UNKNOWN_UNIT)
    return unit


def _served(appraisal: Appraisal, unit: AppraisalUnit, id_number: str) -> bool:
    """Whether the voter was served by the unit (its subtree) within the campaign's period:
    an application decided, or a work order closed, naming their ID number."""
    if appraisal.period_start is None or appraisal.period_end is None:
        return False
    subtree = Q(department__path__startswith=unit.department.path)
    apps = Application.objects.filter(subtree, applicant_id_number=id_number, decided_on__gte=appraisal.period_start, decided_on__lte=appraisal.period_end)
    wos = WorkOrder.objects.filter(
        subtree,
        requester_id_number=id_number,
        status=WoStatus.CLOSED,
        closed_at__gte=clock.start_of_day(appraisal.period_start),
        closed_at__lt=clock.end_of_day(appraisal.period_end),
    )
    return apps.exists() or wos.exists()


@transaction.atomic
def appraisal_vote(
    *,
    by,
    appraisal: Appraisal,
    unit: str,
    voter_id_number: str,
    channel: str,
    scores: dict,
    draw: SampleDraw | None = None,
    draw_entry: int | None = None,
    call_ref: str = "",
    terminal: str = "",
    cast_at: dt.datetime | None = None,
) -> Vote:
    """One vote per verified person per campaign (GB 11643 check digit; the number is kept
    only as a keyed hash).  Staff typing in a telephone, paper or monitoring-point vote are
    recorded, and may not do so for their own unit; the public votes online only where the
    campaign allows it.  Answers are points 0–100 or the campaign's words; "不了解" is not
    counted."""
    appraisal = lock(appraisal)
    if appraisal.status != AppraisalStatus.OPEN:
        raise Conflict("评议活动不在投票期", code=EvalError.NOT_OPEN)
    target = _unit(appraisal, unit)
    channel = CHANNEL_ALIASES.get(str(channel or "").strip(), str(channel or "").strip())
    if channel not in VoteChannel.values:
        raise InvalidInput(f"投票渠道应为 {'、'.join(VoteChannel.values)}", code=Shared.INVALID_CHOICE, details={"channel": channel})
    if channel == VoteChannel.ONLINE:
        if not appraisal.allow_online and not access.access_enter_vote(by, target.department):
            raise Forbidden("本次评议不接受网上公开投票", code=Shared.FORBIDDEN)
    elif not access.access_enter_vote(by, target.department):
        raise Forbidden("评议票由效能办或热线人员录入，且不能为本单位录入", code=EvalError.OWN_UNIT)
    number = str(voter_id_number or "").strip().upper()
    if not is_valid_resident_id(number, today=clock.today()):
        raise InvalidInput("居民身份证号码无效（应为18位，出生日期和校验码正确）", code=EvalError.INVALID_ID_NUMBER)
    indicators = {i.code: i.weight for i in appraisal.indicators.all()}
    if not isinstance(scores, dict) or not scores:
        raise InvalidInput("请填写各项指标的评价", code=EvalError.INVALID_SCORE)
    points = {}
    for code, answer in scores.items():
        if code not in indicators:
            raise InvalidInput(f"未知的指标“{code}”", code=EvalError.INVALID_SCORE, details={"indicator": code})
        try:
            points[code] = rules.answer_points(answer, appraisal.answer_scores)
        except ValueError:
            raise InvalidInput(f"指标“{code}”的评价应为 0–100 的分数或规定的答案", code=EvalError.INVALID_SCORE, details={"indicator": code}) from None
    if draw is not None and (draw.appraisal_id != appraisal.pk or draw_entry is None or not 0 <= draw_entry < len(draw.drawn)):
        raise InvalidInput("抽样序号不正确", code=EvalError.INVALID_SCORE)
    now = clock.now()
    cast_at = cast_at or now
    if cast_at > now:
        raise InvalidInput("投票时间不能晚于当前时间", code=Shared.INVALID_MOMENT)
    vote = Vote(
        appraisal=appraisal,
        unit=target,
        voter_hash=voter_hash(appraisal, number),
        channel=channel,
        scores=points,
        composite=rules.composite(points, indicators),
        served_in_frame=_served(appraisal, target, number),
        draw=draw,
        draw_entry=draw_entry if draw is not None else None,
        call_ref=(call_ref or "")[:60],
        terminal=(terminal or "")[:60],
        entered_by=person(by),
        cast_at=cast_at,
        recorded_at=now,
    )
    try:
        with transaction.atomic():
            vote.save()
    except IntegrityError:
        raise Conflict("此人已在本次评议中投过票，每人限投一次", code=EvalError.DUPLICATE_VOTER) from None
    audit.record(
        actor=by,
        action=Action.APPRAISAL_VOTE,
        subject=vote,
        after=audit.snapshot(vote, ["appraisal", "unit", "channel", "composite", "served_in_frame", "draw", "draw_entry"]),
    )
    return vote


@transaction.atomic
def appraisal_draw_sample(*, by, appraisal: Appraisal, per_unit: int, seed: str | None = None) -> SampleDraw:
    """随机电话抽样 from real service records: the frame is every application decided and every
    work order closed by each unit (its subtree) in the campaign's period, in id order; the
    draw is ``random.Random(seed).sample`` of each unit's frame.  Seed, frame size and a
    SHA-256 of the frame are recorded so the draw can be repeated."""
    _manage(by)
    if appraisal.period_start is None or appraisal.period_end is None:
        raise _bad("抽样前请设定评议期间")
    if not 1 <= int(per_unit) <= 1000:
        raise _bad("每单位抽取数应为 1–1000")
    seed = str(seed or secrets.token_hex(8))
    drawn, sizes, digest = [], {}, hashlib.sha256()
    for unit in appraisal.units.select_related("department").order_by("department__code"):
        subtree = Q(department__path__startswith=unit.department.path)
        apps = list(
            Application.objects.filter(subtree, status__in=RATEABLE_APPLICATIONS, decided_on__gte=appraisal.period_start, decided_on__lte=appraisal.period_end)
            .order_by("pk")
            .values_list("pk", "number")
        )
        wos = list(
            WorkOrder.objects.filter(
                subtree, status=WoStatus.CLOSED, closed_at__gte=clock.start_of_day(appraisal.period_start), closed_at__lt=clock.end_of_day(appraisal.period_end)
            )
            .order_by("pk")
            .values_list("pk", "received_at")
        )
        frame = [("application", pk, number or str(pk)) for pk, number in apps] + [("workorder", pk, tracking_number(pk, at)) for pk, at in wos]
        code = unit.department.code
        sizes[code] = len(frame)
        digest.update(f"{code}:{','.join(f'{t}#{pk}' for t, pk, _ in frame)};".encode())
        for subject_type, pk, number in random.Random(f"{seed}:{code}").sample(frame, min(int(per_unit), len(frame))):
            drawn.append({"unit": code, "subject_type": subject_type, "subject_id": pk, "number": number})
    if not drawn:
        raise InvalidInput("评议期间内参评单位没有办结的办件或工单，抽样框为空", code=EvalError.EMPTY_FRAME)
    frame = {
        "description": "评议期间内各参评单位（含下级）作出决定的办件和办结的工单，按编号排序",
        "period": [appraisal.period_start, appraisal.period_end],
        "size": sum(sizes.values()),
        "per_unit_size": sizes,
        "sha256": digest.hexdigest(),
        "method": "random.Random(f'{seed}:{单位编码}').sample(该单位抽样框, 每单位抽取数)",
    }
    draw = SampleDraw.objects.create(
        appraisal=appraisal, seed=seed, per_unit=int(per_unit), frame=audit._jsonable(frame), drawn=drawn, drawn_by=person(by), drawn_at=clock.now()
    )
    audit.record(
        actor=by, action=Action.APPRAISAL_DRAW, subject=draw, after={"seed": seed, "per_unit": int(per_unit), "frame": draw.frame, "drawn": len(drawn)}
    )
    return draw


@transaction.atomic
def appraisal_unit_score(*, by, appraisal: Appraisal, unit: str, kind: str, score: float, basis: str) -> UnitScore:
    """A unit's mark from the daily inspections (日常考核), an instrument without votes."""
    _manage(by)
    target = _unit(appraisal, unit)
    if kind != InstrumentKind.INSPECTION:
        raise _bad("只有日常考核按单位录入得分")
    if not isinstance(score, (int, float)) or not 0 <= score <= 100:
        raise InvalidInput("得分应为 0–100", code=EvalError.INVALID_SCORE)
    row, _ = UnitScore.objects.update_or_create(
        unit=target,
        kind=kind,
        defaults={
            "appraisal": appraisal,
            "score": float(score),
            "basis": required_text(basis, "评分依据"),
            "recorded_by": person(by),
            "recorded_at": clock.now(),
        },
    )
    audit.record(actor=by, action=Action.APPRAISAL_SCORE, subject=row, after={"unit": target.department.code, "kind": kind, "score": float(score)})
    return row


@transaction.atomic
def appraisal_veto(*, by, appraisal: Appraisal, unit: str, reason: str, fault: Fault | None = None) -> Veto:
    """一票否决: the unit is put in the last band whatever its score, with the reason published."""
    _manage(by)
    if appraisal.status == AppraisalStatus.PUBLISHED:
        raise Conflict("评议结果已发布，不能再否决", code=EvalError.NOT_OPEN)
    target = _unit(appraisal, unit)
    reason = required_text(reason, "否决理由")
    if Veto.objects.filter(unit=target).exists():
        raise Conflict("该单位已被一票否决", code=EvalError.ALREADY_VETOED)
    veto = Veto.objects.create(appraisal=appraisal, unit=target, reason=reason, fault=fault, decided_by=person(by), decided_at=clock.now())
    audit.record(
        actor=by, action=Action.APPRAISAL_VETO, subject=veto, after={"unit": target.department.code, "reason": reason, "fault": fault.pk if fault else None}
    )
    return veto


def appraisal_apply_veto_rules(*, by, appraisal: Appraisal) -> list[Veto]:
    """The campaign's veto rules against the fault records: a unit (or anyone in its subtree)
    with a verified fault of a listed 高压线 that happened within the period is vetoed."""
    _manage(by)
    if not appraisal.veto_conduct or appraisal.period_start is None or appraisal.period_end is None:
        return []
    vetoes = []
    for unit in appraisal.units.select_related("department").filter(veto__isnull=True):
        fault = (
            Fault.objects.filter(
                department__path__startswith=unit.department.path,
                status=FaultStatus.VERIFIED,
                conduct__code__in=appraisal.veto_conduct,
                occurred_at__gte=clock.start_of_day(appraisal.period_start),
                occurred_at__lt=clock.end_of_day(appraisal.period_end),
            )
            .select_related("conduct")
            .order_by("occurred_at")
            .first()
        )
        if fault is not None:
            reason = f"评议期间被认定触犯“{fault.conduct.title}”（{clock.format_cn(clock.local(fault.occurred_at).date())}）"
            vetoes.append(appraisal_veto(by=by, appraisal=appraisal, unit=unit.department.code, reason=reason, fault=fault))
    return vetoes


@transaction.atomic
def appraisal_close(*, by, appraisal: Appraisal) -> Appraisal:
    _manage(by)
    appraisal = lock(appraisal)
    return transition(
        appraisal, to=AppraisalStatus.CLOSED, by=by, allowed=APPRAISAL_TRANSITIONS, action=Action.APPRAISAL_CLOSE, changes={"closed_at": clock.now()}
    )


@transaction.atomic
def appraisal_publish(*, by, appraisal: Appraisal) -> Appraisal:
    """Freeze the ranking as of now into results (what the public sees, the cadre assessment
    export and the yellow cards of the bottom units read)."""
    _manage(by)
    appraisal = lock(appraisal)
    now = clock.now()
    ranking = scoring.compute(appraisal, now)
    transition(
        appraisal,
        to=AppraisalStatus.PUBLISHED,
        by=by,
        allowed=APPRAISAL_TRANSITIONS,
        action=Action.APPRAISAL_PUBLISH,
        changes={"published_at": now, "as_of": now},
    )
    AppraisalResult.objects.bulk_create(
        [
            AppraisalResult(
                appraisal=appraisal,
                unit_id=r["unit_id"],
                department_id=r["department_id"],
                category=r["category"],
                n=r["n"],
                served_n=r["served_n"],
                score=r["score"],
                ci_low=r["ci_low"],
                ci_high=r["ci_high"],
                ranked=r["ranked"],
                rank_low=r["rank_low"],
                rank_high=r["rank_high"],
                band=r["band"],
                vetoed=r["vetoed"],
                veto_reason=r["veto_reason"],
                bottom=r["bottom"],
                details=r["details"],
                published_at=now,
            )
            for r in ranking.rows
        ]
    )
    return appraisal
