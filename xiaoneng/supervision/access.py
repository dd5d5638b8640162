"""Who may do what in electronic supervision: the supervision office runs the sweeper and
sees everything, leaders see everything and approve publications, department heads see
their department's warnings and answer its supervision orders, everyone sees the warnings
that name them."""

from __future__ import annotations

from django.db.models import Q

from xiaoneng.org.access import has_role, head_scope, is_office_head, is_staff_member, watches_everything
from xiaoneng.org.models import Role
from xiaoneng.org.selectors import staff_of


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
