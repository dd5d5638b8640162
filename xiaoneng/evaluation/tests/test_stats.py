"""The arithmetic behind fair rankings, checked against values worked out by hand."""

import math

import pytest

from xiaoneng.evaluation import rules, stats


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),  # no successes: the upper bound is still well above 0
        (10, 10, 0.7225, 1.0),
        (5, 10, 0.2366, 0.7634),
        (92, 100, 0.8500, 0.9589),
    ],
)
def test_wilson_interval(k, n, low, high):
    got_low, got_high = stats.wilson(k, n)
    assert got_low == pytest.approx(low, abs=1e-4) and got_high == pytest.approx(high, abs=1e-4)


def test_wilson_without_data():
    assert stats.wilson(0, 0) == (None, None)


def test_t_interval_of_one_instrument():
    values = [90, 80, 70, 85, 75]
    s = stats.Summary.of(values)
    assert (s.n, s.mean, round(s.sd, 4)) == (5, 80.0, 7.9057)
    e = stats.weighted_estimate([stats.Part(1.0, s)])
    # t(0.975, 4) = 2.7764; 80 ± 2.7764 × 7.9057 / √5
    assert e.low == pytest.approx(80 - 2.7764 * 7.9057 / math.sqrt(5), abs=1e-3)
    assert e.high == pytest.approx(80 + 2.7764 * 7.9057 / math.sqrt(5), abs=1e-3)


def test_a_floor_on_the_spread_of_small_samples():
    perfect = stats.Summary.of([100, 100, 100])
    assert perfect.sd == 0
    e = stats.weighted_estimate([stats.Part(1.0, perfect, sd_floor=8.0)])
    # t(0.975, 2) = 4.3027: 100 − 4.3027 × 8 / √3, clipped at 100 above
    assert e.low == pytest.approx(100 - 4.3027 * 8 / math.sqrt(3), abs=1e-3) and e.high == 100


def test_weighted_instruments_and_fixed_marks():
    phone, paper = stats.Summary(40, 90.0, 10.0), stats.Summary(10, 70.0, 10.0)
    e = stats.weighted_estimate([stats.Part(0.5, phone), stats.Part(0.25, paper), stats.Part(0.25, stats.Summary(1, 80.0, 0.0), fixed=True)])
    assert e.score == pytest.approx(0.5 * 90 + 0.25 * 70 + 0.25 * 80)
    assert e.se == pytest.approx(math.sqrt(0.25 * 100 / 40 + 0.0625 * 100 / 10))
    a, b = 0.25 * 100 / 40, 0.0625 * 100 / 10
    assert e.df == pytest.approx((a + b) ** 2 / (a * a / 39 + b * b / 9))


def test_pooled_spread():
    assert stats.pooled_sd([stats.Summary(3, 0, 2.0), stats.Summary(5, 0, 4.0), stats.Summary(1, 0, 0.0)]) == pytest.approx(math.sqrt((2 * 4 + 4 * 16) / 6))


@pytest.mark.parametrize(
    ("intervals", "expected"),
    [
        ({"a": (90, 94), "b": (80, 84), "c": (70, 74)}, {"a": (1, 1), "b": (2, 2), "c": (3, 3)}),  # all apart
        ({"a": (90, 94), "b": (82, 91), "c": (80, 84)}, {"a": (1, 2), "b": (1, 3), "c": (2, 3)}),  # a chain of overlaps
        ({"a": (88, 96), "b": (80, 90)}, {"a": (1, 2), "b": (1, 2)}),
    ],
)
def test_rank_ranges(intervals, expected):
    assert stats.rank_ranges(intervals) == expected


def test_answer_scoring_and_composite():
    table = rules.DEFAULT_ANSWER_SCORES
    assert [rules.answer_points(a, table) for a in ("满意", "基本满意", "不满意", "不了解", None, 88, "66.5")] == [100, 75, 55, None, None, 88, 66.5]
    for bad in (101, -1, "很好", True):
        with pytest.raises(ValueError):
            rules.answer_points(bad, table)
    assert rules.composite({"a": 100, "b": 50, "c": None}, {"a": 3, "b": 1, "c": 5}) == pytest.approx(87.5)
    assert rules.composite({"a": None}, {"a": 1}) is None


@pytest.mark.parametrize(("score", "band"), [(85, "满意"), (84.99, "比较满意"), (75, "比较满意"), (60, "基本满意"), (59.9, "不满意"), (0, "不满意")])
def test_bands(score, band):
    assert rules.band_of(score, rules.check_bands(rules.DEFAULT_BANDS)) == band


def test_funnel_limits_narrow_with_the_sample():
    wide, narrow = stats.funnel_limits(80, 10, 4, stats.Z95), stats.funnel_limits(80, 10, 400, stats.Z95)
    assert wide[0] < narrow[0] < 80 < narrow[1] < wide[1]
    assert narrow == pytest.approx((80 - 1.959964 * 0.5, 80 + 1.959964 * 0.5))
