"""Who may approve recording an act past the 补录 window: the supervision office."""

from __future__ import annotations

from xiaoneng.org.access import has_role
from xiaoneng.org.models import Role


def access_approve_backfill(user) -> bool:
    return has_role(user, Role.SUPERVISOR)
