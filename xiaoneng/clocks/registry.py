"""What other domains tell the clocks, through :mod:`core.hooks <xiaoneng.core.hooks>`.

- ``register_recompute("applications.application", fn)``: ``fn(subject_id, calendar, by)``
  recomputes every deadline of that object from its own data (acceptance date, extensions,
  excluded periods ...) through the domain's services.  Subjects without one are recomputed
  from the clock alone: ``started_on`` plus ``working_days``.
- ``register_kind(kind, label)`` and ``register_subject(subject_type, label, url, number=)``:
  readable names (and pages) for clock kinds and the objects clocks belong to.  Any page,
  letter, bulletin or notification that names an object by type and id goes through
  :func:`subject_names` / :func:`subject_name` ("诉求工单 20261203000005"), never the model
  label or the id.
- ``register_redaction(subject_type, fn)``: ``fn(subject_id, text)`` hides from ``text`` what
  only some roles may read, for texts other domains address to departments or the public
  about that object (a supervision order's instructions, a published case)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.apps import apps

from xiaoneng.core import hooks
from xiaoneng.core.errors import InvalidInput

from .codes import Error

RECOMPUTE, KIND, SUBJECT, REDACTION = "clocks.recompute", "clocks.kind_label", "clocks.subject", "clocks.redaction"


def register_recompute(subject_type: str, fn: Callable) -> None:
    hooks.register(RECOMPUTE, fn, key=subject_type)


def recompute_hook(subject_type: str) -> Callable | None:
    return hooks.get_hook(RECOMPUTE, subject_type)


def register_kind(kind: str, label: str) -> None:
    """A readable name for a clock kind ("application.decision" -> "审批决定")."""
    hooks.register(KIND, label, key=kind)


def register_subject(subject_type: str, label: str, url: Callable | None = None, number: str = "number") -> None:
    """A readable name for a subject type, optionally ``url(subject_id)`` of its page, and the
    attribute holding the business number people read (``"tracking_no"``; a dotted path such
    as ``"application.number"`` reads it from a related row)."""
    hooks.register(SUBJECT, (label, url, number), key=subject_type)


def kind_label(kind: str) -> str:
    return hooks.get_hook(KIND, kind, kind)


def _subject(subject_type: str) -> tuple[str, Callable | None, str | None]:
    return hooks.get_hook(SUBJECT, subject_type, ("", None, None))


def subject_label(subject_type: str) -> str:
    return _subject(subject_type)[0] or subject_type


def subject_url(subject_type: str, subject_id) -> str | None:
    url = _subject(subject_type)[1]
    return url(subject_id) if url else None


def _numbers(subject_type: str, ids: set) -> dict[str, str]:
    number = _subject(subject_type)[2]
    try:
        model = apps.get_model(subject_type)
    except (LookupError, ValueError):
        return {}
    path = (number or "number").split(".")
    rows = model.objects.filter(pk__in=ids)
    if len(path) > 1:
        rows = rows.select_related("__".join(path[:-1]))
    found = {}
    for row in rows:
        value = row
        for part in path:
            value = getattr(value, part, None)
        found[str(row.pk)] = str(value or "")
    return found


def subject_names(pairs: Iterable[tuple[str, object]]) -> dict[tuple[str, str], str]:
    """``{(subject_type, str(subject_id)): "办件 XK20261203001"}`` for many objects, one query
    per type.  An object of an unregistered type, or one without a number, is named by its
    label alone ("已删除的对象" when the row is gone), never by its id."""
    wanted: dict[str, set] = {}
    for subject_type, subject_id in pairs:
        if subject_type and subject_id not in (None, ""):
            wanted.setdefault(subject_type, set()).add(str(subject_id))
    names = {}
    for subject_type, ids in wanted.items():
        label, numbers = subject_label(subject_type), _numbers(subject_type, ids)
        if label == subject_type:
            label = "关联事项"
        for subject_id in ids:
            number = numbers.get(subject_id)
            names[(subject_type, subject_id)] = f"{label} {number}" if number else label if number is not None else f"{label}（已删除）"
    return names


def subject_name(subject_type: str, subject_id) -> str:
    """One object's name as people read it (see :func:`subject_names`)."""
    return subject_names([(subject_type, subject_id)]).get((subject_type, str(subject_id)), "—")


def register_redaction(subject_type: str, fn: Callable) -> None:
    hooks.register(REDACTION, fn, key=subject_type)


def redact(subject_type: str, subject_id, text: str) -> str:
    """``text`` as a department may read it; ``subject_type`` may be the short name."""
    for full, fn in hooks.keyed(REDACTION).items():
        if subject_type and subject_id is not None and (full == subject_type or full.endswith(f".{subject_type}")):
            return fn(subject_id, text)
    return text


def named(rows):
    """Set ``row.subject_name`` on each row that has ``subject_type`` / ``subject_id`` (a
    page of warnings, clocks, list entries, faults), one query per type; returns the rows."""
    rows = list(rows)
    names = subject_names((r.subject_type, r.subject_id) for r in rows)
    for r in rows:
        r.subject_name = names.get((r.subject_type, str(r.subject_id)), "") if r.subject_type and r.subject_id not in (None, "") else ""
    return rows


def subject_types() -> list[str]:
    """Every registered subject type (the cases and records people follow)."""
    return sorted(hooks.keyed(SUBJECT))


# -- pickers: finding a subject by the number or words a person types ------------------------

SEARCH = "clocks.subject_search"


def register_search(subject_type: str, fn: Callable) -> None:
    """``fn(user, q, limit)`` -> ``[(pk, number, description)]``: the objects of this type
    ``user`` may see whose number starts with ``q`` or whose text contains it, for pickers."""
    hooks.register(SEARCH, fn, key=subject_type)


def search_subjects(user, q: str, *, limit: int = 10) -> list[dict]:
    """Picker entries across every searchable type: number, what people read, type and id."""
    q = (q or "").strip()[:60]
    if not q:
        return []
    out = []
    for subject_type, fn in sorted(hooks.keyed(SEARCH).items()):
        for pk, number, text in fn(user, q, limit):
            out.append({"subject_type": subject_type, "subject_id": pk, "number": number, "label": f"{subject_label(subject_type)} · {text}"})
    out.sort(key=lambda e: (not e["number"].startswith(q), e["number"]))
    return out[:limit]


def subject_by_number(user, number: str) -> tuple[str, int] | None:
    """(subject_type, id) of the object whose business number is exactly ``number`` and that
    ``user`` may see, or None."""
    number = (number or "").strip()
    for entry in search_subjects(user, number, limit=50):
        if entry["number"] == number:
            return entry["subject_type"], entry["subject_id"]
    return None


def picked_subject(user, value, label: str = "事项", *, required: bool = False) -> tuple[str, int] | tuple[str, None]:
    """The (subject_type, id) a picker submitted as a business number; ("", None) when left
    blank and not ``required``."""
    value = (value or "").strip()
    if not value and not required:
        return "", None
    found = subject_by_number(user, value)
    if found is None:
        raise InvalidInput(f"未找到编号为“{value[:40]}”的{label}，请从建议中选择", code=Error.UNKNOWN_CASE, details={"number": value[:40]})
    return found
