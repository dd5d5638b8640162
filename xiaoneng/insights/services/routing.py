"""Training, storing and activating routing models, and the category → department table."""

from __future__ import annotations

import time

from django.db import transaction
from django.db.models import Max

from xiaoneng.core import audit, clock
from xiaoneng.core.codes import Error as Shared
from xiaoneng.core.errors import Forbidden, InvalidInput
from xiaoneng.core.people import person
from xiaoneng.insights.access import access_routing_model
from xiaoneng.insights.codes import Action, Error
from xiaoneng.org.models import Department

from ..models import CategoryDepartment, RoutingModel


def _require_admin(by) -> None:
    if by is not None and not access_routing_model(by):
        raise Forbidden("只有系统管理员可以管理派单模型", code=Error.ROUTING_MODEL_FORBIDDEN)


def routing_model_train(*, by, texts: list[str], labels: list[str], source: str, activate: bool = True) -> RoutingModel:
    """Train a new version on ``texts``/``labels`` and store it (active at once unless
    ``activate=False``).  Training runs outside any transaction: serving goes on with the
    active version until the new one is committed and activated."""
    _require_admin(by)
    from .. import classifier  # scikit-learn: only the processes that train load it

    try:
        classifier.check_training_set(texts, labels)
    except ValueError as exc:
        raise InvalidInput(f"训练样本不足：{exc}", code=Error.TOO_FEW_SAMPLES) from exc
    started = time.perf_counter()
    model = classifier.train(texts, labels)
    seconds = round(time.perf_counter() - started, 2)
    with transaction.atomic():
        version = (RoutingModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        row = RoutingModel.objects.create(
            version=version,
            source=source[:200],
            labels=model.labels,
            samples=len(texts),
            metrics={"held_out": model.held_out},
            train_seconds=seconds,
            payload=model.dumps(),
            created_at=clock.now(),
            created_by=person(by),
        )
        after = {"version": version, "samples": len(texts), "labels": model.labels, "held_out": model.held_out}
        audit.record(actor=by, action=Action.ROUTING_MODEL_TRAIN, subject=row, after=after)
        if activate:
            routing_model_activate(by=by, model=row)
    return row


@transaction.atomic
def routing_model_activate(*, by, model: RoutingModel) -> RoutingModel:
    """Serve ``model`` from now on (every app server picks it up at its next suggestion)."""
    _require_admin(by)
    previous = list(RoutingModel.objects.select_for_update().filter(is_active=True).exclude(pk=model.pk).values_list("version", flat=True))
    RoutingModel.objects.filter(is_active=True).exclude(pk=model.pk).update(is_active=False)
    RoutingModel.objects.filter(pk=model.pk).update(is_active=True)
    model.is_active = True
    audit.record(actor=by, action=Action.ROUTING_MODEL_ACTIVATE, subject=model, before={"active_versions": previous}, after={"active_version": model.version})
    return model


@transaction.atomic
def category_department_set(*, by, label: str, department: Department) -> CategoryDepartment:
    """Route the model's category ``label`` to ``department``."""
    _require_admin(by)
    label = (label or "").strip()
    if not label or len(label) > 100:
        raise InvalidInput("请填写分类名称（不超过100字）", code=Error.INVALID_LABEL)
    if not department.is_active:
        raise InvalidInput("承办部门不存在或已停用", code=Shared.INVALID_DEPARTMENT)
    row = CategoryDepartment.objects.select_for_update().filter(label=label).first()
    before = {"department": row.department_id} if row else None
    if row is None:
        row = CategoryDepartment(label=label)
    row.department, row.updated_at = department, clock.now()
    row.save()
    audit.record(actor=by, action=Action.CATEGORY_DEPARTMENT_SET, subject=row, before=before, after={"label": label, "department": department.pk})
    return row
