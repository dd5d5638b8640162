"""What every management command shares."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.management.base import CommandError

from .errors import DomainError


@contextmanager
def command_errors(*also: type[Exception]):
    """A service's refusal (and any of the exception types ``also``) ends the command with
    its Chinese message (``CommandError``), not a traceback."""
    try:
        yield
    except DomainError as exc:
        raise CommandError(exc.message) from None
    except also as exc:
        raise CommandError(str(exc)) from None
