"""The slot for automatic routing suggestions (派单建议).

Another package registers a model at start-up (in its ``AppConfig.ready``)::

    from xiaoneng.workorders.suggestions import register_suggester

    def suggest(text: str, *, limit: int = 3) -> list[dict]:
        return [{"department": "scjg", "label": "市市场监管局", "confidence": 0.82}, ...]

    register_suggester(suggest)

A model that answers many texts at once (one pass for a page of the dispatch queue)
registers with :func:`register_batch_suggester` instead: ``fn(texts, limit=...)`` returns one
list per text, in order.

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
BATCH_SUGGESTERS = "workorders.batch_suggesters"  # hook: fn(texts, limit=...) -> one such list per text

DEFAULT_LIMIT = 3


def register_suggester(fn: Suggester) -> None:
    hooks.register(SUGGESTERS, fn)


def register_batch_suggester(fn: Callable[..., list[list[dict]]]) -> None:
    hooks.register(BATCH_SUGGESTERS, fn)


def _clean(item) -> dict | None:
    try:
        code, confidence = str(item["department"]), float(item.get("confidence", 0.0))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return {"department": code, "label": str(item.get("label") or code), "confidence": max(0.0, min(1.0, confidence))}


def _ask(fn, texts: list[str], limit: int, *, batch: bool) -> list[list]:
    """One suggester's answers for ``texts``; nothing for any of them if it fails."""
    try:
        if batch:
            answers = list(fn(texts, limit=limit) or [])
            if len(answers) != len(texts):
                raise ValueError(f"{len(answers)} answers for {len(texts)} texts")
            return [a or [] for a in answers]
        return [fn(text, limit=limit) or [] for text in texts]
    except Exception:  # noqa: BLE001 - a broken model must not stop dispatch
        log.exception("routing suggester %r failed", fn)
        return [[] for _ in texts]


def suggestions_for(workorder, *, limit: int = DEFAULT_LIMIT) -> list[dict]:
    """Model suggestions for ``workorder``: ``[{"department", "label", "confidence", "department_name"}]``."""
    return suggestions_for_all([workorder], limit=limit)[workorder.pk]


def suggestions_for_all(workorders, *, limit: int = DEFAULT_LIMIT) -> dict[int, list[dict]]:
    """Model suggestions for each of ``workorders`` (by id): every batch suggester is asked
    once for all of them, and the department names are one query."""
    workorders = list(workorders)
    single, batch = hooks.get_hooks(SUGGESTERS), hooks.get_hooks(BATCH_SUGGESTERS)
    if not workorders or not (single or batch):
        return {wo.pk: [] for wo in workorders}
    texts = [f"{wo.title}\n{wo.content}" for wo in workorders]
    best: list[dict[str, dict]] = [{} for _ in workorders]
    for fn, is_batch in [*((fn, False) for fn in single), *((fn, True) for fn in batch)]:
        for found, answer in zip(best, _ask(fn, texts, limit, batch=is_batch), strict=True):
            for item in answer:
                clean = _clean(item)
                if clean and (clean["department"] not in found or found[clean["department"]]["confidence"] < clean["confidence"]):
                    found[clean["department"]] = clean
    codes = {code for found in best for code in found}
    names = dict(Department.objects.filter(code__in=codes, is_active=True).values_list("code", "name"))
    out = {}
    for wo, found in zip(workorders, best, strict=True):
        ranked = sorted((dict(s, department_name=names[s["department"]]) for s in found.values() if s["department"] in names), key=lambda s: -s["confidence"])
        out[wo.pk] = ranked[:limit]
    return out
