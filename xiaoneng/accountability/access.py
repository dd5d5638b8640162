"""Who may do what in accountability (责任追究): the supervision office records and verifies
faults; the office head or a leader decides sanctions and appeals; heads see their
department's faults; everyone sees their own faults and may appeal their own sanctions."""

from __future__ import annotations

from django.db.models import Q

from xiaoneng.core.people import person
from xiaoneng.org.access import has_role, head_scope, is_office_head
from xiaoneng.org.models import Role


def access_record_fault(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


def access_verify_fault(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


def access_decide_sanction(user) -> bool:
    return has_role(user, Role.LEADER) or is_office_head(user)


def access_decide_appeal(user) -> bool:
    return has_role(user, Role.LEADER) or is_office_head(user)


def access_appeal(user, sanction) -> bool:
    return person(user) is not None and sanction.person.user_id == user.pk


def access_fault_identity(user) -> bool:
    """Fault facts typed by the office may name the complainant (经查实，某某（手机号）投诉属实);
    only the supervision office and administrators read them unmasked — never the accused
    person or their department (PRODUCT §2: confidentiality)."""
    return has_role(user, Role.SUPERVISOR, Role.ADMIN)


def fault_scope(user) -> Q:
    return head_scope(user, "department", "person__user")


def sanction_scope(user) -> Q:
    return head_scope(user, "department", "person__user")
