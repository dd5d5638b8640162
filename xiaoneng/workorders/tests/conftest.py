"""Work-order fixtures: cases are made through the real services (and the API in the API
tests), at fixed moments so that every deadline is a known date."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoneng.core import clock
from xiaoneng.workorders import services
from xiaoneng.workorders.services import Requester

TZ = clock.LOCAL_TZ


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


@pytest.fixture
def make_case(city):
    """``make_case(moment, type=..., **fields)``: a hotline case received at ``moment``
    by the dispatcher."""

    def make(moment=None, *, type="complaint", by="dispatcher", channel="hotline", requester=None, **kwargs):
        moment = moment or at(2026, 3, 2, 10)
        with clock.frozen(moment):
            return services.workorder_create(
                by=city.user(by), channel=channel, type=type, content=kwargs.pop("content", "小区门口餐馆油烟直排，晚上噪声扰民"),
                title=kwargs.pop("title", "餐馆油烟扰民"), requester=requester or Requester(name="李四", phone="13912345678"), **kwargs,
            )

    return make


@pytest.fixture
def step(city):
    """``step(moment, service, user, case, **kwargs)``: call a service as ``user`` at ``moment``."""

    def run(moment, fn, username, case, **kwargs):
        with clock.frozen(moment):
            return fn(by=city.user(username) if username else None, workorder=case, **kwargs)

    return run


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the (process-wide) cache; every test starts at zero."""
    from django.core.cache import cache

    cache.clear()


def hotline(city, moment, **kwargs):
    """A complaint received by phone at ``moment`` (the service, as the dispatcher)."""
    fields = {"type": "complaint", "title": "餐馆油烟扰民", "content": "小区门口餐馆油烟直排", "requester": Requester(name="李四", phone="13912345678")} | kwargs
    with clock.frozen(moment):
        return services.workorder_create(by=city.user("dispatcher"), channel="hotline", **fields)


def as_user(city, name):
    return city.user(name) if name else None
