"""Publishing and revising items: versions are immutable and applications keep theirs."""

import dataclasses

import pytest

from xiaoneng.applications import services as applications
from xiaoneng.catalogue import selectors
from xiaoneng.catalogue.models import ServiceItemVersion
from xiaoneng.catalogue.rules import MaterialSpec
from xiaoneng.catalogue.services import enterprise_fee_save, item_create, item_revise, item_set_published
from xiaoneng.core import clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord

PERSON = applications.Applicant(name="李小红", id_type="resident_id", id_number="11010519491231002X", phone="13912345678")


def test_create_publishes_version_one_with_everything(city, spec, joint_spec):
    version = item_create(by=city.user("admin"), spec=spec)
    assert version.number == 1 and version.item.current == version
    assert [m.code for m in version.materials.all()] == ["M1", "M2", "M3"] and version.fees.get().amount == 0
    assert selectors.spec_of(version) == dataclasses.replace(spec, on_the_spot=False)
    joint = item_create(by=city.user("admin"), spec=joint_spec)
    assert [(c.department.code, c.limit_days) for c in joint.co_departments.all()] == [("market", 10), ("west", 15)]
    record = AuditRecord.objects.filter(action="catalogue.item_create").first()
    assert record.actor == city.user("admin") and record.after["materials"][1]["form"] == "copy"


def test_revision_makes_a_new_version_only_when_something_changed(city, spec):
    item = item_create(by=city.user("admin"), spec=spec).item
    same, changed = item_revise(by=city.user("admin"), item=item, spec=spec)
    assert (same.number, changed) == (1, False)
    longer = dataclasses.replace(spec, committed_limit_days=8, materials=spec.materials + (MaterialSpec(code="M4", name="健康证明"),))
    v2, changed = item_revise(by=city.user("admin"), item=item, spec=longer, change_note="压缩承诺时限")
    assert (v2.number, changed, v2.change_note) == (2, True, "压缩承诺时限")
    record = AuditRecord.objects.get(action="catalogue.item_revise")
    assert record.before["committed_limit_days"] == 10 and record.after["committed_limit_days"] == 8 and "name" not in record.after
    assert ServiceItemVersion.objects.filter(item=item).count() == 2


def test_an_application_keeps_the_version_it_was_received_under(city, spec):
    item = item_create(by=city.user("admin"), spec=spec).item
    with clock.frozen(clock.start_of_day(clock.today())):
        app = applications.application_submit(by=city.user("window"), item_code=spec.code, applicant=PERSON, materials=["M1"])
    item_revise(by=city.user("admin"), item=item, spec=dataclasses.replace(spec, legal_limit_days=15, committed_limit_days=5))
    app.refresh_from_db()
    assert app.version.number == 1 and app.version.legal_limit_days == 20
    assert [m["code"] for m in app.correction_notice.missing] == ["M2"]


@pytest.mark.parametrize(
    "change,code",
    [
        ({"department": "nowhere"}, "invalid_item"),
        ({"co_departments": (), "joint": True}, "invalid_item"),
        ({"legal_limit_days": 5}, "invalid_item"),
    ],
)
def test_invalid_items_are_refused_with_every_problem(city, spec, change, code):
    with pytest.raises(InvalidInput) as exc:
        item_create(by=city.user("admin"), spec=dataclasses.replace(spec, **change))
    assert exc.value.code == code and exc.value.details["errors"]
    assert not ServiceItemVersion.objects.exists()


def test_overlong_texts_are_refused_before_they_reach_the_database(city, spec):
    too_long = dataclasses.replace(spec, name="长" * 201, materials=(dataclasses.replace(spec.materials[0], name="长" * 201),) + spec.materials[1:])
    with pytest.raises(InvalidInput) as exc:
        item_create(by=city.user("admin"), spec=too_long)
    assert exc.value.details["errors"][:2] == ["事项名称不能超过200个字", f"材料“{spec.materials[0].code}”的名称不能超过200个字"]
    assert not ServiceItemVersion.objects.exists()


def test_duplicates_permissions_and_code_changes(city, spec):
    item = item_create(by=None, spec=spec).item
    with pytest.raises(Conflict):
        item_create(by=city.user("admin"), spec=spec)
    with pytest.raises(Forbidden):
        item_create(by=city.user("supervisor"), spec=dataclasses.replace(spec, code="OTHER"))
    with pytest.raises(InvalidInput) as exc:
        item_revise(by=city.user("admin"), item=item, spec=dataclasses.replace(spec, code="NEW-CODE"))
    assert exc.value.code == "code_immutable"


def test_withdrawn_items_take_no_new_applications(city, spec):
    item = item_create(by=city.user("admin"), spec=spec).item
    with pytest.raises(InvalidInput):
        item_set_published(by=city.user("admin"), item=item, published=False, reason=" ")
    item_set_published(by=city.user("admin"), item=item, published=False, reason="国务院决定取消")
    assert selectors.item_by_code(spec.code) is None and selectors.item_by_code(spec.code, include_withdrawn=True) == item
    with pytest.raises(InvalidInput) as exc:
        applications.application_submit(by=city.user("window"), item_code=spec.code, applicant=PERSON)
    assert exc.value.code == "unknown_item"
    assert AuditRecord.objects.filter(action="catalogue.item_withdraw", note="国务院决定取消").exists()


def test_enterprise_fee_list(city):
    fee = enterprise_fee_save(
        by=city.user("admin"),
        code="QF-01",
        name="特种设备检验检测费",
        kind="administrative",
        department="market",
        standard="按省物价部门核定标准",
        legal_basis="《中华人民共和国特种设备安全法》",
    )
    again = enterprise_fee_save(
        by=city.user("admin"),
        code="QF-01",
        name="特种设备检验检测费",
        kind="administrative",
        department="market",
        standard="按省物价部门核定标准",
        legal_basis="《中华人民共和国特种设备安全法》",
        active=False,
    )
    assert fee.pk == again.pk and list(selectors.enterprise_fees()) == []
    for bad in ({"kind": "tax"}, {"department": "nowhere"}, {"legal_basis": ""}, {"code": "有 空格"}):
        with pytest.raises(InvalidInput):
            enterprise_fee_save(
                by=city.user("admin"), **({"code": "QF-02", "name": "x", "kind": "fund", "department": "market", "standard": "y", "legal_basis": "z"} | bad)
            )
    with pytest.raises(Forbidden):
        enterprise_fee_save(by=city.user("handler"), code="QF-03", name="x", kind="fund", department="market", standard="y", legal_basis="z")
    assert AuditRecord.objects.filter(action="catalogue.enterprise_fee_save").count() == 2
