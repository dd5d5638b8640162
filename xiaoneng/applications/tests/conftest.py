"""A small catalogue in the test city, built with the real services."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoneng.applications import services
from xiaoneng.catalogue.rules import CoDepartmentSpec, FeeSpec, ItemSpec, MaterialSpec
from xiaoneng.catalogue.services import item_create
from xiaoneng.core import clock

D = dt.date

MATERIALS = (
    MaterialSpec(code="M1", name="食品经营许可申请书"),
    MaterialSpec(code="M2", name="营业执照复印件", form="copy"),
    MaterialSpec(code="M3", name="经营场所平面布局图"),
    MaterialSpec(code="M4", name="委托书", required=False),
)
ALL = ["M1", "M2", "M3"]
PERSON = services.Applicant(name="李小红", id_type="resident_id", id_number="11010519491231002X", phone="13912345678")


def _item(code, **kw):
    base = dict(
        code=code,
        name=f"测试事项{code}",
        department="market",
        legal_limit_days=20,
        committed_limit_days=10,
        materials=MATERIALS,
        legal_basis="《中华人民共和国食品安全法》第三十五条",
        fees=(
            FeeSpec(code="F1", name="工本费", legal_basis="测试依据", amount=0),
            FeeSpec(code="F2", name="检测费", legal_basis="测试依据", standard="按标准"),
        ),
    )
    return item_create(by=None, spec=ItemSpec(**(base | kw)))


@pytest.fixture
def items(city):
    return {
        "FOOD": _item("FOOD"),
        "JOINT": _item(
            "JOINT", legal_limit_days=45, committed_limit_days=30, joint=True, co_departments=(CoDepartmentSpec(department="housing", limit_days=10),)
        ),
        "STRICT": _item("STRICT", joint=True, co_departments=(CoDepartmentSpec(department="housing", limit_days=5, deemed_consent=False),)),
        "DEEMED": _item("DEEMED", deemed_approval=True),
        "SPOT": _item("SPOT", legal_limit_days=5, committed_limit_days=0),
        "LAWFUL": _item("LAWFUL", committed_limit_days=20),
    }


@pytest.fixture
def submit(city, items):
    """``submit(received_on, materials=ALL, item="FOOD", by="window")`` at the counter, as of today."""

    def make(received_on, materials=ALL, item="FOOD", by="window", **kw):
        return services.application_submit(by=city.user(by), item_code=item, applicant=PERSON, received_on=received_on, materials=materials, **kw)

    return make


@pytest.fixture
def today_is(frozen):
    """``with today_is(D(2026, 3, 2)):`` — a working morning on that date."""

    def at(day):
        return frozen(day.year, day.month, day.day, 9)

    return at


@pytest.fixture
def accepted(submit, today_is):
    """``accepted(date, item="FOOD")``: complete at the counter, accepted that day."""

    def make(day, item="FOOD"):
        with today_is(day):
            return fresh(submit(day, item=item))

    return make


def fresh(app):
    app.refresh_from_db()
    return app


__all__ = ["ALL", "D", "PERSON", "fresh", "clock"]
