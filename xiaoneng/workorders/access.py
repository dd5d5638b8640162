"""Who may do what with work orders (诉求工单).

- Intake: dispatchers (12345 operators) for every staffed channel, window staff for walk-ins,
  the public (web form, app) and channel integrations (API keys) for their own channel.
- Dispatch and the review of returns: dispatchers; follow-up (回访), closure, reopening and
  extensions: the office (dispatchers and the supervision office).
- Handling (sign-for, return, feedback, extension request, reply): handlers and heads of the
  responsible department's subtree; co-departments give opinions.
- The duty roster: kept by the 12345 centre's head and administrators; read by them, the
  dispatchers and the supervision office.
- Reading: dispatch, supervision, leaders and administrators everything; departments their
  subtree's cases (as lead or co-department); window staff the walk-ins they took.
- The requester's identity (name, phone, ID, e-mail, contact address, enterprise): only
  dispatchers, the supervision office and administrators, and window staff for a walk-in they
  took themselves.  Everyone else sees it masked (PRODUCT §2: confidentiality).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from xiaoneng.org.access import ALL_DEPARTMENTS_ROLES, has_role, is_staff_member, roles_of, subtree_ids
from xiaoneng.org.models import Role, Staff
from xiaoneng.org.selectors import staff_of

from .models import CoDepartment

OFFICE_ROLES = (Role.DISPATCHER, Role.SUPERVISOR)
IDENTITY_ROLES = (Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN)
DEPARTMENT_ROLES = (Role.HANDLER, Role.HEAD)

# Channels each kind of submitter may use.
PUBLIC_CHANNELS = frozenset({"web", "app"})
STAFFED_CHANNELS = frozenset({"hotline", "web", "app", "wechat", "weibo", "email", "walk_in"})


def access_workorder_intake(user, channel: str, *, integration=None) -> bool:
    """May ``user`` (or the channel ``integration``) record a case received through
    ``channel``?"""
    if integration is not None:
        return channel in (integration.channel, "open311")
    if has_role(user, Role.DISPATCHER):
        return channel in STAFFED_CHANNELS
    if has_role(user, Role.WINDOW) and channel == "walk_in":
        return True
    if not is_staff_member(user):
        return channel in PUBLIC_CHANNELS
    return False


def _in_subtree(user, department) -> bool:
    staff = staff_of(user)
    return bool(staff and department and department.path.startswith(staff.department.path))


def _co_department_in_subtree(user, workorder) -> bool:
    staff = staff_of(user)
    if staff is None or not workorder.pk:
        return False
    return workorder.co_departments.filter(department__path__startswith=staff.department.path).exists()


def access_workorder_view(user, workorder) -> bool:
    if has_role(user, *ALL_DEPARTMENTS_ROLES):
        return True
    if has_role(user, Role.WINDOW) and workorder.received_by_id == getattr(user, "pk", None):
        return True
    if has_role(user, *DEPARTMENT_ROLES):
        return _in_subtree(user, workorder.department) or _co_department_in_subtree(user, workorder)
    return False


def access_workorder_identity(user, workorder) -> bool:
    """Whether ``user`` sees who the requester is (unmasked)."""
    if has_role(user, *IDENTITY_ROLES):
        return True
    return has_role(user, Role.WINDOW) and workorder.channel == "walk_in" and workorder.received_by_id == getattr(user, "pk", None)


def access_workorder_search_identity(user) -> bool:
    """Whether ``user`` may find cases by the requester's name or phone (a repeat caller)."""
    return has_role(user, *IDENTITY_ROLES)


def access_workorder_dispatch(user) -> bool:
    return has_role(user, Role.DISPATCHER)


def access_workorder_handle(user, workorder) -> bool:
    """Sign for, return, give feedback, ask for an extension, answer: the responsible
    department (its subtree), never the office on its behalf."""
    return has_role(user, *DEPARTMENT_ROLES) and _in_subtree(user, workorder.department)


def access_workorder_co_opinion(user, workorder) -> bool:
    return has_role(user, *DEPARTMENT_ROLES) and _co_department_in_subtree(user, workorder)


def access_workorder_office(user) -> bool:
    """Review returns, approve extensions, follow up, close, reopen."""
    return has_role(user, *OFFICE_ROLES)


def access_workorder_link(user) -> bool:
    return has_role(user, *OFFICE_ROLES)


def access_roster_manage(user, centre) -> bool:
    """Keep the duty roster (派单值班表): the 12345 centre's head (its subtree) or an
    administrator."""
    return has_role(user, Role.ADMIN) or (has_role(user, Role.HEAD) and _in_subtree(user, centre))


def access_roster_view(user, centre) -> bool:
    """Read the roster: those who keep it, the centre's dispatchers and the supervision office."""
    return access_roster_manage(user, centre) or has_role(user, Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER)


def roster_candidates(centre):
    """Who can be put on the roster: the centre's active dispatchers."""
    if centre is None:
        return Staff.objects.none()
    rows = Staff.objects.filter(is_active=True, department__path__startswith=centre.path, role_grants__role=Role.DISPATCHER).distinct()
    return rows.select_related("department", "user").order_by("department__path", "name")


def access_workorder_configure(user) -> bool:
    return has_role(user, Role.ADMIN)


def access_workorder_stats(user) -> bool:
    return is_staff_member(user)


def workorder_scope(user, *, statuses: tuple[str, ...] | None = None) -> Q:
    """A filter on WorkOrder limiting rows to what ``user`` may read; with ``statuses``, to
    the cases in those statuses (the few open cases a department helps with are then listed
    by id, so that the department's own are read along the inbox index)."""
    in_statuses = Q() if statuses is None else Q(status__in=statuses)
    roles = roles_of(user)
    if roles & ALL_DEPARTMENTS_ROLES:
        return in_statuses
    scope = Q(pk__in=[])
    if Role.WINDOW in roles:
        scope |= Q(received_by=user)
    staff = staff_of(user)
    if staff is not None and roles & set(DEPARTMENT_ROLES):
        ids = subtree_ids(staff.department)
        co = CoDepartment.objects.filter(department__in=ids)
        if statuses is None:
            scope |= Q(department__in=ids) | Q(Exists(co.filter(workorder=OuterRef("pk"))))
        else:
            helped = co.filter(workorder__status__in=statuses).values_list("workorder_id", flat=True).distinct()
            scope |= Q(department__in=ids) | Q(pk__in=list(helped))
    return scope & in_statuses


def workorder_stats_scope(user) -> Q:
    """Which departments' figures ``user`` sees: the whole city for city-wide roles, the
    own subtree for departments; nothing otherwise."""
    if has_role(user, *ALL_DEPARTMENTS_ROLES):
        return Q()
    staff = staff_of(user)
    if staff is None or not has_role(user, *DEPARTMENT_ROLES, Role.WINDOW):
        return Q(pk__in=[])
    return Q(department__in=subtree_ids(staff.department))
