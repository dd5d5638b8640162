"""Inspections: a reproducible, recorded random draw over working days; findings tied to
people and departments; evidence checked by content and size; one action to a fault."""

import datetime as dt
import hashlib
import io

import pytest
from django.test import override_settings
from PIL import Image

from xiaoneng.accountability.models import Fault, FaultSource
from xiaoneng.core import clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.inspections import rules
from xiaoneng.inspections.models import Evidence, FindingCategory, InspectionPlan, PlanState
from xiaoneng.inspections.services import evidence_add, finding_open_fault, finding_record, plan_create, plan_draw, plan_draw_preview
from xiaoneng.org.models import Department

from .conftest import at

D = dt.date


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


BEFORE_NATIONAL_DAY, AFTER_NATIONAL_DAY = D(2026, 9, 28), D(2026, 10, 12)


def make_plan(city, *, starts_on=BEFORE_NATIONAL_DAY, ends_on=AFTER_NATIONAL_DAY, count=3):
    with clock.frozen(at(2026, 9, 25, 9)):
        return plan_create(
            by=city.user("supervisor"),
            title="国庆前后窗口作风暗访",
            starts_on=starts_on,
            ends_on=ends_on,
            target_count=count,
            departments=list(Department.objects.filter(kind__in=["bureau", "window", "district"])),
            slots=["09:00", "15:30"],
        )


def test_the_same_seed_draws_the_same_visits_on_working_days_only(city):
    plan = make_plan(city)
    first, again = plan_draw_preview(plan, 20261001), plan_draw_preview(plan, 20261001)
    assert first == again and len(first) == 3
    other_plan = make_plan(city)
    assert plan_draw_preview(other_plan, 20261001) == first  # the same inputs on another plan
    working = {D(2026, 9, 28), D(2026, 9, 29), D(2026, 9, 30), D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10), D(2026, 10, 12)}
    for seed in range(40):
        for day, slot, dept in plan_draw_preview(plan, seed):
            assert day in working and slot in ("09:00", "15:30") and dept in plan.pool
    assert len({tuple(plan_draw_preview(plan, seed)) for seed in range(40)}) > 30


def test_drawing_records_the_seed_and_the_targets(city):
    plan = make_plan(city)
    with clock.frozen(at(2026, 9, 26, 9)):
        plan_draw(by=city.user("supervisor"), plan=plan, seed=987654321)
    plan = InspectionPlan.objects.get(pk=plan.pk)
    targets = [(t.visit_on, t.visit_time, t.department_id) for t in plan.targets.order_by("sequence")]
    assert plan.state == PlanState.DRAWN and plan.seed == 987654321 and targets == plan_draw_preview(plan, 987654321)
    assert targets == sorted(targets)
    rec = AuditRecord.objects.get(action="inspection_plan.targets")
    assert rec.after["seed"] == 987654321 and len(rec.after["visits"]) == 3
    with pytest.raises(Conflict):
        plan_draw(by=city.user("supervisor"), plan=plan)


def test_a_draw_without_a_seed_gets_a_random_recorded_one(city):
    plan = plan_draw(by=city.user("supervisor"), plan=make_plan(city))
    assert plan.seed is not None and [(t.visit_on, t.visit_time, t.department_id) for t in plan.targets.order_by("sequence")] == plan_draw_preview(
        plan, plan.seed
    )


@pytest.mark.parametrize(
    "kw,code",
    [
        ({"ends_on": D(2026, 9, 27)}, "invalid_period"),
        ({"starts_on": D(2026, 10, 3), "ends_on": D(2026, 10, 4)}, "no_working_days"),  # inside 国庆
        ({"count": 0}, "invalid_target_count"),
        ({"starts_on": D(2026, 9, 1)}, "period_in_past"),
    ],
)
def test_bad_plans(city, kw, code):
    with pytest.raises(InvalidInput) as err:
        make_plan(city, **kw)
    assert err.value.code == code


def test_only_the_office_plans(city):
    with pytest.raises(Forbidden):
        plan_create(by=city.user("leader"), title="x", starts_on=D(2030, 1, 7), ends_on=D(2030, 1, 8), target_count=1, departments=[city.dept("market")])


def test_draw_rule_validates_its_inputs():
    with pytest.raises(ValueError):
        rules.draw(pool=[1], days=[D(2026, 1, 5)], slots=["09:00"], count=2, seed=1)


@pytest.fixture
def finding(city):
    with clock.frozen(at(2026, 10, 9, 10, 30)):
        return finding_record(
            by=city.user("supervisor"),
            department=city.dept("market"),
            person=city["staff"]["handler"],
            category=FindingCategory.objects.get(code="games"),
            description="工作时间用手机玩游戏，群众等候十余分钟",
            observed_at=at(2026, 10, 9, 10, 5),
            location="市场准入3号窗口",
        )


def test_a_finding_becomes_a_fault_in_one_action(city, finding):
    fault = finding_open_fault(by=city.user("supervisor"), finding=finding)
    assert fault.source == FaultSource.INSPECTION and fault.person == city["staff"]["handler"] and fault.conduct.code == "games"
    assert (
        fault.occurred_at == at(2026, 10, 9, 10, 5) and fault.description == "明察暗访发现“上班时间玩游戏、炒股、聊天”：工作时间用手机玩游戏，群众等候十余分钟"
    )
    assert (fault.subject_type, fault.subject_id) == ("inspections.finding", str(finding.pk))
    with pytest.raises(Conflict):
        finding_open_fault(by=city.user("supervisor"), finding=type(finding).objects.get(pk=finding.pk))
    assert Fault.objects.count() == 1
    with pytest.raises(Forbidden):
        finding_open_fault(by=city.user("head"), finding=finding)


def test_finding_validation(city):
    category = FindingCategory.objects.get(code="late")
    with pytest.raises(InvalidInput, match="当事人不属于"):
        finding_record(
            by=city.user("supervisor"),
            department=city.dept("housing"),
            person=city["staff"]["handler"],
            category=category,
            description="迟到",
            observed_at=clock.now(),
        )
    with pytest.raises(InvalidInput):
        finding_record(by=city.user("supervisor"), department=city.dept("housing"), category=category, description=" ", observed_at=clock.now())


def test_evidence_is_checked_by_content_and_size(city, finding, settings):
    image = png()
    evidence = evidence_add(by=city.user("supervisor"), finding=finding, name="现场照片.jpg", content=image)
    assert (evidence.content_type, evidence.extension, evidence.size) == ("image/png", "png", len(image))  # the name lied; the content decides
    assert evidence.sha256 == hashlib.sha256(image).hexdigest() and evidence.file.name.startswith("private/evidence/2026/")
    assert "现场照片" not in evidence.file.name and evidence.file.read() == image
    with pytest.raises(InvalidInput) as err:
        evidence_add(by=city.user("supervisor"), finding=finding, name="照片.jpg", content="这不是图片".encode())
    assert err.value.code == "unsupported_file_type"
    with pytest.raises(InvalidInput) as err:
        evidence_add(by=city.user("supervisor"), finding=finding, name="a.exe", content=b"MZ\x90\x00" + b"\x00" * 100)
    assert err.value.code == "unsupported_file_type"
    with override_settings(XIAONENG=settings.XIAONENG | {"EVIDENCE_MAX_BYTES": 100}), pytest.raises(InvalidInput) as err:
        evidence_add(by=city.user("supervisor"), finding=finding, name="big.png", content=image + b"\x00" * 100)
    assert err.value.code == "file_too_large"
    with pytest.raises(InvalidInput):
        evidence_add(by=city.user("supervisor"), finding=finding, name="empty.png", content=b"")
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize(
    "username,status", [("supervisor", 200), ("leader", 200), ("head", 200), ("handler", 200), ("housing_head", 404), ("street_handler", 404)]
)
def test_evidence_is_served_to_authorised_users_only(client, city, finding, username, status):
    evidence = evidence_add(by=city.user("supervisor"), finding=finding, name="p.png", content=png())
    client.login(username=username, password=username)
    response = client.get(f"/staff/inspections/evidence/{evidence.pk}/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == evidence.file.open("rb").read()


def test_anonymous_users_get_no_evidence(client, city, finding):
    evidence = evidence_add(by=city.user("supervisor"), finding=finding, name="p.png", content=png())
    assert client.get(f"/staff/inspections/evidence/{evidence.pk}/").status_code == 302
    assert client.get(f"/api/v1/inspections/evidence/{evidence.pk}").status_code == 401


def test_inspections_through_the_api(api, city):
    client = api("supervisor")
    with clock.frozen(at(2026, 9, 25, 9)):
        created = client.post(
            "/api/v1/inspections/plans", {"title": "暗访", "starts_on": "2026-09-28", "ends_on": "2026-10-12", "target_count": 2, "kinds": ["bureau"]}
        )
        assert created.status_code == 201, created.content
        plan_id = created.json()["id"]
        drawn = client.post(f"/api/v1/inspections/plans/{plan_id}/draw", {"seed": 42}).json()
    assert drawn["seed"] == 42 and drawn["draw_verified"] is True and len(drawn["targets"]) == 2
    assert api("head").get(f"/api/v1/inspections/plans/{plan_id}").status_code == 403
    target = drawn["targets"][0]
    with clock.frozen(at(2026, 10, 13, 9)):
        finding = client.post(
            "/api/v1/inspections/findings",
            {
                "department": target["department"],
                "category": "badge",
                "description": "未佩戴胸牌",
                "observed_at": "2026-10-12T09:10",
                "plan_id": plan_id,
                "target_sequence": 1,
            },
        )
        assert finding.status_code == 201, finding.content
        finding_id = finding.json()["id"]
        upload = client.client.post(f"/api/v1/inspections/findings/{finding_id}/evidence", {"file": io.BytesIO(png())}, headers=client.headers)
        assert upload.status_code == 201 and upload.json()["content_type"] == "image/png"
        bad = client.client.post(f"/api/v1/inspections/findings/{finding_id}/evidence", {"file": io.BytesIO(b"plain text")}, headers=client.headers)
        assert bad.status_code == 400 and bad.json()["code"] == "unsupported_file_type"
        assert client.post(f"/api/v1/inspections/findings/{finding_id}/fault").json()["source"] == "inspection"
    assert len(api("housing_head").get("/api/v1/inspections/findings").json()) == (1 if target["department"] == "housing" else 0)
