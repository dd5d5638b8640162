"""The reply-check slot: a registered check sees every recorded answer and can hold a case
open; with none registered closing is unaffected."""

import pytest

from xiaoneng.core.errors import Conflict
from xiaoneng.workorders import services
from xiaoneng.workorders.models import Status
from xiaoneng.workorders.replies import ReplyCheck, register_reply_check

from .conftest import at, hotline


def test_a_registered_check_sees_answers_and_can_hold_closing(city):
    seen, hold = [], {"reason": "答复待审核"}
    register_reply_check(ReplyCheck(name="test", on_reply=lambda wo, by: seen.append((wo.pk, wo.reply_content, by)), blocks_close=lambda wo: hold["reason"]))
    wo = hotline(city, at(2026, 3, 2, 10))
    wo = services.workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=city.dept("market"))
    wo = services.workorder_sign(by=city.user("handler"), workorder=wo)
    wo = services.workorder_reply(by=city.user("handler"), workorder=wo, content="已责令整改")
    assert seen == [(wo.pk, "已责令整改", city.user("handler"))]
    services.workorder_follow_up(by=city.user("dispatcher"), workorder=wo, resolved=True, satisfaction="satisfied")
    with pytest.raises(Conflict) as exc:
        services.workorder_close(by=city.user("dispatcher"), workorder=wo)
    assert exc.value.code == "reply_review_required" and exc.value.message == "答复待审核"
    with pytest.raises(Conflict):
        services.workorder_group_close(by=city.user("dispatcher"), workorder=wo)
    hold["reason"] = None
    assert services.workorder_close(by=city.user("dispatcher"), workorder=wo).status == Status.CLOSED
