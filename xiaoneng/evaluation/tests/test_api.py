"""The API the checks use: ratings, appraisals, votes, vetoes and the ranking — with the
error answers (a Chinese message and a code) and the roles."""

from __future__ import annotations

import pytest

from xiaoneng.core import clock
from xiaoneng.core.models import AuditRecord
from xiaoneng.evaluation.codes import Action
from xiaoneng.evaluation.models import Rating

from .conftest import at, person_id

CLOSED, RATED = at(2026, 9, 28, 10), at(2026, 9, 29, 15)


def test_rate_once_and_a_bad_review_answers_with_its_rectification(city, api, closed_workorder):
    wo = closed_workorder(CLOSED)
    client = api("dispatcher")
    body = {"subject_type": "workorder", "subject_id": wo.pk, "level": 2, "channel": "phone", "comment": "满意"}
    with clock.frozen(RATED):
        first = client.post("/api/v1/ratings", body)
        again = client.post("/api/v1/ratings", body | {"level": 1})
    assert first.status_code == 201, first.content
    assert first.json()["id"] == Rating.objects.get().pk and first.json()["rectification"] is None
    assert again.status_code == 409 and again.json()["code"] == "rating_already_rated" and "已评价" in again.json()["message"]

    other = closed_workorder(CLOSED)
    with clock.frozen(RATED):
        bad = client.post(
            "/api/v1/ratings", {"subject_type": "workorder", "subject_id": other.tracking_no, "level": 5, "channel": "phone", "comment": "没有解决"}
        )
    assert bad.status_code == 201, bad.content
    rect = bad.json()["rectification"]
    assert rect["due_on"] == "2026-10-12" and rect["status"] == "verifying" and isinstance(rect["id"], int)


def test_the_person_rates_with_the_query_code_and_retries_are_idempotent(city, api, closed_workorder):
    wo = closed_workorder(CLOSED)
    anonymous = api()
    body = {"subject_type": "workorder", "subject_id": wo.tracking_no, "level": 1, "channel": "pc"}
    with clock.frozen(RATED):
        refused = anonymous.post("/api/v1/ratings", body)
        first = anonymous.post("/api/v1/ratings", body | {"query_code": wo.query_code}, headers={"Idempotency-Key": "rate-1"})
        replay = anonymous.post("/api/v1/ratings", body | {"query_code": wo.query_code}, headers={"Idempotency-Key": "rate-1"})
    assert refused.status_code == 403 and refused.json()["code"] == "rating_wrong_query_code"
    assert first.status_code == 201 and replay.status_code == 201 and replay.json()["id"] == first.json()["id"]
    assert Rating.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"level": 9}, 400, "rating_invalid_level"),
        ({"channel": "carrier pigeon"}, 400, "rating_invalid_channel"),
        ({"subject_type": "parcel"}, 400, "invalid_choice"),
        ({"subject_id": 987654}, 404, "rating_unknown_subject"),
        ({"level": "x"}, 400, "invalid_input"),
    ],
)
def test_bad_rating_input(city, api, closed_workorder, body, status, code):
    wo = closed_workorder(CLOSED)
    with clock.frozen(RATED):
        response = api("dispatcher").post("/api/v1/ratings", {"subject_type": "workorder", "subject_id": wo.pk, "level": 2, "channel": "phone"} | body)
    assert response.status_code == status and response.json()["code"] == code, response.content
    assert response.json()["message"]


def test_a_campaign_through_the_api(city, api):
    sup = api("supervisor")
    created = sup.post(
        "/api/v1/appraisals",
        {
            "name": "2026年度满意不满意单位评选",
            "units": ["market", "housing", "east"],
            "indicators": [{"code": "attitude", "name": "服务态度", "weight": 2}, {"code": "efficiency", "name": "办事效率", "weight": 1}],
            "min_sample": 3,
            "bands": [{"name": "满意", "min": 85}, {"name": "比较满意", "min": 75}, {"name": "基本满意", "min": 60}, {"name": "不满意", "min": 0}],
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api("handler").post("/api/v1/appraisals", {"name": "x", "units": ["market"]}).status_code == 403
    bad_bands = sup.post("/api/v1/appraisals", {"name": "x", "units": ["market"], "bands": [{"name": "好", "min": 60}]})
    assert bad_bands.status_code == 400 and bad_bands.json()["code"] == "appraisal_invalid_config"

    def vote(i, unit, attitude, efficiency, client=sup):
        return client.post(
            f"/api/v1/appraisals/{pk}/votes",
            {"unit": unit, "voter_id_number": person_id(i), "channel": "phone", "scores": {"attitude": attitude, "efficiency": efficiency}},
        )

    for i, (a, e) in enumerate([(95, 90), (90, 92), (92, 94), (96, 88)]):
        assert vote(i, "market", a, e).status_code == 201
    for i, (a, e) in enumerate([(70, 75), (72, 70), (68, 74)], start=10):
        assert vote(i, "housing", a, e).status_code == 201
    assert vote(20, "east", "满意", "不了解").json()["composite"] == 100.0
    duplicate = vote(0, "east", 80, 80)
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "appraisal_duplicate_voter"
    invalid = sup.post(
        f"/api/v1/appraisals/{pk}/votes", {"unit": "east", "voter_id_number": "110105194912310021", "channel": "phone", "scores": {"attitude": 1}}
    )
    assert invalid.status_code == 400 and invalid.json()["code"] == "appraisal_invalid_id_number"
    assert vote(30, "east", 80, 80, client=api("head")).status_code == 403

    veto = sup.post(f"/api/v1/appraisals/{pk}/vetoes", {"unit": "housing", "reason": "评议期间发生推诿扯皮问题，经查属实"})
    assert veto.status_code == 201
    assert api("head").post(f"/api/v1/appraisals/{pk}/vetoes", {"unit": "market", "reason": "x"}).status_code == 403

    rows = {r["unit"]: r for r in api().get(f"/api/v1/appraisals/{pk}/ranking").json()}
    assert set(rows["market"]) >= {"unit", "n", "score", "ci_low", "ci_high", "ranked", "rank_low", "rank_high", "band", "vetoed"}
    assert (rows["market"]["n"], rows["market"]["ranked"], rows["market"]["rank_low"], rows["market"]["band"]) == (4, True, 1, "满意")
    assert rows["market"]["score"] == pytest.approx((2 * (95 + 90 + 92 + 96) / 4 + (90 + 92 + 94 + 88) / 4) / 3, abs=0.01)
    assert (rows["housing"]["vetoed"], rows["housing"]["band"], rows["housing"]["rank_low"]) == (True, "不满意", 2)
    assert (rows["east"]["ranked"], rows["east"]["rank_low"], rows["east"]["rank_label"]) == (False, None, "样本不足")

    trace = sup.get(f"/api/v1/appraisals/{pk}/votes")
    assert trace.status_code == 200 and trace.json()[0]["entered_by"] == "测试supervisor"
    assert all("voter" not in key for key in trace.json()[0])
    assert api("leader").get(f"/api/v1/appraisals/{pk}/votes").status_code == 403
    assert AuditRecord.objects.filter(action=Action.APPRAISAL_VETO).count() == 1


def test_the_schema_documents_the_evaluation_api(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/v1/ratings",
        "/api/v1/appraisals",
        "/api/v1/appraisals/{appraisal_id}/votes",
        "/api/v1/appraisals/{appraisal_id}/vetoes",
        "/api/v1/appraisals/{appraisal_id}/ranking",
    ):
        assert path in paths, path
