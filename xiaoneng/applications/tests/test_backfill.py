"""补录: act time and record time of application steps, the window and the office's approval."""

import pytest

from xiaoneng.applications import services
from xiaoneng.applications.codes import Action
from xiaoneng.clocks.models import Clock
from xiaoneng.core.errors import Forbidden
from xiaoneng.core.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def window(settings):
    settings.XIAONENG = settings.XIAONENG | {"BACKFILL_WORKING_DAYS": 3}


def _decide(app, by, on):
    return services.application_decide(by=by, application=app, result="approve", decided_on=on)


from .conftest import D, fresh  # noqa: E402

# accepted        decided on (paper)  typed in on     window days  shown
BACKFILLS = [
    # 国庆 2026: 10月1日–7日 off, 10月10日 (Saturday) a working day.  Three working days after
    # 9月30日 is 10月10日: within the window although typed in eleven calendar days later.
    (D(2026, 9, 21), D(2026, 9, 30), D(2026, 10, 10), "补录"),
    (D(2026, 9, 21), D(2026, 9, 30), D(2026, 9, 30), ""),
    # 元旦 2026: 1月1日–3日 off, 1月4日 (Sunday) worked.  12月31日 → 1月6日 is 3 working days.
    (D(2025, 12, 15), D(2025, 12, 31), D(2026, 1, 6), "补录"),
]


@pytest.mark.parametrize("accepted_on,decided_on,recorded_on,mark", BACKFILLS)
def test_a_past_decision_within_the_window_is_judged_by_its_act_date(accepted, today_is, city, accepted_on, decided_on, recorded_on, mark):
    app = accepted(accepted_on)
    with today_is(recorded_on):
        _decide(app, city.user("handler"), decided_on)
    app = fresh(app)
    assert app.decided_on == decided_on
    rec = AuditRecord.objects.get(action=Action.APPROVE, subject_type="applications.application", subject_id=str(app.pk))
    assert rec.at.date() == recorded_on  # record time
    assert ("补录" in rec.note) == bool(mark)
    decision = Clock.objects.get(subject_type="applications.application", subject_id=app.pk, kind="application.decision")
    assert decision.met is True  # judged by the date on the paper, not the day it was typed in


def test_beyond_the_window_needs_the_supervision_offices_approval(accepted, today_is, city):
    app = accepted(D(2026, 9, 21))
    # 9月30日 → 10月12日 (Monday) is four working days (10月9日, 10日, 12日 ... ): beyond 3.
    with today_is(D(2026, 10, 12)):
        with pytest.raises(Forbidden) as refused:
            _decide(app, city.user("handler"), D(2026, 9, 30))
        assert refused.value.code == "backfill_needs_approval"
        assert fresh(app).status == "accepted"
        with pytest.raises(Forbidden):
            services.application_backfill_approve(by=city.user("head"), application=app, step="decide", acted_on=D(2026, 9, 30), reason="纸质决定书已送达")
        services.application_backfill_approve(by=city.user("supervisor"), application=app, step="decide", acted_on=D(2026, 9, 30), reason="纸质决定书已送达")
        # The approval names one date: another date stays refused.
        with pytest.raises(Forbidden):
            _decide(app, city.user("handler"), D(2026, 9, 29))
        _decide(app, city.user("handler"), D(2026, 9, 30))
    assert fresh(app).decided_on == D(2026, 9, 30)
    approval = AuditRecord.objects.get(action="backfill.approve", subject_id=str(app.pk))
    assert approval.actor == city.user("supervisor") and "作出审批决定" in approval.note


def test_backfill_approval_through_the_api(accepted, today_is, city, api):
    app = accepted(D(2026, 9, 21))
    with today_is(D(2026, 10, 12)):
        body = {"result": "approve", "decided_on": "2026-09-30"}
        refused = api("handler").post(f"/api/v1/applications/{app.pk}/decision", body)
        assert refused.status_code == 403 and refused.json()["code"] == "backfill_needs_approval"
        ok = api("supervisor").post(f"/api/v1/applications/{app.pk}/backfill-approvals", {"step": "decide", "acted_on": "2026-09-30", "reason": "纸质件"})
        assert ok.status_code == 201
        assert api("handler").post(f"/api/v1/applications/{app.pk}/decision", body).status_code == 200


@pytest.mark.parametrize("accepted_on,decided_on,recorded_on,mark", BACKFILLS)
def test_the_application_page_badges_a_step_recorded_late(accepted, today_is, city, client, accepted_on, decided_on, recorded_on, mark):
    app = accepted(accepted_on)
    with today_is(recorded_on):
        _decide(app, city.user("handler"), decided_on)
        client.force_login(city.user("handler"))
        html = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert ('title="晚于实际办理日期登记（补录）">补录</span>' in html) == bool(mark)
