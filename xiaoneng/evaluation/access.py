"""Who may do what in evaluation.

- A rating is the person's own: they give it online, by SMS or QR link with the case's query
  code, or on the window's tablet; window staff may open the tablet page, hotline operators
  and the supervision office may type in a rating given by telephone.  Nobody enters a
  rating of their own department's case.
- The rated department verifies, rectifies, calls back and may appeal; the supervision office
  decides appeals.
- The supervision office runs appraisals; its operators (and the hotline's) type in the votes
  of telephone samples, questionnaires and monitoring points, never for their own unit.  Who
  gave a vote (its provenance) is for the supervision office only; the voter's identity is
  never stored.
- Commitments: the department's head records them, the owner or the head fulfils them, the
  supervision office records reviews.  Policies: the office or the department's head;
  claims are handled by the policy department's staff."""

from __future__ import annotations

from django.db.models import Q

from xiaoneng.org.access import access_department, department_scope, has_role, is_staff_member, watches_everything
from xiaoneng.org.models import Role
from xiaoneng.org.selectors import staff_of

from .models.ratings import Channel

# Channels on which staff type in what the person said, and the roles that may.
ENTERED_CHANNELS = {
    Channel.TABLET: (Role.WINDOW,),
    Channel.PHONE: (Role.DISPATCHER, Role.SUPERVISOR),
    Channel.TERMINAL: (Role.WINDOW,),
}
# Channels the person uses alone, proving the case is theirs with its query code.
SELF_CHANNELS = (Channel.PC, Channel.MOBILE, Channel.QR, Channel.SMS)


def _own_department(user, department) -> bool:
    staff = staff_of(user)
    return (
        staff is not None
        and department is not None
        and (department.path.startswith(staff.department.path) or staff.department.path.startswith(department.path))
    )


def access_enter_rating(user, channel: str, department) -> bool:
    """Staff typing in a rating given at the window or by telephone."""
    roles = ENTERED_CHANNELS.get(channel)
    if not roles or not has_role(user, *roles):
        return False
    return not (has_role(user, Role.HANDLER, Role.HEAD) and _own_department(user, department))


def access_rating_details(user) -> bool:
    """Who may read raters' names and comments: the office and leaders."""
    return watches_everything(user)


def rating_scope(user) -> Q:
    """The ratings a staff member may list: the watchers all, others their department's."""
    return department_scope(user)


def access_handle_rectification(user, rectification) -> bool:
    if has_role(user, Role.SUPERVISOR):
        return True
    return has_role(user, Role.HANDLER, Role.HEAD) and access_department(user, rectification.department)


def access_file_appeal(user, rating) -> bool:
    return has_role(user, Role.HEAD) and access_department(user, rating.department)


def access_decide_appeal(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


def access_manage_appraisals(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


def access_enter_vote(user, department) -> bool:
    return has_role(user, Role.SUPERVISOR, Role.DISPATCHER) and not _own_department(user, department)


def access_vote_provenance(user) -> bool:
    """Drill-down to where each vote came from: the supervision office only."""
    return has_role(user, Role.SUPERVISOR)


def access_view_appraisals(user) -> bool:
    return has_role(user, Role.SUPERVISOR, Role.LEADER, Role.HEAD, Role.ADMIN, Role.DISPATCHER)


def access_record_commitment(user, department) -> bool:
    return has_role(user, Role.SUPERVISOR) or (has_role(user, Role.HEAD) and access_department(user, department))


def access_fulfil_commitment(user, commitment) -> bool:
    if has_role(user, Role.SUPERVISOR):
        return True
    if commitment.owner.user_id == getattr(user, "pk", None):
        return True
    return has_role(user, Role.HEAD) and access_department(user, commitment.department)


def access_review_commitment(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


def access_manage_policy(user, department) -> bool:
    return has_role(user, Role.SUPERVISOR) or (has_role(user, Role.HEAD) and access_department(user, department))


def access_handle_claim(user, department) -> bool:
    return has_role(user, Role.HANDLER, Role.HEAD) and access_department(user, department)


def access_department_ratings(user, rating) -> bool:
    return has_role(user, Role.HANDLER, Role.HEAD) and access_department(user, rating.department)


def access_view_staff_results(user) -> bool:
    return is_staff_member(user)
