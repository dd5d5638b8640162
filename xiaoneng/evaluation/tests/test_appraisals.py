"""万人评议: a scripted campaign.  Small samples are not ranked above large ones, overlapping
intervals share a rank range, a vetoed unit is in the last band, each person votes once, and
the bottom units get a yellow card from the supervision sweep."""

from __future__ import annotations

import pytest

from xiaoneng.core import clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.evaluation import selectors, services
from xiaoneng.evaluation.codes import Action, Error
from xiaoneng.evaluation.models import AppraisalResult, Vote
from xiaoneng.supervision.models import Level as WarningLevel
from xiaoneng.supervision.models import Warning
from xiaoneng.supervision.sweep import warnings_sweep

from .conftest import at, cast, person_id

NOW = at(2026, 11, 20, 10)
HIGH = [100, 95, 90, 85, 90] * 60  # 300 votes averaging 92
SOME_HIGH = HIGH[:60]  # 60 votes averaging 92 (enough where the size of the large sample does not matter)
MIDDLE = [90, 80, 70, 85, 75] * 8  # 40 votes averaging 80
LOWER = [88, 78, 68, 83, 73] * 8  # 40 votes averaging 78


def campaign(city, min_sample=10, **kw):
    with clock.frozen(NOW):
        return services.appraisal_create(
            by=city.user("supervisor"), name="2026年度万人评议机关", units=["market", "housing", "east", "west"], min_sample=min_sample, **kw
        )


def rows_by_unit(appraisal):
    with clock.frozen(NOW):
        return {r["unit"]: r for r in selectors.ranking(appraisal).rows}


def script(city, high):
    appraisal = campaign(city)
    with clock.frozen(NOW):
        sup = city.user("supervisor")
        cast(appraisal, sup, "market", high, start=0)
        cast(appraisal, sup, "housing", [100, 100, 100], start=400)
        cast(appraisal, sup, "east", MIDDLE, start=500)
        cast(appraisal, sup, "west", LOWER, start=600)
    return appraisal


@pytest.fixture
def scripted(city):
    return script(city, SOME_HIGH)


def test_a_small_perfect_sample_is_not_ranked_above_a_large_one(city):
    rows = rows_by_unit(script(city, HIGH))
    market, housing = rows["market"], rows["housing"]
    assert (market["n"], market["score"], market["ranked"], market["rank_low"], market["rank_high"]) == (300, 92.0, True, 1, 1)
    assert (housing["n"], housing["score"], housing["ranked"], housing["rank_low"], housing["band"]) == (3, 100.0, False, None, "")
    assert market["ci_low"] < 92 < market["ci_high"] and market["band"] == "满意"


def test_even_without_a_minimum_three_perfect_votes_only_tie_with_three_hundred(city):
    appraisal = campaign(city, min_sample=1)
    with clock.frozen(NOW):
        cast(appraisal, city.user("supervisor"), "market", HIGH, start=0)
        cast(appraisal, city.user("supervisor"), "housing", [100, 100, 100], start=400)
    rows = rows_by_unit(appraisal)
    # Three identical answers say nothing about the spread: the campaign's pooled spread is used.
    assert rows["housing"]["ci_low"] < rows["market"]["ci_high"]
    assert (rows["housing"]["rank_low"], rows["housing"]["rank_high"]) == (1, 2)
    assert (rows["market"]["rank_low"], rows["market"]["rank_high"]) == (1, 2)


def test_overlapping_intervals_share_a_rank_range(city, scripted):
    rows = rows_by_unit(scripted)
    east, west = rows["east"], rows["west"]
    assert (east["score"], west["score"]) == (80.0, 78.0)
    assert east["ci_low"] <= west["ci_high"]  # they cannot be told apart
    assert (east["rank_low"], east["rank_high"]) == (west["rank_low"], west["rank_high"]) == (2, 3)
    assert (east["band"], west["band"]) == ("比较满意", "比较满意")


def test_a_vetoed_unit_is_in_the_last_band_with_its_reason(city, scripted):
    with clock.frozen(NOW):
        with pytest.raises(Forbidden):
            services.appraisal_veto(by=city.user("head"), appraisal=scripted, unit="market", reason="x")
        services.appraisal_veto(by=city.user("supervisor"), appraisal=scripted, unit="market", reason="评议期间发生吃拿卡要问题，经查属实")
        with pytest.raises(Conflict) as exc:
            services.appraisal_veto(by=city.user("supervisor"), appraisal=scripted, unit="market", reason="再次")
    assert exc.value.code == Error.ALREADY_VETOED
    rows = rows_by_unit(scripted)
    market = rows["market"]
    assert (market["vetoed"], market["band"], market["score"], market["veto_reason"]) == (True, "不满意", 92.0, "评议期间发生吃拿卡要问题，经查属实")
    assert (market["rank_low"], market["rank_high"]) == (3, 3)  # after the two units not vetoed
    assert rows["east"]["rank_low"] == 1 and market["bottom"]


def test_one_vote_per_verified_person_per_campaign(city, scripted):
    sup = city.user("supervisor")
    with clock.frozen(NOW):
        with pytest.raises(Conflict) as exc:
            services.appraisal_vote(by=sup, appraisal=scripted, unit="east", voter_id_number=person_id(0), channel="paper", scores={"attitude": "满意"})
        assert exc.value.code == Error.DUPLICATE_VOTER and exc.value.status == 409
        with pytest.raises(InvalidInput) as bad:
            services.appraisal_vote(by=sup, appraisal=scripted, unit="east", voter_id_number=person_id(0)[:17] + "0", channel="paper", scores={"attitude": 90})
        assert bad.value.code == Error.INVALID_ID_NUMBER
        other = campaign(city)
        services.appraisal_vote(by=sup, appraisal=other, unit="east", voter_id_number=person_id(0), channel="paper", scores={"attitude": "满意"})
    # The number is never stored: only a keyed hash, different in each campaign.
    hashes = set(Vote.objects.filter(unit__department__code__in=["market", "east"]).values_list("voter_hash", flat=True))
    assert person_id(0) not in str(list(Vote.objects.values_list("scores", "voter_hash", "call_ref", "terminal")))
    assert services.voter_hash(scripted, person_id(0)) in hashes and services.voter_hash(other, person_id(0)) in hashes
    assert AuditRecord.objects.filter(action=Action.APPRAISAL_VOTE).count() == len(SOME_HIGH) + 3 + 40 + 40 + 1
    assert person_id(0) not in str(list(AuditRecord.objects.filter(action=Action.APPRAISAL_VOTE).values_list("after", flat=True)[:5]))


def test_answers_are_scored_and_not_known_is_not_counted(city):
    appraisal = campaign(city)
    with clock.frozen(NOW):
        v = services.appraisal_vote(
            by=city.user("supervisor"),
            appraisal=appraisal,
            unit="east",
            voter_id_number=person_id(7),
            channel="phone",
            scores={"attitude": "满意", "quality": "基本满意", "promises": "不满意", "efficiency": "不了解", "openness": None},
        )
        assert v.scores == {"attitude": 100.0, "quality": 75.0, "promises": 55.0, "efficiency": None, "openness": None}
        assert v.composite == pytest.approx((100 + 75 + 55) / 3, abs=1e-3) and v.channel == "phone"
        paper = services.appraisal_vote(
            by=city.user("supervisor"), appraisal=appraisal, unit="east", voter_id_number=person_id(9), channel="questionnaire", scores={"attitude": "满意"}
        )
        assert paper.channel == "paper"
        for scores in ({"attitude": 101}, {"attitude": "很好"}, {"nonsense": 90}, {}):
            with pytest.raises(InvalidInput) as exc:
                services.appraisal_vote(
                    by=city.user("supervisor"), appraisal=appraisal, unit="east", voter_id_number=person_id(8), channel="phone", scores=scores
                )
            assert exc.value.code == Error.INVALID_SCORE


@pytest.mark.parametrize(
    ("username", "unit", "allowed"),
    [("supervisor", "east", True), ("dispatcher", "east", True), ("head", "east", False), ("window", "east", False), ("supervisor", "office", False)],
)
def test_who_may_type_in_votes(city, username, unit, allowed):
    with clock.frozen(NOW):
        appraisal = services.appraisal_create(by=city.user("supervisor"), name="测试", units=["east", "office"])

        def call():
            return services.appraisal_vote(
                by=city.user(username), appraisal=appraisal, unit=unit, voter_id_number=person_id(1), channel="phone", scores={"attitude": 90}
            )

        if allowed:
            assert call().entered_by == city.user(username)
        else:
            with pytest.raises(Forbidden):
                call()


def test_campaign_configuration_is_checked(city):
    sup = city.user("supervisor")
    with clock.frozen(NOW):
        for kwargs in (
            {"units": []},
            {"units": ["nowhere"]},
            {"units": ["east"], "bands": [{"name": "好", "min": 50}]},
            {"units": ["east"], "indicators": [{"code": "a", "name": "甲", "weight": -1}]},
            {"units": ["east"], "min_sample": 0},
        ):
            with pytest.raises(InvalidInput):
                services.appraisal_create(by=sup, name="配置错误", **kwargs)
        with pytest.raises(Forbidden):
            services.appraisal_create(by=city.user("leader"), name="无权", units=["east"])
        a = services.appraisal_create(by=sup, name="字典形式等次", units=["east"], bands={"满意": 85, "比较满意": 75, "基本满意": 60, "不满意": 0})
    assert [b["name"] for b in a.bands] == ["满意", "比较满意", "基本满意", "不满意"]


def test_publishing_freezes_results_and_the_bottom_units_get_a_yellow_card(city, scripted):
    with clock.frozen(NOW):
        services.appraisal_veto(by=city.user("supervisor"), appraisal=scripted, unit="west", reason="评议期间被认定存在推诿扯皮")
        services.appraisal_close(by=city.user("supervisor"), appraisal=scripted)
        with pytest.raises(Conflict):
            services.appraisal_vote(
                by=city.user("supervisor"), appraisal=scripted, unit="east", voter_id_number=person_id(999), channel="phone", scores={"attitude": 90}
            )
        services.appraisal_publish(by=city.user("supervisor"), appraisal=scripted)
    results = {r.department.code: r for r in AppraisalResult.objects.select_related("department")}
    assert results["west"].bottom and results["west"].band == "不满意"
    # Two bottom places: the vetoed unit, and a unit certainly among the last two under 75 —
    # east (80) is not under the line, so it is not a bottom unit.
    assert {code for code, r in results.items() if r.bottom} == {"west"}
    with clock.frozen(at(2026, 11, 20, 11)):
        warnings_sweep(by=None)
    cards = Warning.objects.filter(rule="evaluation.appraisal_bottom")
    assert [(w.level, w.department.code, w.subject_id) for w in cards] == [(WarningLevel.YELLOW, "west", results["west"].pk)]
    # The published ranking is what was frozen, whatever happens later.
    frozen = {r["unit"]: r for r in selectors.ranking(scripted).rows}
    assert frozen["west"]["vetoed"] and frozen["market"]["rank_low"] == 1


def test_the_telephone_sample_is_drawn_reproducibly_from_real_cases(city, closed_workorder):
    for day in (2, 3, 4, 5):
        closed_workorder(at(2026, 11, day, 10))
    with clock.frozen(NOW):
        appraisal = services.appraisal_create(
            by=city.user("supervisor"),
            name="抽样",
            units=["market", "housing"],
            period_start=clock.local(at(2026, 11, 1)).date(),
            period_end=clock.local(at(2026, 11, 15)).date(),
        )
        with pytest.raises(Forbidden):
            services.appraisal_draw_sample(by=city.user("dispatcher"), appraisal=appraisal, per_unit=2)
        first = services.appraisal_draw_sample(by=city.user("supervisor"), appraisal=appraisal, per_unit=2, seed="20261120")
        second = services.appraisal_draw_sample(by=city.user("supervisor"), appraisal=appraisal, per_unit=2, seed="20261120")
    assert first.drawn == second.drawn and len(first.drawn) == 2
    assert first.frame["per_unit_size"] == {"housing": 0, "market": 4} and first.frame["sha256"] == second.frame["sha256"]
    assert AuditRecord.objects.filter(action=Action.APPRAISAL_DRAW).count() == 2


def test_a_vote_from_someone_the_unit_served_is_marked(city, closed_workorder):
    closed_workorder(at(2026, 11, 3, 10), id_number=person_id(42))
    with clock.frozen(NOW):
        appraisal = services.appraisal_create(
            by=city.user("supervisor"),
            name="抽样",
            units=["market", "housing"],
            period_start=clock.local(at(2026, 11, 1)).date(),
            period_end=clock.local(at(2026, 11, 15)).date(),
        )
        served = services.appraisal_vote(
            by=city.user("supervisor"), appraisal=appraisal, unit="market", voter_id_number=person_id(42), channel="phone", scores={"attitude": 90}
        )
        other = services.appraisal_vote(
            by=city.user("supervisor"), appraisal=appraisal, unit="housing", voter_id_number=person_id(43), channel="phone", scores={"attitude": 90}
        )
    assert served.served_in_frame and not other.served_in_frame
