"""首问负责: open inquiries and hand-overs have clocks; a hand-over stays open until the
colleague answers."""

import pytest

from xiaoneng.applications import services
from xiaoneng.clocks.models import Clock
from xiaoneng.core.errors import Conflict, Forbidden

from .conftest import D

pytestmark = pytest.mark.django_db


def _clocks(inquiry):
    return {c.kind: c for c in Clock.objects.filter(subject_type="applications.inquiry", subject_id=inquiry.pk)}


def test_a_hand_over_gives_the_colleague_a_deadline_and_keeps_the_inquiry_open(city, today_is, api):
    with today_is(D(2026, 9, 30)):  # the last working day before 国庆 (10月1日–7日)
        inquiry = services.inquiry_record(by=city.user("window"), asker_name="孙先生", question="食品经营许可延续怎么办")
        opened = _clocks(inquiry)["inquiry.open"]
        assert (opened.due_on, opened.responsible, opened.state) == (D(2026, 10, 8), city.user("window"), "running")
        services.inquiry_close(by=city.user("window"), inquiry=inquiry, outcome="handed_over", handed_to="handler")
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.outcome) == ("open", "handed_over")
    clocks = _clocks(inquiry)
    assert clocks["inquiry.open"].state == "stopped" and clocks["inquiry.open"].met is True
    handover = clocks["inquiry.handover"]
    # Two working days: 10月8日, 9日.
    assert (handover.due_on, handover.responsible, handover.department) == (D(2026, 10, 9), city.user("handler"), city.dept("market"))
    with today_is(D(2026, 10, 8)):
        with pytest.raises(Conflict):
            services.inquiry_close(by=city.user("window"), inquiry=inquiry, outcome="answered", answer="已答复")
        with pytest.raises(Forbidden):
            services.inquiry_answer(by=city.user("head"), inquiry=inquiry, reply="到市场准入窗口办理")
        r = api("handler").post(f"/api/v1/inquiries/{inquiry.pk}/answer", {"reply": "到市场准入窗口办理，材料见办事指南"})
        assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["reply"].startswith("到市场准入窗口")
    handover.refresh_from_db()
    assert handover.state == "stopped" and handover.met is True


def test_answered_on_the_spot_needs_no_clock(city, today_is):
    with today_is(D(2026, 3, 2)):
        inquiry = services.inquiry_record(by=city.user("window"), asker_name="孙先生", question="营业时间", outcome="answered", answer="工作日9点")
    assert inquiry.status == "closed" and _clocks(inquiry) == {}
