"""Batch actions on the work-order lists: the handler signs for many cases at once, the
dispatcher sends many to their suggested departments, anyone exports the ticked rows.  Each
row goes through the one-item service in its own transaction and is audited as when done
alone; the page says how many succeeded and why the others did not."""

import io

from openpyxl import load_workbook

from xiaoneng.core import clock, hooks
from xiaoneng.core.models import AuditRecord
from xiaoneng.workorders import services
from xiaoneng.workorders.codes import Action
from xiaoneng.workorders.models import Status, WorkOrder
from xiaoneng.workorders.suggestions import BATCH_SUGGESTERS, SUGGESTERS

from .conftest import at, hotline

INBOX, QUEUE, SEARCH = "/staff/workorders/inbox/", "/staff/workorders/queue/", "/staff/workorders/search/"


def dispatched(city, department: str, *, minute: int, title: str = "餐馆油烟扰民"):
    wo = hotline(city, at(2026, 3, 2, 10, minute), title=title)
    with clock.frozen(at(2026, 3, 2, 11, minute)):
        return services.workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=city.dept(department))


def said(response) -> list[str]:
    """The messages the page shows after the batch (the redirect followed)."""
    return [str(m) for m in response.context["messages"]]


def audited(action: str, cases) -> int:
    return AuditRecord.objects.filter(action=action, subject_type="workorders.workorder", subject_id__in=[str(c.pk) for c in cases]).count()


def test_batch_sign_for_does_each_case_and_says_which_were_refused(client, city):
    a, b, c = (dispatched(city, "market", minute=m) for m in range(3))
    with clock.frozen(at(2026, 3, 2, 12)):
        services.workorder_sign(by=city.user("handler"), workorder=c)  # already signed for
    other = dispatched(city, "housing", minute=5)  # another department's case
    client.force_login(city.user("handler"))
    inbox = client.get(INBOX).content.decode()
    assert 'form="batch-form" aria-label="选择 ' + a.tracking_no + '"' in inbox and 'data-select-all="batch-form"' in inbox
    assert '<button type="submit" name="batch" value="sign" class="primary">批量签收</button>' in inbox
    with clock.frozen(at(2026, 3, 2, 13)):
        r = client.post(INBOX, {"batch": "sign", "ids": [a.pk, b.pk, c.pk, other.pk]}, follow=True)
    assert r.redirect_chain == [(INBOX, 302)]
    assert said(r) == [f"成功 2 条，失败 2 条（{c.tracking_no}：只有待签收的工单可以签收；所选第 4 行：已不存在或无权处理）"]
    statuses = dict(WorkOrder.objects.values_list("pk", "status"))
    assert [statuses[x.pk] for x in (a, b, c, other)] == [Status.SIGNED, Status.SIGNED, Status.SIGNED, Status.DISPATCHED]
    assert audited(Action.SIGN, [a, b]) == 2 and audited(Action.SIGN, [c]) == 1 and audited(Action.SIGN, [other]) == 0
    assert WorkOrder.objects.get(pk=a.pk).signed_by == city.user("handler")


def test_a_batch_of_refusals_changes_nothing_and_is_an_error(client, city):
    wo = dispatched(city, "market", minute=0)
    client.force_login(city.user("housing_handler"))
    r = client.post(INBOX, {"batch": "sign", "ids": [wo.pk]}, follow=True)
    assert said(r) == ["成功 0 条，失败 1 条（所选第 1 行：已不存在或无权处理）"]
    assert [m.level_tag for m in r.context["messages"]] == ["error"]
    assert WorkOrder.objects.get(pk=wo.pk).status == Status.DISPATCHED and audited(Action.SIGN, [wo]) == 0


def test_nothing_ticked_a_bad_id_or_an_unknown_action_is_explained(client, city):
    wo = dispatched(city, "market", minute=0)
    client.force_login(city.user("handler"))
    assert said(client.post(INBOX, {"batch": "sign"}, follow=True)) == ["请先勾选要处理的行"]
    assert said(client.post(INBOX, {"batch": "sign", "ids": ["x"]}, follow=True)) == ["所选行应为整数，收到“x”"]
    assert said(client.post(INBOX, {"batch": "delete", "ids": [wo.pk]}, follow=True)) == ["请选择要执行的批量操作"]
    assert WorkOrder.objects.get(pk=wo.pk).status == Status.DISPATCHED


def test_export_of_the_ticked_rows_only(client, city):
    a, b, c = (dispatched(city, "market", minute=m, title=t) for m, t in enumerate(["油烟", "噪音", "漏水"]))
    client.force_login(city.user("handler"))
    r = client.post(INBOX, {"batch": "export", "ids": [a.pk, c.pk]})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "受理编号" and sorted(row[0] for row in rows[1:]) == sorted([a.tracking_no, c.tracking_no])
    client.force_login(city.user("supervisor"))
    found = client.post(f"{SEARCH}?status=dispatched", {"batch": "export", "ids": [b.pk]})
    assert [row[0] for row in load_workbook(io.BytesIO(found.content)).active.iter_rows(values_only=True)][1:] == [b.tracking_no]


def test_batch_dispatch_sends_each_case_to_its_first_suggestion(client, city):
    calls = []

    def model(texts, *, limit=3):
        calls.append(len(texts))
        return [[{"department": "market", "confidence": 0.9}] if "油烟" in t else [] for t in texts]

    oily = [hotline(city, at(2026, 3, 2, 10, m), title="餐馆油烟") for m in range(2)]
    vague = hotline(city, at(2026, 3, 2, 10, 5), title="其他问题", content="说不清楚")
    client.force_login(city.user("dispatcher"))
    with hooks.isolated(SUGGESTERS), hooks.isolated(BATCH_SUGGESTERS), hooks.register_temporarily(BATCH_SUGGESTERS, model):
        queue = client.get(QUEUE).content.decode()
        assert "按建议批量派单" in queue and f'aria-label="选择 {vague.tracking_no}"' in queue
        calls.clear()
        r = client.post(QUEUE, {"batch": "dispatch", "ids": [oily[0].pk, vague.pk, oily[1].pk]})
    assert calls == [3]  # one call of the model for the batch
    r = client.get(QUEUE)  # one call of the model for the batch
    assert said(r) == [f"成功 2 条，失败 1 条（{vague.tracking_no}：暂无派单建议，请逐件选择部门派单）"]
    cases = {wo.pk: wo for wo in WorkOrder.objects.select_related("department")}
    assert [(cases[w.pk].status, cases[w.pk].department.code) for w in oily] == [(Status.DISPATCHED, "market")] * 2
    assert cases[vague.pk].status == Status.RECEIVED and audited(Action.DISPATCH, [vague]) == 0
    assert audited(Action.DISPATCH, oily) == 2


def test_only_the_dispatcher_batch_dispatches(client, city):
    wo = hotline(city, at(2026, 3, 2, 10))
    client.force_login(city.user("handler"))
    assert client.post(QUEUE, {"batch": "dispatch", "ids": [wo.pk]}).status_code == 403
    assert WorkOrder.objects.get(pk=wo.pk).status == Status.RECEIVED
