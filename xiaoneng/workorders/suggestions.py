"""The slot for automatic routing suggestions (派单建议).

Another package registers a model at start-up (in its ``AppConfig.ready``)::

    from xiaoneng.workorders.suggestions import register_suggester

    def suggest(text: str, *, limit: int = 3) -> list[dict]:
        return [{"department": "scjg", "label": "市市场监管局", "confidence": 0.82}, ...]

    register_suggester(suggest)

A suggester receives the case's title and content only (never the requester's identity).
:func:`suggestions_for` asks every registered suggester, drops malformed answers and
unknown or inactive departments, and returns the best per department, most confident first;
``[]`` when none is registered.  A suggester that fails is logged and skipped: a broken
model must not stop dispatch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from xiaoneng.core import hooks
from xiaoneng.org.models import Department

log = logging.getLogger(__name__)

Suggester = Callable[..., list[dict]]

SUGGESTERS = "workorders.suggesters"  # hook: fn(text, limit=...) -> [{"department", "label", "confidence"}]

DEFAULT_LIMIT = 3


def register_suggester(fn: Suggester) -> None:
    hooks.register(SUGGESTERS, fn)


def _clean(item) -> dict | None:
    try:
        code, confidence = str(item["department"]), float(item.get("confidence", 0.0))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return {"department": code, "label": str(item.get("label") or code), "confidence": max(0.0, min(1.0, confidence))}


def suggestions_for(workorder, *, limit: int = DEFAULT_LIMIT) -> list[dict]:
    """Model suggestions for ``workorder``: ``[{"department", "label", "confidence"}]``."""
    suggesters = hooks.get_hooks(SUGGESTERS)
    if not suggesters:
        return []
    text = f"{workorder.title}\n{workorder.content}"
    best: dict[str, dict] = {}
    for fn in suggesters:
        try:
            answer = fn(text, limit=limit) or []
        except Exception:  # noqa: BLE001 - a broken model must not stop dispatch
            log.exception("routing suggester %r failed", fn)
            continue
        for item in answer:
            clean = _clean(item)
            if clean and (clean["department"] not in best or best[clean["department"]]["confidence"] < clean["confidence"]):
                best[clean["department"]] = clean
    names = dict(Department.objects.filter(code__in=best, is_active=True).values_list("code", "name"))
    ranked = sorted((s for s in best.values() if s["department"] in names), key=lambda s: -s["confidence"])
    for s in ranked:
        s["department_name"] = names[s["department"]]
    return ranked[:limit]
