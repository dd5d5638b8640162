"""Domain errors.  Services raise these; the API turns them into
``{"code": ..., "message": ..., "details": ...}`` with the right status, and pages show the
message.  Messages are in Chinese; codes are stable identifiers for machines."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from .codes import Error

T = TypeVar("T")


class DomainError(Exception):
    status = 400
    code = Error.INVALID

    def __init__(self, message: str, *, code: str | None = None, details: dict | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.details = details or {}

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "details": self.details}


def outcome(action: Callable[[], T]) -> tuple[T | None, DomainError | None]:
    """Run one service call: ``(its result, None)``, or ``(None, the error it refused with)``
    — for callers that answer a refusal in their own format (a page re-rendered with the
    message, GeoReport's error list, a command's output)."""
    try:
        return action(), None
    except DomainError as exc:
        return None, exc


class InvalidInput(DomainError):
    status = 400
    code = Error.INVALID_INPUT


class NotFound(DomainError):
    status = 404
    code = Error.NOT_FOUND


class Forbidden(DomainError):
    status = 403
    code = Error.FORBIDDEN


class Conflict(DomainError):
    """The request is well-formed but the object's state does not allow it."""

    status = 409
    code = Error.CONFLICT
