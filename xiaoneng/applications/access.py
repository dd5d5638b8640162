"""Who may do what with applications (办件) and first inquiries (首问).

- Window staff of the service hall receive and check applications for any item.
- Handlers and heads of the item's department (and the offices below it) work them and
  decide; only a head of that department approves an extension (行政许可法 第四十二条:
  经本行政机关负责人批准), and for a joint application only the head of the people's
  government at that level (第二款: 经本级人民政府负责人批准).
- A co-department of a joint item sees the application and answers its own review.
- Supervision, leaders, administrators and the hotline read everything (and never act).
- An applicant who applied online sees their own application; anybody with the number and
  the query code sees its status (masked) on the public page.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from xiaoneng.core.people import person
from xiaoneng.org.access import ALL_DEPARTMENTS_ROLES, has_role, is_staff_member
from xiaoneng.org.models import Role
from xiaoneng.org.selectors import staff_of

from .models import JointReview


def _in_subtree(user, dept, *roles: str) -> bool:
    """The user holds one of ``roles`` in ``dept`` or a department above it."""
    staff = staff_of(user)
    return staff is not None and has_role(user, *roles) and dept.path.startswith(staff.department.path)


def _lower_level(user, version) -> bool:
    """Staff of the lower department that accepts and first reviews the item (第四十三条)."""
    return version.preliminary_department_id is not None and _in_subtree(user, version.preliminary_department, Role.HANDLER, Role.HEAD)


def access_receive_application(user, version) -> bool:
    """Receive an application at the counter and check its materials."""
    return has_role(user, Role.WINDOW) or _in_subtree(user, version.department, Role.HANDLER, Role.HEAD) or _lower_level(user, version)


def access_apply_online(user) -> bool:
    """A member of the public with an account applies online; a clerk checks the materials."""
    return person(user) is not None and not is_staff_member(user)


def access_work_application(user, application) -> bool:
    return has_role(user, Role.WINDOW) or _in_subtree(user, application.department, Role.HANDLER, Role.HEAD) or _lower_level(user, application.version)


def access_send_up(user, review) -> bool:
    """The lower department reviews and sends the materials up (第四十三条)."""
    return _in_subtree(user, review.department, Role.HANDLER, Role.HEAD)


def access_decide_application(user, application) -> bool:
    return _in_subtree(user, application.department, Role.HANDLER, Role.HEAD)


def access_approve_extension(user, application) -> bool:
    """第四十二条: the head of the department; for a joint application (第二款) the head of
    the people's government at that level (a government department above it)."""
    if application.version.joint:
        return _in_subtree(user, application.department, Role.GOVERNMENT_HEAD)
    return _in_subtree(user, application.department, Role.HEAD)


def access_answer_joint_review(user, review) -> bool:
    return _in_subtree(user, review.department, Role.HANDLER, Role.HEAD)


def _is_applicant(user, application) -> bool:
    return application.applicant_user_id is not None and getattr(user, "pk", None) == application.applicant_user_id


def access_view_application(user, application) -> bool:
    if has_role(user, *ALL_DEPARTMENTS_ROLES) or access_work_application(user, application) or _is_applicant(user, application):
        return True
    if application.version.joint and access_approve_extension(user, application):
        return True
    return any(access_answer_joint_review(user, r) for r in application.joint_reviews.select_related("department"))


def access_applicant_details(user, application) -> bool:
    """Unmasked identity and phone: those who serve the applicant, and the applicant."""
    return access_work_application(user, application) or _is_applicant(user, application)


def applications_scope(user) -> Q:
    """A filter on Application limiting a list to what the user may see."""
    if has_role(user, *ALL_DEPARTMENTS_ROLES, Role.WINDOW):
        return Q()
    staff = staff_of(user)
    if staff is not None and has_role(user, Role.GOVERNMENT_HEAD) and not has_role(user, Role.HANDLER, Role.HEAD):
        return Q(department__path__startswith=staff.department.path, version__joint=True)
    if staff is not None and has_role(user, Role.HANDLER, Role.HEAD):
        prefix = staff.department.path
        co_review = JointReview.objects.filter(application=OuterRef("pk"), department__path__startswith=prefix)
        lower = Q(version__preliminary_department__path__startswith=prefix)  # 第四十三条: the lower level that reviews first
        return Q(department__path__startswith=prefix) | Q(Exists(co_review)) | lower
    if person(user) is not None and staff is None:
        return Q(applicant_user=user)
    return Q(pk__in=[])


def access_record_inquiry(user) -> bool:
    """Whoever is asked first logs it (首问负责制 binds every member of staff)."""
    return is_staff_member(user)


def access_close_inquiry(user, inquiry) -> bool:
    staff = staff_of(user)
    if staff is None:
        return False
    return staff.pk == inquiry.first_receiver_id or _in_subtree(user, inquiry.department, Role.HEAD)


def access_answer_inquiry(user, inquiry) -> bool:
    """The colleague it was handed to, or anyone in the section it was handed to."""
    staff = staff_of(user)
    if staff is None or inquiry.handed_at is None:
        return False
    if inquiry.handed_to_id is not None:
        return staff.pk == inquiry.handed_to_id
    return staff.department.path.startswith(inquiry.handed_to_department.path)


def inquiries_scope(user) -> Q:
    if has_role(user, *ALL_DEPARTMENTS_ROLES):
        return Q()
    staff = staff_of(user)
    if staff is None:
        return Q(pk__in=[])
    mine = Q(department__path__startswith=staff.department.path) | Q(first_receiver=staff) | Q(handed_to=staff)
    return mine | Q(handed_to_department__path__startswith=staff.department.path)
