"""What other domains tell the clocks, through :mod:`core.hooks <xiaoneng.core.hooks>`.

- ``register_recompute("applications.application", fn)``: ``fn(subject_id, calendar, by)``
  recomputes every deadline of that object from its own data (acceptance date, extensions,
  excluded periods ...) through the domain's services.  Subjects without one are recomputed
  from the clock alone: ``started_on`` plus ``working_days``.
- ``register_kind(kind, label)`` and ``register_subject(subject_type, label, url)``: readable
  names (and pages) for clock kinds and the objects clocks belong to.
- ``register_redaction(subject_type, fn)``: ``fn(subject_id, text)`` hides from ``text`` what
  only some roles may read, for texts other domains address to departments or the public
  about that object (a supervision order's instructions, a published case)."""

from __future__ import annotations

from collections.abc import Callable

from xiaoneng.core import hooks

RECOMPUTE, KIND, SUBJECT, REDACTION = "clocks.recompute", "clocks.kind_label", "clocks.subject", "clocks.redaction"


def register_recompute(subject_type: str, fn: Callable) -> None:
    hooks.register(RECOMPUTE, fn, key=subject_type)


def recompute_hook(subject_type: str) -> Callable | None:
    return hooks.get_hook(RECOMPUTE, subject_type)


def register_kind(kind: str, label: str) -> None:
    """A readable name for a clock kind ("application.decision" -> "审批决定")."""
    hooks.register(KIND, label, key=kind)


def register_subject(subject_type: str, label: str, url: Callable | None = None) -> None:
    """A readable name for a subject type and, optionally, ``url(subject_id)`` of its page."""
    hooks.register(SUBJECT, (label, url), key=subject_type)


def kind_label(kind: str) -> str:
    return hooks.get_hook(KIND, kind, kind)


def subject_label(subject_type: str) -> str:
    return hooks.get_hook(SUBJECT, subject_type, (subject_type, None))[0]


def subject_url(subject_type: str, subject_id) -> str | None:
    url = hooks.get_hook(SUBJECT, subject_type, ("", None))[1]
    return url(subject_id) if url else None


def register_redaction(subject_type: str, fn: Callable) -> None:
    hooks.register(REDACTION, fn, key=subject_type)


def redact(subject_type: str, subject_id, text: str) -> str:
    """``text`` as a department may read it; ``subject_type`` may be the short name."""
    for full, fn in hooks.keyed(REDACTION).items():
        if subject_type and subject_id is not None and (full == subject_type or full.endswith(f".{subject_type}")):
            return fn(subject_id, text)
    return text
