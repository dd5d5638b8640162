"""Serving the routing model (派单建议).  The active :class:`RoutingModel` row is the one
truth every app server shares; each process keeps the loaded classifier keyed by that row's
id and asks which row is active on every call (one indexed query), so activating a retrained
version reaches every server at its next suggestion without interrupting any."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from django.conf import settings

from xiaoneng.org.models import Department

from .models import CategoryDepartment, RoutingModel
from .rules import ROUTING_MIN_CONFIDENCE, confident

if TYPE_CHECKING:
    from .classifier import Classifier

_lock = threading.Lock()
_loaded: dict = {"id": None, "model": None}


def active_model() -> Classifier | None:
    active_id = RoutingModel.objects.filter(is_active=True).values_list("id", flat=True).first()
    if active_id is None:
        return None
    with _lock:
        if _loaded["id"] != active_id:
            from .classifier import Classifier  # scikit-learn loads with the first model, not with the process

            payload = RoutingModel.objects.values_list("payload", flat=True).get(pk=active_id)
            _loaded["model"], _loaded["id"] = Classifier.loads(payload), active_id
        return _loaded["model"]


def min_confidence() -> float:
    return float(settings.XIAONENG.get("ROUTING_MIN_CONFIDENCE", ROUTING_MIN_CONFIDENCE))


def label_departments(labels) -> dict[str, Department]:
    """Each predicted label's department: the category table first, else a department
    whose code is the label (models trained on the city's own cases predict codes)."""
    mapped = {m.label: m.department for m in CategoryDepartment.objects.filter(label__in=labels).select_related("department")}
    rest = [label for label in labels if label not in mapped]
    mapped |= {d.code: d for d in Department.objects.filter(code__in=rest)}
    return mapped


def suggest(text: str, *, limit: int = 3) -> list[dict]:
    """The model's most likely departments for one text (see :func:`suggest_many`)."""
    return suggest_many([text], limit=limit)[0]


def suggest_many(texts: list[str], *, limit: int = 3) -> list[list[dict]]:
    """The registered suggester: for each text the model's most likely departments, or
    nothing when the model is unsure (below ``XIAONENG["ROUTING_MIN_CONFIDENCE"]``) or there
    is no model.  One pass of the model and one department lookup for all the texts, so a
    page of the dispatch queue costs what one case does."""
    model = active_model()
    if model is None or not texts:
        return [[] for _ in texts]
    threshold = min_confidence()
    ranked = [confident(r, threshold) for r in model.rank_all(list(texts), limit=max(limit, 3))]
    departments = label_departments(sorted({label for r in ranked for label, _ in r}))
    answers = []
    for one in ranked:
        out = []
        for label, p in one:
            department = departments.get(label)
            if department is not None and department.is_active:
                out.append({"department": department.code, "label": label if label != department.code else department.name, "confidence": round(p, 3)})
        answers.append(out[:limit])
    return answers
