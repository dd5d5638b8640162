"""超期补录审批 page: the supervision office picks a case by its number, names the step, the
act date and the reason; the approval is audited on the case, after which the handler may
record the step with that date, and the case's timeline shows it as 补录."""

import pytest

from xiaoneng.clocks.codes import Action
from xiaoneng.core import clock
from xiaoneng.core.models import AuditRecord
from xiaoneng.workorders import services
from xiaoneng.workorders.tests.conftest import at, hotline

URL = "/staff/supervision/backfill/"


@pytest.fixture(autouse=True)
def window(settings):
    settings.XIAONENG = settings.XIAONENG | {"BACKFILL_WORKING_DAYS": 3}


@pytest.fixture
def signed(city):
    """A case dispatched and signed for on 2026-04-01 (清明 4月4–6日 off)."""
    case = hotline(city, at(2026, 4, 1, 9))
    with clock.frozen(at(2026, 4, 1, 9, 10)):
        case = services.workorder_dispatch(by=city.user("dispatcher"), workorder=case, department=city.dept("market"))
    with clock.frozen(at(2026, 4, 1, 9, 30)):
        return services.workorder_sign(by=city.user("handler"), workorder=case)


def _as(client, city, name):
    client.force_login(city.user(name))
    return client


@pytest.mark.parametrize("name", ["handler", "head", "dispatcher", "leader", "admin"])
def test_only_the_supervision_office_has_the_page(client, city, name):
    assert _as(client, city, name).get(URL).status_code == 403


def test_the_office_approves_by_case_number_and_the_late_reply_then_shows_as_backfilled(client, city, signed):
    c = _as(client, city, "supervisor")
    with clock.frozen(at(2026, 4, 13, 9)):  # 5 working days after 4月2日: beyond the 3-day window
        html = c.get(URL).content.decode()
        assert "距今超过 3 个工作日" in html and "答复" in html and "作出审批决定" in html
        r = c.post(URL, {"case": signed.tracking_no, "step": "reply", "acted_on": "2026-04-02", "reason": "纸质答复回执已于当日签收"})
        assert r.status_code == 302
        record = AuditRecord.objects.get(action=Action.BACKFILL_APPROVE)
        assert (record.actor, record.subject_type, record.subject_id) == (city.user("supervisor"), "workorders.workorder", str(signed.pk))
        assert record.after == {"step": "reply", "acted_on": "2026-04-02"} and "纸质答复回执已于当日签收" in record.note
        listed = c.get(URL).content.decode()
        assert f"诉求工单 {signed.tracking_no}" in listed and "2026-04-02" in listed and "测试supervisor" in listed
        services.workorder_reply(by=city.user("handler"), workorder=signed, content="已责令整改", acted_at=at(2026, 4, 2, 15))
    page = c.get(f"/staff/workorders/{signed.pk}/").content.decode()
    assert "批准超期补录" in page and page.count('title="晚于实际办理日期登记（补录）">补录</span>') == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"case": ""}, "未找到编号为"),
        ({"case": "GD-不存在"}, "未找到编号为“GD-不存在”的办件或工单"),
        ({"step": "decide"}, "请选择该案件的补录环节：签收、答复"),
        ({"acted_on": ""}, "请填写办理日期"),
        ({"acted_on": "4月2日"}, "办理日期应为日期"),
        ({"acted_on": "2026-04-20"}, "补录的日期不能晚于今天"),
        ({"reason": " "}, "批准理由"),
    ],
)
def test_bad_approvals_are_refused_in_chinese_and_record_nothing(client, city, signed, fields, message):
    body = {"case": signed.tracking_no, "step": "reply", "acted_on": "2026-04-02", "reason": "纸质回执"} | fields
    with clock.frozen(at(2026, 4, 13, 9)):
        r = _as(client, city, "supervisor").post(URL, body, follow=True)
    assert message in r.content.decode()
    assert not AuditRecord.objects.filter(action=Action.BACKFILL_APPROVE).exists()


def test_a_step_recorded_on_its_day_has_no_badge(client, city, signed):
    page = _as(client, city, "supervisor").get(f"/staff/workorders/{signed.pk}/").content.decode()
    assert "签收" in page and "晚于实际办理日期登记" not in page
