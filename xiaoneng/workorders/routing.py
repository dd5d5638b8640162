"""归口: the routing rules administrators maintain, what they suggest for a case, automatic
dispatch by a rule, and the after-intake hooks other packages register (the near-duplicate
detector).  Everything here runs after intake has committed, on the queue, or when the
dispatcher looks at a case — never inside the intake request."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.db import DatabaseError, transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast

from xiaoneng.core import hooks
from xiaoneng.core.context import Channel, via
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.models import TaskIntent

from .codes import Error
from .models import RoutingRule, Status, WorkOrder
from .rules import RuleSpec, matching_rules, parse_keywords
from .services.common import AFTER_INTAKE_TASK
from .suggestions import suggestions_for_all

log = logging.getLogger(__name__)

AFTER_INTAKE = "workorders.after_intake"  # hook: fn(workorder_id), on the queue after every intake


def register_after_intake(fn: Callable[[int], None]) -> None:
    """``fn(workorder_id)`` runs on the queue after every intake (after commit)."""
    hooks.register(AFTER_INTAKE, fn)


def rule_specs() -> list[RuleSpec]:
    rows = RoutingRule.objects.filter(is_active=True, department__is_active=True).select_related("department", "area")
    return [
        RuleSpec(
            id=r.pk,
            name=r.name,
            priority=r.priority,
            type=r.type,
            keywords=parse_keywords(r.keywords),
            area_path=r.area.path if r.area else None,
            department_code=r.department.code,
            department_name=r.department.name,
            auto_dispatch=r.auto_dispatch,
        )
        for r in rows
    ]


def _text(wo: WorkOrder) -> str:
    return f"{wo.title}\n{wo.content}\n{wo.location_address}"


def rule_matches(wo: WorkOrder, specs: list[RuleSpec] | None = None) -> list[tuple[RuleSpec, str]]:
    specs = rule_specs() if specs is None else specs
    return matching_rules(specs, type=wo.type, text=_text(wo), area_path=wo.area.path if wo.area_id else None)


def rule_suggestions(wo: WorkOrder, specs: list[RuleSpec] | None = None) -> list[dict]:
    """The matching rules as suggestions: ``[{"department", "label", "rule", "reason"}]``."""
    out, seen = [], set()
    for rule, why in rule_matches(wo, specs):
        if rule.department_code in seen:
            continue
        seen.add(rule.department_code)
        out.append({"department": rule.department_code, "label": rule.department_name, "rule": rule.name, "reason": why, "auto_dispatch": rule.auto_dispatch})
    return out


def dispatcher_suggestions(wo: WorkOrder) -> dict:
    """What the dispatcher sees: the model's suggestions and the matching rules."""
    return dispatcher_suggestions_all([wo])[wo.pk]


def dispatcher_suggestions_all(workorders) -> dict[int, dict]:
    """:func:`dispatcher_suggestions` for a page of cases (load them with ``area``): one call
    of the routing model and one read of the rules for the whole page."""
    workorders = list(workorders)
    model = suggestions_for_all(workorders)
    specs = rule_specs()
    return {wo.pk: {"suggestions": model[wo.pk], "rules": rule_suggestions(wo, specs)} for wo in workorders}


def suggested_department(suggested: dict) -> str | None:
    """The department a "dispatch as suggested" sends a case to: the model's best guess, else
    the first matching rule; None when neither suggests anything."""
    for item in (*suggested["suggestions"], *suggested["rules"]):
        return item["department"]
    return None


def dispatch_as_suggested(*, by, workorder: WorkOrder, suggested: dict) -> WorkOrder:
    """按建议派单: dispatch one case to the department its suggestions put first (the
    dispatcher's batch action); refused, changing nothing, when nothing is suggested.  The
    dispatch itself is :func:`services.workorder_dispatch`, checked and audited as always."""
    from xiaoneng.org.models import Department

    from .services import workorder_dispatch

    code = suggested_department(suggested)
    department = Department.objects.filter(code=code, is_active=True).first() if code else None
    if department is None:
        raise InvalidInput("暂无派单建议，请逐件选择部门派单", code=Error.NO_SUGGESTION)
    return workorder_dispatch(by=by, workorder=workorder, department=department, note="按派单建议批量派单")


def auto_dispatch(workorder_id: int) -> WorkOrder | None:
    """Dispatch a new case by the first matching rule if that rule says so."""
    from xiaoneng.org.models import Department

    from .services import workorder_dispatch

    wo = WorkOrder.objects.select_related("area").filter(pk=workorder_id, status=Status.RECEIVED).first()
    if wo is None:
        return None
    matches = rule_matches(wo)
    if not matches or not matches[0][0].auto_dispatch:
        return None
    rule, why = matches[0]
    with via(Channel.SYSTEM), transaction.atomic():
        return workorder_dispatch(
            by=None, workorder=wo, department=Department.objects.get(code=rule.department_code), note=f"按归口规则“{rule.name}”自动派单（{why}）"
        )


def after_intake(workorder_id: int) -> None:
    """Automatic dispatch, then every registered hook.  A database error (a restart, a lost
    connection) is raised, so that the task retries and its outbox intent stays open; any
    other failure of one step is logged and the others still run (rerunning would not help)."""
    steps = [auto_dispatch, *hooks.get_hooks(AFTER_INTAKE)]
    for fn in steps:
        try:
            fn(workorder_id)
        except DatabaseError:
            raise
        except Exception:  # noqa: BLE001 - the case stays in the dispatcher's queue
            log.exception("after-intake step %r failed for work order %s", fn, workorder_id)


def after_intake_missed(*, now, after_minutes: int, lookback_hours: int, limit: int) -> list[int]:
    """Cases received in the last ``lookback_hours`` and entered more than ``after_minutes``
    ago whose after-intake intent is not done (or was never written)."""
    done = TaskIntent.objects.filter(task=AFTER_INTAKE_TASK, key=Cast(OuterRef("pk"), CharField()), done_at__isnull=False)
    rows = WorkOrder.objects.filter(received_at__gte=now - dt.timedelta(hours=lookback_hours), created_at__lte=now - dt.timedelta(minutes=after_minutes))
    return list(rows.exclude(Exists(done)).order_by("received_at").values_list("pk", flat=True)[:limit])
