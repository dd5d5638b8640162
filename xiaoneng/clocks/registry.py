"""Domains that keep their own copy of a deadline register how to recompute it.

``register_recompute("applications.application", fn)``: ``fn(subject_id, calendar, by)``
recomputes every deadline of that object from its own data (acceptance date, extensions,
excluded periods ...) through the domain's services.  Subjects without a hook are recomputed
from the clock alone: ``started_on`` plus ``working_days``."""

from __future__ import annotations

from collections.abc import Callable

_recompute: dict[str, Callable] = {}


def register_recompute(subject_type: str, fn: Callable) -> None:
    _recompute[subject_type] = fn


def recompute_hook(subject_type: str) -> Callable | None:
    return _recompute.get(subject_type)


_kind_labels: dict[str, str] = {}
_subjects: dict[str, tuple[str, Callable | None]] = {}


def register_kind(kind: str, label: str) -> None:
    """A readable name for a clock kind ("application.decision" -> "审批决定")."""
    _kind_labels[kind] = label


def register_subject(subject_type: str, label: str, url: Callable | None = None) -> None:
    """A readable name for a subject type and, optionally, ``url(subject_id)`` of its page."""
    _subjects[subject_type] = (label, url)


def kind_label(kind: str) -> str:
    return _kind_labels.get(kind, kind)


def subject_label(subject_type: str) -> str:
    return _subjects.get(subject_type, (subject_type, None))[0]


def subject_url(subject_type: str, subject_id) -> str | None:
    url = _subjects.get(subject_type, ("", None))[1]
    return url(subject_id) if url else None


_redactors: dict[str, Callable] = {}


def register_redaction(subject_type: str, fn: Callable) -> None:
    """``fn(subject_id, text)``: ``text`` written about that object with whatever only some
    roles may read hidden — for texts other domains address to departments or the public
    about it (a supervision order's instructions, a published case)."""
    _redactors[subject_type] = fn


def redact(subject_type: str, subject_id, text: str) -> str:
    """``text`` as a department may read it; ``subject_type`` may be the short name."""
    for full, fn in _redactors.items():
        if subject_type and subject_id is not None and (full == subject_type or full.endswith(f".{subject_type}")):
            return fn(subject_id, text)
    return text
