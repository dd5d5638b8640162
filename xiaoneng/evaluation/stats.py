"""The statistics behind fair rankings: Wilson intervals for rates, t intervals for mean
scores, rank ranges from overlapping intervals and funnel-plot limits.  Pure arithmetic;
SciPy is imported inside :func:`t_quantile` only (start-up must not load it).  The formulas
are written out in ``docs/evaluation.md`` so that a unit can recompute its own figures."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from xiaoneng.core.proportions import Z95, Z998, wilson  # noqa: F401 — the rankings read them from here


@lru_cache(maxsize=512)
def t_quantile(df: float, p: float = 0.975) -> float:
    """Student's t quantile (SciPy, loaded on first use)."""
    from scipy.stats import t

    return float(t.ppf(p, max(df, 1.0)))


@dataclass(frozen=True)
class Summary:
    """One group of scores: how many, their mean and standard deviation (n − 1)."""

    n: int
    mean: float
    sd: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        n = len(values)
        mean = sum(values) / n if n else 0.0
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
        return cls(n, mean, sd)


def pooled_sd(groups: Iterable[Summary]) -> float:
    """The within-group standard deviation pooled over groups: √(Σ(nᵢ−1)sᵢ² / Σ(nᵢ−1))."""
    num = den = 0.0
    for g in groups:
        if g.n > 1:
            num += (g.n - 1) * g.sd**2
            den += g.n - 1
    return math.sqrt(num / den) if den else 0.0


@dataclass(frozen=True)
class Part:
    """One instrument's share of a unit's score: its weight and its votes (``fixed`` scores,
    such as daily inspection marks, carry no sampling error)."""

    weight: float
    summary: Summary
    sd_floor: float = 0.0
    fixed: bool = False


@dataclass(frozen=True)
class Estimate:
    score: float
    low: float
    high: float
    se: float
    df: float


def weighted_estimate(parts: Sequence[Part], *, low: float = 0.0, high: float = 100.0) -> Estimate | None:
    """Score = Σ wₖ·mₖ / Σ wₖ over the parts that have data; standard error
    √Σ (wₖ/W)²·sₖ²/nₖ with each sₖ at least the campaign's pooled spread (a small sample
    says little about its own spread: three identical answers do not make a certainty);
    95 % interval score ± t(df)·SE with Welch–Satterthwaite degrees of freedom, clipped to
    the scale."""
    used = [p for p in parts if p.summary.n > 0 and p.weight > 0]
    if not used:
        return None
    total = sum(p.weight for p in used)
    score = sum(p.weight * p.summary.mean for p in used) / total
    terms = []
    for p in used:
        if p.fixed:
            continue
        sd = max(p.summary.sd, p.sd_floor)
        terms.append(((p.weight / total) ** 2 * sd * sd / p.summary.n, max(p.summary.n - 1, 1)))
    variance = sum(a for a, _ in terms)
    if variance <= 0:
        return Estimate(score, score, score, 0.0, math.inf)
    df = variance**2 / sum(a * a / d for a, d in terms)
    se = math.sqrt(variance)
    half = t_quantile(round(df, 6)) * se
    return Estimate(score, max(low, score - half), min(high, score + half), se, df)


def rank_ranges(intervals: dict) -> dict:
    """{key: (low, high)} → {key: (best rank, worst rank)}, higher scores ranking first.

    Two units whose intervals overlap cannot be told apart, so neither is placed above the
    other: a unit's best rank is 1 + the number of units whose interval lies wholly above
    its own, its worst rank is the number of units whose interval does not lie wholly below
    its own (itself included).  Units that overlap share a range ("第 3–5 名")."""
    out = {}
    for key, (low, high) in intervals.items():
        above = sum(1 for other, (o_low, _) in intervals.items() if other != key and o_low > high)
        not_below = sum(1 for other, (_, o_high) in intervals.items() if other == key or o_high >= low)
        out[key] = (above + 1, not_below)
    return out


def funnel_limits(target: float, sd: float, n: int, z: float) -> tuple[float, float]:
    """Control limits of a funnel plot at sample size ``n``: target ± z·sd/√n, clipped to 0–100."""
    half = z * sd / math.sqrt(max(n, 1))
    return max(0.0, target - half), min(100.0, target + half)
