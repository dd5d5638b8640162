"""涉企收费清单: an item publishes only fees on the city's list (or approved by the office), and
a charge off the list, or on it for another item, is flagged."""

import dataclasses
from decimal import Decimal

import pytest

from xiaoneng.applications import services as applications
from xiaoneng.applications.selectors import unlisted_charges
from xiaoneng.catalogue.rules import FeeSpec, on_city_list
from xiaoneng.catalogue.services import enterprise_fee_save, fee_off_list_approve, item_create, item_revise
from xiaoneng.core.errors import Forbidden, InvalidInput

pytestmark = pytest.mark.django_db

INSPECTION = FeeSpec(code="SQ-003-GL", name="锅炉定期检验费", amount=Decimal("300"), legal_basis="省价格主管部门核定标准")
CONSULTING = FeeSpec(code="ZX-01", name="咨询服务费", amount=Decimal("500"), legal_basis="无")


@pytest.fixture
def city_list(city):
    for code, name in (("SQ-003", "特种设备检验检测费"), ("SQ-004", "城市基础设施配套费")):
        enterprise_fee_save(by=city.user("admin"), code=code, name=name, kind="administrative", department="market", standard="按核定标准", legal_basis="依据")


@pytest.mark.parametrize(
    "code,listed",
    [("SQ-003", True), ("SQ-003-GL", True), ("SQ-0031", False), ("ZX-01", False), ("SQ", False)],
)
def test_on_city_list(code, listed):
    assert on_city_list(code, ["SQ-003", "SQ-004"]) is listed
    assert on_city_list(code, []) is True  # no list published yet


def test_an_item_cannot_publish_a_fee_off_the_list_without_the_offices_approval(city, city_list, spec, api):
    with pytest.raises(InvalidInput, match="ZX-01"):
        item_create(by=city.user("admin"), spec=dataclasses.replace(spec, fees=(*spec.fees, INSPECTION, CONSULTING)))
    version = item_create(by=city.user("admin"), spec=dataclasses.replace(spec, fees=(*spec.fees, INSPECTION)))
    with pytest.raises(Forbidden):
        fee_off_list_approve(by=city.user("admin"), item_code=spec.code, fee_code="ZX-01", reason="试点")
    r = api("supervisor").post("/api/v1/catalogue/fee-approvals", {"item": spec.code, "fee": "ZX-01", "reason": "经市政府同意的试点收费"})
    assert r.status_code == 201
    _, changed = item_revise(by=city.user("admin"), item=version.item, spec=dataclasses.replace(spec, fees=(*spec.fees, INSPECTION, CONSULTING)))
    assert changed


def test_a_charge_off_the_list_or_for_another_item_is_flagged(city, city_list, spec):
    version = item_create(by=city.user("admin"), spec=dataclasses.replace(spec, fees=(*spec.fees, INSPECTION)))
    person = applications.Applicant(name="李小红", id_type="resident_id", id_number="11010519491231002X", phone="13912345678")
    app = applications.application_submit(by=city.user("window"), item_code=version.item.code, applicant=person, materials=["M1", "M2"])
    ok = applications.fee_charge(by=city.user("window"), application=app, code="SQ-003-GL", amount=Decimal("300"))
    other_item = applications.fee_charge(by=city.user("window"), application=app, code="SQ-004", amount=Decimal("100"), name="城市基础设施配套费")
    off = applications.fee_charge(by=city.user("window"), application=app, code="ZX-01", amount=Decimal("500"), name="咨询服务费")
    assert (ok.listed, other_item.listed, off.listed) == (True, False, False)
    assert {c.code for c in unlisted_charges()} == {"SQ-004", "ZX-01"}
