"""Reads of evaluation: 好差评 results per department, window and person; the ranking of a
campaign (published, or live as of a moment); commitments, policies and claims; and the
finding the supervision sweeper turns into yellow cards for bottom units."""

from __future__ import annotations

import datetime as dt
import hmac

from django.db.models import BigIntegerField, CharField, Count, F, Q, Value
from django.db.models.functions import Cast

from xiaoneng.core.errors import NotFound

from . import scoring, stats
from .codes import Error
from .models.appraisals import Appraisal, AppraisalResult
from .models.delivery import BenefitClaim, Commitment, Policy
from .models.ratings import AppealGrounds, Rating, Rectification
from .rules import AppraisalStatus, ClaimStatus, Level, RectificationStatus

GROUPS = {"department": ("department_id", "department__name"), "window": ("window_id", "window__name"), "person": ("person_id", "person__staff__name")}


def _rate(k: int, n: int) -> dict:
    low, high = stats.wilson(k, n)
    return {"k": k, "n": n, "rate": round(k / n, 4) if n else None, "ci_low": round(low, 4) if n else None, "ci_high": round(high, 4) if n else None}


def rating_results(*, group: str = "department", since: dt.datetime | None = None, until: dt.datetime | None = None, scope: Q | None = None) -> list[dict]:
    """Per department (window, person): counts per level of the ratings people gave, the
    defaulted ratings apart, the excluded ones apart with their reasons, 好评率 and 差评率 of
    the ratings people gave with Wilson 95 % intervals, and rectification on time."""
    key, label = GROUPS[group]
    rows = Rating.objects.filter(**{f"{key}__isnull": False})
    if since:
        rows = rows.filter(rated_at__gte=since)
    if until:
        rows = rows.filter(rated_at__lt=until)
    if scope is not None:
        rows = rows.filter(scope)
    given = Q(is_default=False, excluded=False)
    counts = {f"level_{v}": Count("id", filter=given & Q(level=v)) for v in Level.values}
    counts |= {
        "n_given": Count("id", filter=given),
        "n_defaulted": Count("id", filter=Q(is_default=True, excluded=False)),
        "n_excluded": Count("id", filter=Q(excluded=True)),
    }
    counts |= {f"excluded_{g}": Count("id", filter=Q(excluded=True, appeal__grounds=g)) for g in AppealGrounds.values}
    rect = {
        "rect_done": Count("rectification", filter=Q(rectification__clock__state="stopped") & ~Q(rectification__status=RectificationStatus.ENDED)),
        "rect_on_time": Count("rectification", filter=Q(rectification__clock__met=True) & ~Q(rectification__status=RectificationStatus.ENDED)),
        "rect_open": Count(
            "rectification", filter=Q(rectification__status__in=[RectificationStatus.VERIFYING, RectificationStatus.RECTIFYING, RectificationStatus.CALLBACK])
        ),
    }
    out = []
    for r in rows.values(key, label).annotate(**counts, **rect).order_by(label):
        good = r[f"level_{Level.VERY_SATISFIED}"] + r[f"level_{Level.SATISFIED}"]
        bad = r[f"level_{Level.DISSATISFIED}"] + r[f"level_{Level.VERY_DISSATISFIED}"]
        out.append(
            {
                "id": r[key],
                "name": r[label] or "—",
                "levels": {Level(v).label: r[f"level_{v}"] for v in Level.values},
                "given": r["n_given"],
                "defaulted": r["n_defaulted"],
                "excluded": r["n_excluded"],
                "excluded_reasons": {AppealGrounds(g).label: r[f"excluded_{g}"] for g in AppealGrounds.values if r[f"excluded_{g}"]},
                "good": _rate(good, r["n_given"]),
                "bad": _rate(bad, r["n_given"]),
                "rectification": {
                    "done": r["rect_done"],
                    "on_time": r["rect_on_time"],
                    "open": r["rect_open"],
                    "on_time_rate": _rate(r["rect_on_time"], r["rect_done"]),
                },
            }
        )
    return out


def rectifications(scope: Q | None = None):
    rows = Rectification.objects.select_related("rating", "department", "clock", "callback_clock").order_by("-opened_at", "-id")
    return rows.filter(scope) if scope is not None else rows


# --- appraisals --------------------------------------------------------------------------


def appraisal(pk: int) -> Appraisal:
    found = Appraisal.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound("评议活动不存在", code=Error.UNKNOWN_APPRAISAL)
    return found


def latest_published() -> Appraisal | None:
    return Appraisal.objects.filter(status=AppraisalStatus.PUBLISHED).order_by("-published_at", "-id").first()


def ranking(appraisal_: Appraisal, as_of: dt.datetime | None = None) -> scoring.Ranking:
    """The published results when the campaign is published (and no other moment is asked
    for); otherwise computed from the votes as of ``as_of`` (now)."""
    if appraisal_.status == AppraisalStatus.PUBLISHED and as_of is None:
        computed = scoring.compute(appraisal_, appraisal_.as_of)  # the funnel's centre and spread
        results = {r.unit_id: r for r in AppraisalResult.objects.filter(appraisal=appraisal_)}
        for row in computed.rows:
            frozen = results.get(row["unit_id"])
            if frozen is not None:
                for name in (
                    "n",
                    "served_n",
                    "score",
                    "ci_low",
                    "ci_high",
                    "ranked",
                    "rank_low",
                    "rank_high",
                    "band",
                    "vetoed",
                    "veto_reason",
                    "bottom",
                    "details",
                ):
                    row[name] = getattr(frozen, name)
        return computed
    return scoring.compute(appraisal_, as_of)


def bottom_unit_findings(as_of: dt.datetime):
    """The supervision sweeper's check: every bottom unit of a published campaign is a yellow
    card for its department from the moment of publication."""
    return AppraisalResult.objects.filter(bottom=True, published_at__lte=as_of).values(
        "department_id",
        subject_type=Value("evaluation.appraisalresult", output_field=CharField()),
        subject_id=F("id"),
        responsible_id=Cast(Value(None), output_field=BigIntegerField()),
        effective_at=F("published_at"),
    )


# --- commitments and policies --------------------------------------------------------------


def commitments(*, public: bool = False):
    rows = Commitment.objects.select_related("department", "owner", "clock").prefetch_related("reviews")
    return rows.filter(public=True) if public else rows


def policies():
    return Policy.objects.select_related("department", "guide_clock").prefetch_related("benefits")


def claim_lookup(number: str, query_code: str) -> BenefitClaim:
    """An enterprise's claim by its number and query code (both must match)."""
    text = (number or "").strip().upper()
    pk = int(text[10:]) if len(text) > 10 and text.startswith("DX") and text[2:].isascii() and text[2:].isdigit() else None
    claim = BenefitClaim.objects.select_related("benefit__policy", "department", "approval_clock", "payment_clock").filter(pk=pk).first() if pk else None
    expected = claim.query_code if claim is not None and claim.number == text else "x" * 6
    if not hmac.compare_digest(expected.encode(), (query_code or "").strip().upper().encode()) or claim is None:
        raise NotFound("申请编号或查询码不正确", code=Error.UNKNOWN_CLAIM)
    return claim


def delivery_on_time() -> list[dict]:
    """Per department: claims approved and paid on time (clocks met) of those finished."""
    rows = (
        BenefitClaim.objects.values("department_id", "department__name")
        .annotate(
            claims=Count("id"),
            approved=Count("id", filter=Q(approval_clock__state="stopped")),
            approved_on_time=Count("id", filter=Q(approval_clock__met=True)),
            paid=Count("id", filter=Q(status=ClaimStatus.PAID)),
            paid_on_time=Count("id", filter=Q(status=ClaimStatus.PAID, payment_clock__met=True)),
        )
        .order_by("department__name")
    )
    return [
        {
            "department": r["department__name"],
            "claims": r["claims"],
            "approval": _rate(r["approved_on_time"], r["approved"]),
            "payment": _rate(r["paid_on_time"], r["paid"]),
        }
        for r in rows
    ]


def vote_provenance(appraisal_: Appraisal, *, unit: str | None = None, limit: int = 200, offset: int = 0) -> list[dict]:
    """Where each vote came from — channel, the sample draw and the case drawn, the call, the
    terminal, who typed it in — for the supervision office.  Never the voter's identity."""
    from xiaoneng.core.people import display_name

    from .models.appraisals import Vote

    rows = Vote.objects.filter(appraisal=appraisal_).select_related("unit__department", "draw", "entered_by__staff").order_by("id")
    if unit:
        rows = rows.filter(unit__department__code=unit)
    out = []
    for v in rows[offset : offset + limit]:
        sampled = v.draw.drawn[v.draw_entry]["number"] if v.draw is not None and v.draw_entry is not None and v.draw_entry < len(v.draw.drawn) else None
        out.append(
            {
                "id": v.pk,
                "unit": v.unit.department.code,
                "unit_name": v.unit.department.name,
                "channel": v.channel,
                "channel_label": v.get_channel_display(),
                "composite": v.composite,
                "served_in_frame": v.served_in_frame,
                "draw": v.draw_id,
                "draw_entry": v.draw_entry,
                "sampled_case": sampled,
                "call_ref": v.call_ref,
                "terminal": v.terminal,
                "entered_by": display_name(v.entered_by, "本人网上投票"),
                "cast_at": v.cast_at,
                "recorded_at": v.recorded_at,
            }
        )
    return out
