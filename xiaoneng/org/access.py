"""Roles and the department scope every permission check builds on.  Each domain keeps
its own checks (``access_*`` functions that take the user first) in its ``access.py``, beside
the rows they guard; nothing else looks at roles."""

from __future__ import annotations

from django.db.models import Q

from xiaoneng.core.people import person

from .models import Department, Role, Staff
from .selectors import staff_of

# Roles whose work spans the whole city rather than one department.
ALL_DEPARTMENTS_ROLES = frozenset({Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN})


def roles_of(user) -> frozenset[str]:
    """The user's roles; anyone without a staff profile is the public."""
    if person(user) is None:
        return frozenset({Role.PUBLIC})
    if not hasattr(user, "_xn_roles"):
        staff = staff_of(user)
        roles = frozenset(staff.role_grants.values_list("role", flat=True)) if staff else frozenset()
        user._xn_roles = roles or frozenset({Role.PUBLIC})
    return user._xn_roles


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_staff_member(user) -> bool:
    return staff_of(user) is not None and not roles_of(user) <= {Role.PUBLIC}


def department_scope(user, field: str = "department") -> Q:
    """A filter limiting rows (through ``field``, a foreign key to Department) to what the
    user's department may see: its own subtree.  City-wide roles see everything; the public
    sees nothing through this filter."""
    if has_role(user, *ALL_DEPARTMENTS_ROLES):
        return Q()
    staff = staff_of(user)
    if staff is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__in": subtree_ids(staff.department)})


def subtree_ids(department: Department) -> list[int]:
    """The ids of ``department`` and every department under it: a filter on them reads the
    foreign key's own indexes (a path match would join every row to its department)."""
    return list(Department.objects.filter(path__startswith=department.path).values_list("pk", flat=True))


def access_department(user, dept: Department) -> bool:
    if has_role(user, *ALL_DEPARTMENTS_ROLES):
        return True
    staff = staff_of(user)
    return staff is not None and dept.path.startswith(staff.department.path)


def access_admin_site(user) -> bool:
    return has_role(user, Role.ADMIN)


def access_manage_calendar(user) -> bool:
    return has_role(user, Role.ADMIN)


def access_manage_api_keys(user) -> bool:
    return has_role(user, Role.ADMIN)


def access_manage_roles(user) -> bool:
    """三员分立: the security administrator grants roles, unlocks accounts, resets second factors."""
    return has_role(user, Role.SECURITY_ADMIN)


def access_read_audit(user) -> bool:
    """三员分立: the audit administrator reads the audit log (and changes nothing)."""
    return has_role(user, Role.AUDIT_ADMIN)


def access_workbench(user) -> bool:
    return is_staff_member(user)


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
    if person(user) is None:
        return Q(pk__in=[])
    mine = Q(**{person_field: user})
    staff = staff_of(user)
    if staff is not None and has_role(user, Role.HEAD):
        return mine | Q(**{f"{department_field}__path__startswith": staff.department.path})
    return mine


def people_in(user, department: Department | None, *, limit: int = 200) -> list[Staff]:
    """Active staff of ``department`` and its subtree whom ``user`` may name (a picker)."""
    if department is None:
        return []
    rows = Staff.objects.filter(department_scope(user), is_active=True, department__path__startswith=department.path)
    return list(rows.select_related("department", "user").order_by("department__path", "name")[:limit])
