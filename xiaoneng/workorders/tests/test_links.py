"""Related and duplicate cases, and one answer for a duplicate group."""

import pytest

from xiaoneng.core.errors import Conflict, Forbidden, InvalidInput
from xiaoneng.core.models import AuditRecord
from xiaoneng.workorders import services
from xiaoneng.workorders.models import LinkKind, Status, WorkOrderLink
from xiaoneng.workorders.selectors import group_of, timeline

from .conftest import at, hotline


def cases(city, n):
    return [hotline(city, at(2026, 3, 2, 10, i), content=f"解放路路灯不亮（第{i}次反映）") for i in range(n)]


def test_duplicates_form_a_flat_group_around_one_primary(city):
    a, b, c, d = cases(city, 4)
    dispatcher = city.user("dispatcher")
    services.workorder_link(by=dispatcher, source=b, target=a, kind=LinkKind.DUPLICATE)
    services.workorder_link(by=dispatcher, source=c, target=b, kind=LinkKind.DUPLICATE)  # b repeats a: c joins a
    services.workorder_link(by=dispatcher, source=a, target=d, kind=LinkKind.DUPLICATE)  # a's group follows it to d
    primary, members = group_of(c)
    assert primary == d and [m.pk for m in members] == [a.pk, b.pk, c.pk]
    assert set(WorkOrderLink.objects.values_list("target", flat=True)) == {d.pk}
    assert [e.note for e in timeline(d) if e.action.startswith("workorder.link")] == [f"与 {a.tracking_no} 重复"]
    assert [e.note for e in timeline(b) if e.action.startswith("workorder.link")] == [f"与 {a.tracking_no} 重复", f"所在重复组并入 {d.tracking_no}"]
    moved = {r.subject_id: r.after for r in AuditRecord.objects.filter(action="workorder.link_regroup")}
    assert moved == {str(b.pk): {"from": a.pk, "to": d.pk}, str(c.pk): {"from": a.pk, "to": d.pk}}


def test_links_refuse_loops_and_second_primaries(city):
    a, b, c = cases(city, 3)
    dispatcher = city.user("dispatcher")
    with pytest.raises(InvalidInput):
        services.workorder_link(by=dispatcher, source=a, target=a, kind=LinkKind.RELATED)
    services.workorder_link(by=dispatcher, source=b, target=a, kind=LinkKind.DUPLICATE)
    with pytest.raises(InvalidInput):
        services.workorder_link(by=dispatcher, source=a, target=b, kind=LinkKind.DUPLICATE)
    with pytest.raises(Conflict):
        services.workorder_link(by=dispatcher, source=b, target=c, kind=LinkKind.DUPLICATE)
    again = services.workorder_link(by=dispatcher, source=b, target=a, kind=LinkKind.DUPLICATE)
    assert WorkOrderLink.objects.count() == 1 and again.target == a


def test_related_links_are_stored_once_and_the_detector_may_link(city):
    a, b = cases(city, 2)
    first = services.workorder_link(by=None, source=b, target=a, kind=LinkKind.RELATED, note="相似度 0.92")
    second = services.workorder_link(by=None, source=a, target=b, kind=LinkKind.RELATED)
    assert first.pk == second.pk and (first.source, first.target) == (a, b)
    with pytest.raises(Forbidden):
        services.workorder_link(by=city.user("handler"), source=a, target=b, kind=LinkKind.RELATED)


def test_one_answer_for_the_group_then_each_follow_up_and_a_group_close(city, api):
    a, b, c = cases(city, 3)
    dispatcher, handler, supervisor = city.user("dispatcher"), city.user("handler"), city.user("supervisor")
    for other in (b, c):
        services.workorder_link(by=dispatcher, source=other, target=a, kind=LinkKind.DUPLICATE)
    for wo in (a, b):
        services.workorder_dispatch(by=dispatcher, workorder=wo, department=city.dept("market"))
    services.workorder_sign(by=handler, workorder=a)
    r = api("handler").post(f"/api/v1/workorders/{b.pk}/group-reply", {"content": "路灯已于3月3日修复"})
    assert r.status_code == 200 and sorted(r.json()["ids"]) == [a.pk, b.pk]  # c was never dispatched to us
    for wo in (a, b):
        wo.refresh_from_db()
        assert wo.status == Status.REPLIED and wo.reply_content == "路灯已于3月3日修复"
    services.workorder_follow_up(by=supervisor, workorder=a, resolved=True, satisfaction="satisfied")
    r = api("supervisor").post(f"/api/v1/workorders/{a.pk}/group-close")
    assert r.json()["ids"] == [a.pk]  # b has not been called back yet
    services.workorder_follow_up(by=supervisor, workorder=b, resolved=True, satisfaction="very_satisfied")
    assert api("supervisor").post(f"/api/v1/workorders/{a.pk}/group-close").json()["ids"] == [b.pk]
    assert api("supervisor").post(f"/api/v1/workorders/{a.pk}/group-close").json()["code"] == "nothing_to_close"


def test_links_through_the_api_by_tracking_number(api, city):
    a, b = cases(city, 2)
    r = api("dispatcher").post(f"/api/v1/workorders/{b.pk}/links", {"other": a.tracking_no, "kind": "duplicate"})
    assert r.status_code == 201
    assert r.json()["links"] == [{"relation": "重复（主工单）", "id": a.pk, "tracking_no": a.tracking_no, "status": "received"}]
    assert api("dispatcher").post(f"/api/v1/workorders/{b.pk}/links", {"other": "99999999", "kind": "related"}).status_code == 404
