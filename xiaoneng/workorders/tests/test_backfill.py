"""补录 on work orders: sign-for and reply record when they happened; clocks judge by it."""

import pytest

from xiaoneng.clocks.models import Clock
from xiaoneng.core import clock
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.workorders import services

from .conftest import at, hotline

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def window(settings):
    settings.XIAONENG = settings.XIAONENG | {"BACKFILL_WORKING_DAYS": 3}


def _dispatched(city, moment):
    case = hotline(city, moment)
    with clock.frozen(moment):
        return services.workorder_dispatch(by=city.user("dispatcher"), workorder=case, department=city.dept("market"))


def test_a_sign_for_typed_in_later_is_judged_by_when_it_happened(city):
    # Dispatched Friday 2026-04-03 10:00 (清明 4月4–6日 off): one office hour to sign, due 11:00.
    case = _dispatched(city, at(2026, 4, 3, 10))
    with clock.frozen(at(2026, 4, 7, 9, 30)):  # typed in after the holiday: overdue by now
        case = services.workorder_sign(by=city.user("handler"), workorder=case, acted_at=at(2026, 4, 3, 10, 40))
    assert case.signed_at == at(2026, 4, 3, 10, 40)
    sign = Clock.objects.get(subject_id=case.pk, kind="workorder.sign")
    assert sign.met is True
    rec = AuditRecord.objects.get(action="workorder.sign", subject_id=str(case.pk))
    assert rec.at == at(2026, 4, 7, 9, 30) and "补录：2026-04-03 10:40办理" in rec.note


def test_a_reply_beyond_the_window_needs_approval_and_act_times_cannot_run_backwards(city, api):
    case = _dispatched(city, at(2026, 4, 1, 9))
    with clock.frozen(at(2026, 4, 1, 9, 30)):
        case = services.workorder_sign(by=city.user("handler"), workorder=case)
    with clock.frozen(at(2026, 4, 13, 9)):  # 4月2日 → 4月13日: 5 working days (清明 off)
        with pytest.raises(InvalidInput):
            services.workorder_reply(by=city.user("handler"), workorder=case, content="已处理", acted_at=at(2026, 4, 1, 9))
        body = {"content": "已责令整改", "acted_at": "2026-04-02T15:00:00+08:00"}
        refused = api("handler").post(f"/api/v1/workorders/{case.pk}/reply", body)
        assert refused.status_code == 403 and refused.json()["code"] == "backfill_needs_approval"
        with pytest.raises(Forbidden):
            services.workorder_backfill_approve(by=city.user("dispatcher"), workorder=case, step="reply", acted_on=at(2026, 4, 2).date(), reason="纸质回执")
        approved = api("supervisor").post(f"/api/v1/workorders/{case.pk}/backfill-approvals", {"step": "reply", "acted_on": "2026-04-02", "reason": "纸质回执"})
        assert approved.status_code == 201
        assert api("handler").post(f"/api/v1/workorders/{case.pk}/reply", body).status_code == 200
    case.refresh_from_db()
    assert case.replied_at == at(2026, 4, 2, 15)
    assert Clock.objects.get(subject_id=case.pk, kind="workorder.handle").met is True
