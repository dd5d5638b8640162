"""A small city for the public statistics, built through the real work-order services in
March 2026 (see the figures worked out in ``test_stats.py``)."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoneng.core import clock
from xiaoneng.workorders import services
from xiaoneng.workorders.services import Requester


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=clock.LOCAL_TZ)


AS_OF = at(2026, 3, 31, 16, 30)  # 周二下午, before the sixth case's sign-for falls due at 17:00


def _do(moment, fn, **kwargs):
    with clock.frozen(moment):
        return fn(**kwargs)


@pytest.fixture
def small_city(city):
    """市场监管: five complaints received 3月2日, each signed in half an hour, answered 3月10日
    and called back 3月11日 — four satisfied and solved, the first dissatisfied and not solved,
    then reopened 3月12日 (not signed again).  A sixth case went to 市场监管 3月31日, was
    returned and sent on to 住建 at 16:00 (its sign-for is due the next morning)."""
    d, h, s = city.user("dispatcher"), city.user("handler"), city.user("supervisor")
    market, housing = city.dept("market"), city.dept("housing")

    def case(moment, department, n):
        wo = _do(
            moment,
            services.workorder_create,
            by=d,
            channel="hotline",
            type="complaint",
            content="门口餐馆油烟直排",
            requester=Requester(name=f"市民{n}", phone=f"1370000000{n}"),
        )
        return _do(moment, services.workorder_dispatch, by=d, workorder=wo, department=department)

    cases = [case(at(2026, 3, 2, 10), market, n) for n in range(5)]
    for n, wo in enumerate(cases):
        _do(at(2026, 3, 2, 10, 30), services.workorder_sign, by=h, workorder=wo)
        _do(at(2026, 3, 10, 9), services.workorder_reply, by=h, workorder=wo, content="已责令整改，油烟净化器已安装")
        happy = n > 0
        _do(
            at(2026, 3, 11, 9),
            services.workorder_follow_up,
            by=s,
            workorder=wo,
            resolved=happy,
            satisfaction="satisfied" if happy else "dissatisfied",
        )
    _do(at(2026, 3, 12, 9), services.workorder_reopen, by=d, workorder=cases[0])
    moved = case(at(2026, 3, 31, 15), market, 5)
    _do(at(2026, 3, 31, 15, 10), services.workorder_return, by=h, workorder=moved, reason="属住建部门职责")
    _do(at(2026, 3, 31, 16), services.workorder_return_review, by=d, workorder=moved, accept=True, department=housing)
    return city
