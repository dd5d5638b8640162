"""Who may do what in electronic supervision: the supervision office runs the sweeper and
sees everything, leaders see everything and approve publications, department heads see
their department's warnings and answer its supervision orders, everyone sees the warnings
that name them."""

from __future__ import annotations

from django.db.models import Q

from ..models import Role
from ..selectors import staff_of
from .base import has_role, is_staff_member

__all__ = [
    "WATCHER_ROLES",
    "is_office_head",
    "watches_everything",
    "head_scope",
    "access_run_sweep",
    "access_supervision_pages",
    "warning_scope",
    "access_issue_order",
    "access_review_order",
    "access_answer_order",
    "order_scope",
    "access_draft_list_entry",
    "access_approve_list_entry",
    "access_manage_lists",
    "access_issue_bulletin",
    "access_read_bulletins",
]

# Roles that see every department's warnings, faults and findings.
WATCHER_ROLES = (Role.SUPERVISOR, Role.LEADER, Role.ADMIN)


def is_office_head(user) -> bool:
    """The head of the supervision office (效能办主任): a supervisor who heads a department."""
    return has_role(user, Role.SUPERVISOR) and has_role(user, Role.HEAD)


def watches_everything(user) -> bool:
    return has_role(user, *WATCHER_ROLES)


def head_scope(user, department_field: str, person_field: str) -> Q:
    """Rows of the user's department subtree for a head; rows naming the user for anyone;
    everything for the watchers."""
    if watches_everything(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    mine = Q(**{person_field: user})
    staff = staff_of(user)
    if staff is not None and has_role(user, Role.HEAD):
        return mine | Q(**{f"{department_field}__path__startswith": staff.department.path})
    return mine


def access_run_sweep(user) -> bool:
    return has_role(user, Role.SUPERVISOR, Role.ADMIN)


def access_supervision_pages(user) -> bool:
    return is_staff_member(user)


def warning_scope(user) -> Q:
    return head_scope(user, "department", "responsible")


def access_issue_order(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


def access_review_order(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


def access_answer_order(user, order) -> bool:
    """The person the order names, or a head of the department it is addressed to (or of a
    department above it)."""
    if order.responsible_id is not None and order.responsible_id == getattr(user, "pk", None):
        return True
    staff = staff_of(user)
    return staff is not None and has_role(user, Role.HEAD) and order.department.path.startswith(staff.department.path)


def order_scope(user) -> Q:
    return head_scope(user, "department", "responsible")


def access_draft_list_entry(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


def access_approve_list_entry(user) -> bool:
    return has_role(user, Role.LEADER) or is_office_head(user)


def access_manage_lists(user) -> bool:
    return access_draft_list_entry(user) or access_approve_list_entry(user)


def access_issue_bulletin(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


def access_read_bulletins(user) -> bool:
    return watches_everything(user) or has_role(user, Role.HEAD)
