"""Linking cases about one problem (重复件、关联件).  Public to other packages: the
near-duplicate detector calls :func:`workorder_link` with ``by=None``."""

from __future__ import annotations

from django.db import transaction

from xiaoneng.core import audit, clock
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.people import person
from xiaoneng.core.validators import text
from xiaoneng.workorders.access import access_workorder_link
from xiaoneng.workorders.codes import Action, Error

from ..models import LinkKind, WorkOrder, WorkOrderLink
from .common import require


@transaction.atomic
def workorder_link(*, by, source: WorkOrder, target: WorkOrder, kind: str, note: str = "") -> WorkOrderLink:
    """Link two cases.  ``duplicate``: ``source`` repeats ``target``; the group's primary
    case is kept flat (linking to a duplicate links to its primary, and the source's own
    duplicates follow it), so one answer can serve the whole group.  ``related``: a plain
    cross-reference.  Linking again returns the existing link."""
    if by is not None:
        require(access_workorder_link(by), "只有派单员或效能办可以关联工单", code=Error.LINK_FORBIDDEN)
    if kind not in LinkKind.values:
        raise InvalidInput(f"未知的关联类型：{kind}", code=Error.INVALID_LINK_KIND)
    note = text(note, "说明", limit=200)
    if source.pk == target.pk:
        raise InvalidInput("不能与自身关联", code=Error.LINK_SELF)
    if kind == LinkKind.RELATED:
        low, high = sorted((source, target), key=lambda w: w.pk)
        existing = WorkOrderLink.objects.filter(source__in=(low, high), target__in=(low, high)).first()
        if existing is not None:
            return existing
        return _create(by, low, high, kind, note)
    primary = WorkOrderLink.objects.filter(source=target, kind=LinkKind.DUPLICATE).values_list("target", flat=True).first()
    primary = WorkOrder.objects.get(pk=primary) if primary else target
    if primary.pk == source.pk:
        raise InvalidInput("该工单已是对方所在重复组的主工单", code=Error.LINK_CYCLE)
    current = WorkOrderLink.objects.select_for_update().filter(source=source, kind=LinkKind.DUPLICATE).first()
    if current is not None:
        if current.target_id == primary.pk:
            return current
        raise Conflict("该工单已标记为其他工单的重复件，请先解除", code=Error.ALREADY_DUPLICATE)
    WorkOrderLink.objects.filter(source__in=(source, primary), target__in=(source, primary), kind=LinkKind.RELATED).delete()
    followers = list(WorkOrder.objects.filter(links_out__target=source, links_out__kind=LinkKind.DUPLICATE))
    if followers:
        WorkOrderLink.objects.filter(target=source, kind=LinkKind.DUPLICATE).update(target=primary)
        for follower in followers:
            audit.record(
                actor=by,
                action=Action.LINK_REGROUP,
                subject=follower,
                after={"from": source.pk, "to": primary.pk},
                note=f"所在重复组并入 {primary.tracking_no}",
            )
    return _create(by, source, primary, kind, note)


def _create(by, source: WorkOrder, target: WorkOrder, kind: str, note: str) -> WorkOrderLink:
    link = WorkOrderLink.objects.create(source=source, target=target, kind=kind, note=note, created_by=person(by), created_at=clock.now())
    said = f"{LinkKind(kind).label}{('：' + note) if note else ''}"
    audit.record(actor=by, action=Action.LINK, subject=source, after={"target": target.pk, "kind": kind}, note=f"与 {target.tracking_no} {said}")
    audit.record(actor=by, action=Action.LINK, subject=target, after={"source": source.pk, "kind": kind}, note=f"与 {source.tracking_no} {said}")
    return link


@transaction.atomic
def workorder_unlink(*, by, link: WorkOrderLink) -> None:
    require(access_workorder_link(by), "只有派单员或效能办可以解除关联", code=Error.LINK_FORBIDDEN)
    before = {"source": link.source_id, "target": link.target_id, "kind": link.kind}
    audit.record(actor=by, action=Action.UNLINK, subject=link.source, before=before, note=f"解除与 {link.target.tracking_no} 的关联")
    audit.record(actor=by, action=Action.UNLINK, subject=link.target, before=before, note=f"解除与 {link.source.tracking_no} 的关联")
    link.delete()
