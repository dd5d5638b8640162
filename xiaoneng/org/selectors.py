from __future__ import annotations

from django.db.models import QuerySet

from xiaoneng.core.people import person

from .models import Department, Staff


def department_by_code(code: str) -> Department | None:
    return Department.objects.filter(code=code, is_active=True).first()


def department_subtree(dept: Department) -> QuerySet[Department]:
    return Department.objects.filter(path__startswith=dept.path)


def staff_of(user) -> Staff | None:
    """The staff profile of a user (cached on the user object for the request)."""
    if person(user) is None:
        return None
    if not hasattr(user, "_xn_staff"):
        user._xn_staff = Staff.objects.select_related("department").filter(user=user, is_active=True).first()
    return user._xn_staff


def department_heads(dept: Department) -> QuerySet[Staff]:
    return Staff.objects.filter(department=dept, is_active=True, role_grants__role="head")


def users_with_roles(*roles: str):
    """The active staff accounts holding any of ``roles``."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, staff__is_active=True, staff__role_grants__role__in=roles).distinct()
