"""Work-order fixtures: cases are made through the real services (and the API in the API
tests), at fixed moments so that every deadline is a known date."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoneng.core import clock, hooks
from xiaoneng.workorders import replies, services
from xiaoneng.workorders.services import Requester


def at(*args) -> dt.datetime:
    """A moment in the city's time zone."""
    return dt.datetime(*args, tzinfo=clock.LOCAL_TZ)


def hotline(city, moment, **kwargs):
    """A complaint received by phone at ``moment`` (the service, as the dispatcher)."""
    fields = {
        "type": "complaint",
        "title": "餐馆油烟扰民",
        "content": "小区门口餐馆油烟直排",
        "requester": Requester(name="李四", phone="13912345678"),
    } | kwargs
    with clock.frozen(moment):
        return services.workorder_create(by=city.user("dispatcher"), channel="hotline", **fields)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the (process-wide) cache; every test starts at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_reply_checks():
    """These tests are about the case's own rules, with terse answers; the reply-quality
    check another package registers (insights) is tested there."""
    with hooks.isolated(replies.REPLY_CHECKS):
        yield
