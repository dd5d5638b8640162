"""A campaign's ranking, computed from its votes as of a moment: per unit the weighted score
with its 95 % interval, whether it is ranked (minimum sample), the rank range shared with the
units it cannot be told apart from, its band, the veto and whether it is a bottom unit.
``docs/evaluation.md`` writes out every step."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, FloatField, Q
from django.db.models.functions import Cast

from xiaoneng.core import clock

from . import rules, stats
from .models.appraisals import CHANNEL_INSTRUMENT, Appraisal, InstrumentKind, Vote

POOLED = "pooled"  # the one instrument of a campaign that configured none


@dataclass
class Ranking:
    appraisal: Appraisal
    as_of: dt.datetime
    rows: list[dict]
    target: float | None  # the campaign's mean score (the funnel's centre line)
    sd: float  # the pooled spread of one vote (the funnel's width)
    instruments: dict = field(default_factory=dict)


def _groups(appraisal: Appraisal, as_of: dt.datetime, weights: dict) -> tuple[dict, dict]:
    """Per (unit, instrument): n, mean and sd of the votes' composites (one grouped query),
    and per unit the number of votes from people it served."""
    composite = Cast(F("composite"), FloatField())
    rows = (
        Vote.objects.filter(appraisal=appraisal, cast_at__lte=as_of, composite__isnull=False)
        .values("unit_id", "channel")
        .annotate(n=Count("id"), mean=Avg(composite), sq=Avg(composite * composite), served=Count("id", filter=Q(served_in_frame=True)))
        .order_by()
    )
    sums: dict = defaultdict(lambda: [0, 0.0, 0.0])
    served: dict = defaultdict(int)
    for r in rows:
        kind = CHANNEL_INSTRUMENT[r["channel"]] if weights else POOLED
        acc = sums[(r["unit_id"], kind)]
        acc[0] += r["n"]
        acc[1] += r["mean"] * r["n"]
        acc[2] += r["sq"] * r["n"]
        served[r["unit_id"]] += r["served"]
    groups = {}
    for key, (n, total, squares) in sums.items():
        mean = total / n
        variance = max(0.0, (squares - n * mean * mean) / (n - 1)) if n > 1 else 0.0
        groups[key] = stats.Summary(n, mean, variance**0.5)
    return groups, served


def _indicator_means(appraisal: Appraisal, as_of: dt.datetime) -> dict:
    totals: dict = defaultdict(lambda: defaultdict(lambda: [0.0, 0]))
    for unit_id, scores in Vote.objects.filter(appraisal=appraisal, cast_at__lte=as_of).values_list("unit_id", "scores").iterator(chunk_size=2000):
        for code, value in (scores or {}).items():
            if value is not None:
                acc = totals[unit_id][code]
                acc[0] += value
                acc[1] += 1
    return {unit: {code: round(s / n, 2) for code, (s, n) in codes.items()} for unit, codes in totals.items()}


def compute(appraisal: Appraisal, as_of: dt.datetime | None = None) -> Ranking:
    as_of = as_of or clock.now()
    bands = rules.check_bands(appraisal.bands)
    weights = {i.kind: i.weight for i in appraisal.instruments.all() if i.weight > 0}
    groups, served = _groups(appraisal, as_of, weights)
    fixed = {(s.unit_id, s.kind): s.score for s in appraisal.unit_scores.filter(recorded_at__lte=as_of)}
    kinds = list(weights) or [POOLED]
    floors = {kind: stats.pooled_sd([g for (u, k), g in groups.items() if k == kind]) for kind in kinds}
    vetoes = {v.unit_id: v.reason for v in appraisal.vetoes.filter(decided_at__lte=as_of)}
    indicators = _indicator_means(appraisal, as_of)
    units = list(appraisal.units.select_related("department").order_by("category", "department__sort_order", "department_id"))

    rows = []
    for unit in units:
        parts, detail = [], {}
        for kind in kinds:
            weight = weights.get(kind, 1.0)
            if kind == InstrumentKind.INSPECTION:
                if (unit.pk, kind) in fixed:
                    parts.append(stats.Part(weight, stats.Summary(1, fixed[(unit.pk, kind)], 0.0), fixed=True))
                    detail[kind] = {"score": fixed[(unit.pk, kind)]}
                continue
            g = groups.get((unit.pk, kind))
            if g is not None:
                parts.append(stats.Part(weight, g, sd_floor=floors[kind]))
                detail[kind] = {"n": g.n, "mean": round(g.mean, 2), "sd": round(g.sd, 2)}
        n = sum(g.n for (u, _), g in groups.items() if u == unit.pk)
        estimate = stats.weighted_estimate(parts) if n else None
        vetoed = unit.pk in vetoes
        enough = estimate is not None and n >= appraisal.min_sample
        rows.append(
            {
                "unit_id": unit.pk,
                "department_id": unit.department_id,
                "unit": unit.department.code,
                "name": unit.department.name,
                "category": unit.category,
                "n": n,
                "served_n": served.get(unit.pk, 0),
                "score": round(estimate.score, 2) if estimate else None,
                "ci_low": round(estimate.low, 2) if estimate else None,
                "ci_high": round(estimate.high, 2) if estimate else None,
                "ranked": enough,
                "rank_low": None,
                "rank_high": None,
                "band": rules.last_band(bands) if vetoed else (rules.band_of(estimate.score, bands) if enough else ""),
                "vetoed": vetoed,
                "veto_reason": vetoes.get(unit.pk, ""),
                "bottom": False,
                "details": {"instruments": detail, "indicators": indicators.get(unit.pk, {})},
            }
        )
    _rank(rows, appraisal)
    rows.sort(key=_order)
    counted = [(r["n"], r["score"]) for r in rows if r["score"] is not None and r["n"]]
    target = sum(n * s for n, s in counted) / sum(n for n, _ in counted) if counted else None
    spread = stats.pooled_sd(list(groups.values()))
    return Ranking(appraisal, as_of, rows, round(target, 2) if target is not None else None, round(spread, 4), weights)


def _rank(rows: list[dict], appraisal: Appraisal) -> None:
    """Rank within each category: overlapping intervals share a rank range; vetoed units
    come after every unit that was not vetoed; bottom units are those certainly among the
    last ``bottom_count`` (vetoed units first) and scoring under ``bottom_below``."""
    by_category: dict = defaultdict(list)
    for r in rows:
        by_category[r["category"]].append(r)
    for members in by_category.values():
        clean = [r for r in members if r["ranked"] and not r["vetoed"]]
        vetoed = [r for r in members if r["ranked"] and r["vetoed"]]
        ranges = stats.rank_ranges({r["unit_id"]: (r["ci_low"], r["ci_high"]) for r in clean})
        for r in clean:
            r["rank_low"], r["rank_high"] = ranges[r["unit_id"]]
        for r in vetoed:
            r["rank_low"], r["rank_high"] = len(clean) + 1, len(clean) + len(vetoed)
        slots = appraisal.bottom_count
        for r in members:
            if r["vetoed"] and slots > 0:
                r["bottom"] = True
        slots -= sum(1 for r in members if r["vetoed"])
        for r in clean:
            if slots > 0 and r["score"] < appraisal.bottom_below and r["rank_low"] > len(clean) - slots:
                r["bottom"] = True


def _order(r: dict):
    group = 0 if r["ranked"] and not r["vetoed"] else (1 if r["vetoed"] else 2)
    return (r["category"], group, r["rank_low"] or 0, -(r["score"] or 0), r["unit"])
