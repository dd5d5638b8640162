"""Who may do what in inspections (明察暗访).  Plans are unannounced: only the supervision
office and leaders see them.  A finding is seen by the watchers, the heads of the department
concerned and the person it names (who must be able to answer it)."""

from __future__ import annotations

from django.db.models import Q

from xiaoneng.org.access import has_role, head_scope
from xiaoneng.org.models import Role


def access_manage_inspections(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


def access_view_plans(user) -> bool:
    return has_role(user, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)


def finding_scope(user) -> Q:
    return head_scope(user, "department", "person__user")
