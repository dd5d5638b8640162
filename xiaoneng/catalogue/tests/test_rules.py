"""What a publishable catalogue entry is (pure rules)."""

import dataclasses
from decimal import Decimal

import pytest

from xiaoneng.catalogue.rules import CoDepartmentSpec, FeeSpec, ItemSpec, MaterialSpec, check_item, fee_is_listed, normalise

BASE = ItemSpec(code="A-1", name="事项", department="market", legal_limit_days=20, committed_limit_days=10, materials=(MaterialSpec(code="M1", name="申请书"),))


def problems(**change):
    return check_item(normalise(dataclasses.replace(BASE, **change)))


def test_a_plain_item_is_fine():
    assert problems() == []


@pytest.mark.parametrize(
    "change,expected",
    [
        ({"code": "有空格 的编码"}, "事项编码"),
        ({"name": " "}, "事项名称"),
        ({"kind": "permit"}, "事项类型"),
        ({"legal_limit_days": -1, "committed_limit_days": -1}, "法定时限应在0至365"),
        ({"committed_limit_days": 25}, "承诺时限不能长于法定时限"),
        ({"on_the_spot": True}, "即办件的承诺时限应为0"),
        ({"materials": (MaterialSpec(code="M1", name="甲"), MaterialSpec(code="M1", name="乙"))}, "材料编码 M1 重复"),
        ({"materials": (MaterialSpec(code="M1", name="甲", copies=0),)}, "份数"),
        ({"materials": (MaterialSpec(code="M1", name="甲", form="paper"),)}, "材料形式"),
        ({"fees": (FeeSpec(code="F1", name="费", legal_basis=""),)}, "收费依据"),
        ({"fees": (FeeSpec(code="F1", name="费", legal_basis="依据"),)}, "金额或收费标准"),
        ({"fees": (FeeSpec(code="F1", name="费", legal_basis="依据", amount=Decimal("-5")),)}, "不小于0"),
        ({"fees": (FeeSpec(code="F1", name="费", legal_basis="依据", amount=Decimal("1.234")),)}, "两位小数"),
        ({"joint": True}, "至少有一个协办部门"),
        ({"co_departments": (CoDepartmentSpec(department="housing"),)}, "非并联审批事项不能设置协办部门"),
        ({"joint": True, "co_departments": (CoDepartmentSpec(department="market"),)}, "不能是牵头"),
        ({"joint": True, "co_departments": (CoDepartmentSpec(department="housing", limit_days=30),)}, "审查时限"),
        ({"joint": True, "co_departments": (CoDepartmentSpec(department="housing"), CoDepartmentSpec(department="housing"))}, "协办部门 housing 重复"),
    ],
)
def test_problems_are_named(change, expected):
    assert any(expected in p for p in problems(**change)), problems(**change)


def test_normalise_fills_defaults_and_trims():
    spec = normalise(
        dataclasses.replace(
            BASE,
            code=" A-1 ",
            committed_limit_days=0,
            joint=True,
            co_departments=(CoDepartmentSpec(department=" housing "),),
            fees=(FeeSpec(code="F1", name="费", legal_basis="依据", amount=0),),
        )
    )
    assert spec.code == "A-1" and spec.on_the_spot is True
    assert spec.co_departments[0] == CoDepartmentSpec(department="housing", limit_days=0, deemed_consent=True)
    assert spec.fees[0].amount == Decimal("0")
    assert normalise(dataclasses.replace(BASE, committed_limit_days=0, on_the_spot=False)).on_the_spot is False


@pytest.mark.parametrize("code,amount,listed", [("F1", "0", True), ("F1", "0.01", False), ("F2", "9999", True), ("F3", "0", False)])
def test_fee_is_listed(code, amount, listed):
    fees = (
        FeeSpec(code="F1", name="工本费", legal_basis="x", amount=Decimal("0")),
        FeeSpec(code="F2", name="检测费", legal_basis="x", standard="按物价部门核定标准"),
    )
    assert fee_is_listed(fees, code, Decimal(amount)) is listed
