"""Pure rules of evaluation: satisfaction levels, what counts as a bad review, answer scoring,
bands, weighted composites and the transition tables.  No database."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models


class Level(models.IntegerChoices):
    """满意度, coded as GB/T 39046-2020 codes it (1 = 非常满意 … 5 = 非常不满意)."""

    VERY_SATISFIED = 1, "非常满意"
    SATISFIED = 2, "满意"
    BASICALLY_SATISFIED = 3, "基本满意"
    DISSATISFIED = 4, "不满意"
    VERY_DISSATISFIED = 5, "非常不满意"


BAD_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})
GOOD_LEVELS = frozenset({Level.VERY_SATISFIED, Level.SATISFIED})


def is_bad(level: int) -> bool:
    """差评: 不满意 and 非常不满意 (国办发〔2019〕51号)."""
    return level in BAD_LEVELS


# --- transitions -----------------------------------------------------------------------


class RectificationStatus(models.TextChoices):
    VERIFYING = "verifying", "待核实"
    RECTIFYING = "rectifying", "整改中"
    CALLBACK = "callback", "待回访"
    DONE = "done", "已回访办结"
    ENDED = "ended", "申诉成立终止"


RECTIFICATION_TRANSITIONS = {
    RectificationStatus.VERIFYING: {RectificationStatus.RECTIFYING, RectificationStatus.ENDED},
    RectificationStatus.RECTIFYING: {RectificationStatus.CALLBACK, RectificationStatus.ENDED},
    RectificationStatus.CALLBACK: {RectificationStatus.DONE, RectificationStatus.ENDED},
    RectificationStatus.DONE: set(),
    RectificationStatus.ENDED: set(),
}


class AppealStatus(models.TextChoices):
    PENDING = "pending", "待复核"
    UPHELD = "upheld", "申诉成立"
    REJECTED = "rejected", "申诉不成立"


APPEAL_TRANSITIONS = {AppealStatus.PENDING: {AppealStatus.UPHELD, AppealStatus.REJECTED}}


class AppraisalStatus(models.TextChoices):
    OPEN = "open", "投票中"
    CLOSED = "closed", "投票结束"
    PUBLISHED = "published", "已发布"


APPRAISAL_TRANSITIONS = {
    AppraisalStatus.OPEN: {AppraisalStatus.CLOSED},
    AppraisalStatus.CLOSED: {AppraisalStatus.PUBLISHED},
}


class CommitmentStatus(models.TextChoices):
    OPEN = "open", "践诺中"
    FULFILLED = "fulfilled", "已兑现"
    FAILED = "failed", "未兑现"


COMMITMENT_TRANSITIONS = {CommitmentStatus.OPEN: {CommitmentStatus.FULFILLED, CommitmentStatus.FAILED}}


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "审核通过待拨付"
    REJECTED = "rejected", "不予兑现"
    PAID = "paid", "已拨付"


CLAIM_TRANSITIONS = {
    ClaimStatus.SUBMITTED: {ClaimStatus.APPROVED, ClaimStatus.REJECTED},
    ClaimStatus.APPROVED: {ClaimStatus.PAID},
}


# --- appraisal configuration -------------------------------------------------------------

# The six indicators seen in practice, equally weighted unless a campaign says otherwise.
DEFAULT_INDICATORS = [
    ("attitude", "服务态度", 1.0),
    ("quality", "服务质量", 1.0),
    ("promises", "遵守承诺", 1.0),
    ("efficiency", "办事效率", 1.0),
    ("openness", "政务公开", 1.0),
    ("duties", "履职尽责", 1.0),
]
# Bands, highest first: a score at or above ``min`` is in the band.
DEFAULT_BANDS = [
    {"name": "满意", "min": 85.0},
    {"name": "比较满意", "min": 75.0},
    {"name": "基本满意", "min": 60.0},
    {"name": "不满意", "min": 0.0},
]
# Answers on a questionnaire or the telephone and the points they carry; "不了解" is not counted.
DEFAULT_ANSWER_SCORES = {"满意": 100.0, "基本满意": 75.0, "不满意": 55.0}
NOT_KNOWN = frozenset({"不了解", "不清楚", ""})


class ConfigError(ValueError):
    """A campaign's configuration does not hold together (the message says why, in Chinese)."""


def check_bands(bands: list[dict]) -> list[dict]:
    """Bands sorted highest first; the last must start at 0 so every score has a band."""
    if isinstance(bands, dict):  # {"满意": 85, …}
        bands = [{"name": name, "min": low} for name, low in bands.items()]
    try:
        cleaned = [{"name": str(b["name"]).strip(), "min": float(next(b[k] for k in ("min", "lower", "low", "from", "threshold") if k in b))} for b in bands]
    except (KeyError, TypeError, ValueError, StopIteration):
        raise ConfigError("等次应为 [{name, min}] 的列表") from None
    if not cleaned or any(not b["name"] or not 0 <= b["min"] <= 100 for b in cleaned):
        raise ConfigError("等次名称不能为空，下限应在 0–100 之间")
    cleaned.sort(key=lambda b: -b["min"])
    if cleaned[-1]["min"] != 0:
        raise ConfigError("最低一档的下限必须为 0，使每个分数都有等次")
    if len({b["min"] for b in cleaned}) != len(cleaned):
        raise ConfigError("各等次的下限不能相同")
    return cleaned


def band_of(score: float | None, bands: list[dict]) -> str:
    if score is None:
        return ""
    for band in bands:
        if score >= band["min"]:
            return band["name"]
    return bands[-1]["name"]


def last_band(bands: list[dict]) -> str:
    return bands[-1]["name"]


def answer_points(answer, answer_scores: Mapping[str, float]) -> float | None:
    """One answer as points: a number 0–100 as it is, a word by the campaign's table,
    "不了解" (or nothing) as None (not counted).  Raises ValueError for anything else."""
    if answer is None:
        return None
    if isinstance(answer, bool):
        raise ValueError(answer)
    if isinstance(answer, (int, float)):
        if not 0 <= answer <= 100:
            raise ValueError(answer)
        return float(answer)
    text = str(answer).strip()
    if text in NOT_KNOWN:
        return None
    if text in answer_scores:
        return float(answer_scores[text])
    try:
        number = float(text)
    except ValueError:
        raise ValueError(answer) from None
    if not 0 <= number <= 100:
        raise ValueError(answer)
    return number


def composite(points: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """A voter's weighted score over the indicators they answered: Σ wᵢ·sᵢ / Σ wᵢ over the
    answered ones (an indicator answered "不了解" drops out of both sums).  None when the
    voter answered none."""
    total = weight = 0.0
    for code, value in points.items():
        if value is not None and weights.get(code, 0) > 0:
            total += weights[code] * value
            weight += weights[code]
    return round(total / weight, 4) if weight else None


def rank_label(row: Mapping) -> str:
    """ "第 3 名", "第 3–5 名" (units that cannot be told apart share a range), "样本不足"."""
    if not row["ranked"]:
        return "样本不足"
    if row["rank_low"] == row["rank_high"]:
        return f"第 {row['rank_low']} 名"
    return f"第 {row['rank_low']}–{row['rank_high']} 名"


def display_row(row: Mapping) -> dict:
    """A ranking row with what pages show: the rank label and the interval's width."""
    bar = {}
    if row.get("ci_low") is not None:
        # The interval drawn on a 50–100 scale (where scores lie), in percent of the bar.
        left = max(0.0, (row["ci_low"] - 50) * 2)
        bar = {
            "bar_left": round(left, 1),
            "bar_width": round(max(1.0, (row["ci_high"] - 50) * 2 - left), 1),
            "bar_mark": round(max(0.0, (row["score"] - 50) * 2), 1),
        }
    return dict(row) | {"rank_label": rank_label(row)} | bar
