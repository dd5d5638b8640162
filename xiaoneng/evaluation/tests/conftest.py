"""Evaluation fixtures: finished cases made through the real services at known moments."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoneng.applications import services as applications
from xiaoneng.catalogue.rules import ItemSpec, MaterialSpec
from xiaoneng.catalogue.services import item_create
from xiaoneng.core import clock, hooks
from xiaoneng.workorders import replies
from xiaoneng.workorders import services as workorders
from xiaoneng.workorders.services import Requester

APPLICANT_ID = "11010519491231002X"


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=clock.LOCAL_TZ)


@pytest.fixture(autouse=True)
def _no_reply_checks():
    with hooks.isolated(replies.REPLY_CHECKS):
        yield


@pytest.fixture
def spot_item(city):
    return item_create(
        by=None,
        spec=ItemSpec(
            code="SPOT",
            name="个体工商户名称变更登记",
            department="market",
            legal_limit_days=5,
            committed_limit_days=0,
            materials=(MaterialSpec(code="M1", name="变更登记申请书"),),
            legal_basis="《促进个体工商户发展条例》第十条",
        ),
    )


@pytest.fixture
def finished_application(city, spot_item):
    """``finished_application(moment)``: an on-the-spot application completed at the market
    window at ``moment``."""

    def make(moment, id_number=APPLICANT_ID):
        person = applications.Applicant(name="李小红", id_type="resident_id", id_number=id_number, phone="13912345678")
        with clock.frozen(moment):
            return applications.application_submit(by=city.user("window"), item_code="SPOT", applicant=person, received_on=moment.date(), materials=["M1"])

    return make


@pytest.fixture
def closed_workorder(city):
    """``closed_workorder(moment)``: a complaint about the market bureau, answered, called
    back and closed at ``moment``."""

    def make(moment, department="market", id_number=""):
        with clock.frozen(moment):
            wo = workorders.workorder_create(
                by=city.user("dispatcher"),
                channel="hotline",
                type="complaint",
                title="超市出售过期食品",
                content="超市出售过期牛奶，店员拒绝退货",
                requester=Requester(name="王五", phone="13912345678", id_number=id_number),
            )
            wo = workorders.workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=city.dept(department))
            handler = city.user("handler" if department == "market" else "housing_handler")
            wo = workorders.workorder_sign(by=handler, workorder=wo)
            wo = workorders.workorder_reply(by=handler, workorder=wo, content="已到现场核查，责令超市下架并退货")
            workorders.workorder_follow_up(by=city.user("dispatcher"), workorder=wo, resolved=True, satisfaction="satisfied")
            return workorders.workorder_close(by=city.user("dispatcher"), workorder=wo)

    return make


def person_id(i: int, born: str = "19800101") -> str:
    """A valid resident ID number (GB 11643 check digit), different for each ``i``."""
    from xiaoneng.core.validators import id_check_char

    first17 = f"370102{born}{i % 1000:03d}"
    if i >= 1000:
        first17 = f"3701{i // 1000 % 100:02d}{born}{i % 1000:03d}"
    return first17 + id_check_char(first17)


def cast(appraisal, by, unit: str, values: list[float], *, start: int, channel: str = "phone") -> None:
    """One vote per value (every indicator answered with it), each by a different person."""
    from xiaoneng.evaluation import services

    codes = list(appraisal.indicators.values_list("code", flat=True))
    for offset, value in enumerate(values):
        services.appraisal_vote(
            by=by, appraisal=appraisal, unit=unit, voter_id_number=person_id(start + offset), channel=channel, scores=dict.fromkeys(codes, value)
        )
