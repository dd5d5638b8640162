"""Linking cases about one problem (重复件、关联件).  Public to other packages: the
near-duplicate detector calls :func:`workorder_link` with ``by=None``."""

from __future__ import annotations

from django.db import transaction

from xiaoneng.core import audit, clock
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.people import person
from xiaoneng.workorders.access import access_workorder_link

from ..models import EventAction, LinkKind, WorkOrder, WorkOrderLink
from .common import clean_text, record_event, require


@transaction.atomic
def workorder_link(*, by, source: WorkOrder, target: WorkOrder, kind: str, note: str = "") -> WorkOrderLink:
    """Link two cases.  ``duplicate``: ``source`` repeats ``target``; the group's primary
    case is kept flat (linking to a duplicate links to its primary, and the source's own
    duplicates follow it), so one answer can serve the whole group.  ``related``: a plain
    cross-reference.  Linking again returns the existing link."""
    if by is not None:
        require(access_workorder_link(by), "只有派单员或效能办可以关联工单", "link_forbidden")
    if kind not in LinkKind.values:
        raise InvalidInput(f"未知的关联类型：{kind}", code="invalid_link_kind")
    note = clean_text(note, field="说明", code="invalid_note", required=False, max_length=200)
    if source.pk == target.pk:
        raise InvalidInput("不能与自身关联", code="link_self")
    if kind == LinkKind.RELATED:
        low, high = sorted((source, target), key=lambda w: w.pk)
        existing = WorkOrderLink.objects.filter(source__in=(low, high), target__in=(low, high)).first()
        if existing is not None:
            return existing
        return _create(by, low, high, kind, note)
    primary = WorkOrderLink.objects.filter(source=target, kind=LinkKind.DUPLICATE).values_list("target", flat=True).first()
    primary = WorkOrder.objects.get(pk=primary) if primary else target
    if primary.pk == source.pk:
        raise InvalidInput("该工单已是对方所在重复组的主工单", code="link_cycle")
    current = WorkOrderLink.objects.select_for_update().filter(source=source, kind=LinkKind.DUPLICATE).first()
    if current is not None:
        if current.target_id == primary.pk:
            return current
        raise Conflict("该工单已标记为其他工单的重复件，请先解除", code="already_duplicate")
    WorkOrderLink.objects.filter(source__in=(source, primary), target__in=(source, primary), kind=LinkKind.RELATED).delete()
    followers = list(WorkOrder.objects.filter(links_out__target=source, links_out__kind=LinkKind.DUPLICATE))
    if followers:
        WorkOrderLink.objects.filter(target=source, kind=LinkKind.DUPLICATE).update(target=primary)
        audit.record(actor=by, action="workorder.link_regroup", subject=primary, after={"moved": [f.pk for f in followers], "from": source.pk})
        for follower in followers:
            record_event(follower, EventAction.LINKED, by=by, note=f"所在重复组并入 {primary.tracking_no}", data={"other": primary.pk, "kind": kind})
    return _create(by, source, primary, kind, note)


def _create(by, source: WorkOrder, target: WorkOrder, kind: str, note: str) -> WorkOrderLink:
    link = WorkOrderLink.objects.create(source=source, target=target, kind=kind, note=note, created_by=person(by), created_at=clock.now())
    label = LinkKind(kind).label
    audit.record(actor=by, action="workorder.link", subject=source, after={"target": target.pk, "kind": kind}, note=note)
    record_event(
        source, EventAction.LINKED, by=by, note=f"与 {target.tracking_no} {label}{('：' + note) if note else ''}", data={"other": target.pk, "kind": kind}
    )
    record_event(
        target, EventAction.LINKED, by=by, note=f"与 {source.tracking_no} {label}{('：' + note) if note else ''}", data={"other": source.pk, "kind": kind}
    )
    return link


@transaction.atomic
def workorder_unlink(*, by, link: WorkOrderLink) -> None:
    require(access_workorder_link(by), "只有派单员或效能办可以解除关联", "link_forbidden")
    audit.record(actor=by, action="workorder.unlink", subject=link.source, before={"target": link.target_id, "kind": link.kind})
    record_event(link.source, EventAction.LINKED, by=by, note=f"解除与 {link.target.tracking_no} 的关联")
    record_event(link.target, EventAction.LINKED, by=by, note=f"解除与 {link.source.tracking_no} 的关联")
    link.delete()
