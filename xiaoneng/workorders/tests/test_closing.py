"""Follow-up, closure and reopening: every case ends with a recorded result."""

import pytest

from xiaoneng.clocks.models import Clock
from xiaoneng.core import clock
from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.workorders import selectors, services
from xiaoneng.workorders.models import FollowUp, Status
from xiaoneng.workorders.services import Requester

from .conftest import at, hotline

MONDAY_MORNING = at(2026, 3, 2, 10)


def replied(city, moment=MONDAY_MORNING):
    wo = hotline(city, moment)
    wo = services.workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=city.dept("market"))
    wo = services.workorder_sign(by=city.user("handler"), workorder=wo)
    return services.workorder_reply(by=city.user("handler"), workorder=wo, content="已责令整改")


def test_closing_needs_a_follow_up(city):
    wo = replied(city)
    with pytest.raises(Conflict) as exc:
        services.workorder_close(by=city.user("supervisor"), workorder=wo)
    assert exc.value.code == "follow_up_required"


@pytest.mark.parametrize("username", ["handler", "head", "leader", "window", "admin"])
def test_only_the_office_follows_up_and_closes(city, username):
    wo = replied(city)
    with pytest.raises(Forbidden):
        services.workorder_follow_up(by=city.user(username), workorder=wo, resolved=True, satisfaction="satisfied")
    with pytest.raises(Forbidden):
        services.workorder_close(by=city.user(username), workorder=wo)


def test_a_requester_who_cannot_be_reached_is_recorded_and_the_case_closes(city):
    wo = replied(city)
    with pytest.raises(InvalidInput):
        services.workorder_follow_up(by=city.user("dispatcher"), workorder=wo, reached=False)
    fu = services.workorder_follow_up(
        by=city.user("dispatcher"), workorder=wo, reached=False, resolved=True, satisfaction="satisfied", note="三次来电均无人接听"
    )
    assert fu.resolved is None and fu.satisfaction == ""  # nothing is invented for an unreached requester
    wo = services.workorder_close(by=city.user("dispatcher"), workorder=wo)
    assert wo.status == Status.CLOSED and wo.close_result == "已答复，未能回访（三次来电均无人接听）"


@pytest.mark.parametrize("resolved,satisfaction", [(None, "satisfied"), (True, ""), (True, "happy")])
def test_a_reached_follow_up_records_both_answers(city, resolved, satisfaction):
    with pytest.raises(InvalidInput):
        services.workorder_follow_up(by=city.user("supervisor"), workorder=replied(city), resolved=resolved, satisfaction=satisfaction)
    assert not FollowUp.objects.exists()


def test_dissatisfied_but_not_the_departments_fault_may_close(city):
    wo = replied(city)
    fu = services.workorder_follow_up(
        by=city.user("supervisor"), workorder=wo, resolved=False, satisfaction="dissatisfied", department_at_fault=False, note="诉求超出政策规定"
    )
    assert fu.department_at_fault is False
    assert services.workorder_close(by=city.user("supervisor"), workorder=wo).status == Status.CLOSED


def test_reopening_gives_a_new_round_with_new_clocks_and_keeps_the_old_rating(city):
    wo = replied(city)
    supervisor = city.user("supervisor")
    with pytest.raises(InvalidInput):
        services.workorder_reopen(by=supervisor, workorder=wo)  # nothing calls for it yet
    services.workorder_follow_up(by=supervisor, workorder=wo, resolved=False, satisfaction="very_dissatisfied")
    with clock.frozen(at(2026, 3, 9, 9)):
        wo = services.workorder_reopen(by=supervisor, workorder=wo)
    assert wo.status == Status.REOPENED and wo.round == 2 and wo.dispatch_count == 2
    assert wo.replied_at is None and wo.reply_content == "" and wo.due_on.isoformat() == "2026-03-30"
    rounds = {(c.kind, c.round): c.state for c in Clock.objects.filter(subject_id=wo.pk)}
    assert rounds[("workorder.handle", 1)] == "stopped" and rounds[("workorder.handle", 2)] == "running"
    assert rounds[("workorder.sign", 2)] == "running"
    event = next(e for e in selectors.timeline(wo) if e.action == "workorder.reopen")
    assert event.round == 2 and "未解决" in event.note
    assert FollowUp.objects.get().round == 1  # the dissatisfied call stays in the figures
    wo = services.workorder_sign(by=city.user("handler"), workorder=wo)
    wo = services.workorder_reply(by=city.user("handler"), workorder=wo, content="已复查，整改到位")
    services.workorder_follow_up(by=supervisor, workorder=wo, resolved=True, satisfaction="satisfied")
    assert services.workorder_close(by=supervisor, workorder=wo).status == Status.CLOSED


def test_a_closed_case_can_be_reopened_with_reasons(city):
    wo = replied(city)
    services.workorder_follow_up(by=city.user("supervisor"), workorder=wo, resolved=True, satisfaction="satisfied")
    wo = services.workorder_close(by=city.user("supervisor"), workorder=wo)
    wo = services.workorder_reopen(by=city.user("dispatcher"), workorder=wo, reason="诉求人反映问题再次出现")
    assert wo.status == Status.REOPENED and wo.closed_at is None and wo.round == 2
    assert list(AuditRecord.objects.filter(subject_type="workorders.workorder", subject_id=str(wo.pk)).values_list("action", flat=True))[-3:] == [
        "workorder.follow_up",
        "workorder.close",
        "workorder.reopen",
    ]


def test_reopening_a_direct_answer_sends_it_to_dispatch(city):
    with clock.frozen(at(2026, 3, 2, 10)):
        wo = services.workorder_create(
            by=city.user("dispatcher"),
            channel="hotline",
            type="consultation",
            content="公积金怎么提取？",
            requester=Requester(name="甲", phone="13700000000"),
            direct_answer="可通过公积金中心网站办理。",
        )
    services.workorder_follow_up(by=city.user("supervisor"), workorder=wo, resolved=False, satisfaction="dissatisfied")
    wo = services.workorder_reopen(by=city.user("supervisor"), workorder=wo)
    assert wo.status == Status.RECEIVED and wo.department is None and wo.round == 2
