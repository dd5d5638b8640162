"""The catalogue's part of 行政许可法 第五十条 (validity and renewal lead) and 第四十三条
(preliminary review by a lower level): checked like every other field, kept by every way an
item comes in (API, form, Excel), and a change of them is a new version."""

import dataclasses

import pytest

from xiaoneng.catalogue import excel, selectors
from xiaoneng.catalogue.rules import check_item, normalise
from xiaoneng.catalogue.services import catalogue_import, item_create, item_revise
from xiaoneng.core.errors import InvalidInput


@pytest.fixture
def licence_spec(spec):
    return dataclasses.replace(spec, validity_months=60, renewal_lead_days=45, preliminary_department="east-1", preliminary_limit_days=15)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"validity_months": 0}, "许可有效期应在1至1200个月之间"),
        ({"renewal_lead_days": 400}, "延续申请提前日数应在0至365日之间"),
        ({"preliminary_limit_days": 0}, "初审时限应在1至365个工作日之间"),
        ({"preliminary_department": "market"}, "初审部门不能是实施（决定）部门本身"),
        ({"preliminary_department": "east-1", "joint": True}, "须下级初审的事项暂不支持并联审批"),
    ],
)
def test_checks(spec, changes, problem):
    assert any(p.startswith(problem) for p in check_item(normalise(dataclasses.replace(spec, **changes))))


def test_defaults_are_the_laws(spec):
    assert (spec.validity_months, spec.renewal_lead_days, spec.preliminary_department, spec.preliminary_limit_days) == (None, 30, "", 20)
    assert check_item(normalise(spec)) == []


def test_published_revised_and_round_tripped_through_excel(city, licence_spec):
    version = item_create(by=None, spec=licence_spec)
    assert (version.validity_months, version.renewal_lead_days, version.preliminary_department, version.preliminary_limit_days) == (
        60,
        45,
        city.dept("east-1"),
        15,
    )
    assert selectors.spec_of(version) == normalise(licence_spec)
    rows, errors = excel.read_workbook(excel.export_workbook(selectors.current_specs()))
    assert errors == []
    assert catalogue_import(by=city.user("admin"), rows=rows)["unchanged"] == [licence_spec.code]
    new, changed = item_revise(by=None, item=version.item, spec=dataclasses.replace(licence_spec, validity_months=36))
    assert changed and (new.number, new.validity_months) == (2, 36)


def test_an_unknown_preliminary_department_is_refused(city, spec):
    with pytest.raises(InvalidInput) as refused:
        item_create(by=None, spec=dataclasses.replace(spec, preliminary_department="nowhere"))
    assert "部门编码 nowhere 不存在或已停用" in refused.value.details["errors"]


def test_api_and_form(city, licence_spec, api, client):
    body = api("admin").post("/api/v1/catalogue/items", dataclasses.asdict(licence_spec) | {"materials": [], "fees": [], "co_departments": []}).json()
    assert (body["validity_months"], body["renewal_lead_days"], body["preliminary_department"]["code"], body["preliminary_limit_days"]) == (
        60,
        45,
        "east-1",
        15,
    )
    client.force_login(city.user("admin"))
    form = client.get(f"/staff/catalogue/items/{licence_spec.code}/edit/").content.decode()
    assert "许可有效期（月）" in form and "初审部门（下级机关）" in form
